import { FlowProducer, Queue, Worker } from 'bullmq';
import type pino from 'pino';
import { createDb, createRunTransitions, createSecretBox, markOutboxEnqueued, type DbHandle, type EmailKind } from '@provisioner/db';
import { addEmailJob, QUEUE_LONG, QUEUE_NOTIFICATIONS, STEP_BACKOFF_TYPE, type StepKey } from '@provisioner/jobs';
import type { Step } from '@provisioner/steps';
import { backoffStrategyDelay } from './backoff';
import { benchRunnerFromConfig } from './bench-runner';
import type { WorkerConfig } from './config';
import { startEmailWorker } from './notifications/email-worker';
import { createBaseClient } from './erp-clients';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';
import { startReconciler } from './reconciler';
import { createRedis } from './redis';
import { createRedisSiteLock } from './site-lock';
import { createStepProcessor } from './step-processor';
import { RUN_CATALOG } from './run-catalog';

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
  // The state machine, bound once to the database and the catalog's facts.
  const transitions = createRunTransitions(dbHandle.db, RUN_CATALOG);
  const metrics = createWorkerMetrics({ oldestQueuedRunAgeSeconds: () => transitions.oldestQueuedRunAgeSeconds() });
  const notifications = new Queue(QUEUE_NOTIFICATIONS, { connection, prefix });
  const flowProducer = new FlowProducer({ connection, prefix });
  /** Read-only use: the stranded-run sweep asks it for job states. */
  const stepQueue = new Queue(QUEUE_LONG, { connection, prefix });
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
      transitions,
      leaseMs: config.JOB_LOCK_MS,
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
      // A job whose worker died is taken over after the lock expires; twice at most, then it fails,
      // and the stranded-run sweep re-adds its step in a new epoch (the step's lease expired too).
      maxStalledCount: 2,
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_LOCK_MS,
      settings: {
        backoffStrategy: (_attemptsMade, type, err) => (type === STEP_BACKOFF_TYPE ? backoffStrategyDelay(err) : 1_000),
      },
    },
  );
  const emails = startEmailWorker({ config, db: dbHandle.db, secrets, logger: logger.child({ component: 'email' }), metrics, connection, prefix });
  const emailWorker = emails.worker;
  for (const w of [stepWorker, emailWorker]) {
    w.on('error', (err) => logger.error({ err: err.message }, 'worker error'));
  }
  const reconciler = startReconciler(
    {
      db: dbHandle.db,
      flowProducer,
      enqueueEmail,
      logger: logger.child({ component: 'reconciler' }),
      graceMs: config.RECONCILE_GRACE_MS,
      transitions,
      stranded: { stepQueue, quietForMs: config.RECONCILE_STRANDED_QUIET_MS },
      notifications,
    },
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
        const graceful = Promise.all([stepWorker.close(), emails.close()]);
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), config.SHUTDOWN_GRACE_MS).unref());
        if ((await Promise.race([graceful.then(() => 'done' as const), timeout])) === 'timeout') {
          // Past the grace period: release the jobs; their locks expire and another worker takes them.
          logger.warn('shutdown grace period over: closing with jobs still active');
          await Promise.all([stepWorker.close(true), emails.close(true)]);
        }
        await Promise.all([notifications.close(), flowProducer.close(), stepQueue.close()]);
        await connection.quit().catch(() => undefined);
        await dbHandle.close();
      })();
      return closing;
    },
  };
}
