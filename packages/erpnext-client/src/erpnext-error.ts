/**
 * Every code, and whether it is transient (graphile's RETRYABLE_ERROR_CODES as one table): failures of
 * the server or the network are retried; what ERPNext refused on purpose is not.
 */
const ERP_CODE_RETRYABLE = {
  ERP_UNREACHABLE: true,
  ERP_TIMEOUT: true,
  ERP_CONNECTION_DROPPED: true,
  ERP_RATE_LIMITED: true,
  ERP_UNAVAILABLE: true,
  ERP_DEADLOCK: true,
  ERP_SERVER_ERROR: true,
  ERP_BAD_RESPONSE: true,
  ERP_TIMESTAMP_MISMATCH: true,
  ERP_CONCURRENT_CONFLICT: true,
  ERP_AUTH_FAILED: false,
  ERP_PERMISSION_DENIED: false,
  ERP_NOT_FOUND: false,
  ERP_DUPLICATE: false,
  ERP_VALIDATION: false,
  ERP_BAD_REQUEST: false,
} as const;
export type ErpErrorCode = keyof typeof ERP_CODE_RETRYABLE;
export const ERP_ERROR_CODES = Object.keys(ERP_CODE_RETRYABLE) as ErpErrorCode[];

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

/**
 * The one error shape every ERPNext failure becomes (STYLE.md "errors are data"). `ambiguous` says the
 * write may have been committed even though we saw a failure (timeout, dropped connection, a 5xx after
 * the request was sent): a step MUST look again before it writes again.
 */
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

export const RETRYABLE_ERP_CODES: ReadonlySet<ErpErrorCode> = new Set(ERP_ERROR_CODES.filter((c) => ERP_CODE_RETRYABLE[c]));

export function isErpNextError(err: unknown): err is ErpNextError {
  return err instanceof ErpNextError;
}
