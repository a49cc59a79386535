/**
 * Frappe's Document lifecycle (frappe/model/document.py, base_document.py) over a site store.
 *
 * Insert order, as in v15 `Document.insert`: defaults (Link fields from global defaults whose key
 * equals the fieldname, then static defaults) -> timestamps -> docstatus transition -> LINK
 * VALIDATION -> create permission -> before_insert -> naming -> validate (controller) [+
 * before_submit] -> mandatory / select / length checks -> DB insert (409 on a taken name) ->
 * after_insert -> on_update [+ on_submit].
 *
 * Save (PUT) order: write permission -> timestamps -> check_if_latest (docstatus transition, then
 * `modified` mismatch -> 417) -> link validation -> controller hooks -> standard validation ->
 * DB update (child tables replaced) -> on_update / on_submit / on_cancel.
 *
 * Every write goes to the site store, which rolls the whole request back on error.
 */
import { FrappeError, pythonError } from '../frappe/exceptions';
import type { DocContext } from './meta';
import { bold } from '../frappe/server-messages';
import {
  cint,
  collationKey,
  cstr,
  flt,
  generateHash,
  isBlank,
  normalizeDate,
  normalizeDatetime,
  stripHtml,
} from '../util';
import { rows, type Doc } from './doc';
import {
  CHILD_FIELDS,
  dataFields,
  getField,
  INT_TYPES,
  NUMERIC_TYPES,
  selectOptions,
  STANDARD_FIELDS,
  tableFields,
  type DocTypeDef,
} from './meta';
import { setNewName } from './naming';
import { asDict, sanitizeValue } from './serialize';
import { runListQuery } from './db-query';
import { checkDeletePermission, checkDocPermission, DoesNotExistError } from './permissions';
import { hiddenFromLinkCheck } from './snapshot';

export interface InsertFlags {
  ignorePermissions?: boolean;
  ignoreMandatory?: boolean;
  ignoreLinks?: boolean;
  /** make_records: a taken name is skipped silently instead of 409. */
  ignoreIfDuplicate?: boolean;
}

export interface SaveFlags {
  ignorePermissions?: boolean;
  ignoreMandatory?: boolean;
  ignoreLinks?: boolean;
}

type Action = 'save' | 'submit' | 'cancel' | 'update_after_submit';

const MAX_VARCHAR = 140;

export function requireMeta(ctx: DocContext, doctype: string): DocTypeDef {
  const meta = ctx.site.meta(doctype);
  if (!meta) ctx.throw(`DocType ${doctype} not found`, 'DoesNotExistError');
  return meta;
}

// ---------------------------------------------------------------- permissions
// The rules live in ./permissions; re-exported here for the controllers that import the engine.

export { checkDocPermission, forgetRoles, userRoles } from './permissions';

// ---------------------------------------------------------------- building documents

function setParentInChildren(meta: DocTypeDef, doc: Doc): void {
  for (const field of tableFields(meta)) {
    rows(doc, field.fieldname).forEach((row, i) => {
      row.parent = doc.name;
      row.parenttype = meta.name;
      row.parentfield = field.fieldname;
      if (!cint(row.idx)) row.idx = i + 1;
    });
  }
}

function buildChildRow(ctx: DocContext, childMeta: DocTypeDef, input: unknown, position: number): Doc {
  const row: Doc = { doctype: childMeta.name };
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const src = input as Doc;
    for (const key of [...STANDARD_FIELDS, ...CHILD_FIELDS]) if (key in src) row[key] = src[key];
    for (const field of dataFields(childMeta)) if (field.fieldname in src) row[field.fieldname] = src[field.fieldname];
  }
  if (!cint(row.idx)) row.idx = position;
  if (row.name !== undefined && row.name !== null && typeof row.name !== 'string') row.name = cstr(row.name);
  void ctx;
  return row;
}

/**
 * `BaseDocument.update(dict)`: standard columns and known fields are set, a child-table key
 * replaces the whole table (rows without `name` are new), unknown keys are dropped.
 */
