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
