import type { ErpNextClient } from '@provisioner/erpnext-client';

/**
 * The site-wide masters every tenant relies on. The setup wizard creates them
 * (FRAPPE_REST_FACTS §6 "What exist on a fresh site"); `install-app erpnext` alone does not.
 */
export const CASH_MODE_OF_PAYMENT = 'Cash';
export const STOCK_UOM = 'Nos';
export const TRANSIT_WAREHOUSE_TYPE = 'Transit';
export const STANDARD_SELLING = 'Standard Selling';

/** The first existing leaf (is_group = 0) of a tree doctype, preferring the given names in order. */
export async function findLeaf(erp: ErpNextClient, doctype: string, preferred: ReadonlyArray<string | null | undefined>): Promise<string | null> {
  const leaves = await erp.getList<{ name: string }>(doctype, { fields: ['name'], filters: [['is_group', '=', 0]] });
  const names = new Set(leaves.map((l) => l.name));
  for (const p of preferred) if (p && names.has(p)) return p;
  return leaves[0]?.name ?? null;
}

/** True when a tree node exists and is a leaf. */
export async function isLeaf(erp: ErpNextClient, doctype: string, name: string | null | undefined): Promise<boolean> {
  if (!name) return false;
  const doc = await erp.getDoc(doctype, name);
  return doc !== null && Number(doc.is_group ?? 0) === 0;
}

export interface SiteMasters {
  customerGroup: string | null;
  territory: string | null;
  sellingPriceList: string | null;
  /** Human descriptions of what is missing, e.g. `Mode of Payment "Cash" (type Cash)`. */
  missing: string[];
}

export async function inspectMasters(erp: ErpNextClient, opts: { country: string }): Promise<SiteMasters> {
  const missing: string[] = [];
  const cash = await erp.getDoc('Mode of Payment', CASH_MODE_OF_PAYMENT);
  if (!cash) missing.push(`Mode of Payment "${CASH_MODE_OF_PAYMENT}" (type Cash)`);
  else if (cash.type !== 'Cash') missing.push(`Mode of Payment "${CASH_MODE_OF_PAYMENT}" has type ${String(cash.type)}, expected Cash`);
  if (!(await erp.getDoc('UOM', STOCK_UOM))) missing.push(`UOM "${STOCK_UOM}"`);
  if (!(await erp.getDoc('Warehouse Type', TRANSIT_WAREHOUSE_TYPE))) missing.push(`Warehouse Type "${TRANSIT_WAREHOUSE_TYPE}"`);

  const selling = await erp.getSingle('Selling Settings');
  const customerGroup = await findLeaf(erp, 'Customer Group', [str(selling.customer_group), 'Commercial', 'Individual']);
  if (!customerGroup) missing.push('a leaf Customer Group (e.g. "Commercial" under "All Customer Groups")');
  const territory = await findLeaf(erp, 'Territory', [str(selling.territory), opts.country, 'Rest Of The World']);
  if (!territory) missing.push('a leaf Territory (e.g. "Rest Of The World" under "All Territories")');
  const priceList = await erp.getDoc('Price List', STANDARD_SELLING);
  if (!priceList) missing.push(`Price List "${STANDARD_SELLING}"`);

  return { customerGroup, territory, sellingPriceList: priceList ? STANDARD_SELLING : null, missing };
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