export function updateFields(ctx: DocContext, meta: DocTypeDef, doc: Doc, input: Doc, options: { keepName?: boolean } = {}): void {
  for (const key of STANDARD_FIELDS) {
    if (!(key in input)) continue;
    if (key === 'name' && options.keepName) continue;
    doc[key] = input[key];
  }
  if (meta.isTable) for (const key of CHILD_FIELDS) if (key in input) doc[key] = input[key];
  for (const field of meta.fields) {
    if (!(field.fieldname in input)) continue;
    const value = input[field.fieldname];
    if (field.fieldtype === 'Table') {
      const childMeta = requireMeta(ctx, field.options ?? '');
      const list = Array.isArray(value) ? value : [];
      doc[field.fieldname] = list.map((row, i) => buildChildRow(ctx, childMeta, row, i + 1));
    } else {
      if (Array.isArray(value)) ctx.throw(`Value for ${field.label} cannot be a list`);
      doc[field.fieldname] = value;
    }
  }
  if (typeof input.__newname === 'string') doc.__newname = input.__newname;
}

/** A new in-memory document from a client dict (nothing stored yet). */
export function buildDoc(ctx: DocContext, meta: DocTypeDef, input: Doc): Doc {
  const doc: Doc = { doctype: meta.name, __islocal: true };
  for (const field of tableFields(meta)) doc[field.fieldname] = [];
  updateFields(ctx, meta, doc, input);
  return doc;
}

/** Static and user defaults of `frappe.new_doc` for one field, or undefined. */
function defaultFor(ctx: DocContext, field: DocTypeDef['fields'][number]): unknown {
  if (field.fieldtype === 'Table') return undefined;
  if (field.fieldtype === 'Link' && field.options !== 'User') {
    const userDefault = ctx.site.store.getDefault(field.fieldname);
    if (userDefault && ctx.site.meta(field.options ?? '') && ctx.site.store.canonicalName(field.options ?? '', userDefault)) {
      return userDefault;
    }
  }
  if (field.default !== undefined && field.default !== '') {
    if (field.default === 'Today') return ctx.site.clock.today();
    if (field.default === '__user') return ctx.user;
    if (field.default === 'Now' || field.default === 'now') return ctx.site.clock.now();
    if (field.fieldtype === 'Link' && !ctx.site.store.canonicalName(field.options ?? '', String(field.default))) return undefined;
    return field.default;
  }
  if (field.fieldtype === 'Select' && field.options) return selectOptions(field)[0];
  return undefined;
}

/** `_set_defaults` / `update_if_missing`: only fields that are None get a default. */
export function applyDefaults(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  for (const field of meta.fields) {
    if (doc[field.fieldname] !== null && doc[field.fieldname] !== undefined) continue;
    const value = defaultFor(ctx, field);
    if (value !== undefined) doc[field.fieldname] = value;
  }
  if (doc.docstatus === null || doc.docstatus === undefined) doc.docstatus = 0;
  for (const field of tableFields(meta)) {
    const childMeta = ctx.site.meta(field.options ?? '');
    if (!childMeta) continue;
    for (const row of rows(doc, field.fieldname)) applyDefaults(ctx, childMeta, row);
  }
}

/** `frappe.new_doc(doctype)` with defaults, as a Single is returned before its first save. */
export function newDoc(ctx: DocContext, meta: DocTypeDef): Doc {
  const doc: Doc = { doctype: meta.name, owner: ctx.user, docstatus: 0, idx: 0 };
  for (const field of tableFields(meta)) doc[field.fieldname] = [];
  applyDefaults(ctx, meta, doc);
  return doc;
}

// ---------------------------------------------------------------- validation

function linkProblems(ctx: DocContext, meta: DocTypeDef, doc: Doc, rowIdx?: number): string[] {
  const problems: string[] = [];
  for (const field of dataFields(meta)) {
    if (field.fieldtype !== 'Link' && field.fieldtype !== 'Dynamic Link') continue;
    const value = doc[field.fieldname];
    if (isBlank(value)) continue;
    // A Dynamic Link's doctype is the value of the field its `options` names; with none set, or an
    // unknown one (already reported by that Link field), there is nothing to check it against.
    const target = field.fieldtype === 'Dynamic Link' ? cstr(doc[field.options ?? '']) : (field.options ?? '');
    if (!target || (field.fieldtype === 'Dynamic Link' && !ctx.site.meta(target))) continue;
    if (target === 'DocType') {
      // DocType records are the doctypes themselves.
      if (!ctx.site.meta(cstr(value))) problems.push(rowIdx === undefined ? `${field.label}: ${cstr(value)}` : `Row #${rowIdx}: ${field.label}: ${cstr(value)}`);
      continue;
    }
    const stored = ctx.site.meta(target) ? ctx.site.store.canonicalName(target, cstr(value)) : undefined;
    // Link validation is a plain read: a row committed after this request began is not in its snapshot.
    const canonical = stored !== undefined && hiddenFromLinkCheck(ctx, target, stored) ? undefined : stored;
    if (canonical === undefined) {
      problems.push(rowIdx === undefined ? `${field.label}: ${cstr(value)}` : `Row #${rowIdx}: ${field.label}: ${cstr(value)}`);
    } else {
      // Frappe rewrites the link to the stored name's case.
      doc[field.fieldname] = canonical;
    }
  }
  return problems;
}

