import type { FrappeResponse } from './frappe-http';
import { asObject, asString } from './json-access';
import { messageTexts, stripHtml } from './server-messages';

export function excType(res: FrappeResponse): string | undefined {
  return asString(asObject(res.body)?.exc_type);
}

/** `_error_message` with HTML stripped. */
export function errorMessage(res: FrappeResponse): string | undefined {
  const text = asString(asObject(res.body)?._error_message);
  return text === undefined ? undefined : stripHtml(text);
}

/** Every human-readable text of an answer: `_server_messages`, then `_error_message`. */
export function allMessages(res: FrappeResponse): string[] {
  const texts = messageTexts(res.body);
  const error = errorMessage(res);
  return error === undefined ? texts : [...texts, error];
}

/** One line for a table cell: `417 LinkValidationError "Could not find Country: X"`. */
export function summarize(res: FrappeResponse, maxLength = 160): string {
  const parts = [String(res.status)];
  const exc = excType(res);
  if (exc) parts.push(exc);
  const first = allMessages(res).find((m) => m.trim() !== '');
  if (first !== undefined) parts.push(JSON.stringify(oneLine(first)));
  else if (exc === undefined && res.body === undefined && res.text) parts.push(`non-JSON body ${JSON.stringify(oneLine(res.text).slice(0, 60))}`);
  return truncate(parts.join(' '), maxLength);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
