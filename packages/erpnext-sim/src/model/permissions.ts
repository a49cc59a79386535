/**
 * Role permissions as v15 evaluates them (frappe/permissions.py `has_permission`, `get_roles`,
 * `check_doctype_permission`; frappe/model/document.py `check_permission`; frappe/__init__.py
 * `has_permission(throw=True)`), over the permlevel-0 rules of `@provisioner/frappe-facts`.
 *
 * Contracts:
 * - Only the user Administrator bypasses the rules; System Manager is an ordinary role.
 * - A doctype missing from the v15 table (Error Log, DocType, ...) is System Manager only: a choice
 *   of the simulator, stated in the README. Child tables are checked through their parent.
 * - A System User's own User document is shared with them (User.on_update `share_with_self`), so
 *   they may read and write it, and list User (seeing only that row), without any role.
 * - Not simulated: "select"-only rules, if_owner rules, User Permissions as a restriction, and
 *   controller `has_permission` hooks. Callers that run as Frappe's `ignore_permissions=True` (link
 *   validation, controller side effects, bench) simply do not call in here.
 */
import { rolesGranting, DOCTYPE_PERMISSIONS, type PermissionRight } from '@provisioner/frappe-facts';
import { FrappeError } from '../frappe/exceptions';
import { bold } from '../frappe/server-messages';
import { collationKey, cstr } from '../util';
import { rows } from './doc';
import type { DocContext, DocTypeDef } from './meta';

export type Ptype = PermissionRight;

export const ADMINISTRATOR = 'Administrator';
/** Roles every user gets without a Has Role row (frappe/permissions.py AUTOMATIC_ROLES). */
const AUTOMATIC_ROLES: ReadonlySet<string> = new Set(['Guest', 'All', 'Desk User', 'Administrator']);
/** The rule for a doctype the v15 table does not list (the simulator's choice). */
const FALLBACK_ROLE = 'System Manager';

const ROLES_KEY = 'roles';

/**
 * `frappe.get_roles(user)`: Administrator holds every Role; Guest only "Guest"; anyone else their
 * Has Role rows (automatic roles among them ignored) plus "All" and "Guest", and "Desk User" when a
 * System User. Memoised per request for the session user.
 */
export function userRoles(ctx: DocContext, user: string): string[] {
  if (!user || user === 'Guest') return ['Guest'];
  if (user === ctx.user && ctx.cache.has(ROLES_KEY)) return ctx.cache.get(ROLES_KEY) as string[];
  let roles: string[];
  if (user === ADMINISTRATOR) roles = ctx.site.store.scan('Role').map((r) => cstr(r.name));
  else {
    const doc = ctx.site.store.get('User', user);
    if (!doc) roles = ['Guest'];
    else {
      roles = rows(doc, 'roles').map((r) => cstr(r.role)).filter((r) => !AUTOMATIC_ROLES.has(r));
      roles.push('All', 'Guest');
      if (cstr(doc.user_type || 'System User') === 'System User') roles.push('Desk User');
    }
  }
  if (user === ctx.user) ctx.cache.set(ROLES_KEY, roles);
  return roles;
}

/** Drops the memo after the session user or their roles changed. */
export function forgetRoles(ctx: DocContext): void {
  ctx.cache.delete(ROLES_KEY);
}

/** Roles that grant `ptype` on `doctype` at permlevel 0 (the fallback rule for unknown doctypes). */
export function grantingRoles(meta: DocTypeDef, ptype: Ptype): string[] {
  if (DOCTYPE_PERMISSIONS.has(meta.name)) return rolesGranting(meta.name, ptype);
  if ((ptype === 'submit' || ptype === 'cancel') && !meta.isSubmittable) return [];
  return [FALLBACK_ROLE];
}

/** `get_role_permissions(meta).get(ptype)` for the session user. */
function roleGrants(ctx: DocContext, meta: DocTypeDef, ptype: Ptype): boolean {
  if (ctx.user === ADMINISTRATOR) return true;
  const granting = grantingRoles(meta, ptype);
  return userRoles(ctx, ctx.user).some((role) => granting.includes(role));
}

