import { pyJsonDumps } from '../util';

/** One `frappe.msgprint` entry, keys in the order msgprint sets them. */
export interface ServerMessage {
  message: string;
  title: string;
  indicator?: string;
  raise_exception?: 1;
  __frappe_exc_id?: string;
}

/**
 * `_server_messages`: `json.dumps([json.dumps(d) for d in message_log])` — both levels with Python's
 * default separators, so the value is a string holding a JSON array of JSON strings.
 */
export function encodeServerMessages(messages: readonly ServerMessage[]): string {
  return pyJsonDumps(messages.map((m) => pyJsonDumps(m)));
}

/** `frappe.bold`. */
export function bold(value: unknown): string {
  return `<strong>${String(value)}</strong>`;
}

/** Frappe's `quoted` (urllib quote with its safe set) for `/app/...` links. */
export function quoted(value: string): string {
  const safe = new Set("~@#$&()*!+=:;,.?/'-_".split(''));
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9]/.test(ch) || safe.has(ch)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `frappe.scrub` + slug for doctypes in desk URLs: "Mode of Payment" -> "mode-of-payment". */
export function slugDoctype(doctype: string): string {
  return doctype.toLowerCase().replace(/ /g, '-');
}

/** `get_link_to_form(doctype, name)`, as the fact sheet quotes it (a site-relative `/app/` link). */
export function linkToForm(doctype: string, name: string, label?: string): string {
  return `<a href="/app/${slugDoctype(doctype)}/${quoted(name)}">${label ?? name}</a>`;
}
