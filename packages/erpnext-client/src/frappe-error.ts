import { ErpNextError, type ErpErrorCode } from './erpnext-error';

/**
 * Turns a Frappe v15 error response into our error shape — the ONLY place that reads Frappe error
 * bodies (FRAPPE_REST_FACTS §3, §4): `exc_type` always; `_server_messages` is a JSON string holding an
 * array of JSON strings, each a message object whose `message` may contain HTML; else
 * `_error_message`; else exc_type plus the status.
 */
export interface FrappeErrorBody {
  exc_type?: unknown;
  _server_messages?: unknown;
  _error_message?: unknown;
  message?: unknown;
}

export function stripHtml(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses the double-encoded `_server_messages`; tolerates single encoding and plain strings. */
export function parseServerMessages(raw: unknown): string[] {
  if (typeof raw !== 'string' || raw.length === 0) return [];
  let outer: unknown;
  try {
    outer = JSON.parse(raw);
  } catch {
    return [stripHtml(raw)];
  }
  const list = Array.isArray(outer) ? outer : [outer];
  const out: string[] = [];
  for (const item of list) {
    let inner: unknown = item;
    if (typeof item === 'string') {
      try {
        inner = JSON.parse(item);
      } catch {
        inner = item;
      }
    }
    if (typeof inner === 'string') out.push(stripHtml(inner));
    else if (inner && typeof inner === 'object' && typeof (inner as { message?: unknown }).message === 'string') {
      out.push(stripHtml((inner as { message: string }).message));
    }
  }
  return out.filter((m) => m.length > 0);
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * ERPNext v15's Company.on_update appends the new company's row to the shared Mode of Payment "Cash".
 * When another Company insert commits while this one is in flight, this one sees the other's row
 * but not its account and fails with this LinkValidationError; the whole insert rolls back, so it is
 * a transient conflict, not bad data (FRAPPE_REST_FACTS §10).
 */
const CONCURRENT_COMPANY_INSERT = /Could not find Row #\d+: Default Account: /;

function codeFor(status: number, excType: string | undefined, messages: readonly string[]): { code: ErpErrorCode; ambiguous: boolean } {
  if (status === 417 && excType === 'LinkValidationError' && messages.some((m) => CONCURRENT_COMPANY_INSERT.test(m))) {
    return { code: 'ERP_CONCURRENT_CONFLICT', ambiguous: false };
  }
  if (excType === 'TimestampMismatchError') return { code: 'ERP_TIMESTAMP_MISMATCH', ambiguous: false };
  if (excType === 'QueryDeadlockError' || excType === 'QueryTimeoutError') return { code: 'ERP_DEADLOCK', ambiguous: false };
  if (status === 401) return { code: 'ERP_AUTH_FAILED', ambiguous: false };
  if (status === 403) return { code: 'ERP_PERMISSION_DENIED', ambiguous: false };
  if (status === 404) return { code: 'ERP_NOT_FOUND', ambiguous: false };
  if (status === 409) return { code: 'ERP_DUPLICATE', ambiguous: false };
  if (status === 417) return { code: 'ERP_VALIDATION', ambiguous: false };
  if (status === 429) return { code: 'ERP_RATE_LIMITED', ambiguous: false };
  if (status === 503) return { code: 'ERP_UNAVAILABLE', ambiguous: false };
  if (status >= 500) return { code: 'ERP_SERVER_ERROR', ambiguous: true };
  if (status >= 400) return { code: 'ERP_BAD_REQUEST', ambiguous: false };
  return { code: 'ERP_BAD_RESPONSE', ambiguous: true };
}

export interface HttpFailure {
  status: number;
  bodyText: string;
  retryAfter?: string | null;
  method: string;
  path: string;
}

export function errorFromResponse(f: HttpFailure): ErpNextError {
  let body: FrappeErrorBody | undefined;
  try {
    const parsed: unknown = JSON.parse(f.bodyText);
    if (parsed && typeof parsed === 'object') body = parsed as FrappeErrorBody;
  } catch {
    body = undefined;
  }
  const excType = typeof body?.exc_type === 'string' ? body.exc_type : undefined;
  let messages = parseServerMessages(body?._server_messages);
  if (messages.length === 0 && typeof body?._error_message === 'string') messages = [stripHtml(body._error_message)];
  const { code, ambiguous } = codeFor(f.status, excType, messages);
  const summary =
    messages.length > 0
      ? messages.join('; ')
      : `${excType ?? (body ? 'Error' : 'Non-JSON response')} (HTTP ${f.status})`;
  return new ErpNextError({
    code,
    message: `${f.method} ${f.path}: ${summary}`,
    status: f.status,
    ...(excType ? { excType } : {}),
    messages,
    ambiguous: ambiguous && f.method !== 'GET',
    ...(parseRetryAfter(f.retryAfter) !== undefined ? { retryAfterMs: parseRetryAfter(f.retryAfter) } : {}),
    method: f.method,
    path: f.path,
  });
}
