import { asObject, asString, type JsonObject } from './json-access';

/**
 * `_server_messages` is double-encoded (FRAPPE_REST_FACTS §4): a JSON string holding an array of
 * strings, each a JSON message object. Decoding reports the first layer that is not what v15
 * sends, because that difference is itself a conformance finding.
 */
export interface ServerMessage {
  message: string;
  title?: string;
  indicator?: string;
  raw: JsonObject;
}

export interface DecodedMessages {
  present: boolean;
  messages: ServerMessage[];
  /** Why the field is not v15's shape, when it is not. */
  problem?: string;
  /** The inner strings as sent (to check their `json.dumps` separators). */
  innerStrings: string[];
}

export function decodeServerMessages(body: unknown): DecodedMessages {
  const field = asObject(body)?._server_messages;
  if (field === undefined) return { present: false, messages: [], innerStrings: [] };
  if (typeof field !== 'string') return { present: true, messages: [], innerStrings: [], problem: `_server_messages is a ${Array.isArray(field) ? 'array' : typeof field}, not a JSON string` };
  let outer: unknown;
  try {
    outer = JSON.parse(field);
  } catch {
    return { present: true, messages: [], innerStrings: [], problem: '_server_messages is not JSON' };
  }
  if (!Array.isArray(outer)) return { present: true, messages: [], innerStrings: [], problem: '_server_messages does not hold a JSON array' };
  const messages: ServerMessage[] = [];
  const innerStrings: string[] = [];
  for (const item of outer) {
    if (typeof item !== 'string') return { present: true, messages, innerStrings, problem: '_server_messages holds objects, not JSON strings (encoded once, not twice)' };
    innerStrings.push(item);
    let inner: unknown;
    try {
      inner = JSON.parse(item);
    } catch {
      return { present: true, messages, innerStrings, problem: 'an entry of _server_messages is not JSON' };
    }
    const object = asObject(inner);
    if (!object) return { present: true, messages, innerStrings, problem: 'an entry of _server_messages is not a JSON object' };
    messages.push({
      message: stripHtml(asString(object.message) ?? ''),
      ...(typeof object.title === 'string' ? { title: object.title } : {}),
      ...(typeof object.indicator === 'string' ? { indicator: object.indicator } : {}),
      raw: object,
    });
  }
  return { present: true, messages, innerStrings };
}

/** The message texts of a response, HTML stripped (v15 wraps names in `<strong>` and links). */
export function messageTexts(body: unknown): string[] {
  return decodeServerMessages(body).messages.map((m) => m.message);
}

export function stripHtml(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
