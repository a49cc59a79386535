import { and, desc, eq, lt, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client';
import {
  companies,
  runs,
  runSteps,
  type CompanyRow,
  type CompanyStatus,
  type NewCompanyRow,
  type RunKind,
  type RunRow,
  type RunStepRow,
  type StepKeyValue,
  STEP_KEY_VALUES,
} from '../schema';
import { appendEvent } from './events';
import { InvalidStateError, NotFoundError, UniqueTakenError } from './errors';
import { isStepDone } from './step-done';
import { canRequestRun, type RunRequest } from '../transitions/status-transitions';

export type NewCompanyInput = Omit<NewCompanyRow, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'currentRunId' | 'progress'>;

export interface CreateCompanyOptions {
  start: boolean;
  /**
   * How long a run may take, counted from its first step, before the worker ends it Failed with
   * DEADLINE_EXCEEDED (stored as runs.deadline_ms).
   */
  runDeadlineMs: number;
}

export interface CreatedCompany {
  company: CompanyRow;
  /** Null for a Draft company. */
  run: RunRow | null;
  runSteps: StepKeyValue[];
}

const UNIQUE_VIOLATION = '23505';

function uniqueFieldOf(err: unknown): UniqueTakenError['field'] | null {
  const e = err as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (e.code ? e : (e.cause as typeof e | undefined)) ?? e;
  if (inner.code !== UNIQUE_VIOLATION) return null;
  const c = inner.constraint_name ?? inner.constraint ?? '';
  if (c === 'companies_domain_key') return 'domain';
  if (c === 'companies_name_key') return 'company_name';
  if (c === 'companies_idempotency_key') return 'idempotency_key';
  return null;
}

async function nextCompanyId(tx: DbOrTx): Promise<string> {
  const rows = await tx.execute<{ id: string }>(
    sql`select 'COMP-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('company_number_seq')::text, 5, '0') as id`,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('company id sequence returned nothing');
  return id;
}

/**
 * Inserts a company and, unless it is a Draft, its first run with every step pending, in one
 * transaction. The flow is added to Redis only AFTER this commits (see `markRunEnqueued` and the
 * worker's enqueue reconciler), so a flow can never exist without its company, and a Queued company
 * whose enqueue was interrupted is picked up by the reconciler.
 */
export async function createCompany(db: Database, input: NewCompanyInput, options: CreateCompanyOptions): Promise<CreatedCompany> {
  try {
    return await db.transaction(async (tx) => {
      const id = await nextCompanyId(tx);
      const [company] = await tx
        .insert(companies)
        .values({ ...input, id, status: options.start ? 'Queued' : 'Draft' })
        .returning();
      if (!company) throw new Error('company insert returned no row');
      await appendEvent(tx, {
        companyId: id,
        type: 'company_created',
        message: `Company ${company.companyName} created as ${company.status}`,
        data: { status: company.status },
      });
      if (!options.start) return { company, run: null, runSteps: [] };
      const { run, steps } = await insertRun(tx, company, 'initial', [...STEP_KEY_VALUES], options.runDeadlineMs);
      const [updated] = await tx.select().from(companies).where(eq(companies.id, id));
      return { company: updated ?? company, run, runSteps: steps };
    });
  } catch (err) {
    const field = uniqueFieldOf(err);
    if (field) throw new UniqueTakenError(field);
    throw err;
  }
}

async function insertRun(
  tx: DbOrTx,
  company: CompanyRow,
  kind: RunKind,
  steps: StepKeyValue[],
  runDeadlineMs: number,
): Promise<{ run: RunRow; steps: StepKeyValue[] }> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`coalesce(max(${runs.runNo}), 0)::int` })
    .from(runs)
    .where(eq(runs.companyId, company.id));
  const [run] = await tx
    .insert(runs)
    .values({
      companyId: company.id,
      runNo: n + 1,
      kind,
      status: 'queued',
      // The deadline measures the run, not the queue: beginStep sets deadline_at when the first
      // step begins.
      deadlineMs: runDeadlineMs,
    })
    .returning();
  if (!run) throw new Error('run insert returned no row');
  const ordered = STEP_KEY_VALUES.filter((k) => steps.includes(k));
  await tx.insert(runSteps).values(
    ordered.map((stepKey) => ({ runId: run.id, companyId: company.id, stepKey, position: STEP_KEY_VALUES.indexOf(stepKey) })),
  );
  await tx
    .update(companies)
    // A retry (and a start) begins from nothing done; a continue keeps the share of the steps it
    // does not rerun. Within the run, progress only grows (the worker writes greatest()).
    .set({ currentRunId: run.id, status: 'Queued', updatedAt: sql`now()`, provisioningCompletedAt: null, ...(kind === 'continue' ? {} : { progress: 0 }) })
    .where(eq(companies.id, company.id));
  if (company.status !== 'Queued') {
    await appendEvent(tx, {
      companyId: company.id,
      runId: run.id,
      type: 'status_changed',
      message: `Status ${company.status} → Queued (${kind} run #${run.runNo})`,
      data: { from: company.status, to: 'Queued' },
    });
  }
  await appendEvent(tx, {
    companyId: company.id,
    runId: run.id,
    type: 'run_queued',
    message: `Run #${run.runNo} (${kind}) queued with ${ordered.length} step(s): ${ordered.join(', ')}`,
    data: { kind, runNo: run.runNo, steps: ordered },
  });
  return { run, steps: ordered };
}


