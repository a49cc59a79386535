/**
 * `frappe.get_list` over a site's store: `fields`, `filters` / `or_filters` in their three forms,
 * MariaDB comparison semantics (case-insensitive collation, `ifnull(col, '')` coalescing as
 * DatabaseQuery writes it), `order_by`, paging, and a LEFT JOIN of one child table when a field or
 * filter names it. Unknown columns fail as MariaDB would (1054, OperationalError, 500).
 */
import { type FrappeError, pythonError } from '../frappe/exceptions';
import type { DocContext } from './meta';
import { collationCompare, collationKey, cstr, flt, normalizeDate, normalizeDatetime } from '../util';
import type { Doc } from './doc';
import { getField, NUMERIC_TYPES, tableColumns, tableFields, type DocTypeDef, type FieldType } from './meta';

export interface Condition {
  doctype: string;
  fieldname: string;
  operator: string;
  value: unknown;
}

export interface ListQuery {
  doctype: string;
  fields?: unknown;
  filters?: unknown;
  orFilters?: unknown;
  orderBy?: string;
  limitStart?: number;
  /** 0 means no limit. */
  limitPageLength?: number;
  asDict?: boolean;
  parent?: string;
}

const OPERATORS = new Set([
  '=', '!=', '>', '<', '>=', '<=', 'like', 'not like', 'in', 'not in', 'is', 'between',
  'descendants of', 'descendants of (inclusive)', 'not descendants of', 'ancestors of', 'not ancestors of',
]);

function unknownColumn(column: string, clause: string): FrappeError {
  return pythonError('OperationalError', `(1054, "Unknown column '${column}' in '${clause}'")`);
}

/** Strips backticks and a `tabDoctype.` prefix: returns [doctype | undefined, column]. */
export function splitColumn(raw: string): [string | undefined, string] {
  const text = raw.trim();
  const m = /^`?tab([^`.]+)`?\.`?([^`]+)`?$/.exec(text);
  if (m) return [m[1], m[2] as string];
  return [undefined, text.replace(/^`|`$/g, '')];
}

function requireMetaFor(ctx: DocContext, doctype: string): DocTypeDef {
  const meta = ctx.site.meta(doctype);
  if (!meta) ctx.throw(`DocType ${doctype} not found`, 'DoesNotExistError');
  return meta;
}

function makeCondition(doctype: string, fieldname: string, value: unknown): Condition {
  if (Array.isArray(value)) return { doctype, fieldname, operator: cstr(value[0]), value: value[1] };
  return { doctype, fieldname, operator: '=', value };
}

/** `get_filter` for each of the accepted filter shapes. */
export function parseFilters(ctx: DocContext, doctype: string, filters: unknown): Condition[] {
  if (filters === null || filters === undefined || filters === '') return [];
  let value = filters;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw pythonError('JSONDecodeError', 'Expecting value');
    }
  }
  if (value === null) return [];
  const out: Condition[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        for (const [k, v] of Object.entries(item)) out.push(makeCondition(doctype, k, v));
        continue;
      }
      if (!Array.isArray(item)) ctx.throw('Filter must be a tuple or list (in a list)');
      let f = item as unknown[];
      if (f.length === 3) f = [doctype, f[0], f[1], f[2]];
      else if (f.length > 4) f = f.slice(0, 4);
      else if (f.length !== 4) {
        ctx.throw(`Filter must have 4 values (doctype, fieldname, operator, value): ${JSON.stringify(f)}`);
      }
      out.push({ doctype: cstr(f[0]), fieldname: cstr(f[1]), operator: cstr(f[2]), value: f[3] });
    }
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push(makeCondition(doctype, k, v));
    return out;
  }
  ctx.throw('Filter must be a tuple or list (in a list)');
}

