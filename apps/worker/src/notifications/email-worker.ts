import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
import type pino from 'pino';
import type { Database, SecretBox } from '@provisioner/db';
import { emailJobDataSchema, QUEUE_NOTIFICATIONS } from '@provisioner/jobs';
import type { WorkerConfig } from '../config';
import type { WorkerMetrics } from '../metrics';
import { createEmailSender, type AcceptedNote, type EmailSender } from './email-processor';

export interface EmailWorkerDeps {
  config: Pick<WorkerConfig, 'SMTP_URL' | 'MAIL_FROM' | 'EMAIL_LEASE_MS' | 'EMAIL_GIVE_UP_AFTER_MS' | 'EMAIL_RETRY_MAX_MS' | 'BACKOFF_SCALE' | 'JOB_LOCK_MS'>;
  db: Database;
  secrets: SecretBox;
  logger: pino.Logger;
  metrics: WorkerMetrics;
  connection: ConnectionOptions;
  prefix: string;
}

/** The accept note an earlier try kept in the job's progress, if any (what comes out of Redis is untrusted). */
function noteFrom(progress: unknown, outboxId: number): AcceptedNote | null {
  if (typeof progress !== 'object' || progress === null) return null;
  const note = (progress as { accepted?: unknown }).accepted;
  if (typeof note !== 'object' || note === null) return null;
  const { outboxId: id, messageId } = note as Record<string, unknown>;
  return id === outboxId && typeof messageId === 'string' && messageId.length > 0 ? { outboxId, messageId } : null;
}

/**
 * The `notifications` worker. The sender decides; this file only turns its answers into BullMQ moves.
 * Every "later" is a delay that spends no attempt (moveToDelayed + DelayedError), so an SMTP outage is
 * ridden out for EMAIL_GIVE_UP_AFTER_MS however many tries that takes, whatever the job's `attempts`.
 */
export function startEmailWorker(deps: EmailWorkerDeps): { worker: Worker; close(force?: boolean): Promise<void> } {
  const lease = deps.config.EMAIL_LEASE_MS;
  // The SMTP client's timeouts stay well inside the lease, so a send that hangs is abandoned before
  // another sender may take the row.
  const transport = nodemailer.createTransport({
    url: deps.config.SMTP_URL,
    connectionTimeout: Math.floor(lease / 4),
    greetingTimeout: Math.floor(lease / 4),
    socketTimeout: Math.floor(lease / 3),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const log = deps.logger;
  const sender: EmailSender = createEmailSender({
    db: deps.db,
    transport,
    mailFrom: deps.config.MAIL_FROM,
    secrets: deps.secrets,
    logger: log,
    leaseMs: lease,
    giveUpAfterMs: deps.config.EMAIL_GIVE_UP_AFTER_MS,
    retryBaseMs: Math.max(100, Math.round(5_000 * deps.config.BACKOFF_SCALE)),
    retryMaxMs: deps.config.EMAIL_RETRY_MAX_MS,
  });

  const later = async (job: Job, token: string | undefined, at: number): Promise<never> => {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  };

  const worker = new Worker(
    QUEUE_NOTIFICATIONS,
    async (job: Job, token?: string) => {
      const parsed = emailJobDataSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed email job data');
      const { outboxId } = parsed.data;
      let result;
      try {
        result = await sender.tryOnce(outboxId, {
          note: noteFrom(job.progress, outboxId),
          onAccepted: (note) => job.updateProgress({ accepted: note }),
        });
      } catch (err) {
        // Our own bookkeeping failed (Postgres or Redis), not SMTP: try again soon, spending no
        // attempt. If SMTP had accepted, the next try only records it.
        const delay = sender.retryDelay(job.attemptsStarted);
        log.warn({ outboxId, companyId: parsed.data.companyId, err: err instanceof Error ? err.message : String(err), nextTryInMs: delay }, 'email bookkeeping failed; will try again');
        return later(job, token, Date.now() + delay);
      }
      switch (result.outcome) {
        case 'sent':
        case 'recorded':
          if (result.outcome === 'sent') deps.metrics.emails.inc({ kind: result.kind, outcome: 'sent' });
          return { sent: result.outcome === 'sent', messageId: result.messageId };
        case 'done':
          return { sent: false, reason: result.reason };
        case 'gave-up':
          deps.metrics.emailsGivenUp.inc({ kind: result.kind });
          return { sent: false, reason: 'given up' };
        case 'retry':
          deps.metrics.emails.inc({ kind: result.kind, outcome: 'retry' });
          return later(job, token, result.at);
        case 'busy':
          return later(job, token, result.until + 250);
        default:
          return assertNever(result);
      }
    },
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: 2,
      lockDuration: deps.config.JOB_LOCK_MS,
      stalledInterval: deps.config.JOB_LOCK_MS,
      // A job whose worker died comes back after its lock expires; if it stalls too often and fails,
      // the reconciler's sweep (redriveOutboxEmails) retries it: a pending row always gets a job.
      maxStalledCount: 5,
    },
  );
  return {
    worker,
    async close(force = false) {
      await worker.close(force);
      transport.close();
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected email outcome ${JSON.stringify(value)}`);
}
