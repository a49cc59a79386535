import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client';
import {
  companies,
  emailOutbox,
  runs,
  runSteps,
  STEP_KEY_VALUES,
  type CompanyRow,
  type EmailKind,
  type RunRow,
  type RunStepRow,
  type StepErrorJson,
  type StepKeyValue,
  type StepStatus,
} from '../schema';
import { appendEvent } from './events';
import { latestStepRows } from './companies';
import { ABANDONED } from './step-done';

/*
 * The worker's side of the state machine. Postgres is the source of truth (SPEC §4): every change of
 * a step, a run or a company happens here, in a transaction, with its event appended.
 */

export interface StepWeights {
  weight: Readonly<Record<StepKeyValue, number>>;
  critical: Readonly<Record<StepKeyValue, boolean>>;
}

export type BeginStepResult =
  | { kind: 'run'; company: CompanyRow; run: RunRow; step: RunStepRow; attempt: number }
  | { kind: 'skip'; reason: 'run_not_found' | 'run_finished' | 'not_current_run' | 'step_done' | 'step_not_in_run' };

const TERMINAL_RUN = ['completed', 'partial', 'failed'] as const;

/**
 * Marks the step running (attempts + 1) and moves the run and company along on their first step.
 * Answers `skip` when the job is stale: its run finished (deadline, an earlier critical failure),
 * a newer run replaced it, or the step already completed (a stalled job delivered again).
 */
export async function beginStep(db: Database, runId: number, stepKey: StepKeyValue): Promise<BeginStepResult> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
    if (!run) return { kind: 'skip', reason: 'run_not_found' };
    if ((TERMINAL_RUN as readonly string[]).includes(run.status)) return { kind: 'skip', reason: 'run_finished' };
    const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
    if (!company || company.currentRunId !== run.id) return { kind: 'skip', reason: 'not_current_run' };
    const [step] = await tx.select().from(runSteps).where(and(eq(runSteps.runId, runId), eq(runSteps.stepKey, stepKey)));
    if (!step) return { kind: 'skip', reason: 'step_not_in_run' };
    if (step.status === 'completed' || step.status === 'skipped') return { kind: 'skip', reason: 'step_done' };

    if (run.status === 'queued') {
      await tx.update(runs).set({ status: 'running', startedAt: sql`now()` }).where(eq(runs.id, runId));
    }
    let current = company;
    if (company.status === 'Queued') {
      const [updated] = await tx
        .update(companies)
        .set({
          status: 'Provisioning',
          provisioningStartedAt: company.provisioningStartedAt ?? sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(eq(companies.id, company.id))
        .returning();
      if (updated) current = updated;
      await appendEvent(tx, {
        companyId: company.id,
        runId,
        type: 'status_changed',
        message: 'Status Queued → Provisioning',
        data: { from: 'Queued', to: 'Provisioning' },
      });
    }
    const attempt = step.attempts + 1;
    const [started] = await tx
      .update(runSteps)
      .set({ status: 'running', attempts: attempt, startedAt: step.startedAt ?? sql`now()`, updatedAt: sql`now()` })
      .where(eq(runSteps.id, step.id))
      .returning();
    await appendEvent(tx, {
      companyId: company.id,
      runId,
      stepKey,
      type: 'step_started',
      message: attempt === 1 ? `Step ${stepKey} started` : `Step ${stepKey} started (attempt ${attempt})`,
      data: { attempt },
    });
    return { kind: 'run', company: current, run: { ...run, status: 'running' }, step: started ?? step, attempt };
  });
}

/** Progress = the weights of steps that are done for good (completed, skipped, optional ones failed). */
export function computeProgress(statuses: ReadonlyMap<StepKeyValue, StepStatus>, weights: StepWeights): number {
  let sum = 0;
  for (const key of STEP_KEY_VALUES) {
    const s = statuses.get(key);
    if (s === 'completed' || s === 'skipped' || (s === 'failed' && !weights.critical[key])) sum += weights.weight[key];
  }
  return Math.max(0, Math.min(100, Math.round(sum)));
}

