import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { companies, runs, runSteps, STEP_KEY_VALUES } from '../schema';
import { appendEvent } from '../repositories/events';
import { latestStepRows } from '../repositories/companies';
import { queueOutcomeEmail } from './queue-email';
import type { RunCatalog } from './run-catalog';
import { isRunFinished } from './status-transitions';

export interface FinishRunResult {
  status: 'Active' | 'Partial';
  outboxId: number | null;
}

/**
 * After final_validation completed: Active, or Partial when an optional step failed (the workspace
 * is usable). Puts the success email in the outbox in the same transaction. Idempotent: answers null
 * when the run is already finished or its final_validation has not completed (a redelivered job may
 * call it again).
 */
export async function finishRun(db: Database, catalog: RunCatalog, runId: number): Promise<FinishRunResult | null> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
    if (!run || isRunFinished(run.status)) return null;
    const [last] = await tx
      .select({ status: runSteps.status })
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), eq(runSteps.stepKey, 'final_validation')));
    if (last?.status !== 'completed') return null;
    const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
    if (!company) return null;
    const latest = await latestStepRows(tx, company.id);
    const failedOptional = STEP_KEY_VALUES.filter((k) => !catalog.critical[k] && latest.get(k)?.status === 'failed');
    const status = failedOptional.length > 0 ? 'Partial' : 'Active';
    await tx.update(runs).set({ status: status === 'Active' ? 'completed' : 'partial', finishedAt: sql`now()` }).where(eq(runs.id, runId));
    const note =
      status === 'Active' ? 'All steps completed' : `Usable, but optional step(s) failed: ${failedOptional.join(', ')}. POST /continue to retry them.`;
    await tx
      .update(companies)
      .set({ status, progress: 100, provisioningCompletedAt: sql`now()`, provisioningNotes: note, updatedAt: sql`now()` })
      .where(eq(companies.id, company.id));
    await appendEvent(tx, {
      companyId: company.id,
      runId,
      type: 'status_changed',
      message: `Status ${company.status} → ${status}`,
      data: { from: company.status, to: status, progress: 100 },
    });
    await appendEvent(tx, { companyId: company.id, runId, type: 'run_finished', message: `Run #${run.runNo} finished: ${status}`, data: { outcome: status } });
    const outboxId = await queueOutcomeEmail(tx, company, runId, 'success');
    return { status, outboxId };
  });
}
