import type { BackoffPolicy } from '@provisioner/jobs';
import type { ClassifiedError } from '@provisioner/steps';
import { stepRetryDelay } from './backoff';

/*
 * What happens after a step's try, as one pure function (STYLE.md: the decision is data, unit
 * tested). The processor feeds it what step.run produced and writes what it answers through the
 * fenced transitions.
 */

export type StepTry =
  | { kind: 'ok'; status: 'completed' | 'skipped' }
  | { kind: 'error'; error: ClassifiedError };

/** Why the step's signal aborted, if it did: the run's deadline, or the claim lost to another job. */
export type AbortCause = 'deadline' | 'claim_lost' | null;

export interface OutcomeInput {
  tried: StepTry;
  aborted: AbortCause;
  /** This try, 1-based (BullMQ's attemptsMade + 1). */
  attempt: number;
  /** Tries allowed in all (the job's attempts, the catalog's by default). */
  attempts: number;
  critical: boolean;
  backoff: BackoffPolicy;
  backoffScale: number;
  /** The hint stored with DEADLINE_EXCEEDED. */
  deadlineHint: string;
  /** For the deadline's message: "Run #3 passed its deadline during company". */
  runNo: number;
  stepKey: string;
  /** In [0,1): the retry delay's jitter (injected, so the function stays pure). */
  random: number;
  /** Earlier tries of this job that waited out an outage without spending an attempt. */
  waitsSoFar?: number;
}

export interface StoredError {
  code: string;
  message: string;
  hint: string;
  retryable: boolean;
}

export type Outcome =
  | { kind: 'complete'; status: 'completed' | 'skipped' }
  | { kind: 'retry'; error: StoredError; delayMs: number }
  /** ERPNext says it is unavailable for now: wait without spending an attempt (bounded by the deadline). */
  | { kind: 'wait'; error: StoredError; delayMs: number }
  | { kind: 'fail'; error: StoredError; critical: boolean }
  /** The claim went to another job: this try's result is not ours to write. */
  | { kind: 'drop' };

/**
 * ERPNext telling us it is not available right now — maintenance or read-only mode during a migration
 * (503), its web server down (connection refused), or rate limiting (429) — is an outage, not a fault
 * of the step: it may last many minutes. Such tries spend no attempt; the step waits (backoff capped
 * at a minute, at least Retry-After) until ERPNext is back or the run's deadline ends the run.
 */
export const OUTAGE_CODES: ReadonlySet<string> = new Set(['ERP_UNAVAILABLE', 'ERP_UNREACHABLE', 'ERP_RATE_LIMITED']);
const OUTAGE_MAX_WAIT_MS = 60_000;

export function decideOutcome(input: OutcomeInput): Outcome {
  const { tried } = input;
  // A step that finished did its work: record it (the fence still decides whether it applies).
  if (tried.kind === 'ok') return { kind: 'complete', status: tried.status };
  if (input.aborted === 'claim_lost') return { kind: 'drop' };
  if (input.aborted === 'deadline') {
    // The deadline ends the run whichever step it caught, optional or not; say so, not "aborted".
    return {
      kind: 'fail',
      critical: true,
      error: {
        code: 'DEADLINE_EXCEEDED',
        message: `Run #${input.runNo} passed its deadline during ${input.stepKey}`,
        hint: input.deadlineHint,
        retryable: false,
      },
    };
  }
  const c = tried.error;
  const error: StoredError = { code: c.code, message: c.message, hint: c.hint, retryable: c.retryable };
  if (c.retryable && OUTAGE_CODES.has(c.code)) {
    const waits = (input.waitsSoFar ?? 0) + 1;
    const delayMs = Math.min(Math.max(OUTAGE_MAX_WAIT_MS, c.retryAfterMs ?? 0), stepRetryDelay(input.backoff, waits, c.retryAfterMs, input.backoffScale, input.random));
    return { kind: 'wait', error, delayMs };
  }
  if (c.retryable && input.attempt < input.attempts) {
    return { kind: 'retry', error, delayMs: stepRetryDelay(input.backoff, input.attempt, c.retryAfterMs, input.backoffScale, input.random) };
  }
  return { kind: 'fail', error, critical: input.critical };
}