/** `_validate_links`: every problem, parent first, in one "Could not find ..." message. */
export function validateLinks(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const problems = linkProblems(ctx, meta, doc);
  for (const field of tableFields(meta)) {
    const childMeta = ctx.site.meta(field.options ?? '');
    if (!childMeta) continue;
    for (const row of rows(doc, field.fieldname)) problems.push(...linkProblems(ctx, childMeta, row, cint(row.idx)));
  }
  if (problems.length) ctx.throw(`Could not find ${problems.join(', ')}`, 'LinkValidationError');
}

function missingFields(meta: DocTypeDef, doc: Doc, rowIdx?: number): string[] {
  const out: string[] = [];
  for (const field of meta.fields) {
    if (!field.reqd) continue;
    const value = doc[field.fieldname];
    if (!isBlank(value)) continue;
    if (field.fieldtype === 'Table') out.push(`Error: Data missing in table: ${field.label}`);
    else if (rowIdx !== undefined) out.push(`Error: ${bold(meta.name)} Row #${rowIdx}: Value missing for: ${field.label}`);
    else out.push(`Error: Value missing for ${meta.name}: ${field.label}`);
  }
  return out;
}

/** `_validate_mandatory`: one plain message per missing field, then MandatoryError. */
function validateMandatory(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const missing = missingFields(meta, doc);
  for (const field of tableFields(meta)) {
    const childMeta = ctx.site.meta(field.options ?? '');
    if (!childMeta) continue;
    for (const row of rows(doc, field.fieldname)) missing.push(...missingFields(childMeta, row, cint(row.idx)));
  }
  if (!missing.length) return;
  for (const message of missing) ctx.msgprint(message);
  throw new FrappeError('MandatoryError', `[${meta.name}, ${cstr(doc.name)}]`);
}

function validateSelects(ctx: DocContext, meta: DocTypeDef, doc: Doc, rowIdx?: number): void {
  for (const field of dataFields(meta)) {
    if (field.fieldtype !== 'Select' || !field.options || field.fieldname === 'naming_series') continue;
    const options = selectOptions(field);
    if (!options.some((o) => o)) continue;
    const value = cstr(doc[field.fieldname]).trim();
    doc[field.fieldname] = value;
    if (!options.includes(value)) {
      const prefix = rowIdx === undefined ? '' : `Row #${rowIdx}:`;
      ctx.throw(`${prefix} ${field.label} cannot be "${value}". It should be one of "${options.join('", "')}"`);
    }
  }
}

function validateDataFields(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  for (const field of dataFields(meta)) {
    if (field.fieldtype !== 'Data' || field.options !== 'Email') continue;
    const value = cstr(doc[field.fieldname]).trim();
    if (!value) continue;
    for (const email of value.split(/[,\n;]/).map((e) => e.trim()).filter(Boolean)) {
      if (!isValidEmail(email)) ctx.throw(`${email} is not a valid Email Address`, 'InvalidEmailAddressError');
    }
  }
}

export function isValidEmail(email: string): boolean {
  return /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(email.trim());
}

function validateLength(ctx: DocContext, meta: DocTypeDef, doc: Doc, rowIdx?: number): void {
  for (const field of dataFields(meta)) {
    if (!['Data', 'Link', 'Select', 'Dynamic Link', 'Password'].includes(field.fieldtype)) continue;
    const value = cstr(doc[field.fieldname]);
    if (value.length <= MAX_VARCHAR) continue;
    const reference = rowIdx === undefined ? `${meta.name} ${cstr(doc.name)}` : `${meta.name}, Row ${rowIdx}`;
    ctx.throw(
      `${reference}: '${field.label}' (${value}) will get truncated, as max characters allowed is ${MAX_VARCHAR}`,
      'CharacterLengthExceededError',
      { title: 'Value too big' },
    );
  }
}

