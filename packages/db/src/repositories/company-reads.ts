import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { events, runs, runSteps, type RunRow, type RunStepRow, type StepKeyValue } from '../schema';

/**
 * `latestStepRows` for many companies in one query (a list page): per company, the newest row of
 * each step key across all its runs.
 */
export async function latestStepRowsByCompany(
  db: DbOrTx,
  companyIds: readonly string[],
): Promise<Map<string, Map<StepKeyValue, RunStepRow>>> {
  const result = new Map<string, Map<StepKeyValue, RunStepRow>>();
  if (companyIds.length === 0) return result;
  const rows = await db
    .select()
    .from(runSteps)
    .where(inArray(runSteps.companyId, [...companyIds]))
    .orderBy(runSteps.runId, runSteps.position);
  for (const row of rows) {
    let perCompany = result.get(row.companyId);
    if (!perCompany) {
      perCompany = new Map();
      result.set(row.companyId, perCompany);
    }
    perCompany.set(row.stepKey, row);
  }
  return result;
}

export async function getRunsByIds(db: DbOrTx, runIds: readonly number[]): Promise<Map<number, RunRow>> {
  const result = new Map<number, RunRow>();
  if (runIds.length === 0) return result;
  const rows = await db.select().from(runs).where(inArray(runs.id, [...runIds]));
  for (const row of rows) result.set(row.id, row);
  return result;
}

/** The id of the company's newest event, 0 when it has none (an SSE stream resumes after it). */
export async function lastEventId(db: DbOrTx, companyId: string): Promise<number> {
  const [row] = await db
    .select({ id: sql<number>`coalesce(max(${events.id}), 0)::bigint` })
    .from(events)
    .where(eq(events.companyId, companyId));
  return Number(row?.id ?? 0);
}
