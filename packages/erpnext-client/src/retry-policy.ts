import { isErpNextError } from './erpnext-error';

/**
 * When to retry and how long to wait: a pure function of the error and the attempt count, so the
 * client's read retries, the steps' write retries and the worker's BullMQ backoff all agree.
 * Exponential backoff with full jitter between half and all of the capped exponential delay; a
 * server's Retry-After is a floor (we never come back sooner than it asked).
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryDelayInput {
  /** 1 for the wait after the first failure. */
  attempt: number;
  policy: RetryPolicy;
  retryAfterMs?: number | undefined;
  /** A number in [0, 1): injected so tests are deterministic. */
  random: number;
}

export function retryDelayMs({ attempt, policy, retryAfterMs, random }: RetryDelayInput): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp / 2 + (exp / 2) * random);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    // Retry-After may exceed our own cap: the server knows best when it will be back.
    return Math.max(jittered, Math.round(retryAfterMs));
  }
  return jittered;
}

/** Unknown errors (bugs, unexpected throws) are not retried: retrying a bug only repeats it. */
export function isRetryableError(err: unknown): boolean {
  if (isErpNextError(err)) return err.retryable;
  const flagged = err as { retryable?: unknown } | null;
  return typeof flagged?.retryable === 'boolean' ? flagged.retryable : false;
}

export function retryAfterOf(err: unknown): number | undefined {
  const e = err as { retryAfterMs?: unknown } | null;
  return typeof e?.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
}