function fixNumericTypes(meta: DocTypeDef, doc: Doc): void {
  for (const field of dataFields(meta)) {
    const value = doc[field.fieldname];
    if (field.fieldtype === 'Check') doc[field.fieldname] = cint(value) ? 1 : 0;
    else if (value === null || value === undefined) continue;
    else if (INT_TYPES.has(field.fieldtype)) doc[field.fieldname] = cint(value);
    else if (NUMERIC_TYPES.has(field.fieldtype)) doc[field.fieldname] = flt(value);
  }
  doc.docstatus = cint(doc.docstatus);
}

function validateSetOnlyOnce(ctx: DocContext, meta: DocTypeDef, doc: Doc, before: Doc): void {
  for (const field of meta.fields) {
    if (!field.setOnlyOnce) continue;
    const now = doc[field.fieldname] ?? null;
    const was = before[field.fieldname] ?? null;
    if (cstr(now) !== cstr(was)) {
      ctx.throw(`Value cannot be changed for ${bold(field.label)}`, 'CannotChangeConstantError');
    }
  }
}

function validateUpdateAfterSubmit(ctx: DocContext, meta: DocTypeDef, doc: Doc, before: Doc): void {
  for (const field of dataFields(meta)) {
    if (field.allowOnSubmit) continue;
    const now = sanitizeValue(field, doc[field.fieldname]) ?? null;
    const was = sanitizeValue(field, before[field.fieldname]) ?? null;
    if (cstr(now) !== cstr(was)) {
      ctx.throw(
        `Not allowed to change ${bold(field.label)} after submission from ${bold(cstr(was))} to ${bold(cstr(now))}`,
        'UpdateAfterSubmitError',
      );
    }
  }
}

function savePasswords(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  for (const field of dataFields(meta)) {
    if (field.fieldtype !== 'Password') continue;
    const value = cstr(doc[field.fieldname]);
    if (!value || /^\*+$/.test(value)) continue;
    ctx.site.store.setPassword(meta.name, cstr(doc.name), field.fieldname, value);
    doc[field.fieldname] = '*'.repeat(value.length);
  }
}

/** Frappe's `_validate`: mandatory, data fields, selects, lengths, set_only_once, numbers, passwords. */
function standardValidate(ctx: DocContext, meta: DocTypeDef, doc: Doc, before: Doc | undefined, flags: SaveFlags): void {
  if (!flags.ignoreMandatory) validateMandatory(ctx, meta, doc);
  validateDataFields(ctx, meta, doc);
  validateSelects(ctx, meta, doc);
  validateLength(ctx, meta, doc);
  for (const field of tableFields(meta)) {
    const childMeta = ctx.site.meta(field.options ?? '');
    if (!childMeta) continue;
    for (const row of rows(doc, field.fieldname)) {
      validateSelects(ctx, childMeta, row, cint(row.idx));
      validateLength(ctx, childMeta, row, cint(row.idx));
      fixNumericTypes(childMeta, row);
    }
  }
  if (before) validateSetOnlyOnce(ctx, meta, doc, before);
  fixNumericTypes(meta, doc);
  savePasswords(ctx, meta, doc);
}

/** `check_docstatus_transition(db_docstatus)`; these are raised without a message. */
function transition(from: number, to: number): Action {
  if (from === 0) {
    if (to === 0) return 'save';
    if (to === 1) return 'submit';
    if (to === 2) throw new FrappeError('DocstatusTransitionError', 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)');
  } else if (from === 1) {
    if (to === 1) return 'update_after_submit';
    if (to === 2) return 'cancel';
    if (to === 0) throw new FrappeError('DocstatusTransitionError', 'Cannot change docstatus from 1 (Submitted) to 0 (Draft)');
  } else if (from === 2) {
    throw new FrappeError('ValidationError', 'Cannot edit cancelled document');
  }
  throw new FrappeError('ValidationError', 'Invalid docstatus');
}

// ---------------------------------------------------------------- storage

function storedValue(ctx: DocContext, meta: DocTypeDef, field: DocTypeDef['fields'][number], value: unknown): unknown {
  const clean = sanitizeValue(field, value);
  if (clean === undefined) return null;
  if (typeof clean === 'string' && clean !== '' && (field.fieldtype === 'Date' || field.fieldtype === 'Datetime')) {
    const normalized = field.fieldtype === 'Date' ? normalizeDate(clean) : normalizeDatetime(clean);
    if (normalized === undefined) {
      throw pythonError('OperationalError', `(1292, "Incorrect ${field.fieldtype.toLowerCase()} value: '${clean}' for column \`${meta.name}\`.\`${field.fieldname}\`")`);
    }
    return normalized;
  }
  return clean;
}

