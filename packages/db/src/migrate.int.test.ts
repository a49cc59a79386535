import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ensureDatabase, MIGRATIONS_FOLDER, runMigrations } from './migrate';
import { TEST_ADMIN_URL } from './testing/test-database';

// `npm run db:migrate` must be safe to run twice, and from several processes at once.
// Every migration the journal lists (committed with the migrations).
const MIGRATION_COUNT = (JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

describe('migrations', () => {
  const name = `prov_t_${process.pid}_mig${randomBytes(3).toString('hex')}`;
  const url = (() => {
    const u = new URL(TEST_ADMIN_URL);
    u.pathname = `/${name}`;
    return u.toString();
  })();

  afterAll(async () => {
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('applies every migration once, concurrently and again', async () => {
    await ensureDatabase(url);
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    await runMigrations(url);
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied[0]?.n).toBe(MIGRATION_COUNT);
      const tables = await sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`;
      expect(tables.map((r) => r.t)).toEqual(['companies', 'email_outbox', 'events', 'run_steps', 'runs']);
      await expect(sql`update events set message = 'x'`).resolves.toBeDefined(); // no rows: the trigger fires per row
      await sql`insert into events (company_id, type, message) values ('C', 'company_created', 'm')`;
      await expect(sql`update events set message = 'changed'`).rejects.toThrow(/append-only/);
      await expect(sql`delete from events`).rejects.toThrow(/append-only/);
    } finally {
      await sql.end();
    }
  });
});
