import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from '../apps/worker/src/logger';
import { BENCH_STANDIN, companyBody, NGINX_STANDIN, startStack, type Stack } from './support/stack';

// Issue section 4, through the whole system: the worker runs the simulator's `bench` stand-in, which
// is as strict as a real bench host (bench directory, root password or a prompt on stdin, a site
// half-created when new-site dies, nginx routing a new site only after `bench setup nginx` and a
// reload), and logs every invocation it gets to <bench>/logs/bench-standin.jsonl.

interface Invocation {
  argv: string[];
  cwd: string;
  envKeys: string[];
  stdinIsTTY: boolean;
  exitCode: number | null;
}

function invocations(stack: Stack, file = 'bench-standin.jsonl'): Invocation[] {
  const log = path.join(stack.benchDir ?? '', 'logs', file);
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Invocation);
}

/** Everything the worker logged, as a production worker would (same redaction), at debug level. */
function capturingLogger(): { logger: pino.Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink), text: () => chunks.join('') };
}

/** Every place a secret could leak to: step rows, events, the company row, the outbox, job data in Redis. */
async function storedText(stack: Stack): Promise<string> {
  const sql = stack.db.sql;
  const rows = await Promise.all([
    sql`select * from run_steps`,
    sql`select * from events`,
    sql`select id, erp, status from companies`,
    sql`select * from runs`,
  ]);
  const redisValues: string[] = [];
  for (const key of await stack.redis.keys(`${stack.queuePrefix}:*`)) {
    if ((await stack.redis.type(key)) === 'hash') redisValues.push(JSON.stringify(await stack.redis.hgetall(key)));
  }
  return JSON.stringify(rows) + redisValues.join('\n');
}

const SECRET_ENV = ['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY', 'ERPNEXT_API_KEY', 'ERPNEXT_API_SECRET', 'API_TOKENS', 'SMTP_URL', 'BENCH_DB_ROOT_PASSWORD', 'MAIL_FROM'];
const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'USER', 'LOGNAME'];
const ROUTE_COMMANDS = [['bench', 'setup', 'nginx', '--yes'], [NGINX_STANDIN, '-s', 'reload']];

async function create(stack: Stack, body: Record<string, unknown>): Promise<string> {
  const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
  expect(res.status).toBe(201);
  return res.body.data.company_id;
}

const platformSetup = (view: Awaited<ReturnType<Stack['waitForStatus']>>) => view.steps.find((s) => s.key === 'platform_setup');

