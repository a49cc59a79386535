import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import IORedis from 'ioredis';
import pino from 'pino';
import { createApi, loadApiConfig } from '../../apps/api/src';
import { loadWorkerConfig } from '../../apps/worker/src/config';
import { startWorker, type WorkerRuntime } from '../../apps/worker/src/runtime';
import { createDb } from '../../packages/db/src/client';
import { createTestDatabase, type TestDatabase } from '../../packages/db/src/testing/test-database';
import { startMailCatcher, type MailCatcher } from '@provisioner/mail-catcher';
import { BENCH_STANDIN, makeBenchDirectory, NGINX_STANDIN, startSimulator, type FaultConfig, type SimulatorHandle, type SimulatorOptions } from '@provisioner/erpnext-sim';

/**
 * The whole product for a scenario test, every part real: Postgres (a cloned test database), Redis
 * (a fresh queue prefix), the api over HTTP, a worker, an SMTP server, and the ERPNext simulator.
 */
export { BENCH_STANDIN, NGINX_STANDIN };

export interface StackOptions {
  siteMode?: 'shared' | 'per-site';
  faults?: FaultConfig;
  seed?: number;
  sim?: Partial<SimulatorOptions>;
  workerConcurrency?: number;
  erpTimeoutMs?: number;
  runDeadlineMs?: number;
  /** Start the worker now (default) or later with `startWorker()`. */
  startWorker?: boolean;
  /** ERPNEXT_SLOW_TIMEOUT_MS (default 10 s here: the window a wizard POST is polled for is twice it). */
  slowTimeoutMs?: number;
  /**
   * Per-site mode: the bench host. A bench directory is made for the stand-in; the root password is
   * given to the worker (BENCH_DB_ROOT_PASSWORD) unless `rootPassword` is null.
   */
  bench?: { rootPassword?: string | null; postCreateCommands?: string[][]; timeoutMs?: number; commonSiteConfig?: Record<string, unknown> };
  /** The worker's logger (silent by default). */
  logger?: pino.Logger;
  /**
   * The Redis the api and worker use (default redis://127.0.0.1:6379, logical db 0). Chaos tests
   * give their stack a logical db of its own, so a FLUSHDB there touches no other test's queues.
   */
  redisUrl?: string;
  /** Worker variables set over the stack's defaults (e.g. BACKOFF_SCALE, JOB_LOCK_MS). */
  workerEnv?: Record<string, string>;
}

export interface Stack {
  apiUrl: string;
  token: string;
  db: TestDatabase;
  /** The Redis URL the api and worker were given (its logical db included). */
  redisUrl: string;
  sim: SimulatorHandle;
  mail: MailCatcher;
  queuePrefix: string;
  redis: IORedis;
  workerEnv: Record<string, string>;
  /** Per-site mode: the bench directory the worker runs bench in. */
  benchDir: string | null;
  /** Per-site mode: the MariaDB root password the stand-in accepts (what an operator would know). */
  benchRootPassword: string | null;
  /** The SECRET_KEY the api and worker share (to seal test data as the api would). */
  secretKey: string;
  worker: WorkerRuntime | null;
  startWorker(): Promise<WorkerRuntime>;
  stopWorker(): Promise<void>;
  request<T = unknown>(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; text: string }>;
  waitForStatus(companyId: string, statuses: string[], timeoutMs?: number): Promise<CompanyViewLike>;
  close(): Promise<void>;
}

export interface CompanyViewLike {
  company_id: string;
  status: string;
  progress: number;
  company_abbr: string | null;
  steps: Array<{ key: string; status: string; attempts: number; error: { code: string; message: string; hint: string; retryable: boolean } | null }>;
  [k: string]: unknown;
}

/** Bull Board's basic-auth password in every stack (16+ characters, as the api's config demands). */
export const STACK_BOARD_PASSWORD = 'board-pass-7f3c9a1e5d';

