/**
 * Resolution of `/api/method/{cmd}` as frappe/handler.py `execute_cmd` does it:
 * - a dotless name is looked up in handler.py's globals: unknown -> 417 "Failed to get method for
 *   command {cmd} with '{cmd}'" (a KeyError), which is what `/api/method/version` answers in v15;
 * - a dotted name whose app is not installed -> "... with App {app} is not installed";
 * - a missing module / attribute -> "... with No module named '...'" / "module '...' has no
 *   attribute '...'";
 * - an existing function that is not whitelisted (or not for Guest) -> 403 "Method Not Allowed";
 * - a verb the function does not allow -> 403 "Not permitted".
 */
import type { DocContext } from '../model/meta';
import { bold } from '../frappe/server-messages';
import { CORE_METHODS } from './core-methods';
import { FRAPPE_CLIENT_METHODS } from './frappe-client';
import type { MethodDef } from './method-def';

export const WHITELISTED: Readonly<Record<string, MethodDef>> = { ...CORE_METHODS, ...FRAPPE_CLIENT_METHODS };

const ALL_VERBS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/** Modules that exist in frappe/erpnext v15 (for the "no attribute" vs "no module" message). */
const KNOWN_MODULES = new Set([
  'frappe',
  'frappe.auth',
  'frappe.client',
  'frappe.handler',
  'frappe.sessions',
  'frappe.utils',
  'frappe.utils.change_log',
  'frappe.model',
  'frappe.model.document',
  'frappe.core',
  'frappe.core.doctype',
  'frappe.core.doctype.user',
  'frappe.core.doctype.user.user',
  'frappe.desk',
  'frappe.desk.reportview',
  'frappe.desk.search',
  'frappe.desk.form',
  'frappe.desk.form.load',
  'frappe.desk.form.save',
  'frappe.desk.page',
  'frappe.desk.page.setup_wizard',
  'frappe.desk.page.setup_wizard.setup_wizard',
  'erpnext',
  'erpnext.setup',
  'erpnext.setup.utils',
  'erpnext.setup.setup_wizard',
  'erpnext.setup.setup_wizard.setup_wizard',
  'erpnext.selling',
  'erpnext.selling.page',
  'erpnext.selling.page.point_of_sale',
  'erpnext.selling.page.point_of_sale.point_of_sale',
  'erpnext.accounts',
  'erpnext.stock',
]);

/** Functions that exist but are not whitelisted. */
const NOT_WHITELISTED = new Set([
  'frappe.get_doc',
  'frappe.get_all',
  'frappe.get_list',
  'frappe.new_doc',
  'frappe.delete_doc',
  'frappe.get_meta',
  'frappe.client.insert_doc',
  'frappe.client.check_parent_permission',
  'frappe.handler.execute_cmd',
  'frappe.handler.handle',
  'frappe.auth.validate_auth',
  'frappe.desk.page.setup_wizard.setup_wizard.make_records',
  'frappe.desk.page.setup_wizard.setup_wizard.setup_complete_ex',
]);

export type Resolution = { kind: 'method'; def: MethodDef; cmd: string } | { kind: 'error'; raise: () => never };

function failedToGet(ctx: DocContext, cmd: string, reason: string): () => never {
  return () => ctx.throw(`Failed to get method for command ${cmd} with ${reason}`);
}

function notWhitelisted(ctx: DocContext, cmd: string): () => never {
  return () =>
    ctx.throw(
      `<details><summary>You are not permitted to access this resource.</summary>Function ${bold(cmd)} is not whitelisted.</details>`,
      'PermissionError',
      { title: 'Method Not Allowed' },
    );
}

export function resolveMethod(ctx: DocContext, cmd: string): Resolution {
  const def = WHITELISTED[cmd];
  if (!cmd.includes('.')) {
    if (!def) return { kind: 'error', raise: failedToGet(ctx, cmd, `'${cmd}'`) };
  } else {
    const app = cmd.split('.')[0] as string;
    if (!ctx.site.hasApp(app)) return { kind: 'error', raise: failedToGet(ctx, cmd, `App ${app} is not installed`) };
    if (!def || !ctx.site.hasApp(def.app)) {
      if (NOT_WHITELISTED.has(cmd)) return { kind: 'error', raise: notWhitelisted(ctx, cmd) };
      const parts = cmd.split('.');
      const moduleName = parts.slice(0, -1).join('.');
      if (KNOWN_MODULES.has(moduleName)) {
        return { kind: 'error', raise: failedToGet(ctx, cmd, `module '${moduleName}' has no attribute '${parts[parts.length - 1] ?? ''}'`) };
      }
      let missing = parts[0] as string;
      for (let i = 1; i < parts.length - 1; i++) {
        const prefix = parts.slice(0, i + 1).join('.');
        missing = prefix;
        if (!KNOWN_MODULES.has(prefix)) break;
      }
      return { kind: 'error', raise: failedToGet(ctx, cmd, `No module named '${missing}'`) };
    }
  }
  if (!def) return { kind: 'error', raise: failedToGet(ctx, cmd, `'${cmd}'`) };
  return { kind: 'method', def, cmd };
}

/** is_whitelisted + is_valid_http_method, then the call. */
export function executeMethod(ctx: DocContext, resolution: Resolution, httpMethod: string, args: Record<string, unknown>): unknown {
  if (resolution.kind === 'error') return resolution.raise();
  const { def, cmd } = resolution;
  if (ctx.isGuest && !def.allowGuest) notWhitelisted(ctx, cmd)();
  const verbs = def.methods ?? ALL_VERBS;
  if (!verbs.includes(httpMethod)) ctx.throw('Not permitted', 'PermissionError');
  return def.call(ctx, args);
}

/** True when the command is a whitelisted write (for the commit-then-fail fault). */
export function isWriteMethod(cmd: string): boolean {
  return Boolean(WHITELISTED[cmd]?.write);
}

