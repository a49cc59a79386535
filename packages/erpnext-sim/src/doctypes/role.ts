import { check, data, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';

export const roleDocType: DocTypeDef = {
  name: 'Role',
  autoname: 'field:role_name',
  fields: [
    data('role_name', 'Role Name', { reqd: true }),
    data('home_page', 'Home Page'),
    check('disabled', 'Disabled'),
    check('is_custom', 'Is Custom'),
    check('desk_access', 'Desk Access', 1),
    check('two_factor_auth', 'Two Factor Authentication'),
  ],
};

export const hasRoleDocType: DocTypeDef = {
  name: 'Has Role',
  isTable: true,
  fields: [link('role', 'Role', 'Role')],
};

/** Roles a fresh Frappe + ERPNext site has (the standard ones the fleet can meet). */
export const STANDARD_ROLES = [
  'Administrator',
  'System Manager',
  'Guest',
  'All',
  'Desk User',
  'Website Manager',
  'Report Manager',
  'Accounts Manager',
  'Accounts User',
  'Auditor',
  'Sales Manager',
  'Sales Master Manager',
  'Sales User',
  'Purchase Manager',
  'Purchase Master Manager',
  'Purchase User',
  'Stock Manager',
  'Stock User',
  'Item Manager',
  'Manufacturing Manager',
  'Manufacturing User',
  'Projects Manager',
  'Projects User',
  'Maintenance Manager',
  'Maintenance User',
  'Quality Manager',
  'HR Manager',
  'HR User',
  'Employee',
  'Customer',
  'Supplier',
] as const;

/** Roles without desk access: a user holding only these is a Website User. */
export const NON_DESK_ROLES: ReadonlySet<string> = new Set(['Guest', 'All', 'Customer', 'Supplier', 'Employee']);
