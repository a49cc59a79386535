import { and, eq, sql } from 'drizzle-orm';
import {
  appendEvent,
  companies,
  runs,
  runSteps,
  type CompanyStatus,
  type DbHandle,
  type RunStatus,
  type StepErrorJson,
  type StepKeyValue,
  type StepStatus,
} from '@provisioner/db';

/*
 * Stand-ins for what the worker process writes, through its own connection pool, so the api's
 * LISTEN/NOTIFY path is exercised exactly as in production. Each change and its event commit together.
 */

export async function setCompanyStatus(worker: DbHandle, companyId: string, to: CompanyStatus, progress?: number): Promise<void> {
  await worker.db.transaction(async (tx) => {
    const [before] = await tx.select().from(companies).where(eq(companies.id, companyId)).for('update');
    if (!before) throw new Error(`no company ${companyId}`);
    await tx
      .update(companies)
      .set({
        status: to,
        updatedAt: sql`now()`,
        ...(progress === undefined ? {} : { progress }),
        ...(to === 'Provisioning' ? { provisioningStartedAt: sql`now()` } : {}),
        ...(['Active', 'Partial', 'Failed'].includes(to) ? { provisioningCompletedAt: sql`now()` } : {}),
      })
      .where(eq(companies.id, companyId));
    await appendEvent(tx, {
      companyId,
      runId: before.currentRunId,
      type: 'status_changed',
      message: `Status ${before.status} → ${to}`,
      data: { from: before.status, to },
    });
  });
}

export async function setStep(
  worker: DbHandle,
  companyId: string,
  stepKey: StepKeyValue,
  status: StepStatus,
  error: StepErrorJson | null = null,
): Promise<void> {
  await worker.db.transaction(async (tx) => {
    const [company] = await tx.select().from(companies).where(eq(companies.id, companyId));
    const runId = company?.currentRunId;
    if (!runId) throw new Error(`company ${companyId} has no run`);
    await tx
      .update(runSteps)
      .set({
        status,
        attempts: sql`${runSteps.attempts} + 1`,
        startedAt: sql`coalesce(${runSteps.startedAt}, now() - interval '2 seconds')`,
        ...(status === 'running' ? {} : { finishedAt: sql`now()` }),
        error,
        updatedAt: sql`now()`,
      })
      .where(and(eq(runSteps.runId, runId), eq(runSteps.stepKey, stepKey)));
    const type = status === 'running' ? 'step_started' : status === 'completed' ? 'step_completed' : status === 'failed' ? 'step_failed' : 'step_skipped';
    await appendEvent(tx, { companyId, runId, stepKey, type, message: `${stepKey} ${status}`, data: error ? { code: error.code } : null });
  });
}

export async function finishRun(worker: DbHandle, companyId: string, status: RunStatus): Promise<void> {
  const [company] = await worker.db.select().from(companies).where(eq(companies.id, companyId));
  if (!company?.currentRunId) throw new Error(`company ${companyId} has no run`);
  await worker.db.update(runs).set({ status, finishedAt: sql`now()` }).where(eq(runs.id, company.currentRunId));
}