/** The row as the database would hold it: every column present, values coerced and normalised. */
function toStored(ctx: DocContext, meta: DocTypeDef, doc: Doc): Doc {
  const out: Doc = {};
  for (const key of STANDARD_FIELDS) out[key] = doc[key] ?? (key === 'docstatus' || key === 'idx' ? 0 : null);
  if (cstr(out.name).length > MAX_VARCHAR) {
    throw pythonError('DataError', "(1406, \"Data too long for column 'name' at row 1\")");
  }
  for (const field of dataFields(meta)) out[field.fieldname] = storedValue(ctx, meta, field, doc[field.fieldname]);
  if (meta.isTable) for (const key of CHILD_FIELDS) out[key] = doc[key] ?? null;
  else for (const key of ['_user_tags', '_comments', '_assign', '_liked_by']) out[key] = doc[key] ?? null;
  out.doctype = meta.name;
  for (const field of tableFields(meta)) {
    const childMeta = requireMeta(ctx, field.options ?? '');
    out[field.fieldname] = rows(doc, field.fieldname).map((row) => toStored(ctx, childMeta, row));
  }
  return out;
}

function stampTimestamps(ctx: DocContext, meta: DocTypeDef, doc: Doc, isNew: boolean): void {
  const now = ctx.site.clock.now();
  doc.modified = now;
  doc.modified_by = ctx.user;
  if (isNew) {
    doc.creation = now;
    doc.owner = ctx.user;
  }
  for (const field of tableFields(meta)) {
    for (const row of rows(doc, field.fieldname)) {
      row.modified = now;
      row.modified_by = ctx.user;
      if (!row.owner) row.owner = doc.owner;
      if (!row.creation) row.creation = doc.creation;
    }
  }
}

function syncChildDocstatus(meta: DocTypeDef, doc: Doc): void {
  for (const field of tableFields(meta)) for (const row of rows(doc, field.fieldname)) row.docstatus = doc.docstatus;
}

// ---------------------------------------------------------------- insert / save / delete

/** `frappe.get_doc(dict).insert()`; returns the in-memory document. */
export function insertDoc(ctx: DocContext, input: Doc, flags: InsertFlags = {}): Doc {
  const meta = requireMeta(ctx, cstr(input.doctype));
  const doc = buildDoc(ctx, meta, input);
  return insertBuilt(ctx, meta, doc, flags);
}

export function insertBuilt(ctx: DocContext, meta: DocTypeDef, doc: Doc, flags: InsertFlags = {}): Doc {
  applyDefaults(ctx, meta, doc);
  stampTimestamps(ctx, meta, doc, true);
  doc.docstatus = cint(doc.docstatus);
  const action = transition(0, doc.docstatus as number);
  // check_if_latest checks the submit right as it sets the action, before links and `create`.
  if (!flags.ignorePermissions && action === 'submit') checkDocPermission(ctx, meta, 'submit', doc.name);
  syncChildDocstatus(meta, doc);
  if (!flags.ignoreLinks) validateLinks(ctx, meta, doc);
  if (!flags.ignorePermissions) checkDocPermission(ctx, meta, 'create', doc.name);
  meta.controller?.beforeInsert?.(ctx, doc);
  setNewName(ctx, meta, doc);
  delete doc.__newname;
  for (const field of tableFields(meta)) for (const row of rows(doc, field.fieldname)) row.name = generateHash(10);
  setParentInChildren(meta, doc);
  meta.controller?.validate?.(ctx, doc, undefined);
  if (action === 'submit') meta.controller?.beforeSubmit?.(ctx, doc);
  standardValidate(ctx, meta, doc, undefined, flags);
  syncChildDocstatus(meta, doc);
  if (!meta.isSingle) {
    const taken = ctx.site.store.canonicalName(meta.name, cstr(doc.name));
    if (taken !== undefined) {
      if (flags.ignoreIfDuplicate) return doc;
      ctx.msgprint(`${meta.name} ${bold(doc.name)} already exists`, { title: 'Duplicate Name', indicator: 'red' });
      throw new FrappeError('DuplicateEntryError', `${meta.name} ${cstr(doc.name)}`);
    }
  }
  ctx.site.store.put(meta.name, toStored(ctx, meta, doc));
  delete doc.__islocal;
  meta.controller?.afterInsert?.(ctx, doc);
  meta.controller?.onUpdate?.(ctx, doc, undefined);
  if (action === 'submit') meta.controller?.onSubmit?.(ctx, doc);
  return doc;
}

