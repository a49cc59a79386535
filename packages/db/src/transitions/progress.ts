import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { companies, STEP_KEY_VALUES, type StepKeyValue, type StepStatus } from '../schema';
import { latestStepRows } from '../repositories/companies';
import type { RunCatalog } from './run-catalog';

/** Progress = the weights of steps that are done for good (completed, skipped, optional ones failed). */
export function computeProgress(statuses: ReadonlyMap<StepKeyValue, StepStatus>, catalog: Pick<RunCatalog, 'weight' | 'critical'>): number {
  let sum = 0;
  for (const key of STEP_KEY_VALUES) {
    const s = statuses.get(key);
    if (s === 'completed' || s === 'skipped' || (s === 'failed' && !catalog.critical[key])) sum += catalog.weight[key];
  }
  return Math.max(0, Math.min(100, Math.round(sum)));
}

export async function refreshProgress(tx: DbOrTx, companyId: string, catalog: RunCatalog): Promise<number> {
  const latest = await latestStepRows(tx, companyId);
  const statuses = new Map<StepKeyValue, StepStatus>();
  for (const [k, row] of latest) statuses.set(k, row.status);
  const progress = computeProgress(statuses, catalog);
  // Never decreases within a run (SPEC §3): greatest() keeps the higher of the stored and new value.
  const [row] = await tx
    .update(companies)
    .set({ progress: sql`greatest(${companies.progress}, ${progress})`, updatedAt: sql`now()` })
    .where(eq(companies.id, companyId))
    .returning({ progress: companies.progress });
  return row?.progress ?? progress;
}

/** Merges what a step learned (even a failed one: e.g. abbreviations ERPNext refused) into companies.erp. */
export async function mergeErpState(tx: DbOrTx, companyId: string, patch: Record<string, unknown> | undefined): Promise<void> {
  if (!patch || Object.keys(patch).length === 0) return;
  await tx
    .update(companies)
    .set({ erp: sql`${companies.erp} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()` })
    .where(eq(companies.id, companyId));
}
