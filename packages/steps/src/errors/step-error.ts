import { isErpNextError } from '@provisioner/erpnext-client';
import { ERROR_CATALOG, type ErrorCode } from './error-catalog';
import { domainCodeForErp } from './frappe-messages';

/** What a step failure becomes on the step row and in the API: `{code, message, hint, retryable}`. */
export interface ClassifiedError {
  code: string;
  message: string;
  hint: string;
  retryable: boolean;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

/** A domain failure raised by a step, with a stable code from the catalog. */
export class StepError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly hint: string;
  readonly retryAfterMs: number | undefined;
  /** What the step learned before failing (e.g. refused abbreviations); the worker persists it. */
  statePatch: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; retryable?: boolean; retryAfterMs?: number; cause?: unknown; statePatch?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StepError';
    this.code = code;
    const entry = ERROR_CATALOG[code];
    this.retryable = options.retryable ?? entry.retryable;
    this.hint = options.hint ?? entry.hint;
    this.retryAfterMs = options.retryAfterMs;
    this.statePatch = options.statePatch;
  }
}

/**
 * Attaches what a failing step learned to the error it throws (any error: a StepError or the
 * client's ErpNextError), so the worker can merge it into the company's state before retrying.
 */
export function withStatePatch<E>(err: E, patch: Record<string, unknown>): E {
  if (err !== null && typeof err === 'object') {
    const target = err as { statePatch?: Record<string, unknown> };
    target.statePatch = { ...(target.statePatch ?? {}), ...patch };
  }
  return err;
}

/** Every failure, known or not, gets a code, a hint and a retry decision (SPEC §7). */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof StepError) {
    return { code: err.code, message: err.message, hint: err.hint, retryable: err.retryable, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
  if (isErpNextError(err)) {
    // A validation message we know (e.g. the POS "Missing Account" error) gets its domain code and
    // hint; the message stays ERPNext's own.
    const domain = domainCodeForErp(err);
    if (domain !== undefined) {
      const d = ERROR_CATALOG[domain];
      return { code: domain, message: err.message, hint: d.hint, retryable: d.retryable };
    }
    const entry = ERROR_CATALOG[err.code];
    return {
      code: err.code,
      message: err.message,
      hint: entry.hint,
      retryable: err.retryable,
      ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const entry = ERROR_CATALOG.INTERNAL_ERROR;
  return { code: 'INTERNAL_ERROR', message, hint: entry.hint, retryable: entry.retryable };
}
