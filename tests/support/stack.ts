import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import http from 'node:http';
import IORedis from 'ioredis';
import pino from 'pino';
import { createApi, loadApiConfig } from '../../apps/api/src';
import { loadWorkerConfig } from '../../apps/worker/src/config';
import { startWorker, type WorkerRuntime } from '../../apps/worker/src/runtime';
import { createTestDatabase, type TestDatabase } from '../../packages/db/src/testing/test-database';
import { startMailCatcher, type MailCatcher } from '@provisioner/mail-catcher';
import { startSimulator, type FaultConfig, type SimulatorHandle, type SimulatorOptions } from '@provisioner/erpnext-sim';

/**
 * The whole product for a scenario test, every part real: Postgres (a cloned test database), Redis
 * (a fresh queue prefix), the api over HTTP, a worker, an SMTP server, and the ERPNext simulator.
 */
export const BENCH_STANDIN = path.resolve(__dirname, '../../packages/erpnext-sim/bin/bench');

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
}

export interface Stack {
  apiUrl: string;
  token: string;
  db: TestDatabase;
  sim: SimulatorHandle;
  mail: MailCatcher;
  queuePrefix: string;
  redis: IORedis;
  workerEnv: Record<string, string>;
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

const silent = pino({ level: 'silent' });

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const apiKey = 'test-key';
  const apiSecret = randomBytes(8).toString('hex');
  const sim = await startSimulator({ port: 0, apiKey, apiSecret, ...(options.faults ? { faults: options.faults } : {}), seed: options.seed ?? 1, ...(options.sim ?? {}) });
  const mail = await startMailCatcher();
  const queuePrefix = `t-${randomBytes(5).toString('hex')}`;
  const token = `tok-${randomBytes(8).toString('hex')}`;
  const secretKey = randomBytes(24).toString('hex');
  const redis = new IORedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });

  // Listen first, so the api's PUBLIC_BASE_URL (status_url) carries the real port.
  const server: http.Server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiConfig = loadApiConfig({
    PORT: '0',
    PUBLIC_BASE_URL: apiUrl,
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    API_TOKENS: token,
    BULL_BOARD_USER: 'admin',
    BULL_BOARD_PASSWORD: 'board-pass',
    SECRET_KEY: secretKey,
    SITE_MODE: options.siteMode ?? 'shared',
    QUEUE_PREFIX: queuePrefix,
    RUN_DEADLINE_MS: String(options.runDeadlineMs ?? 600_000),
    LOG_LEVEL: 'silent',
  });
  const api = createApi({ config: apiConfig, db: db.db, sql: db.sql, redis, logger: silent, heartbeatMs: 1_000 });
  server.on('request', api.app);

  const workerEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    ERPNEXT_URL: sim.url,
    ERPNEXT_API_KEY: apiKey,
    ERPNEXT_API_SECRET: apiSecret,
    ERPNEXT_TIMEOUT_MS: String(options.erpTimeoutMs ?? 5_000),
    SITE_MODE: options.siteMode ?? 'shared',
    BENCH_PATH: BENCH_STANDIN,
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
  };
  // The bench stand-in finds the simulator through the environment the worker passes on.
  process.env.ERPNEXT_SIM_CONTROL_URL = sim.url;

  const stack: Stack = {
    apiUrl,
    token,
    db,
    sim,
    mail,
    queuePrefix,
    redis,
    workerEnv,
    secretKey,
    worker: null,
    async startWorker() {
      const runtime = await startWorker({ config: loadWorkerConfig(workerEnv), logger: silent });
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
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await sim.close();
      await mail.close();
      await db.drop();
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