/**
 * The only DocShare the simulator knows: User.on_update shares a System User's own document with
 * them (read, write, share).
 */
function sharedDoc(ctx: DocContext, doctype: string, name: string, ptype: Ptype): boolean {
  if (doctype !== 'User' || (ptype !== 'read' && ptype !== 'write')) return false;
  if (collationKey(name) !== collationKey(ctx.user)) return false;
  const user = ctx.site.store.get('User', ctx.user);
  return user !== undefined && cstr(user.user_type || 'System User') === 'System User';
}

function anySharedDoc(ctx: DocContext, doctype: string, ptype: Ptype): boolean {
  return sharedDoc(ctx, doctype, ctx.user, ptype);
}

/** The parent a child table is checked through, when one was named. */
function effectiveMeta(ctx: DocContext, meta: DocTypeDef, parent?: string): DocTypeDef | undefined {
  if (!meta.isTable) return meta;
  return parent ? ctx.site.meta(parent) : undefined;
}

/**
 * `frappe.permissions.has_permission(doctype, ptype, doc?)` for the session user. `logs`, when
 * given, collects what Frappe's `push_perm_check_log` would (nested checks write into the same list).
 */
function evaluate(
  ctx: DocContext,
  meta: DocTypeDef,
  ptype: Ptype,
  docName: string | undefined,
  logs: string[] | undefined,
  options: { ignoreShare?: boolean } = {},
): boolean {
  if (ctx.user === ADMINISTRATOR) return true;
  let perm: boolean;
  if (docName !== undefined) {
    perm = roleGrants(ctx, meta, ptype) && (ptype !== 'submit' || Boolean(meta.isSubmittable));
    if (!perm && logs) {
      let message = `User ${bold(ctx.user)} does not have access to this document`;
      if (evaluate(ctx, meta, 'read', undefined, logs)) message += `: ${meta.name} - ${docName}`;
      logs.push(message);
    }
  } else {
    if (ptype === 'submit' && !meta.isSubmittable) {
      logs?.push('Document Type is not submittable');
      return false;
    }
    perm = roleGrants(ctx, meta, ptype);
    if (!perm) logs?.push(`User ${bold(ctx.user)} does not have doctype access via role permission for document ${bold(meta.name)}`);
  }
  if (!perm && !options.ignoreShare) perm = docName !== undefined ? sharedDoc(ctx, meta.name, docName, ptype) : anySharedDoc(ctx, meta.name, ptype);
  return perm;
}

/**
 * The `print_has_permission_check_logs` wrapper: a denied check of the session user's own rights
 * msgprints what it logged.
 */
function checkWithLogs(ctx: DocContext, meta: DocTypeDef, ptype: Ptype, docName: string | undefined, options: { ignoreShare?: boolean } = {}): boolean {
  const logs: string[] = [];
  const allowed = evaluate(ctx, meta, ptype, docName, logs, options);
  if (!allowed) ctx.msgprint(logs.join('<br>'));
  return allowed;
}

/** `frappe.has_permission(doctype, ptype)` without throwing (and without message logs). */
export function hasDoctypePermission(ctx: DocContext, meta: DocTypeDef, ptype: Ptype = 'read', parent?: string): boolean {
  const target = effectiveMeta(ctx, meta, parent);
  if (!target) return ctx.user === ADMINISTRATOR;
  return evaluate(ctx, target, ptype, undefined, undefined);
}

/** `doc.has_permission(ptype)`: role rules, then shares; no logs. */
export function hasDocPermission(ctx: DocContext, meta: DocTypeDef, ptype: Ptype, name: unknown): boolean {
  return evaluate(ctx, meta, ptype, cstr(name), undefined);
}

/**
 * `check_doctype_permission`: `frappe.has_permission(doctype, ptype, throw=True,
 * ignore_share_permissions=True)` with a fresh message log. On failure the log holds only the
 * permission check's own message, `_error_message` is "No permission for {doctype}" and the
 * exception is a bare PermissionError.
 */