async function refreshProgress(tx: DbOrTx, companyId: string, weights: StepWeights): Promise<number> {
  const latest = await latestStepRows(tx, companyId);
  const statuses = new Map<StepKeyValue, StepStatus>();
  for (const [k, row] of latest) statuses.set(k, row.status);
  const progress = computeProgress(statuses, weights);
  // Never decreases within a run (SPEC §3): greatest() keeps the higher of the stored and new value.
  const [row] = await tx
    .update(companies)
    .set({ progress: sql`greatest(${companies.progress}, ${progress})`, updatedAt: sql`now()` })
    .where(eq(companies.id, companyId))
    .returning({ progress: companies.progress });
  return row?.progress ?? progress;
}

export interface CompleteStepInput {
  runId: number;
  companyId: string;
  stepKey: StepKeyValue;
  status: 'completed' | 'skipped';
  output: Record<string, unknown>;
  /** Merged into companies.erp (what later steps and later runs know). */
  statePatch?: Record<string, unknown>;
  /** The abbreviation ERPNext accepted, when the company step learned it. */
  acceptedAbbr?: string;
  siteCredentialsEnc?: string;
  message: string;
}

export async function completeStep(db: Database, input: CompleteStepInput, weights: StepWeights): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(runSteps)
      .set({ status: input.status, output: input.output, error: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(runSteps.runId, input.runId), eq(runSteps.stepKey, input.stepKey)));
    const set: Record<string, unknown> = { updatedAt: sql`now()` };
    if (input.statePatch && Object.keys(input.statePatch).length > 0) {
      set.erp = sql`${companies.erp} || ${JSON.stringify(input.statePatch)}::jsonb`;
    }
    if (input.acceptedAbbr) set.companyAbbr = input.acceptedAbbr;
    if (input.siteCredentialsEnc) set.siteCredentialsEnc = input.siteCredentialsEnc;
    await tx.update(companies).set(set).where(eq(companies.id, input.companyId));
    const progress = await refreshProgress(tx, input.companyId, weights);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: input.status === 'completed' ? 'step_completed' : 'step_skipped',
      message: input.message,
      data: { output: input.output, progress },
    });
  });
}

/**
 * A retryable failure with tries left: the step goes back to `pending` (it is not running while it
 * waits for its retry), its attempts and last error visible.
 */
export async function recordStepRetry(
  db: Database,
  input: { runId: number; companyId: string; stepKey: StepKeyValue; error: StepErrorJson; attempt: number; delayMs: number; statePatch?: Record<string, unknown> },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(runSteps)
      .set({ status: 'pending', error: input.error, updatedAt: sql`now()` })
      .where(and(eq(runSteps.runId, input.runId), eq(runSteps.stepKey, input.stepKey)));
    await mergeErpState(tx, input.companyId, input.statePatch);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: 'step_retrying',
      message: `Step ${input.stepKey} attempt ${input.attempt} failed (${input.error.code}); retrying in ${Math.round(input.delayMs / 100) / 10}s`,
      data: { error: input.error, attempt: input.attempt, delayMs: input.delayMs },
    });
  });
}

export interface FailStepResult {
  companyFailed: boolean;
  outboxId: number | null;
}

/**
 * A terminal failure. A critical step fails the run and the company (the steps after it become
 * skipped, a failure email is put in the outbox); an optional one only fails itself.
 */
