import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { runs, runSteps } from '../schema';
import { leaseFromNow, type StepClaim } from './fence';

/**
 * Extends the claim's lease while its step runs. Answers false when the claim no longer holds (taken
 * over, failed by the deadline sweep, the run finished): the caller should stop the step, whatever it
 * writes would be dropped. Does not touch updated_at (the sweep's "last change" of a run).
 */
export async function renewStepLease(db: Database, claim: StepClaim & { leaseMs: number }): Promise<boolean> {
  const rows = await db
    .update(runSteps)
    .set({ leaseUntil: leaseFromNow(claim.leaseMs) })
    .where(
      and(
        eq(runSteps.runId, claim.runId),
        eq(runSteps.stepKey, claim.stepKey),
        eq(runSteps.claimToken, claim.claimToken),
        eq(runSteps.status, 'running'),
        inArray(runSteps.runId, db.select({ id: runs.id }).from(runs).where(and(eq(runs.id, claim.runId), inArray(runs.status, ['queued', 'running'])))),
      ),
    )
    .returning({ id: runSteps.id });
  return rows.length > 0;
}