describe('per-site mode on a real bench host', () => {
  it('runs bench in the bench directory with the root password, a minimal environment and stdin closed, routes the site, and never shows the password', async () => {
    const captured = capturingLogger();
    const stack = await startStack({ siteMode: 'per-site', sim: { routing: 'nginx' }, bench: { postCreateCommands: ROUTE_COMMANDS }, logger: captured.logger });
    try {
      const body = companyBody({ include_demo_data: false });
      const id = await create(stack, body);
      const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']);
      expect({ status: view.status, failed: view.steps.filter((s) => s.error).map((s) => s.error?.code) }).toEqual({ status: 'Active', failed: [] });

      const calls = invocations(stack);
      expect(calls.length).toBeGreaterThanOrEqual(3);
      for (const call of calls) {
        expect(fs.realpathSync(call.cwd)).toBe(fs.realpathSync(stack.benchDir ?? ''));
        // The minimal environment: nothing of the worker's own configuration reaches bench.
        expect(call.envKeys.filter((k) => SECRET_ENV.includes(k))).toEqual([]);
        expect(call.envKeys.filter((k) => !BASE_ENV.includes(k))).toEqual([]);
        expect(call.stdinIsTTY).toBe(false);
      }
      const site = body.domain as string;
      const newSite = calls.findIndex((c) => c.argv[0] === 'new-site');
      expect(calls[newSite]?.argv).toEqual([
        'new-site', site, '--admin-password', '***', '--install-app', 'erpnext', '--db-root-username', 'root', '--db-root-password', '***',
      ]);
      expect(calls[newSite]?.exitCode).toBe(0);
      expect(calls.findIndex((c) => c.argv.join(' ') === `--site ${site} list-apps --format json`)).toBeLessThan(newSite);
      // The post-create commands ran after new-site: the nginx config names the site, nginx reloaded it.
      expect(calls.findIndex((c) => c.argv.join(' ') === 'setup nginx --yes' && c.exitCode === 0)).toBeGreaterThan(newSite);
      expect(invocations(stack, 'nginx-standin.jsonl').map((c) => [c.argv.join(' '), c.exitCode])).toEqual([['-s reload', 0]]);
      expect(stack.sim.site(site).list('Company').map((c) => c.name)).toEqual([body.company_name]);

      const rootPassword = stack.workerEnv.BENCH_DB_ROOT_PASSWORD ?? '';
      expect(rootPassword.length).toBeGreaterThan(8);
      const logs = captured.text();
      expect(logs).toContain('bench created the site');
      for (const secret of [rootPassword, body.admin_password as string]) {
        expect(logs).not.toContain(secret);
        expect(await storedText(stack)).not.toContain(secret);
      }
    } finally {
      await stack.close();
    }
  });

  it('fails with SITE_NOT_ROUTED while nginx answers the new site with its neighbour, and reaches Active once the post-create commands are configured', async () => {
    const stack = await startStack({ siteMode: 'per-site', sim: { routing: 'nginx' } });
    try {
      const body = companyBody({ include_demo_data: false });
      const id = await create(stack, body);
      const failed = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']);
      expect(failed.status).toBe('Failed');
      const step = platformSetup(failed);
      expect(step).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'SITE_NOT_ROUTED', retryable: false } });
      expect(step?.error?.hint).toContain('BENCH_POST_CREATE_COMMANDS');
      expect(step?.error?.hint).toContain('bench setup nginx --yes');
      // Nothing was done on the neighbour that answered in its place.
      expect(stack.sim.site().list('User').map((u) => u.name)).not.toContain((body.admin_email as string).toLowerCase());

      await stack.stopWorker();
      stack.workerEnv.BENCH_POST_CREATE_COMMANDS = JSON.stringify(ROUTE_COMMANDS);
      await stack.startWorker();
      expect((await stack.request('POST', `/api/companies/${id}/continue`)).status).toBe(202);
      const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']);
      expect(view.status).toBe('Active');
      // The site was created once; the continue ran the post-create commands for it.
      expect(invocations(stack).filter((c) => c.argv[0] === 'new-site')).toHaveLength(1);
      expect(invocations(stack).filter((c) => c.argv.join(' ') === 'setup nginx --yes')).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });

  it('ends a root-password prompt at once (stdin closed), reports the half-created site with its drop-site command, and never drops it', async () => {
    // No root password anywhere: new-site asks for it on stdin. A long BENCH_TIMEOUT_MS shows that the
    // prompt ended by itself rather than being killed.
    const stack = await startStack({ siteMode: 'per-site', bench: { rootPassword: null, timeoutMs: 120_000 } });
    try {
      const body = companyBody({ include_demo_data: false });
      const site = body.domain as string;
      const id = await create(stack, body);
      const failed = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']);
      const first = platformSetup(failed);
      expect(first).toMatchObject({ status: 'failed', error: { code: 'SITE_CREATE_FAILED', retryable: false } });
      expect(first?.error?.message).toContain('EOFError');
      const prompt = invocations(stack).find((c) => c.argv[0] === 'new-site');
      expect(prompt).toMatchObject({ exitCode: 1, stdinIsTTY: false });
      // new-site wrote site_config.json before it asked: the hint already says how to remove it.
      expect(first?.error?.hint).toContain(`bench drop-site ${site} --force`);

      // The operator sets the root password; the next run finds the half-created site and stops.
      await stack.stopWorker();
      stack.workerEnv.BENCH_DB_ROOT_PASSWORD = stack.benchRootPassword ?? '';
      await stack.startWorker();
      expect((await stack.request('POST', `/api/companies/${id}/continue`)).status).toBe(202);
      const half = platformSetup(await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']));
      expect(half).toMatchObject({ status: 'failed', error: { code: 'SITE_HALF_CREATED', retryable: false } });
      expect(half?.error?.hint).toContain(`cd ${stack.benchDir} && bench drop-site ${site} --force --db-root-username root --db-root-password <BENCH_DB_ROOT_PASSWORD>`);
      expect(fs.existsSync(path.join(stack.benchDir ?? '', 'sites', site, 'site_config.json'))).toBe(true);
      expect(invocations(stack).filter((c) => c.argv[0] === 'drop-site')).toEqual([]);
      expect(JSON.stringify(half)).not.toContain(stack.benchRootPassword);

      // The hint's command, run by the operator, archives it; continue then creates the site.
      const dropped = await runBench(stack, ['drop-site', site, '--force', '--db-root-username', 'root', '--db-root-password', stack.benchRootPassword ?? '']);
      expect(dropped).toBe(0);
      expect(fs.existsSync(path.join(stack.benchDir ?? '', 'archived', 'sites', site))).toBe(true);
      expect((await stack.request('POST', `/api/companies/${id}/continue`)).status).toBe(202);
      expect((await stack.waitForStatus(id, ['Active', 'Partial', 'Failed'])).status).toBe('Active');
    } finally {
      await stack.close();
    }
  });
});

function runBench(stack: Stack, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(BENCH_STANDIN, args, { cwd: stack.benchDir ?? undefined, env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}