export async function failStep(
  db: Database,
  input: { runId: number; companyId: string; stepKey: StepKeyValue; error: StepErrorJson; critical: boolean; statePatch?: Record<string, unknown> },
  weights: StepWeights,
): Promise<FailStepResult> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, input.runId)).for('update');
    if (!run || (TERMINAL_RUN as readonly string[]).includes(run.status)) return { companyFailed: false, outboxId: null };
    await tx
      .update(runSteps)
      .set({ status: 'failed', error: input.error, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(runSteps.runId, input.runId), eq(runSteps.stepKey, input.stepKey)));
    await mergeErpState(tx, input.companyId, input.statePatch);
    await appendEvent(tx, {
      companyId: input.companyId,
      runId: input.runId,
      stepKey: input.stepKey,
      type: 'step_failed',
      message: `Step ${input.stepKey} failed: ${input.error.code}: ${input.error.message}`,
      data: { error: input.error, critical: input.critical },
    });
    if (!input.critical) {
      await refreshProgress(tx, input.companyId, weights);
      return { companyFailed: false, outboxId: null };
    }
    const outboxId = await failRunInTx(tx, run, `${input.stepKey}: ${input.error.code}: ${input.error.message}`);
    return { companyFailed: true, outboxId };
  });
}

/** Merges what a step learned (even a failed one: e.g. abbreviations ERPNext refused) into companies.erp. */
async function mergeErpState(tx: DbOrTx, companyId: string, patch: Record<string, unknown> | undefined): Promise<void> {
  if (!patch || Object.keys(patch).length === 0) return;
  await tx
    .update(companies)
    .set({ erp: sql`${companies.erp} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()` })
    .where(eq(companies.id, companyId));
}

async function failRunInTx(tx: DbOrTx, run: RunRow, note: string): Promise<number | null> {
  const pending = await tx
    .update(runSteps)
    .set({ status: 'skipped', output: { reason: 'an earlier step failed', [ABANDONED]: true }, updatedAt: sql`now()` })
    .where(and(eq(runSteps.runId, run.id), inArray(runSteps.status, ['pending'])))
    .returning({ stepKey: runSteps.stepKey });
  await tx.update(runs).set({ status: 'failed', finishedAt: sql`now()` }).where(eq(runs.id, run.id));
  const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
  if (!company) return null;
  const isCurrent = company.currentRunId === run.id;
  if (isCurrent) {
    await tx
      .update(companies)
      .set({ status: 'Failed', provisioningCompletedAt: sql`now()`, provisioningNotes: note, updatedAt: sql`now()` })
      .where(eq(companies.id, company.id));
    await appendEvent(tx, {
      companyId: company.id,
      runId: run.id,
      type: 'status_changed',
      message: `Status ${company.status} → Failed`,
      data: { from: company.status, to: 'Failed', note, skipped: pending.map((p) => p.stepKey) },
    });
  }
  await appendEvent(tx, { companyId: company.id, runId: run.id, type: 'run_finished', message: `Run #${run.runNo} failed`, data: { outcome: 'failed' } });
  return isCurrent ? insertOutbox(tx, company, run.id, 'failure') : null;
}

/**
 * After final_validation: Active, or Partial when an optional step failed (the workspace is usable).
 * Puts the success email in the outbox in the same transaction.
 */
export async function finishRun(
  db: Database,
  runId: number,
  weights: StepWeights,
): Promise<{ status: 'Active' | 'Partial'; outboxId: number | null } | null> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
    if (!run || (TERMINAL_RUN as readonly string[]).includes(run.status)) return null;
    const [company] = await tx.select().from(companies).where(eq(companies.id, run.companyId)).for('update');
    if (!company) return null;
    const latest = await latestStepRows(tx, company.id);
    const failedOptional = STEP_KEY_VALUES.filter((k) => !weights.critical[k] && latest.get(k)?.status === 'failed');
    const status = failedOptional.length > 0 ? 'Partial' : 'Active';
    await tx.update(runs).set({ status: status === 'Active' ? 'completed' : 'partial', finishedAt: sql`now()` }).where(eq(runs.id, runId));
    const note =
      status === 'Active'
        ? 'All steps completed'
        : `Usable, but optional step(s) failed: ${failedOptional.join(', ')}. POST /continue to retry them.`;
    await tx
      .update(companies)
      .set({ status, progress: 100, provisioningCompletedAt: sql`now()`, provisioningNotes: note, updatedAt: sql`now()` })
      .where(eq(companies.id, company.id));
    await appendEvent(tx, {
      companyId: company.id,
      runId,
      type: 'status_changed',
      message: `Status ${company.status} → ${status}`,
      data: { from: company.status, to: status, progress: 100 },
    });
    await appendEvent(tx, { companyId: company.id, runId, type: 'run_finished', message: `Run #${run.runNo} finished: ${status}`, data: { outcome: status } });
    const outboxId = await insertOutbox(tx, company, runId, 'success');
    return { status, outboxId };
  });
}

