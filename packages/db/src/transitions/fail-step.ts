import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { runSteps, type StepErrorJson } from '../schema';
import { appendEvent } from '../repositories/events';
import { failRunInTx } from './fail-run';
import { holdClaim, type StepClaim } from './fence';
import { mergeErpState, refreshProgress } from './progress';
import type { RunCatalog } from './run-catalog';

export interface FailStepInput extends StepClaim {
  companyId: string;
  error: StepErrorJson;
  /**
   * Overrides the catalog's criticality: the deadline ends the run whichever step it caught.
   * Defaults to the catalog's.
   */
  critical?: boolean;
  statePatch?: Record<string, unknown>;
}

export interface FailStepResult {
  applied: boolean;
  companyFailed: boolean;
  outboxId: number | null;
}

/**
 * A terminal failure, fenced like completeStep. A critical step fails the run and the company (the
 * steps after it become skipped, a failure email is put in the outbox); an optional one only fails
 * itself.
 */
export async function failStep(db: Database, catalog: RunCatalog, input: FailStepInput): Promise<FailStepResult> {
  const critical = input.critical ?? catalog.critical[input.stepKey];
  return db.transaction(async (tx) => {
    const held = await holdClaim(tx, input);
    if (!held) return { applied: false, companyFailed: false, outboxId: null };
    await tx
      .update(runSteps)
      .set({ status: 'failed', error: input.error, leaseUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(runSteps.id, held.step.id));
    await mergeErpState(tx, input.companyId, input.statePatch);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: 'step_failed',
      message: `Step ${input.stepKey} failed: ${input.error.code}: ${input.error.message}`,
      data: { error: input.error, critical },
    });
    if (!critical) {
      await refreshProgress(tx, input.companyId, catalog);
      return { applied: true, companyFailed: false, outboxId: null };
    }
    const outboxId = await failRunInTx(tx, held.run, `${input.stepKey}: ${input.error.code}: ${input.error.message}`);
    return { applied: true, companyFailed: true, outboxId };
  });
}