function standardType(column: string): FieldType | undefined {
  if (column === 'creation' || column === 'modified') return 'Datetime';
  if (column === 'docstatus' || column === 'idx') return 'Int';
  if (['name', 'owner', 'modified_by', 'parent', 'parentfield', 'parenttype'].includes(column)) return 'Data';
  if (['_user_tags', '_comments', '_assign', '_liked_by'].includes(column)) return 'Text';
  return undefined;
}

export function columnType(meta: DocTypeDef, column: string): FieldType | undefined {
  if (!tableColumns(meta).includes(column)) return undefined;
  return standardType(column) ?? getField(meta, column)?.fieldtype;
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

function compareTyped(type: FieldType | undefined, a: unknown, b: unknown): number {
  if (type && NUMERIC_TYPES.has(type)) return flt(a) - flt(b);
  return collationCompare(cstr(a), cstr(b));
}

function normalizeForType(type: FieldType | undefined, value: unknown, endOfDay = false): unknown {
  if (type === 'Date' && typeof value === 'string') return normalizeDate(value) ?? value;
  if (type === 'Datetime' && typeof value === 'string') {
    const n = normalizeDatetime(value) ?? value;
    if (endOfDay && /^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim())) return `${normalizeDate(value) ?? value} 23:59:59.999999`;
    return n;
  }
  if (type && NUMERIC_TYPES.has(type)) return flt(value);
  return value;
}

interface JoinedRow {
  parent: Readonly<Doc>;
  child: Readonly<Doc> | null;
}

interface QueryShape {
  meta: DocTypeDef;
  childMeta?: DocTypeDef;
  childField?: string;
}

function treeAncestors(ctx: DocContext, meta: DocTypeDef, name: string): string[] {
  const field = meta.nsmParentField;
  if (!field) return [];
  const out: string[] = [];
  let current = ctx.site.store.get(meta.name, name);
  const seen = new Set<string>();
  while (current) {
    const parent = cstr(current[field]);
    if (!parent || seen.has(collationKey(parent))) break;
    seen.add(collationKey(parent));
    out.push(parent);
    current = ctx.site.store.get(meta.name, parent);
  }
  return out;
}

function columnOf(
  ctx: DocContext,
  shape: QueryShape,
  doctype: string | undefined,
  column: string,
  clause: string,
): { side: 'parent' | 'child'; type: FieldType | undefined } {
  if (!doctype || doctype === shape.meta.name) {
    const type = columnType(shape.meta, column);
    if (!type) throw unknownColumn(column, clause);
    return { side: 'parent', type };
  }
  if (shape.childMeta && doctype === shape.childMeta.name) {
    const type = columnType(shape.childMeta, column);
    if (!type) throw unknownColumn(`tab${doctype}.${column}`, clause);
    return { side: 'child', type };
  }
  throw unknownColumn(`tab${doctype}.${column}`, clause);
}

type RowPredicate = (row: JoinedRow) => boolean;

