import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { companies, runs, runSteps, type RunRow } from '../schema';
import { appendEvent } from '../repositories/events';
import { ABANDONED } from '../repositories/step-done';
import { queueOutcomeEmail } from './queue-email';

/**
 * Ends a run Failed (the caller holds the run's row lock): its pending steps become skipped
 * (abandoned, so continue reruns them), the company goes Failed when this is its current run, and the
 * failure email is put in the outbox. Answers the outbox id to enqueue, if any.
 */
export async function failRunInTx(tx: DbOrTx, run: RunRow, note: string): Promise<number | null> {
  const pending = await tx
    .update(runSteps)
    .set({ status: 'skipped', output: { reason: 'an earlier step failed', [ABANDONED]: true }, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(runSteps.runId, run.id), inArray(runSteps.status, ['pending'])))
    .returning({ stepKey: runSteps.stepKey });
  await tx.update(runs).set({ status: 'failed', finishedAt: sql`now()` }).where(eq(runs.id, run.id));
  const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
  if (!company) return null;
  const isCurrent = company.currentRunId === run.id;
  if (isCurrent) {
    await tx
      .update(companies)
      .set({ status: 'Failed', provisioningCompletedAt: sql`now()`, provisioningNotes: note, updatedAt: sql`now()` })
      .where(eq(companies.id, company.id));
    await appendEvent(tx, {
      companyId: company.id,
      runId: run.id,
      type: 'status_changed',
      message: `Status ${company.status} → Failed`,
      data: { from: company.status, to: 'Failed', note, skipped: pending.map((p) => p.stepKey) },
    });
  }
  await appendEvent(tx, { companyId: company.id, runId: run.id, type: 'run_finished', message: `Run #${run.runNo} failed`, data: { outcome: 'failed' } });
  return isCurrent ? queueOutcomeEmail(tx, company, run.id, 'failure') : null;
}