/**
 * start (Draft → Queued), continue and retry (Failed|Partial → Queued) in one transaction that
 * locks the company row, so two simultaneous requests start one run and the other gets
 * InvalidStateError (the first already moved the status to Queued).
 * - continue: a run of the steps that are not done (see isStepDone), plus final_validation, which
 *   always re-reads everything;
 * - retry and start: a run of every step.
 */
export async function requestRun(
  db: Database,
  companyId: string,
  request: RunRequest,
  runDeadlineMs: number,
): Promise<{ company: CompanyRow; run: RunRow; steps: StepKeyValue[] }> {
  return db.transaction(async (tx) => {
    const [company] = await tx.select().from(companies).where(eq(companies.id, companyId)).for('update');
    if (!company) throw new NotFoundError(companyId);
    if (!canRequestRun(request, company.status)) throw new InvalidStateError(companyId, company.status, request);
    let steps: StepKeyValue[] = [...STEP_KEY_VALUES];
    if (request === 'continue') {
      const latest = await latestStepRows(tx, companyId);
      steps = STEP_KEY_VALUES.filter((k) => k === 'final_validation' || !isStepDone(latest.get(k)));
    }
    const kind: RunKind = request === 'start' ? 'initial' : request;
    const { run } = await insertRun(tx, company, kind, steps, runDeadlineMs);
    const [updated] = await tx.select().from(companies).where(eq(companies.id, companyId));
    return { company: updated ?? company, run, steps };
  });
}

/** The newest row of each step key across all runs: what the company's step list shows. */
export async function latestStepRows(db: DbOrTx, companyId: string): Promise<Map<StepKeyValue, RunStepRow>> {
  const rows = await db
    .select()
    .from(runSteps)
    .where(eq(runSteps.companyId, companyId))
    .orderBy(runSteps.runId, runSteps.position);
  const latest = new Map<StepKeyValue, RunStepRow>();
  for (const row of rows) latest.set(row.stepKey, row);
  return latest;
}

export async function markRunEnqueued(db: DbOrTx, runId: number): Promise<void> {
  await db.update(runs).set({ enqueuedAt: sql`now()` }).where(eq(runs.id, runId));
}

/** Runs committed as queued whose flow never made it to Redis (the process died in between). */
export async function findRunsAwaitingEnqueue(db: DbOrTx, olderThanMs: number): Promise<Array<{ run: RunRow; steps: StepKeyValue[] }>> {
  const pending = await db
    .select()
    .from(runs)
    .where(and(eq(runs.status, 'queued'), sql`${runs.enqueuedAt} is null`, lt(runs.createdAt, sql`now() - (${olderThanMs}::int * interval '1 millisecond')`)))
    .limit(100);
  if (pending.length === 0) return [];
  const stepRows = await db
    .select({ runId: runSteps.runId, stepKey: runSteps.stepKey, position: runSteps.position })
    .from(runSteps)
    .where(inArray(runSteps.runId, pending.map((r) => r.id)))
    .orderBy(runSteps.position);
  return pending.map((run) => ({ run, steps: stepRows.filter((s) => s.runId === run.id).map((s) => s.stepKey) }));
}

export async function getCompany(db: DbOrTx, companyId: string): Promise<CompanyRow | null> {
  const [row] = await db.select().from(companies).where(eq(companies.id, companyId));
  return row ?? null;
}

export async function getCompanyByIdempotencyKey(db: DbOrTx, key: string): Promise<CompanyRow | null> {
  const [row] = await db.select().from(companies).where(eq(companies.idempotencyKey, key));
  return row ?? null;
}

export async function getRun(db: DbOrTx, runId: number): Promise<RunRow | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, runId));
  return row ?? null;
}

export async function listRunSteps(db: DbOrTx, runId: number): Promise<RunStepRow[]> {
  return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(runSteps.position);
}

export interface ListCompaniesQuery {
  status?: CompanyStatus;
  limit: number;
  /** The id of the last company of the previous page. */
  cursor?: string;
}

/** Newest first, keyset paging on (created_at, id): stable while companies are being added. */
export async function listCompanies(db: DbOrTx, q: ListCompaniesQuery): Promise<{ items: CompanyRow[]; nextCursor: string | null }> {
  const conditions = [];
  if (q.status) conditions.push(eq(companies.status, q.status));
  if (q.cursor) {
    conditions.push(
      sql`(${companies.createdAt}, ${companies.id}) < (select c.created_at, c.id from companies c where c.id = ${q.cursor})`,
    );
  }
  const rows = await db
    .select()
    .from(companies)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(companies.createdAt), desc(companies.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? last.id : null };
}