const silent = pino({ level: 'silent' });

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const apiKey = 'test-key';
  const apiSecret = randomBytes(8).toString('hex');
  const sim = await startSimulator({ port: 0, apiKey, apiSecret, ...(options.faults ? { faults: options.faults } : {}), seed: options.seed ?? 1, ...(options.sim ?? {}) });
  const mail = await startMailCatcher();
  const queuePrefix = `t-${randomBytes(5).toString('hex')}`;
  // 24+ characters, as the api's config demands of every bearer token.
  const token = `tok-${randomBytes(16).toString('hex')}`;
  const secretKey = randomBytes(24).toString('hex');
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });

  // Listen first, so the api's PUBLIC_BASE_URL (status_url) carries the real port.
  const server: http.Server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiConfig = loadApiConfig({
    PORT: '0',
    PUBLIC_BASE_URL: apiUrl,
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    API_TOKENS: token,
    BULL_BOARD_USER: 'admin',
    BULL_BOARD_PASSWORD: STACK_BOARD_PASSWORD,
    SECRET_KEY: secretKey,
    SITE_MODE: options.siteMode ?? 'shared',
    QUEUE_PREFIX: queuePrefix,
    RUN_DEADLINE_MS: String(options.runDeadlineMs ?? 600_000),
    LOG_LEVEL: 'silent',
  });
  // The api's own pool, named as apps/api/src/main.ts names it, so pg_stat_activity (and a chaos
  // test's pg_terminate_backend) tells the api's connections from the worker's and the test's.
  const apiDb = createDb(db.url, { max: 10, applicationName: 'provisioner-api' });
  const api = createApi({ config: apiConfig, db: apiDb.db, sql: apiDb.sql, redis, logger: silent, heartbeatMs: 1_000 });
  server.on('request', api.app);

  // Per-site mode runs bench as on a real host: in a bench directory that names the simulator, with
  // the MariaDB root password passed by the worker.
  const perSite = options.siteMode === 'per-site';
  const dbRootPassword = `root-${randomBytes(6).toString('hex')}`;
  const rootPassword = options.bench?.rootPassword === undefined ? dbRootPassword : options.bench.rootPassword;
  // The stand-in's MariaDB accepts only that root password (`sim_db_root_password`), so a site created
  // at all proves bench was given it.
  const bench = perSite ? await makeBenchDirectory({ controlUrl: sim.url, rootPassword: dbRootPassword, commonSiteConfig: options.bench?.commonSiteConfig ?? {} }) : null;
  const benchDir = bench?.path ?? null;
  const workerEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    ERPNEXT_URL: sim.url,
    ERPNEXT_API_KEY: apiKey,
    ERPNEXT_API_SECRET: apiSecret,
    ERPNEXT_TIMEOUT_MS: String(options.erpTimeoutMs ?? 5_000),
    SITE_MODE: options.siteMode ?? 'shared',
    BENCH_PATH: BENCH_STANDIN,
    ERPNEXT_SLOW_TIMEOUT_MS: String(options.slowTimeoutMs ?? 10_000),
    // What bench may inherit (config.ts BENCH_BASE_ENV); the stand-in needs PATH to find node.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...(benchDir ? { BENCH_DIR: benchDir } : {}),
    ...(perSite && rootPassword ? { BENCH_DB_ROOT_PASSWORD: rootPassword } : {}),
    ...(options.bench?.postCreateCommands ? { BENCH_POST_CREATE_COMMANDS: JSON.stringify(options.bench.postCreateCommands) } : {}),
    ...(options.bench?.timeoutMs ? { BENCH_TIMEOUT_MS: String(options.bench.timeoutMs) } : {}),
    SMTP_URL: mail.url,
    MAIL_FROM: 'Provisioning <no-reply@test.local>',
    SECRET_KEY: secretKey,
    WORKER_CONCURRENCY: String(options.workerConcurrency ?? 4),
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: queuePrefix,
    BACKOFF_SCALE: '0.05',
    RECONCILE_INTERVAL_MS: '500',
    RECONCILE_GRACE_MS: '1000',
    SHUTDOWN_GRACE_MS: '10000',
    ...(options.workerEnv ?? {}),
  };

  const stack: Stack = {
    apiUrl,
    token,
    db,
    redisUrl,
    sim,
    mail,
    queuePrefix,
    redis,
    workerEnv,
    benchDir,
    benchRootPassword: perSite ? dbRootPassword : null,
    secretKey,
    worker: null,
    async startWorker() {
      const runtime = await startWorker({ config: loadWorkerConfig(workerEnv), logger: options.logger ?? silent });
      stack.worker = runtime;
      return runtime;
    },
    async stopWorker() {
      await stack.worker?.close();
      stack.worker = null;
    },
    async request(method, p, body, headers = {}) {
      const res = await fetch(apiUrl + p, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed as never, text };
    },
    async waitForStatus(companyId, statuses, timeoutMs = 90_000) {
      const until = Date.now() + timeoutMs;
      let last: CompanyViewLike | undefined;
      while (Date.now() < until) {
        const res = await stack.request<{ data: CompanyViewLike }>('GET', `/api/companies/${companyId}`);
        last = res.body.data;
        if (last && statuses.includes(last.status)) return last;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`${companyId} did not reach ${statuses.join('/')} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
    async close() {
      await stack.stopWorker();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await apiDb.close();
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await sim.close();
      await mail.close();
      await db.drop();
      bench?.cleanup();
    },
  };
  if (options.startWorker !== false) await stack.startWorker();
  return stack;
}

export function companyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = randomBytes(3).toString('hex');
  return {
    company_name: `Acme ${tag} Corporation`,
    admin_email: `admin-${tag}@acme.com`,
    admin_password: `Secret-${tag}-pass`,
    default_currency: 'USD',
    country: 'United States',
    domain: `acme-${tag}.localhost`,
    ...overrides,
  };
}

