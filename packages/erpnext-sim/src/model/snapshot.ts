/**
 * What a request's MariaDB snapshot would show. Frappe runs every request in one REPEATABLE READ
 * transaction, so plain reads (link validation, `frappe.db.sql` in validators) see the database as
 * it was when the request started, while locking reads (`get_doc(..., for_update=True)`, every
 * `check_if_latest`) and unique-key checks see the latest commit.
 *
 * The simulator applies a request atomically, so only a request that waited (a timed operation:
 * Company insert, setup wizard, Company delete) can meet rows committed after its start. These
 * helpers let the few reads where that is observable behave as the snapshot read would.
 */
import type { Doc } from './doc';
import type { DocContext } from './meta';

/**
 * Doctypes whose link check sees rows committed after the snapshot. On a 15.92.1 site the race
 * message names only the other company's account ("Row #N: Default Account: Cash - X"), never its
 * Company row, although both were committed together: that check does not read through the
 * request's snapshot (Frappe answers it from a cache the other request had already filled).
 */
const LINK_CHECK_SEES_LATEST: ReadonlySet<string> = new Set(['Company']);

/** True when `name` was created by a transaction that committed after this request's snapshot. */
export function hiddenBySnapshot(ctx: DocContext, doctype: string, name: string): boolean {
  return ctx.snapshotSeq !== undefined && ctx.site.store.createdAfter(doctype, name, ctx.snapshotSeq);
}

/** `hiddenBySnapshot` for a Link field's target, as `_validate_links` looks it up. */
export function hiddenFromLinkCheck(ctx: DocContext, doctype: string, name: string): boolean {
  return !LINK_CHECK_SEES_LATEST.has(doctype) && hiddenBySnapshot(ctx, doctype, name);
}

/** True when another transaction created or changed the row after this request's snapshot. */
export function changedSinceSnapshot(ctx: DocContext, doctype: string, name: string): boolean {
  return ctx.snapshotSeq !== undefined && ctx.site.store.changedAfter(doctype, name, ctx.snapshotSeq);
}

/**
 * Marks a document loaded with a plain `frappe.get_doc` as the snapshot's copy. When another
 * transaction changed the row after this request started, the copy the request would have read is
 * older than the stored row, so saving it must fail `check_if_latest` ("Document has been modified
 * after you have opened it"); dropping `modified` makes the save compare as that older copy would.
 */
export function asReadInSnapshot(ctx: DocContext, doc: Doc): Doc {
  const doctype = String(doc.doctype);
  if (changedSinceSnapshot(ctx, doctype, String(doc.name ?? doctype))) doc.modified = null;
  return doc;
}
