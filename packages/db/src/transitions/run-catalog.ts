import type { StepKeyValue } from '../schema';

/**
 * The step catalog's facts the state machine needs (db imports no workspace package, so the worker
 * hands them over once, to createRunTransitions, instead of on every call).
 */
export interface RunCatalog {
  /** Share of the progress bar each step is worth once done (they add up to 100). */
  weight: Readonly<Record<StepKeyValue, number>>;
  /** A critical step's terminal failure fails the run; an optional one leaves it Partial. */
  critical: Readonly<Record<StepKeyValue, boolean>>;
  /** The operator hint stored with DEADLINE_EXCEEDED. */
  deadlineHint: string;
}