/** `frappe.get_doc(doctype, name)`: a copy of the stored document, 404 when missing. */
export function getDoc(ctx: DocContext, doctype: string, name: string): Doc {
  const meta = requireMeta(ctx, doctype);
  if (meta.isSingle) {
    const stored = ctx.site.store.get(meta.name, meta.name);
    if (stored) return stored;
    const fresh = newDoc(ctx, meta);
    fresh.name = meta.name;
    return fresh;
  }
  const stored = ctx.site.store.get(meta.name, name);
  if (!stored) {
    const message = `${meta.name} ${name} not found`;
    ctx.msgprint(message, { raiseException: true });
    throw new DoesNotExistError(meta.name, message);
  }
  return stored;
}

export function getDocIfExists(ctx: DocContext, doctype: string, name: string | undefined | null): Doc | undefined {
  if (!name) return undefined;
  return ctx.site.store.get(doctype, name);
}

/** `doc.save()`. A document never stored is inserted instead. */
export function saveDoc(ctx: DocContext, doc: Doc, flags: SaveFlags = {}): Doc {
  const meta = requireMeta(ctx, cstr(doc.doctype));
  if (doc.__islocal || !doc.name) return insertBuilt(ctx, meta, doc, flags);
  if (!flags.ignorePermissions) checkDocPermission(ctx, meta, 'write', doc.name);
  const originalModified = doc.modified;
  stampTimestamps(ctx, meta, doc, false);
  doc.docstatus = cint(doc.docstatus);
  const stored = ctx.site.store.get(meta.name, meta.isSingle ? meta.name : cstr(doc.name));
  if (!meta.isSingle && !stored) ctx.throw('Record does not exist');
  if (meta.isSingle) doc.name = meta.name;
  else doc.name = stored?.name;
  const action: Action = meta.isSingle ? 'save' : transition(cint(stored?.docstatus), doc.docstatus as number);
  if (!flags.ignorePermissions && (action === 'submit' || action === 'update_after_submit')) checkDocPermission(ctx, meta, 'submit', doc.name);
  if (!flags.ignorePermissions && action === 'cancel') checkDocPermission(ctx, meta, 'cancel', doc.name);
  const dbModified = stored?.modified;
  if (dbModified && cstr(dbModified) !== cstr(originalModified)) {
    ctx.msgprint(
      `Error: Document has been modified after you have opened it (${cstr(dbModified)}, ${cstr(doc.modified)}). Please refresh to get the latest document.`,
      { raiseException: true },
    );
    throw new FrappeError('TimestampMismatchError');
  }
  if (!doc.creation && stored?.creation) doc.creation = stored.creation;
  if (!doc.owner && stored?.owner) doc.owner = stored.owner;
  if (meta.isSingle && !doc.creation) {
    doc.creation = doc.modified;
    doc.owner = ctx.user;
  }
  // Existing rows keep their names; rows without a name are new. A named row the table never
  // held is not written (its UPDATE matches nothing), as in `update_child_table`.
  const storedRowNames = new Set<string>();
  for (const field of tableFields(meta)) {
    for (const row of rows(stored ?? {}, field.fieldname)) storedRowNames.add(collationKey(cstr(row.name)));
  }
  const freshRows = new Set<Doc>();
  for (const field of tableFields(meta)) {
    for (const row of rows(doc, field.fieldname)) {
      if (!row.name) {
        row.name = generateHash(10);
        freshRows.add(row);
      }
    }
  }
  setParentInChildren(meta, doc);
  syncChildDocstatus(meta, doc);
  if (!flags.ignoreLinks) validateLinks(ctx, meta, doc);
  const before = stored;
  if (action === 'save' || action === 'submit') meta.controller?.validate?.(ctx, doc, before);
  if (action === 'submit') meta.controller?.beforeSubmit?.(ctx, doc);
  if (action === 'cancel') meta.controller?.beforeCancel?.(ctx, doc);
  if (action !== 'cancel') standardValidate(ctx, meta, doc, before, flags);
  if (action === 'update_after_submit' && before) validateUpdateAfterSubmit(ctx, meta, doc, before);
  syncChildDocstatus(meta, doc);
  const toStore: Doc = { ...doc };
  for (const field of tableFields(meta)) {
    toStore[field.fieldname] = rows(doc, field.fieldname).filter(
      (row) => freshRows.has(row) || storedRowNames.has(collationKey(cstr(row.name))),
    );
  }
  ctx.site.store.put(meta.name, toStored(ctx, meta, toStore));
  if (action === 'save') meta.controller?.onUpdate?.(ctx, doc, before);
  else if (action === 'submit') {
    meta.controller?.onUpdate?.(ctx, doc, before);
    meta.controller?.onSubmit?.(ctx, doc);
  } else if (action === 'cancel') meta.controller?.onCancel?.(ctx, doc);
  return doc;
}

