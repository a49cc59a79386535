import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { companies, runSteps } from '../schema';
import { appendEvent } from '../repositories/events';
import { holdClaim, type StepClaim } from './fence';
import { refreshProgress } from './progress';
import type { RunCatalog } from './run-catalog';

export interface CompleteStepInput extends StepClaim {
  companyId: string;
  status: 'completed' | 'skipped';
  output: Record<string, unknown>;
  /** Merged into companies.erp (what later steps and later runs know). */
  statePatch?: Record<string, unknown>;
  /** The abbreviation ERPNext accepted, when the company step learned it. */
  acceptedAbbr?: string;
  siteCredentialsEnc?: string;
  message: string;
}

/** `applied: false` = the claim no longer held (stale job, finished run): nothing was written. */
export interface FencedResult {
  applied: boolean;
}

/**
 * Records a step's success and everything it learned (ERPNext state, the accepted abbreviation, site
 * credentials) — fenced: only while the caller's claim holds and the run is not finished.
 */
export async function completeStep(db: Database, catalog: RunCatalog, input: CompleteStepInput): Promise<FencedResult> {
  return db.transaction(async (tx) => {
    const held = await holdClaim(tx, input);
    if (!held) return { applied: false };
    await tx
      .update(runSteps)
      .set({ status: input.status, output: input.output, error: null, leaseUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(runSteps.id, held.step.id));
    const set: Record<string, unknown> = { updatedAt: sql`now()` };
    if (input.statePatch && Object.keys(input.statePatch).length > 0) {
      set.erp = sql`${companies.erp} || ${JSON.stringify(input.statePatch)}::jsonb`;
    }
    if (input.acceptedAbbr) set.companyAbbr = input.acceptedAbbr;
    if (input.siteCredentialsEnc) set.siteCredentialsEnc = input.siteCredentialsEnc;
    await tx.update(companies).set(set).where(eq(companies.id, input.companyId));
    const progress = await refreshProgress(tx, input.companyId, catalog);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: input.status === 'completed' ? 'step_completed' : 'step_skipped',
      message: input.message,
      data: { output: input.output, progress },
    });
    return { applied: true };
  });
}
