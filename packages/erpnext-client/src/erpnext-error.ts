/**
 * The one error shape every ERPNext failure becomes (STYLE.md "errors are data"). `ambiguous` says the
 * write may have been committed even though we saw a failure (timeout, dropped connection, a 5xx after
 * the request was sent): a step MUST look again before it writes again.
 */
export const ERP_ERROR_CODES = [
  'ERP_UNREACHABLE',
  'ERP_TIMEOUT',
  'ERP_CONNECTION_DROPPED',
  'ERP_RATE_LIMITED',
  'ERP_UNAVAILABLE',
  'ERP_DEADLOCK',
  'ERP_SERVER_ERROR',
  'ERP_BAD_RESPONSE',
  'ERP_TIMESTAMP_MISMATCH',
  'ERP_AUTH_FAILED',
  'ERP_PERMISSION_DENIED',
  'ERP_NOT_FOUND',
  'ERP_DUPLICATE',
  'ERP_VALIDATION',
  'ERP_BAD_REQUEST',
] as const;
export type ErpErrorCode = (typeof ERP_ERROR_CODES)[number];

export interface ErpNextErrorInit {
  code: ErpErrorCode;
  message: string;
  status?: number;
  excType?: string;
  messages?: string[];
  retryAfterMs?: number;
  ambiguous?: boolean;
  method?: string;
  path?: string;
  cause?: unknown;
}

export class ErpNextError extends Error {
  readonly code: ErpErrorCode;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  readonly status: number | undefined;
  readonly excType: string | undefined;
  /** Every message Frappe sent, HTML stripped, in order. */
  readonly messages: string[];
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(init: ErpNextErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ErpNextError';
    this.code = init.code;
    this.retryable = RETRYABLE_ERP_CODES.has(init.code);
    this.ambiguous = init.ambiguous ?? false;
    this.status = init.status;
    this.excType = init.excType;
    this.messages = init.messages ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
  }

  /** True when any Frappe message contains the text (case-insensitive). */
  hasMessage(fragment: string): boolean {
    const f = fragment.toLowerCase();
    return this.messages.some((m) => m.toLowerCase().includes(f));
  }
}

/** graphile-style retryability table: transient failures of the server or the network. */
export const RETRYABLE_ERP_CODES: ReadonlySet<ErpErrorCode> = new Set<ErpErrorCode>([
  'ERP_UNREACHABLE',
  'ERP_TIMEOUT',
  'ERP_CONNECTION_DROPPED',
  'ERP_RATE_LIMITED',
  'ERP_UNAVAILABLE',
  'ERP_DEADLOCK',
  'ERP_SERVER_ERROR',
  'ERP_BAD_RESPONSE',
  'ERP_TIMESTAMP_MISMATCH',
]);

export function isErpNextError(err: unknown): err is ErpNextError {
  return err instanceof ErpNextError;
}
