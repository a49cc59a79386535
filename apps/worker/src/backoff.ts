import { retryDelayMs } from '@provisioner/erpnext-client';
import type { BackoffPolicy } from '@provisioner/jobs';

/**
 * The wait before a step's next try, from the catalog's policy (scaled by BACKOFF_SCALE) and the
 * server's Retry-After. The processor computes it once, writes it in the step's event, and hands
 * it to BullMQ through the thrown error, so what an operator reads is what BullMQ does.
 */
export function stepRetryDelay(policy: BackoffPolicy, attempt: number, retryAfterMs: number | undefined, scale: number, random = Math.random()): number {
  return retryDelayMs({
    attempt,
    policy: { baseDelayMs: policy.baseDelayMs * scale, maxDelayMs: policy.maxDelayMs * scale },
    retryAfterMs,
    random,
  });
}

/** Carries the computed delay from the processor to the worker's backoffStrategy. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

export function backoffStrategyDelay(err: Error | undefined): number {
  if (err instanceof RetryLaterError) return err.delayMs;
  const delay = (err as { delayMs?: unknown } | undefined)?.delayMs;
  return typeof delay === 'number' ? delay : 1_000;
}

/**
 * The waits before a step job runs again after our own bookkeeping failed (Postgres or Redis down or
 * restarting): 2 s, 5 s, 15 s, 30 s, then every 60 s — long enough to ride out a restart, and never
 * counted against the step's attempts (the job is moved to delayed, not failed).
 */
export const BOOKKEEPING_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000, 30_000, 60_000];

export function bookkeepingRetryDelay(retriesSoFar: number): number {
  const i = Math.max(0, Math.min(retriesSoFar, BOOKKEEPING_RETRY_DELAYS_MS.length - 1));
  return BOOKKEEPING_RETRY_DELAYS_MS[i] ?? 60_000;
}

/**
 * Our database or Redis failed while we recorded a step (beginStep, completeStep, failStep,
 * recordStepRetry, finishRun): not the step's failure, and never stored on a step, an event or an
 * email. The message is plain; the driver's error (with its SQL and parameters) stays in `cause`, for
 * the log only.
 */
export class BookkeepingError extends Error {
  readonly code: string;
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`recording the step failed (${operation}): our database or queue is unavailable`, { cause });
    this.name = 'BookkeepingError';
    this.code = driverCodeOf(cause);
  }
}

/** The driver's code (a Postgres SQLSTATE, ECONNREFUSED, …) without its message, which may carry SQL. */
export function driverCodeOf(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}