/** Compiles one condition: the column is resolved and the value normalised once per query. */
function compileCondition(ctx: DocContext, shape: QueryShape, cond: Condition): RowPredicate {
  const { side, type } = columnOf(ctx, shape, cond.doctype, cond.fieldname, 'where clause');
  const op = cond.operator.trim().toLowerCase();
  if (!OPERATORS.has(op)) {
    ctx.throw(`Operator must be one of ${[...OPERATORS].join(', ')}`);
  }
  const field = cond.fieldname;
  const numeric = type !== undefined && NUMERIC_TYPES.has(type);
  const fallback = numeric ? 0 : '';
  const read = (row: JoinedRow): { isNull: boolean; value: unknown; source: Readonly<Doc> | null } => {
    const source = side === 'parent' ? row.parent : row.child;
    const raw = source ? source[field] : null;
    const isNull = raw === null || raw === undefined;
    return { isNull, value: isNull ? fallback : raw, source };
  };
  switch (op) {
    case '=':
    case '!=': {
      const target = normalizeForType(type, cond.value ?? fallback);
      const strictNull = op === '=' && cond.value !== '' && cond.value !== null && cond.value !== undefined && !numeric;
      return (row) => {
        const { isNull, value } = read(row);
        if (strictNull && isNull) return false;
        const equal = compareTyped(type, value, target) === 0;
        return op === '=' ? equal : !equal;
      };
    }
    case '>':
    case '<':
    case '>=':
    case '<=': {
      const target = normalizeForType(type, cond.value ?? fallback);
      return (row) => {
        const c = compareTyped(type, read(row).value, target);
        return op === '>' ? c > 0 : op === '<' ? c < 0 : op === '>=' ? c >= 0 : c <= 0;
      };
    }
    case 'like':
    case 'not like': {
      const pattern = cstr(cond.value);
      const re = likeToRegExp(collationKey(pattern));
      return (row) => {
        const { isNull, value } = read(row);
        if (op === 'like' && isNull && pattern) return false;
        const hit = re.test(collationKey(cstr(value)));
        return op === 'like' ? hit : !hit;
      };
    }
    case 'in':
    case 'not in': {
      let list: unknown[] = Array.isArray(cond.value) ? cond.value : cstr(cond.value).split(',');
      if (list.length === 0) list = [''];
      const targets = list.map((v) => normalizeForType(type, typeof v === 'string' ? v.trim() : v));
      return (row) => {
        const value = read(row).value;
        const hit = targets.some((t) => compareTyped(type, value, t) === 0);
        return op === 'in' ? hit : !hit;
      };
    }
    case 'is': {
      if (cond.value !== 'set' && cond.value !== 'not set') ctx.throw(`Invalid value for "is": ${cstr(cond.value)}`);
      return (row) => {
        const value = read(row).value;
        const set = numeric ? flt(value) !== 0 : cstr(value) !== '';
        return cond.value === 'set' ? set : !set;
      };
    }
    case 'between': {
      const range = Array.isArray(cond.value) ? cond.value : [cond.value, cond.value];
      const lo = normalizeForType(type, range[0]);
      const hi = normalizeForType(type, range[1] ?? range[0], true);
      return (row) => {
        const value = read(row).value;
        return compareTyped(type, value, lo) >= 0 && compareTyped(type, value, hi) <= 0;
      };
    }
    default: {
      const meta = side === 'parent' ? shape.meta : (shape.childMeta as DocTypeDef);
      const target = cstr(cond.value);
      const targetKey = collationKey(target);
      const targetAncestors = treeAncestors(ctx, meta, target).map(collationKey);
      return (row) => {
        const name = cstr(read(row).source?.name);
        if (op.startsWith('descendants of') || op === 'not descendants of') {
          const ancestors = treeAncestors(ctx, meta, name).map(collationKey);
          if (op === 'descendants of') return ancestors.includes(targetKey);
          if (op === 'descendants of (inclusive)') return ancestors.includes(targetKey) || collationKey(name) === targetKey;
          return !ancestors.includes(targetKey);
        }
        if (op === 'ancestors of') return targetAncestors.includes(collationKey(name));
        return !targetAncestors.includes(collationKey(name));
      };
    }
  }
}

/** An `=` condition on an indexed-friendly parent column, used to narrow the scan. */
function indexableCondition(shape: QueryShape, conditions: Condition[]): Condition | undefined {
  if (shape.meta.isTable) return undefined;
  return conditions.find((c) => {
    if (c.operator.trim() !== '=' || (c.doctype && c.doctype !== shape.meta.name)) return false;
    if (typeof c.value !== 'string' || c.value === '') return false;
    const type = columnType(shape.meta, c.fieldname);
    return type !== undefined && !NUMERIC_TYPES.has(type) && type !== 'Date' && type !== 'Datetime';
  });
}

interface FieldSpec {
  doctype: string | undefined;
  column: string;
  alias: string;
  aggregate?: 'count';
}

