/** NestedSet behaviour shared by the tree doctypes (frappe/utils/nestedset.py). */
import { cint, collationKey, cstr } from '../util';
import type { DocContext } from '../model/meta';
import type { Doc } from '../model/doc';
import type { DocTypeDef } from '../model/meta';

/** `get_root_of(doctype)`: the oldest node without a parent. */
export function rootOf(ctx: DocContext, doctype: string, parentField: string): string | undefined {
  const roots = ctx.site.store
    .scan(doctype)
    .filter((d) => !cstr(d[parentField]))
    .sort((a, b) => (cstr(a.creation) < cstr(b.creation) ? -1 : 1));
  return roots[0] ? cstr(roots[0].name) : undefined;
}

/** `validate_one_root`: Item Group, Customer Group and Territory allow a single root. */
export function validateOneRoot(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const parentField = meta.nsmParentField;
  if (!parentField || cstr(doc[parentField])) return;
  const roots = ctx.site.store.scan(meta.name).filter((d) => !cstr(d[parentField]));
  if (roots.length > 1) ctx.throw('Multiple root nodes not allowed.', 'NestedSetMultipleRootsError');
}

/**
 * `validate_ledger`: a node with children cannot become a leaf. A node being inserted has no
 * children yet, so only an update that clears `is_group` needs the scan.
 */
export function validateLedger(ctx: DocContext, meta: DocTypeDef, doc: Doc, before: Doc | undefined): void {
  const parentField = meta.nsmParentField;
  if (!parentField || cint(doc.is_group) || !before) return;
  const key = collationKey(cstr(doc.name));
  const hasChildren = ctx.site.store
    .scan(meta.name)
    .some((d) => collationKey(cstr(d[parentField])) === key && cint(d.docstatus) !== 2);
  if (hasChildren) ctx.throw(`${meta.name} ${cstr(doc.name)} cannot be a leaf node as it has children`);
}

/** `validate_loop`: a node cannot sit under itself or one of its descendants. */
export function validateLoop(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const parentField = meta.nsmParentField;
  if (!parentField) return;
  const self = collationKey(cstr(doc.name));
  let current = cstr(doc[parentField]);
  const seen = new Set<string>();
  while (current) {
    const key = collationKey(current);
    if (key === self) ctx.throw('Item cannot be added to its own descendants', 'NestedSetRecursionError');
    if (seen.has(key)) break;
    seen.add(key);
    current = cstr(ctx.site.store.get(meta.name, current)?.[parentField]);
  }
}