/** PUT /api/resource/{dt}/{name}: load for update, merge the body, save. */
export function updateDoc(ctx: DocContext, doctype: string, name: string, patch: Doc): Doc {
  const meta = requireMeta(ctx, doctype);
  const doc = getDoc(ctx, meta.name, name);
  const clean = { ...patch };
  delete clean.flags;
  delete clean.doctype;
  updateFields(ctx, meta, doc, clean, { keepName: true });
  return saveDoc(ctx, doc);
}

export function submitDoc(ctx: DocContext, doc: Doc): Doc {
  doc.docstatus = 1;
  return saveDoc(ctx, doc);
}

export function cancelDoc(ctx: DocContext, doctype: string, name: string): Doc {
  const doc = getDoc(ctx, doctype, name);
  doc.docstatus = 2;
  return saveDoc(ctx, doc);
}

/** Link fields of every doctype (parents and child tables) that point at `doctype`. */
function linkReferences(ctx: DocContext, doctype: string): Array<{ parentType: string; meta: DocTypeDef; tableField?: string; field: string }> {
  const out: Array<{ parentType: string; meta: DocTypeDef; tableField?: string; field: string }> = [];
  for (const meta of ctx.site.allMeta()) {
    if (meta.isTable) continue;
    for (const field of dataFields(meta)) {
      if (field.fieldtype === 'Link' && field.options === doctype) out.push({ parentType: meta.name, meta, field: field.fieldname });
    }
    for (const tf of tableFields(meta)) {
      const childMeta = ctx.site.meta(tf.options ?? '');
      if (!childMeta) continue;
      for (const field of dataFields(childMeta)) {
        if (field.fieldtype === 'Link' && field.options === doctype) out.push({ parentType: meta.name, meta, tableField: tf.fieldname, field: field.fieldname });
      }
    }
  }
  return out;
}

/** `check_if_doc_is_linked`: the first non-cancelled document that links here -> LinkExistsError. */
function checkIfLinked(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const key = collationKey(cstr(doc.name));
  for (const ref of linkReferences(ctx, meta.name)) {
    for (const other of ctx.site.store.scan(ref.parentType)) {
      if (ref.parentType === meta.name && collationKey(cstr(other.name)) === key) continue;
      if (cint(other.docstatus) === 2) continue;
      const hits = ref.tableField
        ? rows(other as Doc, ref.tableField).some((row) => collationKey(cstr(row[ref.field])) === key)
        : collationKey(cstr(other[ref.field])) === key;
      if (!hits) continue;
      const refName = cstr(other.name);
      const docLink = `<a href="/app/Form/${meta.name}/${cstr(doc.name)}">${cstr(doc.name)}</a>`;
      const refLink = `<a href="/app/Form/${ref.parentType}/${refName}">${refName}</a>`;
      const refType = ref.parentType === refName ? '' : ref.parentType;
      ctx.throw(`Cannot delete or cancel because ${meta.name} ${docLink} is linked with ${refType} ${refLink} `, 'LinkExistsError');
    }
  }
}

export interface DeleteFlags {
  ignoreMissing?: boolean;
  ignorePermissions?: boolean;
  force?: boolean;
}

