import type { JobsOptions } from 'bullmq';

/**
 * How long finished jobs stay in Redis. Postgres is the record of every run, step and email; Redis
 * keeps only enough recent jobs for Bull Board. A fixed count keeps Redis memory flat however many
 * tenants the fleet provisions (a tenant leaves about a dozen jobs: 1,000 completed jobs is the last
 * ~80 tenants); failed jobs stay longer, for an operator to look at.
 */
export const JOB_RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

/**
 * Email jobs: one per outcome, so the same count would keep ten times as many tenants' history as the
 * step queue does. The outbox row in Postgres records every email; Redis keeps the last hundred.
 */
export const EMAIL_JOB_RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
};
