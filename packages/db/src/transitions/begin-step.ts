import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { companies, runs, runSteps, type CompanyRow, type RunRow, type RunStepRow, type StepKeyValue } from '../schema';
import { appendEvent } from '../repositories/events';
import { leaseFromNow } from './fence';
import { isRunFinished } from './status-transitions';

export interface BeginStepInput {
  runId: number;
  stepKey: StepKeyValue;
  /** The epoch in the job's data: a job of an older epoch than the run's is stale. */
  epoch: number;
  /** How long the claim holds without renewal (the worker renews it while the step runs). */
  leaseMs: number;
}

export type BeginStepSkipReason = 'run_not_found' | 'run_finished' | 'not_current_run' | 'step_done' | 'step_not_in_run' | 'stale_epoch';

export type BeginStepResult =
  | {
      kind: 'run';
      company: CompanyRow;
      run: RunRow;
      step: RunStepRow;
      attempt: number;
      /** The fence: completeStep, failStep and recordStepRetry apply only with this token. */
      claimToken: string;
      leaseUntil: Date;
    }
  | { kind: 'skip'; reason: BeginStepSkipReason }
  /** Another job holds the step under a lease that has not expired: try again after `leaseUntil`. */
  | { kind: 'skip'; reason: 'claimed_elsewhere'; leaseUntil: Date };

/**
 * Claims the step: `running`, attempts + 1, a fresh claim token and a lease. On the run's first step
 * it also moves the run to running and the company to Provisioning, and starts the run's deadline
 * (deadline_at = now() + deadline_ms: time spent waiting in the queue never counts).
 *
 * Answers `skip` when the job is stale (its run finished, a newer run or epoch replaced it, the step
 * is done) and `claimed_elsewhere` when the step is running under another job's live lease. A
 * running step whose lease expired (its worker died or stalled) is taken over.
 */
export async function beginStep(db: Database, input: BeginStepInput): Promise<BeginStepResult> {
  const { runId, stepKey } = input;
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
    if (!run) return { kind: 'skip', reason: 'run_not_found' };
    if (isRunFinished(run.status)) return { kind: 'skip', reason: 'run_finished' };
    if (input.epoch !== run.epoch) return { kind: 'skip', reason: 'stale_epoch' };
    const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
    if (!company || company.currentRunId !== run.id) return { kind: 'skip', reason: 'not_current_run' };
    const [found] = await tx
      .select({ step: runSteps, leaseLive: sql<boolean>`coalesce(${runSteps.leaseUntil} > now(), false)` })
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), eq(runSteps.stepKey, stepKey)))
      .for('update');
    if (!found) return { kind: 'skip', reason: 'step_not_in_run' };
    const { step, leaseLive } = found;
    if (step.status === 'completed' || step.status === 'skipped' || step.status === 'failed') return { kind: 'skip', reason: 'step_done' };
    if (step.status === 'running' && leaseLive && step.leaseUntil) return { kind: 'skip', reason: 'claimed_elsewhere', leaseUntil: step.leaseUntil };

    let current = run;
    if (run.status === 'queued' || (run.deadlineAt === null && run.deadlineMs !== null)) {
      const [updated] = await tx
        .update(runs)
        .set({
          status: 'running',
          startedAt: run.startedAt ?? sql`now()`,
          ...(run.deadlineAt === null && run.deadlineMs !== null ? { deadlineAt: leaseFromNow(run.deadlineMs) } : {}),
        })
        .where(eq(runs.id, runId))
        .returning();
      if (updated) current = updated;
    }
    let currentCompany = company;
    if (company.status === 'Queued') {
      const [updated] = await tx
        .update(companies)
        .set({ status: 'Provisioning', provisioningStartedAt: company.provisioningStartedAt ?? sql`now()`, updatedAt: sql`now()` })
        .where(eq(companies.id, company.id))
        .returning();
      if (updated) currentCompany = updated;
      await appendEvent(tx, {
        companyId: company.id,
        runId,
        type: 'status_changed',
        message: 'Status Queued → Provisioning',
        data: { from: 'Queued', to: 'Provisioning' },
      });
    }
    const attempt = step.attempts + 1;
    const claimToken = randomUUID();
    const takeover = step.status === 'running';
    const [started] = await tx
      .update(runSteps)
      .set({
        status: 'running',
        attempts: attempt,
        claimToken,
        leaseUntil: leaseFromNow(input.leaseMs),
        startedAt: step.startedAt ?? sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(runSteps.id, step.id))
      .returning();
    if (!started?.leaseUntil) throw new Error('step claim returned no row');
    await appendEvent(tx, {
      companyId: company.id,
      runId,
      stepKey,
      type: 'step_started',
      message:
        attempt === 1
          ? `Step ${stepKey} started`
          : `Step ${stepKey} started (attempt ${attempt}${takeover ? ', taken over from a worker whose lease expired' : ''})`,
      data: { attempt, ...(takeover ? { takeover: true } : {}) },
    });
    return { kind: 'run', company: currentCompany, run: current, step: started, attempt, claimToken, leaseUntil: started.leaseUntil };
  });
}
