/**
 * `npm run demo [-- --once]`: the whole product on this machine with embedded defaults. Migrates a
 * database of its own, starts the ERPNext simulator and an SMTP catcher in this process, the api and
 * the worker as their own processes (configured by environment, exactly as in production), provisions
 * a sample company with a live progress view, then prints the email that arrived and the URLs.
 * With --once it exits 0 when the company is Active and non-zero otherwise; without, it keeps
 * everything running for you to explore until Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startSimulator } from '@provisioner/erpnext-sim';
import { startMailCatcher } from '@provisioner/mail-catcher';
import { ensureDatabase, runMigrations } from '@provisioner/db';
import { checkServices, preferredPort } from './lib/preflight';
import { renderProgress, type ViewForBar } from '@provisioner/cli';

const ROOT = path.resolve(__dirname, '..');
const once = process.argv.includes('--once');
const siteMode = process.env.SITE_MODE === 'per-site' ? 'per-site' : 'shared';
const redisUrl = process.env.DEMO_REDIS_URL ?? 'redis://127.0.0.1:6379';
const adminDbUrl = process.env.DEMO_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TERMINAL = new Set(['Active', 'Partial', 'Failed']);
/** The demo's own database, dropped and migrated afresh on every run. */
const demoDb = /^[a-z0-9_]{1,60}$/.test(process.env.DEMO_DATABASE_NAME ?? '') ? (process.env.DEMO_DATABASE_NAME as string) : 'provisioner_demo';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function freshDatabase(): Promise<string> {
  const url = new URL(adminDbUrl);
  url.pathname = `/${demoDb}`;
  const admin = postgres(adminDbUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`drop database if exists "${demoDb}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  return url.toString();
}

function startApp(name: string, entry: string, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  // One process, not tsx's CLI wrapper: a signal sent to it reaches the app itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && code !== null && !stopping) say(`! ${name} exited with code ${code} (see ${path.relative(process.cwd(), logDir)}/${name}.log)`);
    if (signal && !stopping) say(`! ${name} stopped by ${signal}`);
  });
  return child;
}

let stopping = false;

/**
 * Per-site mode: a bench directory for the simulator's strict `bench` stand-in under .demo/bench
 * (made afresh; .demo/bench-DB for another DEMO_DATABASE_NAME), whose common_site_config.json names the simulator and the MariaDB root password the
 * stand-in accepts; the worker gets that password, the directory and the post-create commands as a
 * real bench host would configure them.
 */
function benchHost(logDir: string, simUrl: string): NodeJS.ProcessEnv {
  // One per demo database, so a second demo (the scenario test's) never wipes this one's sites.
  const dir = path.join(logDir, demoDb === 'provisioner_demo' ? 'bench' : `bench-${demoDb}`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const sub of ['apps', 'sites', 'config/pids', 'logs']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const rootPassword = randomBytes(9).toString('hex');
  const config: Record<string, unknown> = { sim_control_url: simUrl, sim_db_root_password: rootPassword };
  // bench refuses root unless frappe_user is set, as on a real host.
  if (process.getuid?.() === 0) config.frappe_user = os.userInfo().username;
  fs.writeFileSync(path.join(dir, 'sites', 'common_site_config.json'), `${JSON.stringify(config, null, 1)}\n`);
  fs.writeFileSync(path.join(dir, 'sites', 'apps.txt'), 'frappe\nerpnext\n');
  return {
    BENCH_PATH: path.join(ROOT, 'packages/erpnext-sim/bin/bench'),
    BENCH_DIR: dir,
    BENCH_DB_ROOT_PASSWORD: rootPassword,
    BENCH_POST_CREATE_COMMANDS: JSON.stringify([['bench', 'setup', 'nginx', '--yes'], [path.join(ROOT, 'packages/erpnext-sim/bin/nginx'), '-s', 'reload']]),
  };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error('the api exited during start-up');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function main(): Promise<number> {
  const problems = await checkServices(redisUrl, adminDbUrl);
  if (problems.length > 0) {
    for (const p of problems) say(p);
    return 2;
  }
  const logDir = path.join(ROOT, '.demo');
  fs.mkdirSync(logDir, { recursive: true });

  say(`• ${siteMode} mode. Migrating a fresh database ${demoDb}…`);
  const databaseUrl = await freshDatabase();

  const apiKey = 'demo-key';
  const apiSecret = randomBytes(12).toString('hex');
  // Per-site mode routes like nginx in front of a real bench: a new site answers by its name only
  // after `bench setup nginx --yes` and a reload, which the worker runs as post-create commands.
  const sim = await startSimulator({ port: 0, apiKey, apiSecret, defaultSite: 'erp.localhost', ...(siteMode === 'per-site' ? { routing: 'nginx' as const } : {}) });
  const mail = await startMailCatcher({ port: 0 });
  say(`• ERPNext simulator at ${sim.url}; SMTP catcher at ${mail.url}`);

  const port = await preferredPort(3000);
  const apiBase = `http://127.0.0.1:${port}`;
  // The api refuses tokens under 24 characters and Bull Board passwords under 16.
  const token = `demo-${randomBytes(16).toString('hex')}`;
  const boardPassword = randomBytes(12).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ERPNEXT_URL: sim.url,
    ERPNEXT_API_KEY: apiKey,
    ERPNEXT_API_SECRET: apiSecret,
    ERPNEXT_TIMEOUT_MS: '5000',
    SITE_MODE: siteMode,
    ...(siteMode === 'per-site' ? benchHost(logDir, sim.url) : {}),
    SMTP_URL: mail.url,
    MAIL_FROM: 'Workspace Provisioning <no-reply@provisioner.local>',
    API_TOKENS: token,
    BULL_BOARD_USER: 'admin',
    BULL_BOARD_PASSWORD: boardPassword,
    SECRET_KEY: randomBytes(32).toString('hex'),
    WORKER_CONCURRENCY: '4',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    QUEUE_PREFIX: `demo-${Date.now()}`,
    PUBLIC_BASE_URL: apiBase,
    BACKOFF_SCALE: '0.25',
  };
  const api = startApp('api', 'apps/api/src/main.ts', env, logDir);
  const worker = startApp('worker', 'apps/worker/src/main.ts', env, logDir);
  const children = [api, worker];
  const shutdown = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    await sim.close();
    await mail.close();
  };

  try {
    await waitReady(`${apiBase}/readyz`, api, 60_000);
    say(`• api at ${apiBase}, worker started (logs in .demo/)`);
    const body = {
      company_name: 'Acme Corporation',
      admin_email: 'admin@acme.com',
      default_currency: 'USD',
      country: 'United States',
      domain: 'acme.localhost',
      include_demo_data: true,
      pos_store_enabled: true,
    };
    const created = await fetch(`${apiBase}/api/companies`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const createdJson = (await created.json()) as { success: boolean; data?: ViewForBar & { status_url?: string }; error?: unknown };
    if (!created.ok || !createdJson.data) {
      say(`! POST /api/companies answered ${created.status}: ${JSON.stringify(createdJson.error)}`);
      return 1;
    }
    const id = createdJson.data.company_id;
    say(`• POST /api/companies → ${created.status} ${id} (${createdJson.data.status})\n`);

    let view: ViewForBar & { status_url?: string; site_url?: string } = createdJson.data;
    let lastLines = 0;
    const tty = process.stdout.isTTY;
    let lastText = '';
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${apiBase}/api/companies/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      if (res.ok) view = ((await res.json()) as { data: typeof view }).data;
      const text = renderProgress(view);
      if (text !== lastText) {
        if (tty && lastLines > 0) process.stdout.write(`\x1b[${lastLines}A\x1b[0J`);
        process.stdout.write(`${text}\n`);
        lastLines = text.split('\n').length;
        lastText = text;
      }
      if (TERMINAL.has(view.status)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    say('');
    if (!TERMINAL.has(view.status)) say(`! ${id} is still ${view.status} after 5 minutes`);
    for (const s of view.steps) {
      if (s.error && s.status === 'failed') say(`  ${s.key}: ${s.error.code} — ${s.error.hint ?? ''}`);
    }

    try {
      const email = await mail.waitFor((m) => m.subject.includes('Acme Corporation'), 30_000);
      say('• The email that arrived:');
      say(`  To: ${email.to.join(', ')}\n  Subject: ${email.subject}\n`);
      say(email.text.split('\n').map((l) => `    ${l}`).join('\n'));
    } catch (err) {
      say(`! no email arrived: ${err instanceof Error ? err.message : String(err)}`);
    }
    say('');
    say(`• Company status:  curl -H 'Authorization: Bearer ${token}' ${apiBase}/api/companies/${id}`);
    if (view.status_url) say(`• Status page:     ${view.status_url}`);
    say(`• Bull Board:      ${apiBase}/admin/queues   (user admin, password ${boardPassword})`);

    if (once) return view.status === 'Active' ? 0 : 1;
    say('\nEverything keeps running; press Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return 0;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`! demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