export function checkDoctypePermission(ctx: DocContext, meta: DocTypeDef, ptype: Ptype = 'read'): void {
  const saved = ctx.messages.splice(0);
  if (checkWithLogs(ctx, meta, ptype, undefined, { ignoreShare: true })) {
    ctx.messages.splice(0, ctx.messages.length, ...saved);
    return;
  }
  ctx.errorMessage = `No permission for ${meta.name}`;
  throw new FrappeError('PermissionError');
}

/**
 * `doc.check_permission(ptype)`: when the document check fails, the doctype check runs first
 * ("No permission for {doctype}"); only if that passes is the failure blamed on this document
 * ("You need the '{ptype}' permission on **{doctype}** {name} to perform this action.").
 */
export function checkDocPermission(ctx: DocContext, meta: DocTypeDef, ptype: Ptype, name: unknown): void {
  const docName = name === undefined || name === null ? '' : cstr(name);
  if (checkWithLogs(ctx, meta, ptype, docName)) return;
  checkDoctypePermission(ctx, meta, ptype);
  ctx.errorMessage = `You need the '${ptype}' permission on ${bold(meta.name)} ${docName} to perform this action.`;
  throw new FrappeError('PermissionError');
}

/**
 * `DatabaseQuery.execute`'s gate for `frappe.get_list`: "select" or "read" (shares count), else
 * PermissionError with `_error_message` "Insufficient Permission for **{doctype}**" and no message
 * log. Returns the names a share-only reader is limited to, or undefined for a full reader.
 */
export function checkListPermission(ctx: DocContext, meta: DocTypeDef, parent?: string): string[] | undefined {
  const target = effectiveMeta(ctx, meta, parent) ?? meta;
  if (!evaluate(ctx, target, 'read', undefined, undefined)) {
    ctx.errorMessage = `Insufficient Permission for ${bold(meta.name)}`;
    throw new FrappeError('PermissionError', meta.name);
  }
  if (target !== meta || roleGrants(ctx, target, 'read')) return undefined;
  return [ctx.user];
}

/**
 * `frappe.client.check_parent_permission`: a child table is only read through a parent doctype that
 * has it and that the user may read; anything else is a bare PermissionError (the failed parent
 * check msgprints its log).
 */
export function checkParentPermission(ctx: DocContext, parent: unknown, childDoctype: string): void {
  if (parent) {
    const parentMeta = ctx.site.meta(cstr(parent));
    if (!parentMeta || !parentMeta.fields.some((f) => f.fieldtype === 'Table' && f.options === childDoctype)) throw new FrappeError('PermissionError');
    if (checkWithLogs(ctx, parentMeta, 'read', undefined)) return;
  }
  throw new FrappeError('PermissionError');
}

/**
 * `delete_doc`'s `check_permission_and_not_submitted`: the failed document check msgprints its log,
 * then "User not allowed to delete {doctype}: {name}" is raised as a PermissionError.
 */
export function checkDeletePermission(ctx: DocContext, meta: DocTypeDef, name: unknown): void {
  if (ctx.user === ADMINISTRATOR) return;
  if (checkWithLogs(ctx, meta, 'delete', cstr(name))) return;
  ctx.msgprint(`User not allowed to delete ${meta.name}: ${cstr(name)}`, { raiseException: true });
  throw new FrappeError('PermissionError');
}

/** `frappe.only_for(roles)` without a message: a bare PermissionError. */
export function onlyFor(ctx: DocContext, role: string): void {
  if (ctx.user === ADMINISTRATOR) return;
  if (!userRoles(ctx, ctx.user).includes(role)) throw new FrappeError('PermissionError');
}

/** A DoesNotExistError that remembers its doctype, as `frappe.DoesNotExistError(doctype=...)` does. */
export class DoesNotExistError extends FrappeError {
  constructor(
    readonly doctype: string,
    message = '',
  ) {
    super('DoesNotExistError', message);
  }
}

/**
 * `handle_does_not_exist_error`: a missing document of a doctype the user may not read answers as
 * that doctype's PermissionError (403), not 404. Anything else is rethrown unchanged.
 */
export function rethrowDoesNotExist(ctx: DocContext, error: unknown): never {
  if (error instanceof DoesNotExistError) {
    const meta = ctx.site.meta(error.doctype);
    if (meta) checkDoctypePermission(ctx, meta, 'read');
  }
  throw error;
}
