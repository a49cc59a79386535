import type { FlowProducer } from 'bullmq';
import type pino from 'pino';
import {
  failOverdueRuns,
  findOutboxAwaitingEnqueue,
  findRunsAwaitingEnqueue,
  markRunEnqueued,
  type Database,
  type EmailKind,
} from '@provisioner/db';
import { addRunFlow } from '@provisioner/jobs';
import { ERROR_CATALOG } from '@provisioner/steps';

/**
 * The backstop of the outbox pattern. The api commits a company and its run first and adds the flow
 * second; if it died in between, the run is `queued` with no `enqueued_at`. Every worker sweeps:
 * - runs committed but never enqueued → add their flow (deterministic job ids: never twice);
 * - outbox emails never enqueued → add their job;
 * - runs past their deadline → Failed with DEADLINE_EXCEEDED and a failure email.
 */
export interface ReconcilerDeps {
  db: Database;
  flowProducer: FlowProducer;
  enqueueEmail(outboxId: number, companyId: string, kind: EmailKind): Promise<void>;
  logger: pino.Logger;
  /** A run or email younger than this is left to the process that created it. */
  graceMs: number;
}

export async function reconcileOnce(deps: ReconcilerDeps): Promise<{ runs: number; emails: number; overdue: number }> {
  const runs = await findRunsAwaitingEnqueue(deps.db, deps.graceMs);
  for (const { run, steps } of runs) {
    await addRunFlow(deps.flowProducer, { companyId: run.companyId, runId: run.id, steps });
    await markRunEnqueued(deps.db, run.id);
    deps.logger.warn({ companyId: run.companyId, runId: run.id }, 'reconciler enqueued a run whose flow was missing');
  }
  const emails = await findOutboxAwaitingEnqueue(deps.db, deps.graceMs);
  for (const e of emails) await deps.enqueueEmail(e.id, e.companyId, e.kind);
  const overdue = await failOverdueRuns(deps.db, ERROR_CATALOG.DEADLINE_EXCEEDED.hint);
  for (const o of overdue) {
    deps.logger.warn({ companyId: o.companyId, runId: o.runId }, 'run passed its deadline');
    if (o.outboxId) await deps.enqueueEmail(o.outboxId, o.companyId, 'failure');
  }
  return { runs: runs.length, emails: emails.length, overdue: overdue.length };
}

export function startReconciler(deps: ReconcilerDeps, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = reconcileOnce(deps)
      .catch((err: unknown) => deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'reconciler pass failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
