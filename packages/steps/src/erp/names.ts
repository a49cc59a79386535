import type { TenantSpec } from '../step';

/**
 * The names this provisioner gives things in ERPNext. ERPNext suffixes warehouses, cost centers and
 * accounts with " - ABBR" itself; customers, items and POS profiles are site-wide, so in shared mode we
 * carry the abbreviation in their names to keep tenants apart.
 */
export const companyMarker = (companyId: string): string => `Provisioned by erpnext-provisioner for ${companyId}`;

/** True when a company_description carries our marker for this tenant (HTML around it is fine). */
export function isMarkedOurs(description: unknown, companyId: string): boolean {
  return typeof description === 'string' && description.includes(companyMarker(companyId));
}

export const withAbbr = (title: string, abbr: string): string => `${title} - ${abbr}`;
export const warehouseRootName = (abbr: string): string => withAbbr('All Warehouses', abbr);
export const mainStoreName = (abbr: string): string => withAbbr('Main Store', abbr);
export const posStoreName = (abbr: string): string => withAbbr('POS Store', abbr);
export const mainCostCenterName = (abbr: string): string => withAbbr('Main', abbr);
export const rootCostCenterName = (companyName: string, abbr: string): string => withAbbr(companyName, abbr);
export const posProfileName = (abbr: string): string => withAbbr('POS', abbr);

export function walkInCustomerName(tenant: Pick<TenantSpec, 'siteMode'>, abbr: string): string {
  return tenant.siteMode === 'shared' ? withAbbr('Walk-in Customer', abbr) : 'Walk-in Customer';
}

/** Frappe lower-cases a User's email, and the email is the User's name. */
export const adminUserName = (tenant: Pick<TenantSpec, 'adminEmail'>): string => tenant.adminEmail.trim().toLowerCase();
