import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { secretWeakness } from '@provisioner/db';

/**
 * The worker's configuration, read once from the environment (SPEC §10). A bad or missing value
 * stops start-up with one line naming the variable.
 */
const intFrom = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const POST_CREATE_EXAMPLE = '[["bench","setup","nginx","--yes"],["sudo","-n","nginx","-s","reload"]]';

/** BENCH_POST_CREATE_COMMANDS: a JSON array of argv arrays (each a non-empty array of strings). */
const postCreateCommands = z
  .string()
  .optional()
  .transform((raw, ctx): string[][] => {
    if (raw === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not valid JSON: it must be a JSON array of argument arrays, e.g. ${POST_CREATE_EXAMPLE}` });
      return z.NEVER;
    }
    const ok = Array.isArray(parsed) && parsed.every((argv) => Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === 'string' && a.length > 0));
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: `must be a JSON array of argument arrays (non-empty strings), e.g. ${POST_CREATE_EXAMPLE}` });
      return z.NEVER;
    }
    return parsed as string[][];
  });

/**
 * What bench may inherit from the worker's environment, besides BENCH_ENV_PASSTHROUGH: enough for a
 * shell-less program to find its interpreter, its home and a locale. Never a secret of ours.
 */
export const BENCH_BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'USER', 'LOGNAME'] as const;
/** Names that must never reach bench, even when listed in BENCH_ENV_PASSTHROUGH. */
const NEVER_TO_BENCH = /^(DATABASE_URL|REDIS_URL|SECRET_KEY|API_TOKENS|SMTP_URL|MAIL_FROM|BULL_BOARD_.*|ERPNEXT_API_.*|BENCH_DB_ROOT_PASSWORD|PG.*)$|PASSWORD|SECRET|TOKEN/i;

const envPassthrough = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    const names = (raw ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of variable names ("${bad}" is not one)` });
      return z.NEVER;
    }
    const secret = names.find((n) => NEVER_TO_BENCH.test(n));
    if (secret !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must not pass ${secret} to bench (secrets of the worker never reach bench)` });
      return z.NEVER;
    }
    return names;
  });

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
    /**
     * Per-request timeout of the few calls that legitimately run long: the setup wizard (every stage
     * in one request, 15–22 s on 2 cores, up to gunicorn's 120 s) and a Company insert.
     */
    ERPNEXT_SLOW_TIMEOUT_MS: intFrom(300_000, 1_000),
    BENCH_PATH: z.string().min(1).optional(),
    /** The bench directory: cwd of every bench run (bench hands Frappe commands over only there). */
    BENCH_DIR: z.string().min(1).optional(),
    BENCH_TIMEOUT_MS: intFrom(600_000, 1_000),
    BENCH_DB_ROOT_USER: z.string().min(1).default('root'),
    /** A secret: only ever an argument of `bench new-site`, masked everywhere else. */
    BENCH_DB_ROOT_PASSWORD: z.string().min(1).optional(),
    /** → `--mariadb-user-host-login-scope=<v>` for a MariaDB on another host (e.g. % or 10.0.%). */
    BENCH_DB_USER_HOST_SCOPE: z
      .string()
      .regex(/^[A-Za-z0-9.%_:-]+$/, 'must be a MariaDB host pattern such as % or 10.0.% (letters, digits, . % _ : -)')
      .optional(),
    BENCH_POST_CREATE_COMMANDS: postCreateCommands,
    BENCH_ENV_PASSTHROUGH: envPassthrough,
    SMTP_URL: z.string().url(),
    MAIL_FROM: z.string().min(3),
    /** The api's rule (packages/db secret-strength): 32+ characters, not a placeholder, not `xxxx…`. */
    SECRET_KEY: z.string().superRefine((value, ctx) => {
      const weakness = secretWeakness(value, 32);
      if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
    }),
    WORKER_CONCURRENCY: intFrom(5, 1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    QUEUE_PREFIX: z.string().min(1).default('bull'),
    /** Scale for every step's retry backoff (1 = the catalog's delays; tests use less). */
    BACKOFF_SCALE: z.coerce.number().positive().max(100).default(1),
    RECONCILE_INTERVAL_MS: intFrom(5_000, 100),
    /** A run or email younger than this is left to the process that created it to enqueue. */
    RECONCILE_GRACE_MS: intFrom(10_000, 0),
    /**
     * The stranded-run sweep leaves a run alone while its last change is younger than this (3 s): the
     * flow's next job may be being promoted. A run whose current step has no live job in Redis for
     * longer gets its remaining steps re-added.
     */
    RECONCILE_STRANDED_QUIET_MS: intFrom(3_000, 0),
    SHUTDOWN_GRACE_MS: intFrom(30_000, 0),
    /** How long a job's lock lives without renewal: a dead worker's jobs are taken over after it. */
    JOB_LOCK_MS: intFrom(30_000, 500),
    /**
     * How long a step waits for its site's shared-document lock (site-lock.ts) before it gives up
     * with SITE_LOCK_BUSY and retries later. Company inserts on one site run one at a time.
     */
    SITE_LOCK_WAIT_MS: intFrom(120_000, 1_000),
    /**
     * Emails: how long after its outbox row was created an email is still retried while SMTP refuses
     * it (72 h). Past it the row is failed for good and a success email's password is wiped.
     */
    EMAIL_GIVE_UP_AFTER_MS: intFrom(72 * 3600_000, 1_000),
    /** The longest wait between two tries of an email (10 min); the waits grow to it from a few seconds. */
    EMAIL_RETRY_MAX_MS: intFrom(600_000, 100),
    /**
     * How long a sender holds an outbox row while it talks to SMTP: no other sender may take the row
     * before. It MUST exceed the SMTP client's timeouts (runtime sets them from it), or a slow send
     * could be overtaken by a second one.
     */
    EMAIL_LEASE_MS: intFrom(120_000, 3_000),
  })
  .superRefine((v, ctx) => {
    if (v.SITE_MODE === 'per-site' && !v.BENCH_PATH) {
      ctx.addIssue({ code: 'custom', path: ['BENCH_PATH'], message: 'is required when SITE_MODE=per-site' });
    }
    if (v.SITE_MODE === 'per-site') {
      const problem = benchDirProblem(v.BENCH_DIR);
      if (problem) ctx.addIssue({ code: 'custom', path: ['BENCH_DIR'], message: problem });
    }
  });

/** Why BENCH_DIR cannot be a bench directory, or null. */
function benchDirProblem(dir: string | undefined): string | null {
  if (!dir) return 'is required when SITE_MODE=per-site (the bench directory, e.g. /home/frappe/frappe-bench)';
  if (!path.isAbsolute(dir)) return 'must be an absolute path';
  if (!fs.existsSync(path.join(dir, 'sites'))) return 'is not a bench directory (it has no sites/ folder)';
  return null;
}

export type WorkerConfig = z.infer<typeof schema> & {
  /** The whole environment bench runs with: BENCH_BASE_ENV and BENCH_ENV_PASSTHROUGH, as set. */
  BENCH_ENV: Record<string, string>;
};

export class ConfigError extends Error {}

/** Empty strings count as unset, so `BENCH_PATH=` in an env file means "not set". */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ...parsed.data, BENCH_ENV: benchEnvironment(present, parsed.data.BENCH_ENV_PASSTHROUGH) };
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || 'environment';
  const value = present[name];
  throw new ConfigError(`invalid configuration: ${name} ${value === undefined ? 'is missing' : issue?.message ?? 'is invalid'}`);
}

/** The minimal environment for bench: never DATABASE_URL, SECRET_KEY, API tokens, SMTP or ERPNext keys. */
function benchEnvironment(env: Record<string, string | undefined>, passthrough: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...BENCH_BASE_ENV, ...passthrough]) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  out.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return out;
}
