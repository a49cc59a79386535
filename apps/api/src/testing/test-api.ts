import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { createDb, type DbHandle } from '@provisioner/db';
import { createTestDatabase, type TestDatabase } from '@provisioner/db/src/testing/test-database';
import { createApi, type Api } from '../app';
import { loadApiConfig, type ApiConfig } from '../config';
import { createLogger } from '../logger';

// Strong enough for loadApiConfig (24+ character tokens, a 16+ character board password), which
// startTestApi runs them through.
export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const SECOND_TOKEN = 'second-token-abcdef0123456';
export const BOARD_USER = 'ops';
export const BOARD_PASSWORD = 'board-password-1234';
export const TEST_SECRET_KEY = 'test-secret-key-that-is-at-least-32-chars-long';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (for malformed bodies); wins over `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** null sends no Authorization header. */
  token?: string | null;
}

export interface TestApi {
  baseUrl: string;
  api: Api;
  config: ApiConfig;
  tdb: TestDatabase;
  /** A second, separate connection pool: what the worker process would use. */
  worker: DbHandle;
  redis: Redis;
  prefix: string;
  /** Every log line the api wrote. */
  logs: string[];
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export async function startTestApi(overrides: Partial<ApiConfig> = {}, options: { heartbeatMs?: number } = {}): Promise<TestApi> {
  const tdb = await createTestDatabase();
  const worker = createDb(tdb.url, { max: 2, applicationName: 'provisioner-test-worker' });
  const prefix = `t-${randomBytes(6).toString('hex')}`;
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } });
  // Through the real loader, so the harness starts with what an operator's environment would give.
  const config: ApiConfig = {
    ...loadApiConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: tdb.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      API_TOKENS: `${TEST_TOKEN},${SECOND_TOKEN}`,
      BULL_BOARD_USER: BOARD_USER,
      BULL_BOARD_PASSWORD: BOARD_PASSWORD,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'debug',
      SITE_MODE: 'shared',
      QUEUE_PREFIX: prefix,
      RUN_DEADLINE_MS: '600000',
      PUBLIC_BASE_URL: 'http://status.test',
    }),
    ...overrides,
  };
  const api = createApi({ config, db: tdb.db, sql: tdb.sql, redis, logger, ...options });
  const server: Server = await new Promise((resolve) => {
    const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    api,
    config,
    tdb,
    worker,
    redis,
    prefix,
    logs,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      const token = opts.token === undefined ? TEST_TOKEN : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async close() {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deleteKeys(redis, `${prefix}:*`);
      await redis.quit();
      await worker.close();
      await tdb.drop();
    },
  };
}

export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  const keys = await scanKeys(redis, pattern);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}

/** Every value stored under the prefix, as text, whatever the key type (to search for secrets). */
export async function dumpRedis(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await scanKeys(redis, `${prefix}:*`)) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === 'string') parts.push((await redis.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

let counter = 0;
/** A valid create body with a unique name and domain. */
export function companyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const tag = `${randomBytes(3).toString('hex')}${counter}`;
  return {
    company_name: `Acme ${tag}`,
    admin_email: `admin+${tag}@acme.com`,
    admin_password: `Pw-${tag}-s3cret!`,
    default_currency: 'USD',
    country: 'United States',
    domain: `acme-${tag}.localhost`,
    ...overrides,
  };
}
