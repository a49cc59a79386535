import { isErpNextError, retryAfterOf, retryDelayMs, type RetryPolicy } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import type { StepContext, StepLogger } from '../step';

/**
 * The one mechanism every step uses to write to ERPNext without ever writing twice.
 *
 * Contract: look → (if not there) write once → on a retryable failure wait, then LOOK AGAIN before
 * writing again. An ambiguous failure (timeout, dropped connection, 5xx, commit-then-fail) may have
 * landed, so the next look decides; a write is only repeated when the look proves it did not land.
 * After `tries` writes the last retryable error is rethrown: BullMQ then retries the whole step with
 * its own backoff, and the step starts again with a look. Permanent errors go out at once (through
 * `mapError`, which turns known ERPNext messages into domain errors with precise hints).
 */
export interface WriteRetry {
  tries: number;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: StepLogger;
  signal: AbortSignal;
}

const DEFAULT_TRIES = 3;
const DEFAULT_POLICY: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 5_000 };

/** A timer that rejects with the signal's reason when the step is aborted. */
export function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

export function writeRetryFrom(ctx: StepContext): WriteRetry {
  const cfg = ctx.writeRetry ?? {};
  return {
    tries: Math.max(1, cfg.tries ?? DEFAULT_TRIES),
    policy: { baseDelayMs: cfg.baseDelayMs ?? DEFAULT_POLICY.baseDelayMs, maxDelayMs: cfg.maxDelayMs ?? DEFAULT_POLICY.maxDelayMs },
    sleep: ctx.sleep ?? abortableSleep(ctx.signal),
    random: ctx.random ?? Math.random,
    log: ctx.log,
    signal: ctx.signal,
  };
}

/** What to do with a failed write that is not retryable: look again, or fail with this error. */
export type WriteFailure = { reread: true } | { reread: false; error: unknown };

export interface ConvergeOptions<S, R> {
  /** Names the thing in logs, e.g. "Warehouse Main Store - AC". */
  what: string;
  read: () => Promise<S>;
  /** The result when the wanted state holds, else undefined (then `apply` runs). */
  done: (state: S) => R | undefined;
  /** One write towards the wanted state. May return the result (e.g. the inserted doc). */
  apply: (state: S) => Promise<R | undefined>;
  retry: WriteRetry;
  /**
   * For a permanent failure: `{reread: true}` to look again (a 409 means the doc exists — perhaps
   * from our own earlier ambiguous write), else the error to throw. Default: 409 → look again,
   * anything else is thrown as it is.
   */
  onPermanentError?: (err: unknown, state: S) => WriteFailure;
  /** Thrown when every write "succeeded" but the wanted state never showed up. */
  notConverged?: () => unknown;
}

export interface ConvergeResult<R> {
  result: R;
  /** True when this call wrote (or a write it made may have landed and the look found it). */
  wrote: boolean;
}

const defaultPermanent = (err: unknown): WriteFailure =>
  isErpNextError(err) && err.code === 'ERP_DUPLICATE' ? { reread: true } : { reread: false, error: err };

export async function converge<S, R>(opts: ConvergeOptions<S, R>): Promise<ConvergeResult<R>> {
  const { retry } = opts;
  const onPermanent = opts.onPermanentError ?? defaultPermanent;
  let lastError: unknown;
  let wrote = false;
  for (let attempt = 1; attempt <= retry.tries; attempt++) {
    throwIfAborted(retry.signal);
    const state = await opts.read();
    const found = opts.done(state);
    if (found !== undefined) return { result: found, wrote };
    try {
      const result = await opts.apply(state);
      wrote = true;
      if (result !== undefined) return { result, wrote };
      // The write returned nothing to go on: the next look confirms it.
      continue;
    } catch (err) {
      // Only transport/server failures are retried here; a StepError is the step's own decision.
      if (isErpNextError(err) && err.retryable) {
        lastError = err;
        // A write that failed ambiguously may have landed; one that failed cleanly did not.
        if (isErpNextError(err) && err.ambiguous) wrote = true;
        const delay = retryDelayMs({ attempt, policy: retry.policy, retryAfterMs: retryAfterOf(err), random: retry.random() });
        retry.log.warn({ what: opts.what, attempt, code: codeOf(err), ambiguous: isErpNextError(err) && err.ambiguous, delayMs: delay }, 'write failed; will look again before writing again');
        if (attempt < retry.tries) await retry.sleep(delay);
        continue;
      }
      if (err instanceof StepError) throw err;
      const decision = onPermanent(err, state);
      if (!decision.reread) throw decision.error;
      lastError = err;
      retry.log.info({ what: opts.what, attempt, code: codeOf(err) }, 'write refused; looking again');
    }
  }
  // Out of tries: one last look (the last write may have landed), then hand the error to BullMQ.
  const state = await opts.read();
  const found = opts.done(state);
  if (found !== undefined) return { result: found, wrote };
  if (lastError !== undefined) throw lastError;
  throw opts.notConverged?.() ?? new Error(`${opts.what}: the write reported success but the result cannot be found`);
}

/**
 * For calls that are safe to repeat (login, issuing API keys, a PUT of absolute values): retry
 * transient failures a few times, then hand the last one to BullMQ.
 */
export async function retryIdempotent<T>(what: string, fn: () => Promise<T>, retry: WriteRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(retry.signal);
    try {
      return await fn();
    } catch (err) {
      if (!(isErpNextError(err) && err.retryable) || attempt >= retry.tries) throw err;
      const delay = retryDelayMs({ attempt, policy: retry.policy, retryAfterMs: retryAfterOf(err), random: retry.random() });
      retry.log.warn({ what, attempt, code: err.code, delayMs: delay }, 'call failed; retrying');
      await retry.sleep(delay);
    }
  }
}

export interface EnsureDocOptions<T> {
  what: string;
  /** Looks the document up; null when it does not exist. */
  find: () => Promise<T | null>;
  create: () => Promise<T>;
  retry: WriteRetry;
  /** Maps a permanent create failure to a domain error (return the error to throw). */
  mapError?: (err: unknown) => unknown;
}

/** find → create → on failure find again → ...; never creates a document the find can see. */
export async function ensureDoc<T>(opts: EnsureDocOptions<T>): Promise<{ doc: T; created: boolean }> {
  const { result, wrote } = await converge<T | null, T>({
    what: opts.what,
    read: opts.find,
    done: (doc) => doc ?? undefined,
    apply: async () => opts.create(),
    retry: opts.retry,
    onPermanentError: (err) => {
      if (isErpNextError(err) && err.code === 'ERP_DUPLICATE') return { reread: true };
      return { reread: false, error: opts.mapError ? opts.mapError(err) : err };
    },
  });
  return { doc: result, created: wrote };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function codeOf(err: unknown): string {
  if (isErpNextError(err)) return err.code;
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : 'UNKNOWN';
}
