/**
 * frappe/client.py: the generic whitelisted CRUD functions. Functions that return
 * `doc.as_dict()` answer with null fields included (unlike the resource routes).
 */
import { pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';
import { rows, type Doc } from '../model/doc';
import {
  cancelDoc,
  checkDocPermission,
  deleteDoc,
  getDoc,
  insertDoc,
  requireMeta,
  saveDoc,
  serializeDoc,
  submitDoc,
  updateFields,
} from '../model/document-engine';
import { countRows, runListQuery } from '../model/db-query';
import { CHILD_FIELDS, STANDARD_FIELDS, tableFields, type DocTypeDef } from '../model/meta';
import { checkListPermission, checkParentPermission, DoesNotExistError, hasDoctypePermission } from '../model/permissions';
import { cint, cstr, sbool } from '../util';
import { maybeJson, parseJsonArg, required, type FormDict, type MethodDef } from './method-def';

/**
 * Filters narrowed to `names` (DatabaseQuery's share condition for a reader without a role right);
 * the client's filters, in any of their shapes, still apply on top.
 */
function limitToNames(meta: DocTypeDef, filters: unknown, names: string[] | undefined): unknown {
  if (!names) return filters;
  let parsed = filters;
  if (typeof parsed === 'string' && parsed.trim()) parsed = maybeJson(parsed);
  const own: unknown[] = [[meta.name, 'name', 'in', names]];
  if (Array.isArray(parsed)) return [...own, ...parsed];
  if (parsed && typeof parsed === 'object') return [...own, parsed];
  return own;
}

/** `frappe.client.get_list` (also behind GET /api/resource/{doctype}). */
export function getList(ctx: DocContext, args: FormDict): unknown[] {
  const doctype = cstr(required(args, 'get_list', 'doctype'));
  const meta = requireMeta(ctx, doctype);
  if (meta.isTable) checkParentPermission(ctx, args.parent, doctype);
  const onlyNames = checkListPermission(ctx, meta, meta.isTable ? cstr(args.parent) : undefined);
  return runListQuery(ctx, {
    doctype,
    fields: args.fields,
    filters: limitToNames(meta, args.filters, onlyNames),
    orFilters: args.or_filters,
    orderBy: args.order_by ? cstr(args.order_by) : undefined,
    limitStart: cint(args.limit_start),
    limitPageLength: args.limit_page_length === undefined || args.limit_page_length === null ? 20 : cint(args.limit_page_length),
    asDict: args.as_dict === undefined ? true : sbool(args.as_dict),
    parent: meta.isTable ? cstr(args.parent) : undefined,
  });
}

/** `get_safe_filters`: JSON when it parses (numbers become strings), else the raw string. */
function safeFilters(filters: unknown): unknown {
  const parsed = maybeJson(filters);
  return typeof parsed === 'number' ? String(parsed) : parsed;
}

function getValue(ctx: DocContext, args: FormDict): unknown {
  const doctype = cstr(required(args, 'get_value', 'doctype'));
  const fieldname = required(args, 'get_value', 'fieldname');
  const meta = requireMeta(ctx, doctype);
  if (meta.isTable) checkParentPermission(ctx, args.parent, doctype);
  if (!hasDoctypePermission(ctx, meta, 'read', meta.isTable ? cstr(args.parent) : undefined)) ctx.throw(`No permission for ${doctype}`, 'PermissionError');
  let filters = safeFilters(args.filters);
  if (typeof filters === 'string') filters = { name: filters };
  const parsedFields = maybeJson(fieldname);
  const fields = Array.isArray(parsedFields) ? parsedFields.map(cstr) : [cstr(parsedFields)];
  const asDict = args.as_dict === undefined ? true : sbool(args.as_dict);
  let row: Doc | undefined;
  if (meta.isSingle) {
    const single = getDoc(ctx, doctype, doctype);
    row = Object.fromEntries(fields.map((f) => [f, single[f] ?? null]));
  } else {
    // `get_list`: the DatabaseQuery gate again, and a share-only reader sees only the shared rows.
    const onlyNames = checkListPermission(ctx, meta, meta.isTable ? cstr(args.parent) : undefined);
    const query = { doctype, fields, filters: limitToNames(meta, filters || undefined, onlyNames), limitPageLength: 1 };
    const found = runListQuery(ctx, { ...query, parent: meta.isTable ? cstr(args.parent) : undefined });
    row = found[0] as Doc | undefined;
  }
  if (asDict) return row ?? {};
  if (!row) return undefined;
  const values = fields.map((f) => row?.[f] ?? null);
  return fields.length > 1 ? values : values[0];
}

function docArg(value: unknown): Doc {
  const parsed = parseJsonArg(value);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw pythonError('ValueError', 'First non keyword argument must be a string or dict');
  return parsed as Doc;
}

/** `frappe.get_doc(dict)`: an in-memory document, existing or not, built from the dict alone. */
function docFromDict(ctx: DocContext, input: Doc): Doc {
  if (!input.doctype) throw pythonError('ImportError', '"doctype" is required');
  const meta = requireMeta(ctx, cstr(input.doctype));
  const doc: Doc = { doctype: meta.name };
  for (const f of tableFields(meta)) doc[f.fieldname] = [];
  updateFields(ctx, meta, doc, input);
  if (!doc.name) doc.__islocal = true;
  return doc;
}

/** `insert_doc`: a dict with `parenttype` appends a row to its parent and saves the parent. */
function insertOne(ctx: DocContext, input: Doc): Doc {
  if (input.parenttype) {
    const parent = getDoc(ctx, cstr(input.parenttype), cstr(input.parent));
    const field = cstr(input.parentfield);
    parent[field] = [...rows(parent, field), { ...input, name: undefined }];
    return saveDoc(ctx, parent);
  }
  return insertDoc(ctx, input);
}

function setValue(ctx: DocContext, args: FormDict): Doc {
  const doctype = cstr(required(args, 'set_value', 'doctype'));
  const name = cstr(required(args, 'set_value', 'name'));
  const fieldname = required(args, 'set_value', 'fieldname');
  const value = args.value;
  if (typeof fieldname === 'string' && [...STANDARD_FIELDS, 'doctype', ...CHILD_FIELDS].includes(fieldname)) {
    ctx.throw('Cannot edit standard fields');
  }
  let values: Doc;
  if (!value) {
    if (typeof fieldname === 'string') {
      try {
        values = JSON.parse(fieldname) as Doc;
      } catch {
        values = { [fieldname]: '' };
      }
    } else values = fieldname as Doc;
  } else values = { [cstr(fieldname)]: value };
  const meta = requireMeta(ctx, doctype);
  let doc: Doc;
  if (!meta.isTable) {
    doc = getDoc(ctx, doctype, name);
    updateFields(ctx, meta, doc, values, { keepName: true });
  } else {
    let found: { parentType: string; parent: string } | undefined;
    for (const parentType of ctx.site.parentsOf(doctype)) {
      for (const p of ctx.site.store.scan(parentType)) {
        const parentMeta = requireMeta(ctx, parentType);
        for (const f of tableFields(parentMeta)) {
          if (f.options === doctype && rows(p as Doc, f.fieldname).some((r) => cstr(r.name) === name)) found = { parentType, parent: cstr(p.name) };
        }
      }
    }
    if (!found) throw pythonError('AttributeError', "'NoneType' object has no attribute 'parenttype'");
    doc = getDoc(ctx, found.parentType, found.parent);
    const parentMeta = requireMeta(ctx, found.parentType);
    for (const f of tableFields(parentMeta)) {
      for (const row of rows(doc, f.fieldname)) if (cstr(row.name) === name) Object.assign(row, values);
    }
  }
  saveDoc(ctx, doc);
  return serializeDoc(ctx, doc, { noNulls: false });
}

const WRITE = ['POST', 'PUT'] as const;

export const FRAPPE_CLIENT_METHODS: Record<string, MethodDef> = {
  'frappe.client.get_list': { app: 'frappe', call: (ctx, args) => getList(ctx, args) },
  'frappe.client.get_count': {
    app: 'frappe',
    call(ctx, args) {
      // v15.92 counts through reportview's get_count, i.e. a permission-checked get_list.
      const doctype = cstr(required(args, 'get_count', 'doctype'));
      const meta = requireMeta(ctx, doctype);
      const onlyNames = checkListPermission(ctx, meta);
      return countRows(ctx, doctype, limitToNames(meta, safeFilters(args.filters), onlyNames));
    },
  },
  'frappe.client.get': {
    app: 'frappe',
    call(ctx, args) {
      const doctype = cstr(required(args, 'get', 'doctype'));
      const meta = requireMeta(ctx, doctype);
      let doc: Doc;
      if (args.name) doc = getDoc(ctx, doctype, cstr(args.name));
      else if (args.filters !== undefined && args.filters !== null) {
        const found = runListQuery(ctx, { doctype, fields: ['name'], filters: maybeJson(args.filters), limitPageLength: 1 })[0] as Doc | undefined;
        if (!found) {
          ctx.msgprint(`${doctype} not found`, { raiseException: true });
          throw new DoesNotExistError(meta.name, `${doctype} not found`);
        }
        doc = getDoc(ctx, doctype, cstr(found.name));
      } else doc = getDoc(ctx, doctype, doctype);
      checkDocPermission(ctx, meta, 'read', doc.name);
      return serializeDoc(ctx, doc, { noNulls: false });
    },
  },
  'frappe.client.get_value': { app: 'frappe', call: (ctx, args) => getValue(ctx, args) },
  'frappe.client.get_single_value': {
    app: 'frappe',
    call(ctx, args) {
      const doctype = cstr(required(args, 'get_single_value', 'doctype'));
      const field = cstr(required(args, 'get_single_value', 'field'));
      const meta = requireMeta(ctx, doctype);
      if (!hasDoctypePermission(ctx, meta, 'read')) ctx.throw(`No permission for ${doctype}`, 'PermissionError');
      return getDoc(ctx, doctype, doctype)[field] ?? undefined;
    },
  },
  'frappe.client.set_value': { app: 'frappe', methods: WRITE, write: true, call: (ctx, args) => setValue(ctx, args) },
  'frappe.client.insert': {
    app: 'frappe',
    methods: WRITE,
    write: true,
    call(ctx, args) {
      const doc = insertOne(ctx, docArg(args.doc));
      return serializeDoc(ctx, doc, { noNulls: false });
    },
  },
  'frappe.client.insert_many': {
    app: 'frappe',
    methods: WRITE,
    write: true,
    call(ctx, args) {
      const docs = parseJsonArg(args.docs);
      const list = Array.isArray(docs) ? docs : [];
      if (list.length > 200) ctx.throw('Only 200 inserts allowed in one request');
      const out: string[] = [];
      for (const item of list) {
        const name = cstr(insertOne(ctx, docArg(item)).name);
        if (!out.includes(name)) out.push(name);
      }
      return out;
    },
  },
  'frappe.client.save': {
    app: 'frappe',
    methods: WRITE,
    write: true,
    call(ctx, args) {
      const doc = saveDoc(ctx, docFromDict(ctx, docArg(required(args, 'save', 'doc'))));
      return serializeDoc(ctx, doc, { noNulls: false });
    },
  },
  'frappe.client.submit': {
    app: 'frappe',
    methods: WRITE,
    write: true,
    call(ctx, args) {
      const doc = submitDoc(ctx, docFromDict(ctx, docArg(required(args, 'submit', 'doc'))));
      return serializeDoc(ctx, doc, { noNulls: false });
    },
  },
  'frappe.client.cancel': {
    app: 'frappe',
    methods: WRITE,
    write: true,
    call(ctx, args) {
      cancelDoc(ctx, cstr(required(args, 'cancel', 'doctype')), cstr(required(args, 'cancel', 'name')));
      return undefined;
    },
  },
  'frappe.client.delete': {
    app: 'frappe',
    methods: ['POST', 'DELETE'],
    write: true,
    call(ctx, args) {
      deleteDoc(ctx, cstr(required(args, 'delete', 'doctype')), cstr(required(args, 'delete', 'name')));
      return undefined;
    },
  },
};
