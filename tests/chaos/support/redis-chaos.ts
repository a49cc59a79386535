import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import IORedis from 'ioredis';

/**
 * Real Redis faults for the chaos suite, each undone exactly: a FLUSHDB of one logical database, and
 * a restart without persistence (SHUTDOWN NOSAVE, then the same redis-server again, started with the
 * settings it ran with). Whatever happens in between, a test leaves Redis running as it found it.
 */

/** The Redis the chaos helpers manage (the one .ci/run starts). */
export const REDIS_ADMIN_URL = process.env.CHAOS_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis URL on a logical database of its own. Each chaos file takes a different number, so a
 * FLUSHDB there never touches the queues of another test file (the other files use db 0).
 */
export function chaosRedisUrl(db: number): string {
  const url = new URL(REDIS_ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

function connect(url: string): IORedis {
  // No retries: a helper that talks to a Redis that is down must hear so at once.
  const r = new IORedis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null, connectTimeout: 1_000 });
  // Refused connections are expected while Redis is down; the awaited command reports them.
  r.on('error', () => undefined);
  return r;
}

/** Whether Redis at `url` answers PING now. */
export async function redisAnswers(url = REDIS_ADMIN_URL): Promise<boolean> {
  const r = connect(url);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`chaos: ${what} within ${timeoutMs} ms`);
}

/** Deletes every key of the logical database `url` names, and only that one. */
export async function flushRedisDb(url: string): Promise<void> {
  const db = Number(new URL(url).pathname.slice(1) || '0');
  const r = connect(url);
  try {
    await r.connect();
    // Refuse to flush db 0: the other test files share it (one at a time, but a developer may run
    // two jest processes side by side).
    if (db === 0) throw new Error('chaos: refusing to FLUSHDB logical db 0; give the stack a database of its own (chaosRedisUrl)');
    await r.flushdb();
  } finally {
    r.disconnect();
  }
}

/** What a restart must give the new server so it runs as the old one did. */
export interface RedisServerSettings {
  executable: string;
  args: string[];
  daemonize: boolean;
}

const RESTORED_PARAMETERS = ['bind', 'port', 'save', 'appendonly', 'dir', 'daemonize', 'pidfile', 'logfile', 'maxmemory-policy', 'maxmemory', 'databases'] as const;

/** Reads the running server's settings (CONFIG GET) and the binary it runs (INFO server). */
export async function readRedisSettings(url = REDIS_ADMIN_URL): Promise<RedisServerSettings> {
  const r = connect(url);
  try {
    await r.connect();
    const args: string[] = [];
    let daemonize = false;
    for (const name of RESTORED_PARAMETERS) {
      const pair = (await r.config('GET', name)) as string[];
      const value = pair[1];
      if (value === undefined) continue;
      if (name === 'daemonize') daemonize = value === 'yes';
      // An empty value is meaningful (save "" turns RDB snapshots off); pidfile/logfile "" mean unset.
      if (value === '' && (name === 'pidfile' || name === 'logfile')) continue;
      args.push(`--${name}`, value);
    }
    const info = await r.info('server');
    const reported = /^executable:(.*)$/m.exec(info)?.[1]?.trim() ?? '';
    return { executable: executableOf(reported), args, daemonize };
  } finally {
    r.disconnect();
  }
}

/** Redis reports argv[0] joined to its cwd ("/redis-server" when started as `redis-server` from /). */
function executableOf(reported: string): string {
  if (reported && path.isAbsolute(reported) && spawnSync(reported, ['--version']).status === 0) return reported;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('chaos: redis-server is not on PATH, so a stopped Redis could not be started again');
  return found;
}

/** Starts redis-server with `settings` unless it already answers; waits for PING. */
export async function ensureRedisRunning(settings: RedisServerSettings, url = REDIS_ADMIN_URL): Promise<void> {
  if (await redisAnswers(url)) return;
  // Detached either way: the server must outlive this test process, as the one we stopped would have.
  const child = spawn(settings.executable, settings.args, { detached: true, stdio: 'ignore' });
  child.unref();
  await waitUntil('Redis did not answer PING after being started again', () => redisAnswers(url), 20_000);
}

/**
 * SHUTDOWN NOSAVE (every key of every database is lost, as after a crash without persistence), then
 * the same server again after `downMs`. Redis is running when this returns or throws.
 */
export async function restartRedisWithoutPersistence(options: { url?: string; downMs?: number } = {}): Promise<void> {
  const url = options.url ?? REDIS_ADMIN_URL;
  const settings = await readRedisSettings(url);
  try {
    const r = connect(url);
    await r.connect();
    // The server closes the connection instead of answering.
    await r.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    r.disconnect();
    await waitUntil('Redis still answered after SHUTDOWN NOSAVE', async () => !(await redisAnswers(url)), 10_000);
    await new Promise((res) => setTimeout(res, options.downMs ?? 1_000));
  } finally {
    await ensureRedisRunning(settings, url);
  }
}
