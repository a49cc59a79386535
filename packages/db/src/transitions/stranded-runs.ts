import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { runs, runSteps, type StepKeyValue } from '../schema';
import { appendEvent } from '../repositories/events';

/**
 * A run that should be moving: queued or running, its flow added to Redis once, and quiet for a
 * while. Whether its current work still has a live job is Redis's to say (the worker's sweep asks).
 */
export interface StrandCandidate {
  runId: number;
  companyId: string;
  epoch: number;
  /** The first step still pending or running: the work the run waits on. */
  currentStep: StepKeyValue;
  /** The steps to re-add, in run order (pending or running). Never empty. */
  remaining: StepKeyValue[];
}

/**
 * Runs whose last change (a step's update, or the run's enqueue) is older than `quietForMs`. A run
 * that just moved is left alone: the flow's next job may be being promoted. When every step is done
 * but the run is not finished (finishRun did not commit), the current work is final_validation's
 * job, which finishes the run on redelivery.
 */
export async function findStrandCandidates(db: Database, quietForMs: number, limit = 200): Promise<StrandCandidate[]> {
  const quiet = sql`now() - (${quietForMs}::int * interval '1 millisecond')`;
  const candidates = await db
    .select({ id: runs.id, companyId: runs.companyId, epoch: runs.epoch })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ['queued', 'running']),
        isNotNull(runs.enqueuedAt),
        lt(runs.enqueuedAt, quiet),
        sql`not exists (select 1 from ${runSteps} s where s.run_id = ${runs.id} and s.updated_at > ${quiet})`,
      ),
    )
    .orderBy(runs.id)
    .limit(limit);
  if (candidates.length === 0) return [];
  const steps = await db
    .select({ runId: runSteps.runId, stepKey: runSteps.stepKey, status: runSteps.status })
    .from(runSteps)
    .where(inArray(runSteps.runId, candidates.map((c) => c.id)))
    .orderBy(runSteps.position);
  return candidates.map((c) => {
    const own = steps.filter((s) => s.runId === c.id);
    const remaining = own.filter((s) => s.status === 'pending' || s.status === 'running').map((s) => s.stepKey);
    const last = own[own.length - 1]?.stepKey ?? 'final_validation';
    const todo = remaining.length > 0 ? remaining : [last];
    return { runId: c.id, companyId: c.companyId, epoch: c.epoch, currentStep: todo[0] ?? last, remaining: todo };
  });
}

/**
 * Moves the run to the next epoch before its remaining steps are added again (compare-and-set on the
 * epoch: of two sweeps that saw the same stranded run, one wins). Jobs of older epochs do nothing
 * from now on. Answers the new epoch, or null when the run moved on meanwhile.
 */
export async function bumpRunEpoch(db: Database, runId: number, fromEpoch: number, steps: readonly StepKeyValue[]): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .update(runs)
      .set({ epoch: fromEpoch + 1, enqueuedAt: sql`now()` })
      .where(and(eq(runs.id, runId), eq(runs.epoch, fromEpoch), inArray(runs.status, ['queued', 'running'])))
      .returning();
    if (!run) return null;
    await appendEvent(tx, {
      companyId: run.companyId,
      runId,
      type: 'run_queued',
      message: `Run #${run.runNo} re-queued: its work had no job in Redis any more (epoch ${run.epoch}; ${steps.join(', ')})`,
      data: { epoch: run.epoch, steps: [...steps], requeued: true },
    });
    return run.epoch;
  });
}

/** The age of the oldest run still waiting in the queue (its first step not begun), or 0. */
export async function oldestQueuedRunAgeSeconds(db: Database): Promise<number> {
  const [row] = await db
    .select({ age: sql<number>`coalesce(extract(epoch from now() - min(${runs.createdAt})), 0)::float8` })
    .from(runs)
    .where(eq(runs.status, 'queued'));
  return Number(row?.age ?? 0);
}
