import type { Database } from '../client';
import { beginStep, type BeginStepInput, type BeginStepResult } from './begin-step';
import { completeStep, type CompleteStepInput, type FencedResult } from './complete-step';
import { failStep, type FailStepInput, type FailStepResult } from './fail-step';
import { finishRun, type FinishRunResult } from './finish-run';
import { failOverdueRuns, type OverdueRun } from './overdue-runs';
import { renewStepLease } from './renew-lease';
import { recordStepRetry, type RecordStepRetryInput } from './retry-step';
import type { RunCatalog } from './run-catalog';
import { bumpRunEpoch, findStrandCandidates, oldestQueuedRunAgeSeconds, type StrandCandidate } from './stranded-runs';
import type { StepClaim } from './fence';
import type { StepKeyValue } from '../schema';

/** The worker's side of the state machine, bound once to its database and the step catalog's facts. */
export interface RunTransitions {
  beginStep(input: BeginStepInput): Promise<BeginStepResult>;
  completeStep(input: CompleteStepInput): Promise<FencedResult>;
  recordStepRetry(input: RecordStepRetryInput): Promise<FencedResult>;
  failStep(input: FailStepInput): Promise<FailStepResult>;
  renewStepLease(claim: StepClaim & { leaseMs: number }): Promise<boolean>;
  finishRun(runId: number): Promise<FinishRunResult | null>;
  failOverdueRuns(): Promise<OverdueRun[]>;
  findStrandCandidates(quietForMs: number, limit?: number): Promise<StrandCandidate[]>;
  bumpRunEpoch(runId: number, fromEpoch: number, steps: readonly StepKeyValue[]): Promise<number | null>;
  oldestQueuedRunAgeSeconds(): Promise<number>;
}

/**
 * Postgres is the source of truth (SPEC §4): every change of a step, a run or a company happens in
 * these transitions, in a transaction, with its event appended. Writes of a job are fenced by the
 * claim token beginStep gave it.
 */
export function createRunTransitions(db: Database, catalog: RunCatalog): RunTransitions {
  return {
    beginStep: (input) => beginStep(db, input),
    completeStep: (input) => completeStep(db, catalog, input),
    recordStepRetry: (input) => recordStepRetry(db, input),
    failStep: (input) => failStep(db, catalog, input),
    renewStepLease: (claim) => renewStepLease(db, claim),
    finishRun: (runId) => finishRun(db, catalog, runId),
    failOverdueRuns: () => failOverdueRuns(db, catalog),
    findStrandCandidates: (quietForMs, limit) => findStrandCandidates(db, quietForMs, limit),
    bumpRunEpoch: (runId, fromEpoch, steps) => bumpRunEpoch(db, runId, fromEpoch, steps),
    oldestQueuedRunAgeSeconds: () => oldestQueuedRunAgeSeconds(db),
  };
}
