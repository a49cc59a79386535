import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../client';
import { runs, runSteps, type RunRow, type RunStepRow, type StepKeyValue } from '../schema';
import { isRunFinished } from './status-transitions';

/** What every fenced write names: the step, and the claim token beginStep gave the job. */
export interface StepClaim {
  runId: number;
  stepKey: StepKeyValue;
  claimToken: string;
}

/**
 * The fence. Locks the run, and answers the run and step only while the caller's claim still holds:
 * the run is not finished, and the step is `running` under this very token. A stale job (redelivered
 * after a stall, taken over after its lease, or outlived by the deadline sweep) gets null and MUST
 * write nothing.
 */
export async function holdClaim(tx: Tx, claim: StepClaim): Promise<{ run: RunRow; step: RunStepRow } | null> {
  const [run] = await tx.select().from(runs).where(eq(runs.id, claim.runId)).for('update');
  if (!run || isRunFinished(run.status)) return null;
  const [step] = await tx
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, claim.runId), eq(runSteps.stepKey, claim.stepKey), eq(runSteps.claimToken, claim.claimToken), eq(runSteps.status, 'running')))
    .for('update');
  return step ? { run, step } : null;
}

/** The lease expression: now() + ms, in the database's clock (workers' clocks may disagree). */
export function leaseFromNow(leaseMs: number) {
  return sql`now() + (${leaseMs}::int * interval '1 millisecond')`;
}
