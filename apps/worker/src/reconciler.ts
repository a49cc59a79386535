import type { FlowProducer, Queue } from 'bullmq';
import type pino from 'pino';
import {
  findOutboxAwaitingEnqueue,
  findRunsAwaitingEnqueue,
  markRunEnqueued,
  type Database,
  type RunTransitions,
  type EmailKind,
} from '@provisioner/db';
import { addRunFlow } from '@provisioner/jobs';
import { redriveOutboxEmails } from './notifications/outbox-sweep';
import { sweepStrandedRuns, type StrandedSweepDeps } from './stranded-sweep';

/**
 * The backstop of the outbox pattern. The api commits a company and its run first and adds the flow
 * second; if it died in between, the run is `queued` with no `enqueued_at`. Every worker sweeps:
 * - runs committed but never enqueued → add their flow (deterministic job ids: never twice);
 * - outbox emails never enqueued → add their job;
 * - runs whose current work has no live job in Redis → their remaining steps re-added in a new
 *   epoch (stranded-sweep.ts);
 * - pending emails no sender holds whose job Redis lost (or that failed) → driven again
 *   (notifications/outbox-sweep.ts);
 * - runs past their deadline → Failed with DEADLINE_EXCEEDED and a failure email.
 */
export interface ReconcilerDeps {
  db: Database;
  flowProducer: FlowProducer;
  enqueueEmail(outboxId: number, companyId: string, kind: EmailKind): Promise<void>;
  logger: pino.Logger;
  /** A run or email younger than this is left to the process that created it. */
  graceMs: number;
  transitions: RunTransitions;
  /** The stranded-run sweep's view of Redis (the steps queue) and how long a run must be quiet. */
  stranded: Pick<StrandedSweepDeps, 'stepQueue' | 'quietForMs'>;
  /** The `notifications` queue, for the outbox sweep. */
  notifications: Queue;
}

export async function reconcileOnce(deps: ReconcilerDeps): Promise<{ runs: number; emails: number; redriven: number; stranded: number; overdue: number }> {
  const runs = await findRunsAwaitingEnqueue(deps.db, deps.graceMs);
  for (const { run, steps } of runs) {
    await addRunFlow(deps.flowProducer, { companyId: run.companyId, runId: run.id, epoch: run.epoch, steps });
    await markRunEnqueued(deps.db, run.id);
    deps.logger.warn({ companyId: run.companyId, runId: run.id }, 'reconciler enqueued a run whose flow was missing');
  }
  const emails = await findOutboxAwaitingEnqueue(deps.db, deps.graceMs);
  for (const e of emails) await deps.enqueueEmail(e.id, e.companyId, e.kind);
  const redriven = await redriveOutboxEmails({ db: deps.db, queue: deps.notifications, logger: deps.logger, olderThanMs: deps.graceMs });
  const stranded = await sweepStrandedRuns({ transitions: deps.transitions, flowProducer: deps.flowProducer, logger: deps.logger, ...deps.stranded });
  const overdue = await deps.transitions.failOverdueRuns();
  for (const o of overdue) {
    deps.logger.warn({ companyId: o.companyId, runId: o.runId }, 'run passed its deadline');
    if (o.outboxId) await deps.enqueueEmail(o.outboxId, o.companyId, 'failure');
  }
  return { runs: runs.length, emails: emails.length, redriven, stranded, overdue: overdue.length };
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
