import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import postgres from 'postgres';
import { TEST_ADMIN_URL } from '../../../packages/db/src/testing/test-database';

/**
 * Real PostgreSQL faults for the chaos suite: the server ends some of our connections
 * (pg_terminate_backend), or the whole cluster restarts (Debian's pg_ctlcluster). Whatever happens in
 * between, a test leaves PostgreSQL running.
 */

/** The application_name each process sets (packages/db createDb): who a terminated connection belonged to. */
export const APP_NAMES = { api: 'provisioner-api', worker: 'provisioner-worker' } as const;

/**
 * Ends every connection to database `datname` whose application_name is one of `applicationNames`.
 * Returns how many it ended (0 would mean the test did not hit what it meant to).
 */
export async function terminateConnections(datname: string, applicationNames: readonly string[]): Promise<number> {
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const rows = await admin<{ ended: boolean }[]>`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = ${datname} and application_name = any(${applicationNames as string[]}) and pid <> pg_backend_pid()`;
    return rows.filter((r) => r.ended).length;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

const PG_CTLCLUSTER = 'pg_ctlcluster';

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/**
 * The Debian cluster to restart: the one pg_lsclusters lists on the test server's port (or, without
 * pg_lsclusters output, the `main` cluster of the one version under /etc/postgresql).
 */
export function postgresCluster(): { version: string; name: string } {
  if (!onPath(PG_CTLCLUSTER) || !fs.existsSync('/etc/postgresql')) {
    // Not skipped: a chaos test that silently does nothing would pass without proving anything.
    throw new Error(
      'chaos: this machine has no pg_ctlcluster (Debian/Ubuntu postgresql-common), so the PostgreSQL restart test cannot restart the cluster. Run it on Debian with PostgreSQL from apt, as .ci/run does.',
    );
  }
  const port = new URL(TEST_ADMIN_URL).port || '5432';
  const listed = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout ?? '';
  const line = listed
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[2] === port);
  if (line?.[0] && line[1]) return { version: line[0], name: line[1] };
  const versions = fs.readdirSync('/etc/postgresql').filter((v) => fs.existsSync(`/etc/postgresql/${v}/main`));
  if (versions.length === 1) return { version: versions[0] as string, name: 'main' };
  throw new Error(`chaos: cannot tell which cluster of /etc/postgresql serves port ${port} (pg_lsclusters lists none there)`);
}

export function postgresAnswers(): boolean {
  const url = new URL(TEST_ADMIN_URL);
  return spawnSync('pg_isready', ['-q', '-h', url.hostname, '-p', url.port || '5432'], { stdio: 'ignore' }).status === 0;
}

async function waitForPostgres(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (postgresAnswers()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`chaos: PostgreSQL did not answer pg_isready within ${timeoutMs} ms`);
}

function ctl(action: 'start' | 'restart', cluster: { version: string; name: string }): void {
  const res = spawnSync(PG_CTLCLUSTER, ['--skip-systemctl-redirect', cluster.version, cluster.name, action], { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`chaos: pg_ctlcluster ${cluster.version} ${cluster.name} ${action} failed (${res.status}): ${res.stderr || res.stdout}`);
}

/** Starts the cluster if it does not answer; waits until it does. */
export async function ensurePostgresRunning(cluster = postgresCluster()): Promise<void> {
  if (postgresAnswers()) return;
  try {
    ctl('start', cluster);
  } catch {
    // Already starting (pg_ctlcluster refuses a second start): the wait below decides.
  }
  await waitForPostgres(60_000);
}

/**
 * Restarts the whole cluster (every connection of every process ends; PostgreSQL is down for about
 * as long as a fast shutdown and a start take). PostgreSQL answers when this returns or throws.
 */
export async function restartPostgres(): Promise<void> {
  const cluster = postgresCluster();
  try {
    ctl('restart', cluster);
    await waitForPostgres(60_000);
  } finally {
    await ensurePostgresRunning(cluster);
  }
}
