import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';
import { guardPostgresJsSocketRace } from './postgres-socket-guard';

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  max?: number;
  /** Name shown in pg_stat_activity, so an operator sees which app holds a connection. */
  applicationName?: string;
}

export function createDb(url: string, options: CreateDbOptions = {}): DbHandle {
  guardPostgresJsSocketRace();
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    connection: { application_name: options.applicationName ?? 'provisioner' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
