import net from 'node:net';
import tls from 'node:tls';
import IORedis from 'ioredis';
import postgres from 'postgres';
import type { ServiceTargets } from '../config';

export type ServiceName = 'api' | 'redis' | 'postgres' | 'erpnext' | 'smtp';

export interface ServiceCheck {
  service: ServiceName;
  /** The address checked, with any password masked; null when not configured. */
  target: string | null;
  state: 'ok' | 'failed' | 'skipped';
  detail: string;
}

const TIMEOUT_MS = 5_000;

/** A URL for display: the password (and an API secret in a query) never reaches the terminal. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
  }
}

function message(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return message(err.errors[0]);
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (e?.cause) return message(e.cause);
  if (typeof e?.code === 'string' && typeof e.message === 'string' && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return typeof e?.message === 'string' ? e.message : String(err);
}

function withTimeout<T>(what: string, promise: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function checkRedis(url: string | undefined): Promise<ServiceCheck> {
  if (!url) return { service: 'redis', target: null, state: 'skipped', detail: 'REDIS_URL is not set' };
  const target = maskUrl(url);
  const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
  // ioredis rejects connect() with a bare "Connection is closed."; the error event says why.
  let firstError: unknown = null;
  client.on('error', (err: unknown) => {
    firstError ??= err;
  });
  try {
    await withTimeout('Redis', client.connect());
    const pong = await withTimeout('Redis PING', client.ping());
    return { service: 'redis', target, state: pong === 'PONG' ? 'ok' : 'failed', detail: `PING → ${pong}` };
  } catch (err) {
    return { service: 'redis', target, state: 'failed', detail: message(firstError ?? err) };
  } finally {
    client.disconnect();
  }
}

export async function checkPostgres(url: string | undefined): Promise<ServiceCheck> {
  if (!url) return { service: 'postgres', target: null, state: 'skipped', detail: 'DATABASE_URL is not set' };
  const target = maskUrl(url);
  const sql = postgres(url, { max: 1, connect_timeout: TIMEOUT_MS / 1000, idle_timeout: 1, onnotice: () => undefined });
  try {
    const rows = await withTimeout('Postgres', sql<{ one: number }[]>`select 1 as one`);
    return { service: 'postgres', target, state: rows[0]?.one === 1 ? 'ok' : 'failed', detail: 'select 1 → 1' };
  } catch (err) {
    return { service: 'postgres', target, state: 'failed', detail: message(err) };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

async function frappeGet(base: string, method: string, auth?: string): Promise<{ status: number; message: unknown; excType: string | null }> {
  const res = await fetch(`${base.replace(/\/+$/, '')}/api/method/${method}`, {
    headers: { Accept: 'application/json', ...(auth ? { Authorization: auth } : {}) },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET /api/method/${method} answered ${res.status} with something that is not Frappe's JSON`);
  }
  const b = body as { message?: unknown; exc_type?: unknown };
  return { status: res.status, message: b?.message, excType: typeof b?.exc_type === 'string' ? b.exc_type : null };
}

/** `ping` shows a Frappe site answers; `frappe.auth.get_logged_user` that our API key/secret work. */
export async function checkErpNext(url: string | undefined, apiKey: string | undefined, apiSecret: string | undefined): Promise<ServiceCheck> {
  if (!url) return { service: 'erpnext', target: null, state: 'skipped', detail: 'ERPNEXT_URL is not set' };
  const target = maskUrl(url);
  try {
    const ping = await frappeGet(url, 'ping');
    if (ping.status !== 200 || ping.message !== 'pong') {
      const what = ping.status === 200 ? `${JSON.stringify(ping.message)} instead of "pong"` : `HTTP ${ping.status}${ping.excType ? ` ${ping.excType}` : ''}`;
      const why = ping.status === 503 ? ' (maintenance mode, a migration, or the site is restarting)' : '';
      return { service: 'erpnext', target, state: 'failed', detail: `ping answered ${what}${why}` };
    }
    if (!apiKey || !apiSecret) return { service: 'erpnext', target, state: 'ok', detail: 'ping → pong (credentials not checked: ERPNEXT_API_KEY/ERPNEXT_API_SECRET not set)' };
    const who = await frappeGet(url, 'frappe.auth.get_logged_user', `token ${apiKey}:${apiSecret}`);
    if (who.status === 200 && typeof who.message === 'string' && who.message !== 'Guest') {
      return { service: 'erpnext', target, state: 'ok', detail: `ping → pong; API key logs in as ${who.message}` };
    }
    return { service: 'erpnext', target, state: 'failed', detail: `ping → pong, but ERPNext refused ERPNEXT_API_KEY/ERPNEXT_API_SECRET (${who.status})` };
  } catch (err) {
    return { service: 'erpnext', target, state: 'failed', detail: message(err) };
  }
}

/** Connects and reads the greeting: a server ready for mail says `220`. Sends QUIT, never mail. */
export async function checkSmtp(url: string | undefined): Promise<ServiceCheck> {
  if (!url) return { service: 'smtp', target: null, state: 'skipped', detail: 'SMTP_URL is not set' };
  const target = maskUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { service: 'smtp', target, state: 'failed', detail: 'SMTP_URL is not a URL (smtp://host:port or smtps://host:port)' };
  }
  const secure = parsed.protocol === 'smtps:';
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || (secure ? 465 : 587));
  try {
    const banner = await withTimeout(
      'SMTP',
      new Promise<string>((resolve, reject) => {
        const socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          text += chunk;
          const lines = text.split('\r\n');
          // A multi-line greeting is `220-…` lines ending with `220 …`; wait for its last line.
          const done = lines.find((l) => /^\d{3} /.test(l) || (/^\d{3}$/.test(l) && lines.length > 1));
          if (done !== undefined) {
            socket.end('QUIT\r\n');
            resolve(done);
          }
        });
        socket.on('error', reject);
        socket.on('close', () => reject(new Error('closed the connection without a greeting')));
      }),
    );
    return { service: 'smtp', target, state: banner.startsWith('220') ? 'ok' : 'failed', detail: `greeting: ${banner.slice(0, 100)}` };
  } catch (err) {
    return { service: 'smtp', target, state: 'failed', detail: message(err) };
  }
}

export function checkServices(targets: ServiceTargets): Promise<ServiceCheck[]> {
  return Promise.all([
    checkRedis(targets.redisUrl),
    checkPostgres(targets.databaseUrl),
    checkErpNext(targets.erpnextUrl, targets.erpnextApiKey, targets.erpnextApiSecret),
    checkSmtp(targets.smtpUrl),
  ]);
}
