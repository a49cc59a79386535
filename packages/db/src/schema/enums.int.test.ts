import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  COMPANY_STATUSES,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  EVENT_TYPES,
  RUN_KINDS,
  RUN_STATUSES,
  SITE_MODES,
  STEP_KEY_VALUES,
  STEP_STATUSES,
} from './enums';

// Every TypeScript status union must equal its Postgres enum, value for value and in order, and every
// value must survive a write and a read through the real database.
const cases: Array<[string, readonly string[]]> = [
  ['company_status', COMPANY_STATUSES],
  ['step_status', STEP_STATUSES],
  ['step_key', STEP_KEY_VALUES],
  ['run_kind', RUN_KINDS],
  ['run_status', RUN_STATUSES],
  ['event_type', EVENT_TYPES],
  ['email_kind', EMAIL_KINDS],
  ['email_status', EMAIL_STATUSES],
  ['site_mode', SITE_MODES],
];

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

describe('Postgres enums', () => {
  it.each(cases)('%s has exactly the values of the TypeScript type', async (enumName, values) => {
    const rows = await tdb.sql<{ v: string }[]>`select unnest(enum_range(null::${tdb.sql(enumName)}))::text as v`;
    expect(rows.map((r) => r.v)).toEqual([...values]);
  });

  it.each(cases)('%s round-trips every value through a table column', async (enumName, values) => {
    const table = `rt_${enumName}`;
    await tdb.db.execute(sql.raw(`create temp table ${table} (v ${enumName})`));
    for (const v of values) {
      await tdb.sql.unsafe(`insert into ${table} (v) values ($1)`, [v]);
    }
    const back = await tdb.sql.unsafe<{ v: string }[]>(`select v::text as v from ${table}`);
    expect(back.map((r) => r.v).sort()).toEqual([...values].sort());
  });

  it('rejects a value the TypeScript type does not have', async () => {
    await expect(tdb.sql`select 'Completed'::company_status`).rejects.toThrow(/invalid input value for enum/);
  });
});
