import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { runSteps, type StepErrorJson } from '../schema';
import { appendEvent } from '../repositories/events';
import type { FencedResult } from './complete-step';
import { holdClaim, type StepClaim } from './fence';
import { mergeErpState } from './progress';

export interface RecordStepRetryInput extends StepClaim {
  companyId: string;
  error: StepErrorJson;
  attempt: number;
  delayMs: number;
  statePatch?: Record<string, unknown>;
}

/**
 * A retryable failure with tries left: the step goes back to `pending` (it is not running while it
 * waits for its retry), its attempts and last error visible. Fenced like completeStep.
 */
export async function recordStepRetry(db: Database, input: RecordStepRetryInput): Promise<FencedResult> {
  return db.transaction(async (tx) => {
    const held = await holdClaim(tx, input);
    if (!held) return { applied: false };
    await tx.update(runSteps).set({ status: 'pending', error: input.error, leaseUntil: null, updatedAt: sql`now()` }).where(eq(runSteps.id, held.step.id));
    await mergeErpState(tx, input.companyId, input.statePatch);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: 'step_retrying',
      message: `Step ${input.stepKey} attempt ${input.attempt} failed (${input.error.code}); retrying in ${Math.round(input.delayMs / 100) / 10}s`,
      data: { error: input.error, attempt: input.attempt, delayMs: input.delayMs },
    });
    return { applied: true };
  });
}
