import { hasRight, rolesGranting, type PermissionRight } from '@provisioner/frappe-facts';
import type { StepKey } from '@provisioner/jobs';
import type { TenantSpec } from '../step';

/**
 * Every doctype and right a run needs from the ERPNext API user, by the step that needs it. Read
 * from the steps' own calls (their header comments list what they touch). Most controller side
 * effects (the chart, warehouses and cost centers a Company insert creates) need no right of ours, as
 * in Frappe; the ones that insert without ignore_permissions (Item's Item Price) do. engine_check compares this with the API user's roles and the v15 permission table, so a
 * missing role fails the run before anything is written — never as a 403 halfway through.
 */
export interface PermissionNeed {
  doctype: string;
  right: PermissionRight;
  step: StepKey;
}

type Plan = Array<[StepKey, string, PermissionRight[]]>;

const ALWAYS: Plan = [
  ['platform_setup', 'System Settings', ['read']],
  ['platform_setup', 'Selling Settings', ['read']],
  ['platform_setup', 'Mode of Payment', ['read']],
  ['platform_setup', 'UOM', ['read']],
  ['platform_setup', 'Warehouse Type', ['read']],
  ['platform_setup', 'Customer Group', ['read']],
  ['platform_setup', 'Territory', ['read']],
  ['platform_setup', 'Price List', ['read']],
  ['platform_setup', 'User', ['read', 'create']],
  ['company', 'Company', ['read', 'create']],
  ['company', 'User Permission', ['read', 'create']],
  ['chart_of_accounts', 'Account', ['read']],
  ['chart_of_accounts', 'Cost Center', ['read', 'create']],
  ['chart_of_accounts', 'Company', ['write']],
  ['warehouses', 'Warehouse', ['read', 'create']],
  ['settings', 'Stock Settings', ['read', 'write']],
  ['settings', 'Selling Settings', ['write']],
  ['customer', 'Customer', ['read', 'create']],
];
const DEMO_DATA: Plan = [
  ['items', 'Item', ['read', 'create']],
  ['items', 'Item Group', ['read']],
  // Item.after_insert inserts an Item Price for `standard_rate` WITHOUT ignore_permissions.
  ['items', 'Item Price', ['create']],
];
const POS: Plan = [
  ['pos_profile', 'Mode of Payment', ['write']],
  ['pos_profile', 'POS Profile', ['read', 'create']],
  ['pos_session', 'POS Opening Entry', ['read', 'create', 'submit']],
];

export function requiredPermissions(tenant: TenantSpec): PermissionNeed[] {
  const plan = [...ALWAYS, ...(tenant.includeDemoData ? DEMO_DATA : []), ...(tenant.posStoreEnabled ? POS : [])];
  const needs: PermissionNeed[] = [];
  for (const [step, doctype, rights] of plan) {
    for (const right of rights) {
      if (!needs.some((n) => n.doctype === doctype && n.right === right)) needs.push({ doctype, right, step });
    }
  }
  return needs;
}

/** The needs a user with `roles` lacks under the v15 permission table. */
export function missingPermissions(user: string, roles: readonly string[], needs: readonly PermissionNeed[]): PermissionNeed[] {
  return needs.filter((n) => hasRight(user, roles, n.doctype, n.right) === false);
}

/**
 * A small set of roles that grants every missing need (greedy set cover over the table: the role
 * that covers the most uncovered needs first). Needs no role can grant are left out.
 */
export function rolesToGrant(missing: readonly PermissionNeed[]): string[] {
  let uncovered = [...missing];
  const chosen: string[] = [];
  while (uncovered.length > 0) {
    const counts = new Map<string, number>();
    for (const n of uncovered) for (const role of rolesGranting(n.doctype, n.right)) counts.set(role, (counts.get(role) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (!best) break;
    chosen.push(best[0]);
    uncovered = uncovered.filter((n) => !rolesGranting(n.doctype, n.right).includes(best[0]));
  }
  return chosen;
}
