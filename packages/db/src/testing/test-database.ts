import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ensureDatabase, runMigrations } from '../migrate';
import { createDb, type DbHandle } from '../client';

/**
 * Test databases, as graphile-worker does it: one migrated template per test run, cloned per test
 * file (CREATE DATABASE ... TEMPLATE is a file copy, far faster than migrating again).
 */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Each jest run (one process id) has its own template and clones, so runs started side by side (two
 * developers, or CI and a developer) never drop each other's databases.
 */
const RUN_PREFIX = 'prov_t_';
function templateName(): string {
  const name = process.env.PROVISIONER_TEST_TEMPLATE;
  if (!name) throw new Error('PROVISIONER_TEST_TEMPLATE is not set: run integration tests through jest (global setup)');
  return name;
}

function urlFor(dbName: string): string {
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export async function prepareTemplateDatabase(): Promise<void> {
  const template = `${RUN_PREFIX}${process.pid}_template`;
  process.env.PROVISIONER_TEST_TEMPLATE = template;
  const url = urlFor(template);
  await ensureDatabase(url);
  await runMigrations(url);
}

export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = templateName();
  const name = template.replace(/_template$/, `_${randomBytes(5).toString('hex')}`);
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = urlFor(name);
  const handle = createDb(url, { max: 5, applicationName: 'provisioner-test' });
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops this run's databases (`own`) and those of runs whose process is gone. */
export async function dropStaleTestDatabases(own = false): Promise<void> {
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${RUN_PREFIX + '%'}`;
    for (const r of rows) {
      const pid = Number(r.datname.slice(RUN_PREFIX.length).split('_')[0]);
      const mine = pid === process.pid;
      if ((own && mine) || (!mine && !processAlive(pid))) {
        await admin.unsafe(`drop database if exists "${r.datname}" with (force)`);
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}
