import { FlowProducer, Queue, Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import type pino from 'pino';
import { createDb, createSecretBox, markOutboxEnqueued, type DbHandle, type EmailKind } from '@provisioner/db';
import { addEmailJob, QUEUE_LONG, QUEUE_NOTIFICATIONS, STEP_BACKOFF_TYPE, type StepKey } from '@provisioner/jobs';
import type { Step } from '@provisioner/steps';
import { backoffStrategyDelay } from './backoff';
import { benchRunnerFromConfig } from './bench-runner';
import type { WorkerConfig } from './config';
import { createEmailProcessor } from './notifications/email-processor';
import { createBaseClient } from './erp-clients';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';
import { startReconciler } from './reconciler';
import { createRedis } from './redis';
import { createRedisSiteLock } from './site-lock';
import { createStepProcessor } from './step-processor';

export interface WorkerRuntime {
  metrics: WorkerMetrics;
  /** Graceful: stops taking jobs, lets active ones finish (up to the grace period), then closes. */
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  config: WorkerConfig;
  logger: pino.Logger;
  steps?: Record<StepKey, Step>;
}

export async function startWorker({ config, logger, steps }: StartWorkerOptions): Promise<WorkerRuntime> {
  const dbHandle: DbHandle = createDb(config.DATABASE_URL, { max: config.WORKER_CONCURRENCY + 4, applicationName: 'provisioner-worker' });
  const connection = createRedis(config.REDIS_URL);
  const prefix = config.QUEUE_PREFIX;
  const secrets = createSecretBox(config.SECRET_KEY);
  const metrics = createWorkerMetrics();
  const notifications = new Queue(QUEUE_NOTIFICATIONS, { connection, prefix });
  const flowProducer = new FlowProducer({ connection, prefix });
  const erpLogger = logger.child({ component: 'erpnext' });
  const baseClient = createBaseClient(config, {
    debug: (o, m) => erpLogger.debug(o, m),
    warn: (o, m) => erpLogger.warn(o, m),
  });
  const bench = benchRunnerFromConfig(config);

  const enqueueEmail = async (outboxId: number, companyId: string, kind: EmailKind) => {
    await addEmailJob(notifications, { outboxId, companyId }, kind);
    await markOutboxEnqueued(dbHandle.db, outboxId);
  };

  const stepWorker = new Worker(
    QUEUE_LONG,
    createStepProcessor({
      db: dbHandle.db,
      secrets,
      baseClient,
      bench,
      siteLock: createRedisSiteLock({
        redis: connection,
        prefix,
        leaseMs: config.JOB_LOCK_MS,
        // A holder may legitimately run one slow insert (ERPNEXT_SLOW_TIMEOUT_MS at most); wait past it.
        waitMs: config.SITE_LOCK_WAIT_MS,
        log: logger.child({ component: 'site-lock' }),
      }),
      sharedSiteKey: `shared:${config.ERPNEXT_SITE_HOST ?? new URL(config.ERPNEXT_URL).host}`,
      logger,
      backoffScale: config.BACKOFF_SCALE,
      slowTimeoutMs: config.ERPNEXT_SLOW_TIMEOUT_MS,
      enqueueEmail,
      metrics,
      ...(steps ? { steps } : {}),
    }),
    {
      connection,
      prefix,
      concurrency: config.WORKER_CONCURRENCY,
      // A job whose worker died is taken over after the lock expires; twice at most, then it fails
      // and the deadline sweep ends its run with a clear code.
      maxStalledCount: 2,
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_LOCK_MS,
      settings: {
        backoffStrategy: (_attemptsMade, type, err) => (type === STEP_BACKOFF_TYPE ? backoffStrategyDelay(err) : 1_000),
      },
    },
  );
  const transport = nodemailer.createTransport(config.SMTP_URL);
  const emailProcessor = createEmailProcessor({ db: dbHandle.db, transport, mailFrom: config.MAIL_FROM, secrets, logger: logger.child({ component: 'email' }) });
  const emailWorker = new Worker(
    QUEUE_NOTIFICATIONS,
    async (job) => {
      const kind = job.name.includes('success') ? 'success' : job.name.includes('failure') ? 'failure' : 'email';
      try {
        const res = await emailProcessor(job);
        if (res.sent) metrics.emails.inc({ kind, outcome: 'sent' });
        return res;
      } catch (err) {
        metrics.emails.inc({ kind, outcome: 'failed' });
        throw err;
      }
    },
    { connection, prefix, concurrency: 2 },
  );
  for (const w of [stepWorker, emailWorker]) {
    w.on('error', (err) => logger.error({ err: err.message }, 'worker error'));
  }
  const reconciler = startReconciler(
    { db: dbHandle.db, flowProducer, enqueueEmail, logger: logger.child({ component: 'reconciler' }), graceMs: config.RECONCILE_GRACE_MS },
    config.RECONCILE_INTERVAL_MS,
  );
  await Promise.all([stepWorker.waitUntilReady(), emailWorker.waitUntilReady()]);
  logger.info({ concurrency: config.WORKER_CONCURRENCY, siteMode: config.SITE_MODE }, 'worker started');

  let closing: Promise<void> | null = null;
  return {
    metrics,
    close() {
      closing ??= (async () => {
        await reconciler.stop();
        const graceful = Promise.all([stepWorker.close(), emailWorker.close()]);
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), config.SHUTDOWN_GRACE_MS).unref());
        if ((await Promise.race([graceful.then(() => 'done' as const), timeout])) === 'timeout') {
          // Past the grace period: release the jobs; their locks expire and another worker takes them.
          logger.warn('shutdown grace period over: closing with jobs still active');
          await Promise.all([stepWorker.close(true), emailWorker.close(true)]);
        }
        await Promise.all([notifications.close(), flowProducer.close()]);
        transport.close();
        await connection.quit().catch(() => undefined);
        await dbHandle.close();
      })();
      return closing;
    },
  };
}
