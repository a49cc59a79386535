import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What only the worker sees as it happens; the api's /metrics adds the database and queue views. */
export interface WorkerMetrics {
  registry: Registry;
  stepDuration: Histogram<'step' | 'outcome'>;
  stepFailures: Counter<'step' | 'code'>;
  runsFinished: Counter<'outcome'>;
  emails: Counter<'kind' | 'outcome'>;
  /** Queue wait is a metric, not a failure: the age of the oldest run whose first step has not begun. */
  oldestQueuedRunAge: Gauge;
  /** Emails failed for good: no mail server accepted them within EMAIL_GIVE_UP_AFTER_MS. */
  emailsGivenUp: Counter<'kind'>;
}

export interface WorkerMetricsSources {
  /** Read on scrape (alert on it: runs queued longer than X). */
  oldestQueuedRunAgeSeconds?: () => Promise<number>;
}

export function createWorkerMetrics(sources: WorkerMetricsSources = {}): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'provisioner_worker_' });
  return {
    registry,
    stepDuration: new Histogram({
      name: 'provisioner_worker_step_duration_seconds',
      help: 'Duration of one try of a step, by step and outcome',
      labelNames: ['step', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    stepFailures: new Counter({
      name: 'provisioner_worker_step_failures_total',
      help: 'Terminal step failures by step and error code',
      labelNames: ['step', 'code'],
      registers: [registry],
    }),
    runsFinished: new Counter({
      name: 'provisioner_worker_runs_finished_total',
      help: 'Runs finished by this worker, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    emails: new Counter({
      name: 'provisioner_worker_emails_total',
      help: 'Tries of emails by kind and outcome (sent: accepted by the mail server; retry: refused, tried again later)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    oldestQueuedRunAge: new Gauge({
      name: 'provisioner_worker_oldest_queued_run_age_seconds',
      help: 'Age of the oldest run still waiting for its first step (queue wait; it never counts against the deadline)',
      registers: [registry],
      async collect() {
        if (!sources.oldestQueuedRunAgeSeconds) return;
        try {
          this.set(await sources.oldestQueuedRunAgeSeconds());
        } catch {
          // The database is unavailable: keep the last value rather than fail the scrape.
        }
      },
    }),
    emailsGivenUp: new Counter({
      name: 'provisioner_worker_emails_given_up_total',
      help: 'Emails failed for good: not accepted by the mail server within EMAIL_GIVE_UP_AFTER_MS (a success email\'s password is wiped)',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