/** Ends overdue runs Failed with DEADLINE_EXCEEDED; returns the failure emails to send. */
export async function failOverdueRuns(db: Database, hint: string): Promise<Array<{ companyId: string; runId: number; outboxId: number | null }>> {
  const overdue = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(inArray(runs.status, ['queued', 'running']), lt(runs.deadlineAt, sql`now()`)))
    .limit(50);
  const out: Array<{ companyId: string; runId: number; outboxId: number | null }> = [];
  for (const { id } of overdue) {
    const res = await db.transaction(async (tx) => {
      const [run] = await tx.select().from(runs).where(eq(runs.id, id)).for('update');
      if (!run || !['queued', 'running'].includes(run.status)) return null;
      const error: StepErrorJson = {
        code: 'DEADLINE_EXCEEDED',
        message: `Run #${run.runNo} did not finish before its deadline`,
        hint,
        retryable: false,
      };
      const stuck = await tx
        .update(runSteps)
        .set({ status: 'failed', error, finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(runSteps.runId, run.id),
            // the step in flight, or one waiting for its retry
            or(eq(runSteps.status, 'running'), and(eq(runSteps.status, 'pending'), gt(runSteps.attempts, 0))),
          ),
        )
        .returning({ stepKey: runSteps.stepKey });
      for (const s of stuck) {
        await appendEvent(tx, { companyId: run.companyId, runId: run.id, stepKey: s.stepKey, type: 'step_failed', message: `Step ${s.stepKey} failed: DEADLINE_EXCEEDED`, data: { error } });
      }
      const outboxId = await failRunInTx(tx, run, `DEADLINE_EXCEEDED: ${error.message}`);
      return { companyId: run.companyId, runId: run.id, outboxId };
    });
    if (res) out.push(res);
  }
  return out;
}

async function insertOutbox(tx: DbOrTx, company: CompanyRow, runId: number, kind: EmailKind): Promise<number | null> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({ companyId: company.id, runId, kind, toAddress: company.notifyEmail })
    .onConflictDoNothing({ target: [emailOutbox.runId, emailOutbox.kind] })
    .returning({ id: emailOutbox.id });
  if (!row) return null;
  await appendEvent(tx, {
    companyId: company.id,
    runId,
    type: 'email_queued',
    message: `${kind === 'success' ? 'Success' : 'Failure'} email queued for ${company.notifyEmail}`,
    data: { outboxId: row.id, kind },
  });
  return row.id;
}

export async function markOutboxEnqueued(db: DbOrTx, outboxId: number): Promise<void> {
  await db.update(emailOutbox).set({ enqueuedAt: sql`now()` }).where(eq(emailOutbox.id, outboxId));
}

export async function findOutboxAwaitingEnqueue(db: DbOrTx, olderThanMs: number): Promise<Array<{ id: number; companyId: string; kind: EmailKind }>> {
  return db
    .select({ id: emailOutbox.id, companyId: emailOutbox.companyId, kind: emailOutbox.kind })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, 'pending'),
        isNull(emailOutbox.enqueuedAt),
        lt(emailOutbox.createdAt, sql`now() - (${olderThanMs}::int * interval '1 millisecond')`),
      ),
    )
    .limit(100);
}
