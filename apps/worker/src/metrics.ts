import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What only the worker sees as it happens; the api's /metrics adds the database and queue views. */
export interface WorkerMetrics {
  registry: Registry;
  stepDuration: Histogram<'step' | 'outcome'>;
  stepFailures: Counter<'step' | 'code'>;
  runsFinished: Counter<'outcome'>;
  emails: Counter<'kind' | 'outcome'>;
}

export function createWorkerMetrics(): WorkerMetrics {
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
      help: 'Emails by kind and outcome (sent, failed)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
  };
}