/** `frappe.delete_doc`: permission, submitted check, on_trash, tree children, link check. */
export function deleteDoc(ctx: DocContext, doctype: string, name: string, flags: DeleteFlags = {}): void {
  const meta = requireMeta(ctx, doctype);
  if (flags.ignoreMissing && !ctx.site.store.canonicalName(meta.name, name)) return;
  const doc = getDoc(ctx, meta.name, name);
  if (!flags.ignorePermissions) checkDeletePermission(ctx, meta, doc.name);
  if (meta.isSubmittable && cint(doc.docstatus) === 1) {
    ctx.throw(
      `${meta.name} ${cstr(doc.name)}: Submitted Record cannot be deleted. You must <a href='https://docs.erpnext.com//docs/user/manual/en/setting-up/articles/delete-submitted-document' target='_blank'> Cancel </a> it first.`,
    );
  }
  if (meta.nsmParentField) {
    const children = runListQuery(ctx, { doctype: meta.name, filters: { [meta.nsmParentField]: cstr(doc.name) }, limitPageLength: 1 });
    if (children.length) ctx.throw(`Cannot delete ${cstr(doc.name)} as it has child nodes`, 'NestedSetChildExistsError');
  }
  meta.controller?.onTrash?.(ctx, doc);
  if (!flags.force) checkIfLinked(ctx, meta, doc);
  ctx.site.store.remove(meta.name, cstr(doc.name));
}

// ---------------------------------------------------------------- db helpers for controllers

/** `doc.db_set(values)`: writes without validation, bumping `modified` like Frappe does. */
export function dbSet(ctx: DocContext, doc: Doc, values: Doc, options: { updateModified?: boolean } = {}): void {
  const meta = requireMeta(ctx, cstr(doc.doctype));
  Object.assign(doc, values);
  if (options.updateModified !== false) {
    doc.modified = ctx.site.clock.now();
    doc.modified_by = ctx.user;
  }
  dbSetValue(ctx, meta.name, cstr(doc.name), { ...values, ...(options.updateModified !== false ? { modified: doc.modified, modified_by: doc.modified_by } : {}) }, { updateModified: false });
}

/** `frappe.db.set_value`: raw column update of a stored document (or a Single). */
export function dbSetValue(ctx: DocContext, doctype: string, name: string, values: Doc, options: { updateModified?: boolean } = {}): void {
  const meta = requireMeta(ctx, doctype);
  const stored = meta.isSingle ? (ctx.site.store.get(meta.name, meta.name) ?? { ...newDoc(ctx, meta), name: meta.name }) : ctx.site.store.get(meta.name, name);
  if (!stored) return;
  for (const [key, value] of Object.entries(values)) {
    const field = getField(meta, key);
    stored[key] = field ? storedValue(ctx, meta, field, value) : value;
  }
  if (options.updateModified !== false) {
    stored.modified = ctx.site.clock.now();
    stored.modified_by = ctx.user;
  }
  ctx.site.store.put(meta.name, stored);
}

/** `frappe.db.get_value(doctype, name_or_filters, fieldname)`; newest match first. */
export function dbGetValue(ctx: DocContext, doctype: string, filters: string | Doc, fieldname: string): unknown {
  const meta = ctx.site.meta(doctype);
  if (!meta) return undefined;
  if (meta.isSingle) return getDoc(ctx, doctype, doctype)[fieldname] ?? undefined;
  if (typeof filters === 'string') {
    const doc = ctx.site.store.get(doctype, filters);
    return doc ? (doc[fieldname] ?? undefined) : undefined;
  }
  const found = runListQuery(ctx, { doctype, fields: [fieldname], filters, limitPageLength: 1 });
  const first = found[0] as Doc | undefined;
  return first ? (first[fieldname] ?? undefined) : undefined;
}

export function dbExists(ctx: DocContext, doctype: string, name: string | undefined | null): string | undefined {
  if (!name || !ctx.site.meta(doctype)) return undefined;
  return ctx.site.store.canonicalName(doctype, name);
}

export function singleValue(ctx: DocContext, doctype: string, fieldname: string): unknown {
  return getDoc(ctx, doctype, doctype)[fieldname];
}

/**
 * The response form of a document: `as_dict(no_nulls=True)` when a Document is returned (resource
 * routes), `as_dict()` with nulls when a method returns `doc.as_dict()` (frappe.client.*).
 */
export function serializeDoc(ctx: DocContext, doc: Doc, options: { noNulls?: boolean } = {}): Doc {
  const meta = requireMeta(ctx, cstr(doc.doctype));
  return asDict(meta, doc, (dt) => ctx.site.meta(dt), options);
}

/** Text of a field with HTML stripped, for controllers that compare labels. */
export function plain(value: unknown): string {
  return stripHtml(cstr(value)).trim();
}
