import { z } from 'zod';

/**
 * The worker's configuration, read once from the environment (SPEC §10). A bad or missing value
 * stops start-up with one line naming the variable.
 */
const intFrom = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const schema = z
  .object({
    DATABASE_URL: z.string().url(),
    REDIS_URL: z.string().url(),
    ERPNEXT_URL: z.string().url(),
    ERPNEXT_API_KEY: z.string().min(1),
    ERPNEXT_API_SECRET: z.string().min(1),
    /** Optional Host header for the shared site when ERPNEXT_URL's host is not the site name. */
    ERPNEXT_SITE_HOST: z.string().min(1).optional(),
    ERPNEXT_TIMEOUT_MS: intFrom(15_000, 100),
    SITE_MODE: z.enum(['shared', 'per-site']).default('shared'),
    BENCH_PATH: z.string().min(1).optional(),
    BENCH_TIMEOUT_MS: intFrom(600_000, 1_000),
    SMTP_URL: z.string().url(),
    MAIL_FROM: z.string().min(3),
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters'),
    WORKER_CONCURRENCY: intFrom(5, 1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    QUEUE_PREFIX: z.string().min(1).default('bull'),
    /** Scale for every step's retry backoff (1 = the catalog's delays; tests use less). */
    BACKOFF_SCALE: z.coerce.number().positive().max(100).default(1),
    RECONCILE_INTERVAL_MS: intFrom(5_000, 100),
    /** A run or email younger than this is left to the process that created it to enqueue. */
    RECONCILE_GRACE_MS: intFrom(10_000, 0),
    SHUTDOWN_GRACE_MS: intFrom(30_000, 0),
    /** How long a job's lock lives without renewal: a dead worker's jobs are taken over after it. */
    JOB_LOCK_MS: intFrom(30_000, 500),
  })
  .superRefine((v, ctx) => {
    if (v.SITE_MODE === 'per-site' && !v.BENCH_PATH) {
      ctx.addIssue({ code: 'custom', path: ['BENCH_PATH'], message: 'is required when SITE_MODE=per-site' });
    }
  });

export type WorkerConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Empty strings count as unset, so `BENCH_PATH=` in an env file means "not set". */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || 'environment';
  const value = present[name];
  throw new ConfigError(`invalid configuration: ${name} ${value === undefined ? 'is missing' : issue?.message ?? 'is invalid'}`);
}
