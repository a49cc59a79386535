import { cint, flt } from '../util';
import type { Doc } from './doc';
import { CHILD_FIELDS, dataFields, DATE_TYPES, INT_TYPES, NUMERIC_TYPES, STANDARD_FIELDS, tableFields, type DocTypeDef, type FieldDef } from './meta';

export type MetaLookup = (doctype: string) => DocTypeDef | undefined;

/** `get_valid_dict(sanitize=True)` coercions: numbers never null, blank dates become null. */
export function sanitizeValue(field: FieldDef | undefined, value: unknown): unknown {
  if (!field) return value;
  if (field.fieldtype === 'Check') return cint(value) ? 1 : 0;
  if (INT_TYPES.has(field.fieldtype)) return cint(value);
  if (NUMERIC_TYPES.has(field.fieldtype)) return flt(value);
  if (DATE_TYPES.has(field.fieldtype) && value === '') return null;
  return value;
}

/**
 * `Document.as_dict(no_nulls=True)` as the JSON handler emits it: standard columns, data fields in
 * DocType order, child columns for rows, `doctype`, then child tables; null values dropped.
 */
export function asDict(meta: DocTypeDef, doc: Doc, lookup: MetaLookup, options: { noNulls?: boolean } = {}): Doc {
  const noNulls = options.noNulls ?? true;
  const out: Doc = {};
  for (const key of STANDARD_FIELDS) {
    let value = doc[key];
    if ((key === 'docstatus' || key === 'idx') && (value === null || value === undefined)) value = 0;
    out[key] = value;
  }
  for (const field of dataFields(meta)) out[field.fieldname] = sanitizeValue(field, doc[field.fieldname]);
  if (meta.isTable) for (const key of CHILD_FIELDS) out[key] = doc[key];
  out.doctype = meta.name;
  for (const field of tableFields(meta)) {
    const childMeta = lookup(field.options ?? '');
    const value = doc[field.fieldname];
    const rowsOut = Array.isArray(value) ? (value as Doc[]) : [];
    out[field.fieldname] = childMeta ? rowsOut.map((row) => asDict(childMeta, row, lookup, options)) : [];
  }
  for (const key of Object.keys(out)) {
    if (out[key] === undefined) out[key] = null;
    if (noNulls && out[key] === null) delete out[key];
  }
  return out;
}
