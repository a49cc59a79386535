import { eq, sql } from 'drizzle-orm';
import { createCompany } from '../repositories/companies';
import { companies, runs, runSteps, STEP_KEY_VALUES } from '../schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createRunTransitions, type RunTransitions } from './create-run-transitions';
import type { RunCatalog } from './run-catalog';

const catalog: RunCatalog = {
  weight: Object.fromEntries(STEP_KEY_VALUES.map((k) => [k, k === 'final_validation' ? 10 : 9])) as RunCatalog['weight'],
  critical: Object.fromEntries(STEP_KEY_VALUES.map((k) => [k, k !== 'items'])) as RunCatalog['critical'],
  deadlineHint: 'Continue the company.',
};

let db: TestDatabase;
let t: RunTransitions;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createRunTransitions(db.db, catalog);
});
afterAll(async () => {
  await db.drop();
});

async function newRun(deadlineMs = 600_000): Promise<{ companyId: string; runId: number }> {
  n++;
  const { company, run } = await createCompany(
    db.db,
    {
      companyName: `Fence ${n} Ltd`,
      adminEmail: `a${n}@fence.example`,
      adminPasswordEnc: 'x',
      defaultCurrency: 'USD',
      country: 'United States',
      domain: `fence-${n}.localhost`,
      siteName: `fence-${n}.localhost`,
      siteUrl: `http://fence-${n}.localhost`,
      siteMode: 'shared',
      notifyEmail: `a${n}@fence.example`,
    },
    { start: true, runDeadlineMs: deadlineMs },
  );
  if (!run) throw new Error('no run');
  return { companyId: company.id, runId: run.id };
}

async function stepRow(runId: number, key: (typeof STEP_KEY_VALUES)[number]) {
  const [row] = await db.db.select().from(runSteps).where(sql`${runSteps.runId} = ${runId} and ${runSteps.stepKey} = ${key}`);
  return row;
}

describe('fenced transitions', () => {
  it('starts the deadline when the first step begins, not when the run is queued', async () => {
    const { runId } = await newRun(60_000);
    const [queued] = await db.db.select().from(runs).where(eq(runs.id, runId));
    expect(queued?.deadlineAt).toBeNull();
    expect(queued?.deadlineMs).toBe(60_000);
    const begin = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    expect(begin.kind).toBe('run');
    const [started] = await db.db.select().from(runs).where(eq(runs.id, runId));
    expect(started?.deadlineAt).not.toBeNull();
  });

  it('does not claim again a step running under a live lease', async () => {
    const { runId } = await newRun();
    const first = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    expect(first.kind).toBe('run');
    const second = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    expect(second).toMatchObject({ kind: 'skip', reason: 'claimed_elsewhere' });
    expect((await stepRow(runId, 'engine_check'))?.attempts).toBe(1);
  });

  it('takes over a running step whose lease expired, and drops the first claim\'s result', async () => {
    const { runId, companyId } = await newRun();
    const first = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    if (first.kind !== 'run') throw new Error('not claimed');
    await db.db.update(runSteps).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(runSteps.id, first.step.id));
    const second = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    if (second.kind !== 'run') throw new Error('not taken over');
    expect(second.claimToken).not.toBe(first.claimToken);

    const stale = await t.completeStep({ runId, stepKey: 'engine_check', claimToken: first.claimToken, companyId, status: 'completed', output: { by: 'stale' }, statePatch: { stale: true }, message: 'stale' });
    expect(stale).toEqual({ applied: false });
    expect(await t.recordStepRetry({ runId, stepKey: 'engine_check', claimToken: first.claimToken, companyId, error: { code: 'X', message: 'x', hint: 'h', retryable: true }, attempt: 1, delayMs: 1 })).toEqual({ applied: false });
    expect((await t.failStep({ runId, stepKey: 'engine_check', claimToken: first.claimToken, companyId, error: { code: 'X', message: 'x', hint: 'h', retryable: false } })).applied).toBe(false);
    expect((await stepRow(runId, 'engine_check'))?.status).toBe('running');

    const winner = await t.completeStep({ runId, stepKey: 'engine_check', claimToken: second.claimToken, companyId, status: 'completed', output: { by: 'winner' }, message: 'done' });
    expect(winner).toEqual({ applied: true });
    expect((await stepRow(runId, 'engine_check'))?.output).toEqual({ by: 'winner' });
    const [company] = await db.db.select().from(companies).where(eq(companies.id, companyId));
    expect(company?.erp).not.toHaveProperty('stale');
  });

  it('writes nothing for a job of a run that finished (deadline) meanwhile', async () => {
    const { runId, companyId } = await newRun();
    const claim = await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 });
    if (claim.kind !== 'run') throw new Error('not claimed');
    await db.db.update(runs).set({ deadlineAt: sql`now() - interval '1 second'` }).where(eq(runs.id, runId));
    expect(await t.failOverdueRuns()).toEqual([expect.objectContaining({ runId })]);
    const late = await t.completeStep({ runId, stepKey: 'engine_check', claimToken: claim.claimToken, companyId, status: 'completed', output: {}, acceptedAbbr: 'LATE', message: 'late' });
    expect(late).toEqual({ applied: false });
    expect((await stepRow(runId, 'engine_check'))?.error?.code).toBe('DEADLINE_EXCEEDED');
    const [company] = await db.db.select().from(companies).where(eq(companies.id, companyId));
    expect(company?.status).toBe('Failed');
    expect(company?.companyAbbr).not.toBe('LATE');
  });

  it('never fails a run for waiting in the queue', async () => {
    const { runId } = await newRun(1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await t.failOverdueRuns()).map((o) => o.runId)).not.toContain(runId);
  });

  it('answers stale_epoch to a job of an older epoch, after the run was re-queued', async () => {
    const { runId } = await newRun();
    await db.db.update(runs).set({ enqueuedAt: sql`now()` }).where(eq(runs.id, runId));
    expect(await t.bumpRunEpoch(runId, 0, ['engine_check'])).toBe(1);
    expect(await t.bumpRunEpoch(runId, 0, ['engine_check'])).toBeNull();
    expect(await t.beginStep({ runId, stepKey: 'engine_check', epoch: 0, leaseMs: 30_000 })).toEqual({ kind: 'skip', reason: 'stale_epoch' });
    expect((await t.beginStep({ runId, stepKey: 'engine_check', epoch: 1, leaseMs: 30_000 })).kind).toBe('run');
  });
});