function parseFields(fields: unknown): FieldSpec[] {
  let list: unknown = fields;
  if (list === null || list === undefined || list === '') list = ['name'];
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      list = (list as string).split(',');
    }
  }
  if (!Array.isArray(list)) list = [list];
  const specs: FieldSpec[] = [];
  for (const item of list as unknown[]) {
    const text = cstr(item).trim();
    if (!text) continue;
    const asMatch = /^(.*?)\s+as\s+`?([^`]+)`?$/i.exec(text);
    const expr = (asMatch ? asMatch[1] : text)?.trim() ?? text;
    const alias = asMatch?.[2];
    const count = /^count\((.*)\)$/i.exec(expr);
    if (count) {
      specs.push({ doctype: undefined, column: '*', alias: alias ?? `count(${count[1]})`, aggregate: 'count' });
      continue;
    }
    const [doctype, column] = splitColumn(expr);
    specs.push({ doctype, column, alias: alias ?? column });
  }
  return specs.length ? specs : [{ doctype: undefined, column: 'name', alias: 'name' }];
}

function parseOrderBy(orderBy: string | undefined): Array<{ doctype: string | undefined; column: string; desc: boolean }> {
  const text = (orderBy ?? '').trim() || 'creation desc';
  return text.split(',').map((part) => {
    const bits = part.trim().split(/\s+/);
    const last = (bits[bits.length - 1] ?? '').toLowerCase();
    const desc = last === 'desc';
    const columnText = last === 'desc' || last === 'asc' ? bits.slice(0, -1).join(' ') : bits.join(' ');
    const [doctype, column] = splitColumn(columnText);
    return { doctype, column, desc };
  });
}

/** All parent rows, or child rows of the given parent doctype for child-table lists. */
function baseRows(ctx: DocContext, meta: DocTypeDef, parent: string | undefined): Readonly<Doc>[] {
  if (!meta.isTable) return ctx.site.store.scan(meta.name) as Readonly<Doc>[];
  const out: Doc[] = [];
  const parents = parent ? [parent] : ctx.site.parentsOf(meta.name);
  for (const parentType of parents) {
    const parentMeta = ctx.site.meta(parentType);
    if (!parentMeta) continue;
    for (const doc of ctx.site.store.scan(parentType)) {
      for (const tf of tableFields(parentMeta)) {
        if (tf.options !== meta.name) continue;
        const value = doc[tf.fieldname];
        if (Array.isArray(value)) out.push(...(value as Doc[]));
      }
    }
  }
  return out;
}

function referencedChild(meta: DocTypeDef, specs: FieldSpec[], conditions: Condition[]): string | undefined {
  const names = new Set<string>();
  for (const s of specs) if (s.doctype && s.doctype !== meta.name) names.add(s.doctype);
  for (const c of conditions) if (c.doctype && c.doctype !== meta.name) names.add(c.doctype);
  return [...names][0];
}

/** Runs a list query; returns row objects (as_dict) or arrays. */
export function runListQuery(ctx: DocContext, query: ListQuery): unknown[] {
  const meta = requireMetaFor(ctx, query.doctype);
  if (meta.isSingle) throw pythonError('ProgrammingError', `(1146, "Table '_site.tab${meta.name}' doesn't exist")`);
  const conditions = parseFilters(ctx, meta.name, query.filters);
  const orConditions = parseFilters(ctx, meta.name, query.orFilters);
  const specs = parseFields(query.fields);
  const shape: QueryShape = { meta };
  const childName = referencedChild(meta, specs, [...conditions, ...orConditions]);
  if (childName) {
    const childMeta = ctx.site.meta(childName);
    const field = childMeta ? tableFields(meta).find((f) => f.options === childName) : undefined;
    if (!childMeta || !field) throw unknownColumn(`tab${childName}`, 'where clause');
    shape.childMeta = childMeta;
    shape.childField = field.fieldname;
  }
  const predicates = conditions.map((c) => compileCondition(ctx, shape, c));
  const orPredicates = orConditions.map((c) => compileCondition(ctx, shape, c));
  const indexed = indexableCondition(shape, conditions);
  const candidates = indexed ? ctx.site.store.lookup(meta.name, indexed.fieldname, indexed.value) : baseRows(ctx, meta, query.parent);
  let joined: JoinedRow[] = [];
  for (const parent of candidates) {
    if (shape.childField) {
      const children = Array.isArray(parent[shape.childField]) ? (parent[shape.childField] as Doc[]) : [];
      if (children.length === 0) joined.push({ parent, child: null });
      for (const child of children) joined.push({ parent, child });
    } else joined.push({ parent, child: null });
  }
  joined = joined.filter((row) => predicates.every((p) => p(row)) && (orPredicates.length === 0 || orPredicates.some((p) => p(row))));
  const order = parseOrderBy(query.orderBy);
  const orderColumns = order.map((o) => ({ ...o, ...columnOf(ctx, shape, o.doctype, o.column, 'order clause') }));
  joined.sort((a, b) => {
    for (const o of orderColumns) {
      const src = (r: JoinedRow) => (o.side === 'parent' ? r.parent : r.child);
      const va = src(a)?.[o.column];
      const vb = src(b)?.[o.column];
      const aNull = va === null || va === undefined;
      const bNull = vb === null || vb === undefined;
      let c = 0;
      if (aNull || bNull) c = aNull && bNull ? 0 : aNull ? -1 : 1;
      else c = compareTyped(o.type, va, vb);
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  const columnsFor = (spec: FieldSpec): Array<{ key: string; get: (r: JoinedRow) => unknown }> => {
    if (spec.column === '*' && !spec.aggregate) {
      const m = spec.doctype && shape.childMeta && spec.doctype === shape.childMeta.name ? shape.childMeta : meta;
      const side = m === meta ? 'parent' : 'child';
      return tableColumns(m).map((c) => ({ key: c, get: (r) => (side === 'parent' ? r.parent : r.child)?.[c] ?? null }));
    }
    const { side } = columnOf(ctx, shape, spec.doctype, spec.column, 'field list');
    return [{ key: spec.alias, get: (r) => (side === 'parent' ? r.parent : r.child)?.[spec.column] ?? null }];
  };
  if (specs.some((s) => s.aggregate)) {
    const row: Array<[string, unknown]> = specs.map((s) =>
      s.aggregate ? [s.alias, joined.length] : [s.alias, joined[0] ? columnsFor(s)[0]?.get(joined[0] as JoinedRow) ?? null : null],
    );
    return query.asDict === false ? [row.map(([, v]) => v)] : [Object.fromEntries(row)];
  }
  const columns = specs.flatMap(columnsFor);
  const start = Math.max(0, query.limitStart ?? 0);
  const length = query.limitPageLength ?? 20;
  const page = length > 0 ? joined.slice(start, start + length) : joined.slice(start);
  return page.map((row) => {
    if (query.asDict === false) return columns.map((c) => c.get(row));
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c.key] = c.get(row);
    return out;
  });
}

/** Number of rows matching the filters (`frappe.client.get_count`). */
export function countRows(ctx: DocContext, doctype: string, filters: unknown): number {
  const rows = runListQuery(ctx, { doctype, fields: ['count(name) as count'], filters, limitPageLength: 0 });
  const first = rows[0] as { count?: number } | undefined;
  return first?.count ?? 0;
}

/** Documents of a doctype matching simple filters, newest first (`frappe.get_all` for controllers). */
export function findNames(ctx: DocContext, doctype: string, filters: unknown, orderBy?: string): string[] {
  const rows = runListQuery(ctx, { doctype, fields: ['name'], filters, limitPageLength: 0, orderBy });
  return rows.map((r) => cstr((r as { name?: unknown }).name));
}
