import type { ErpNextClient, FrappeDoc } from '@provisioner/erpnext-client';

/**
 * Saves a document AS WE READ IT plus `changes`, through `frappe.client.save`, keeping the `modified`
 * we read. Frappe's check_if_latest then refuses the save with TimestampMismatchError (417, retryable
 * for us) if anyone saved the document after our read, and the caller re-reads.
 *
 * Why not a plain PUT: the client's PUT drops `modified` (by design), so a PUT is "last writer wins".
 * For documents every tenant writes to on a shared site — Mode of Payment "Cash".accounts (a PUT
 * replaces the whole child table) and the Stock/Selling Settings singles ("fill only if empty") — last
 * writer wins would silently delete another tenant's row or overwrite its value.
 */
export async function saveIfUnchanged(erp: ErpNextClient, doctype: string, doc: FrappeDoc, changes: Record<string, unknown>): Promise<FrappeDoc> {
  return erp.callMethod<FrappeDoc>('frappe.client.save', { doc: { ...doc, doctype, ...changes } });
}
