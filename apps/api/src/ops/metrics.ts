import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValueWithName } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import {
  COMPANY_STATUSES,
  countCompaniesByStatus,
  countEmailsByKindAndStatus,
  countFinishedRunsByStatus,
  countStepFailuresByCode,
  stepDurationBuckets,
  type Database,
  type RunKind,
  type StepDurationBuckets,
} from '@provisioner/db';

/*
 * Which process serves what: the worker exposes its own /metrics with the live counters of what it
 * does (step attempts, retries, email sends as they happen). The api cannot see those, so it serves:
 *   - provisioner_api_*         this api process (runs it started, default Node metrics);
 *   - provisioner_queue_jobs    BullMQ job counts per queue and state, read on scrape;
 *   - provisioner_companies and provisioner_db_*: aggregates computed in Postgres on scrape, so they
 *     are fleet-wide and survive restarts. They are gauges (not counters) because they are read,
 *     not counted; rate() over them still works as long as rows are never deleted.
 * The Postgres reads are cached for DB_STATS_TTL_MS (Redis ones for 1s) so concurrent scrapes cost
 * one set of queries.
 */

const DB_STATS_TTL_MS = 5_000;
const QUEUE_COUNTS_TTL_MS = 1_000;
const QUEUE_STATES = ['waiting', 'waiting-children', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
export const STEP_DURATION_BUCKETS_SECONDS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

interface DbStats {
  companies: Awaited<ReturnType<typeof countCompaniesByStatus>>;
  runsFinished: Awaited<ReturnType<typeof countFinishedRunsByStatus>>;
  stepFailures: Awaited<ReturnType<typeof countStepFailuresByCode>>;
  emails: Awaited<ReturnType<typeof countEmailsByKindAndStatus>>;
  durations: StepDurationBuckets[];
}

export interface ApiMetrics {
  registry: Registry;
  /** Runs this api process queued, by kind (initial, continue, retry). */
  runsStarted: Counter<'kind'>;
  countRunStarted(kind: RunKind): void;
}

/**
 * A histogram whose buckets are computed in Postgres on scrape (from run_steps durations) rather
 * than observed in this process: the steps run in the worker.
 */
class DbStepDurationHistogram extends Histogram<'step' | 'outcome'> {
  private readonly load: () => Promise<DbStats | null>;
  private readonly metricName: string;
  private readonly helpText: string;

  constructor(name: string, help: string, load: () => Promise<DbStats | null>) {
    super({ name, help, labelNames: ['step', 'outcome'], buckets: STEP_DURATION_BUCKETS_SECONDS, registers: [] });
    this.metricName = name;
    this.helpText = help;
    this.load = load;
  }

  /** The registry formats through this (untyped) method when it exists; Histogram has one. */
  async getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<'step' | 'outcome'>>> {
    return this.get();
  }

  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<'step' | 'outcome'>>> {
    const stats = await this.load();
    const values: Array<MetricValueWithName<'step' | 'outcome' | 'le'>> = [];
    for (const row of stats?.durations ?? []) {
      const labels = { step: row.step, outcome: row.status };
      STEP_DURATION_BUCKETS_SECONDS.forEach((le, i) => {
        values.push({ metricName: `${this.metricName}_bucket`, labels: { ...labels, le }, value: row.buckets[i] ?? 0 });
      });
      values.push({ metricName: `${this.metricName}_bucket`, labels: { ...labels, le: '+Inf' }, value: row.count });
      values.push({ metricName: `${this.metricName}_sum`, labels, value: row.sumSeconds });
      values.push({ metricName: `${this.metricName}_count`, labels, value: row.count });
    }
    // prom-client types `type` as a numeric enum, but formats the string it finds at runtime.
    return {
      name: this.metricName,
      help: this.helpText,
      type: 'histogram' as unknown as MetricObjectWithValues<MetricValueWithName<'step'>>['type'],
      aggregator: 'sum',
      values: values as Array<MetricValueWithName<'step' | 'outcome'>>,
      collect: () => undefined,
    };
  }
}

export function createApiMetrics(deps: { db: Database; queues: readonly Queue[]; logger: Logger }): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'provisioner_api_' });

  let cached: { at: number; value: Promise<DbStats | null> } | null = null;
  const loadDbStats = (): Promise<DbStats | null> => {
    const now = Date.now();
    if (!cached || now - cached.at > DB_STATS_TTL_MS) {
      const value = (async (): Promise<DbStats | null> => {
        try {
          const [companies, runsFinished, stepFailures, emails, durations] = await Promise.all([
            countCompaniesByStatus(deps.db),
            countFinishedRunsByStatus(deps.db),
            countStepFailuresByCode(deps.db),
            countEmailsByKindAndStatus(deps.db),
            stepDurationBuckets(deps.db, STEP_DURATION_BUCKETS_SECONDS),
          ]);
          return { companies, runsFinished, stepFailures, emails, durations };
        } catch (err) {
          deps.logger.warn({ err }, 'metrics: reading Postgres aggregates failed');
          cached = null;
          return null;
        }
      })();
      cached = { at: now, value };
    }
    return cached.value;
  };

  type QueueCounts = Array<{ queue: string; state: string; count: number }>;
  let queueCache: { at: number; value: Promise<QueueCounts | null> } | null = null;
  const loadQueueCounts = (): Promise<QueueCounts | null> => {
    const now = Date.now();
    if (!queueCache || now - queueCache.at > QUEUE_COUNTS_TTL_MS) {
      const value = (async (): Promise<QueueCounts | null> => {
        try {
          const out: QueueCounts = [];
          for (const queue of deps.queues) {
            const counts = await queue.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) out.push({ queue: queue.name, state, count: counts[state] ?? 0 });
          }
          return out;
        } catch (err) {
          deps.logger.warn({ err }, 'metrics: reading queue counts failed');
          queueCache = null;
          return null;
        }
      })();
      queueCache = { at: now, value };
    }
    return queueCache.value;
  };

  new Gauge({
    name: 'provisioner_api_metrics_source_up',
    help: '1 when the api could read this source (postgres, redis) for the scrape, else 0',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      const [db, queues] = await Promise.all([loadDbStats(), loadQueueCounts()]);
      this.set({ source: 'postgres' }, db ? 1 : 0);
      this.set({ source: 'redis' }, queues ? 1 : 0);
    },
  });

  new Gauge({
    name: 'provisioner_companies',
    help: 'Companies by status (from Postgres on scrape)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const stats = await loadDbStats();
      this.reset();
      if (!stats) return;
      for (const status of COMPANY_STATUSES) this.set({ status }, 0);
      for (const row of stats.companies) this.set({ status: row.status }, row.count);
    },
  });

  new Gauge({
    name: 'provisioner_queue_jobs',
    help: 'BullMQ jobs per queue and state (from Redis on scrape)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const counts = await loadQueueCounts();
      this.reset();
      for (const row of counts ?? []) this.set({ queue: row.queue, state: row.state }, row.count);
    },
  });

  const runsStarted = new Counter({
    name: 'provisioner_api_runs_started_total',
    help: 'Provisioning runs queued by this api process, by kind (initial, continue, retry)',
    labelNames: ['kind'],
    registers: [registry],
  });

  new Gauge({
    name: 'provisioner_db_runs_finished',
    help: 'Finished runs by kind and outcome (completed, partial, failed), from Postgres on scrape',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
    async collect() {
      const stats = await loadDbStats();
      this.reset();
      for (const row of stats?.runsFinished ?? []) this.set({ kind: row.kind, outcome: row.status }, row.count);
    },
  });

  new Gauge({
    name: 'provisioner_db_step_failures',
    help: 'Terminally failed step rows by step and error code, from Postgres on scrape',
    labelNames: ['step', 'code'],
    registers: [registry],
    async collect() {
      const stats = await loadDbStats();
      this.reset();
      for (const row of stats?.stepFailures ?? []) this.set({ step: row.step, code: row.code }, row.count);
    },
  });

  new Gauge({
    name: 'provisioner_db_emails',
    help: 'Outbox emails by kind (success, failure) and status (pending, sent, failed), from Postgres on scrape',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      const stats = await loadDbStats();
      this.reset();
      for (const row of stats?.emails ?? []) this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });

  registry.registerMetric(
    new DbStepDurationHistogram(
      'provisioner_db_step_duration_seconds',
      'Step durations (finished_at - started_at of finished step rows) by step and outcome, from Postgres on scrape',
      loadDbStats,
    ),
  );

  return {
    registry,
    runsStarted,
    countRunStarted(kind) {
      runsStarted.inc({ kind });
    },
  };
}
