import { and, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { runs, runSteps, type StepErrorJson } from '../schema';
import { appendEvent } from '../repositories/events';
import { failRunInTx } from './fail-run';
import type { RunCatalog } from './run-catalog';

export interface OverdueRun {
  companyId: string;
  runId: number;
  outboxId: number | null;
}

/**
 * Ends overdue runs Failed with DEADLINE_EXCEEDED; answers the failure emails to send. Only runs
 * whose deadline started (deadline_at is set when the first step begins): a run waiting in the
 * queue is never overdue. The step in flight loses its claim here, so its job's result is dropped.
 */
export async function failOverdueRuns(db: Database, catalog: RunCatalog): Promise<OverdueRun[]> {
  const overdue = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(inArray(runs.status, ['queued', 'running']), isNotNull(runs.deadlineAt), lt(runs.deadlineAt, sql`now()`)))
    .limit(50);
  const out: OverdueRun[] = [];
  for (const { id } of overdue) {
    const res = await db.transaction(async (tx) => {
      const [run] = await tx.select().from(runs).where(eq(runs.id, id)).for('update');
      if (!run || !['queued', 'running'].includes(run.status)) return null;
      const error: StepErrorJson = {
        code: 'DEADLINE_EXCEEDED',
        message: `Run #${run.runNo} did not finish before its deadline`,
        hint: catalog.deadlineHint,
        retryable: false,
      };
      const stuck = await tx
        .update(runSteps)
        .set({ status: 'failed', error, leaseUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(runSteps.runId, run.id),
            // the step in flight, or one waiting for its retry
            or(eq(runSteps.status, 'running'), and(eq(runSteps.status, 'pending'), gt(runSteps.attempts, 0))),
          ),
        )
        .returning({ stepKey: runSteps.stepKey });
      for (const s of stuck) {
        await appendEvent(tx, { companyId: run.companyId, runId: run.id, stepKey: s.stepKey, type: 'step_failed', message: `Step ${s.stepKey} failed: DEADLINE_EXCEEDED`, data: { error } });
      }
      const outboxId = await failRunInTx(tx, run, `DEADLINE_EXCEEDED: ${error.message}`);
      return { companyId: run.companyId, runId: run.id, outboxId };
    });
    if (res) out.push(res);
  }
  return out;
}
