import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import type { CompanyStatus, EmailKind, EmailStatus, RunStatus, StepKeyValue, StepStatus } from '../schema';

/*
 * Aggregates for a Prometheus scrape (the api's /metrics). Each is one grouped query over one table;
 * callers should cache the result for a few seconds so concurrent scrapes do not pile up.
 */

export async function countCompaniesByStatus(db: DbOrTx): Promise<Array<{ status: CompanyStatus; count: number }>> {
  const rows = await db.execute<{ status: CompanyStatus; count: number }>(
    sql`select status::text as status, count(*)::int as count from companies group by status`,
  );
  return [...rows];
}

export async function countFinishedRunsByStatus(db: DbOrTx): Promise<Array<{ kind: string; status: RunStatus; count: number }>> {
  const rows = await db.execute<{ kind: string; status: RunStatus; count: number }>(
    sql`select kind::text as kind, status::text as status, count(*)::int as count from runs
        where status in ('completed', 'partial', 'failed') group by kind, status`,
  );
  return [...rows];
}

export async function countStepFailuresByCode(db: DbOrTx): Promise<Array<{ step: StepKeyValue; code: string; count: number }>> {
  const rows = await db.execute<{ step: StepKeyValue; code: string; count: number }>(
    sql`select step_key::text as step, coalesce(error->>'code', 'UNKNOWN') as code, count(*)::int as count
        from run_steps where status = 'failed' group by step_key, coalesce(error->>'code', 'UNKNOWN')`,
  );
  return [...rows];
}

export async function countEmailsByKindAndStatus(db: DbOrTx): Promise<Array<{ kind: EmailKind; status: EmailStatus; count: number }>> {
  const rows = await db.execute<{ kind: EmailKind; status: EmailStatus; count: number }>(
    sql`select kind::text as kind, status::text as status, count(*)::int as count from email_outbox group by kind, status`,
  );
  return [...rows];
}

export interface StepDurationBuckets {
  step: StepKeyValue;
  status: StepStatus;
  count: number;
  sumSeconds: number;
  /** Cumulative counts, one per upper bound passed in (Prometheus `le` semantics). */
  buckets: number[];
}

/** Durations (finished_at - started_at) of finished step rows, bucketed per step and outcome. */
export async function stepDurationBuckets(db: DbOrTx, upperBoundsSeconds: readonly number[]): Promise<StepDurationBuckets[]> {
  const bucketColumns = upperBoundsSeconds.map(
    (le, i) => sql`count(*) filter (where d <= ${le}::float8)::int as ${sql.raw(`b${i}`)}`,
  );
  const rows = await db.execute<Record<string, unknown>>(
    sql`select step, status, count(*)::int as count, coalesce(sum(d), 0)::float8 as sum_seconds
        ${bucketColumns.length ? sql`, ${sql.join(bucketColumns, sql`, `)}` : sql``}
        from (
          select step_key::text as step, status::text as status, extract(epoch from finished_at - started_at)::float8 as d
          from run_steps
          where status in ('completed', 'failed') and started_at is not null and finished_at is not null
        ) t
        group by step, status`,
  );
  return [...rows].map((r) => ({
    step: r.step as StepKeyValue,
    status: r.status as StepStatus,
    count: Number(r.count),
    sumSeconds: Number(r.sum_seconds),
    buckets: upperBoundsSeconds.map((_, i) => Number(r[`b${i}`])),
  }));
}
