import type { Queue } from 'bullmq';
import type pino from 'pino';
import { findOutboxToRedrive, markOutboxEnqueued, type Database } from '@provisioner/db';
import { addEmailJob, emailJobId } from '@provisioner/jobs';

export interface OutboxSweepDeps {
  db: Database;
  /** The `notifications` queue. */
  queue: Queue;
  logger: pino.Logger;
  /** Rows younger than this are left to the process that created them (RECONCILE_GRACE_MS). */
  olderThanMs: number;
}

/**
 * The outbox half of the reconciler's sweep: Postgres says which emails are still owed, Redis only
 * holds the work. Every pending row that no sender holds must have a live job; one whose job is gone
 * (Redis lost it), failed (stalled too often) or completed without sending is driven again. Job ids
 * are deterministic per row, so this never makes a second job for a row, and the row's claim makes a
 * second send impossible while a sender holds it.
 */
export async function redriveOutboxEmails(deps: OutboxSweepDeps): Promise<number> {
  const rows = await findOutboxToRedrive(deps.db, deps.olderThanMs);
  let redriven = 0;
  for (const row of rows) {
    const jobId = emailJobId(row.id);
    const state = await deps.queue.getJobState(jobId);
    if (state === 'failed') {
      await (await deps.queue.getJob(jobId))?.retry('failed');
    } else if (state === 'completed' || state === 'unknown') {
      if (state === 'completed') await deps.queue.remove(jobId);
      await addEmailJob(deps.queue, { outboxId: row.id, companyId: row.companyId }, row.kind);
      await markOutboxEnqueued(deps.db, row.id);
    } else {
      continue; // waiting, delayed, active, prioritized: a job drives it
    }
    redriven++;
    deps.logger.warn({ companyId: row.companyId, outboxId: row.id, jobState: state }, 'email had no live job: driven again');
  }
  return redriven;
}
