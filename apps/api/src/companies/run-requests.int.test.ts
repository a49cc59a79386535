import { asc, eq } from 'drizzle-orm';
import { runs, runSteps, STEP_KEY_VALUES, type StepKeyValue } from '@provisioner/db';
import { STEP_KEYS, stepJobId } from '@provisioner/jobs';
import { companyBody, finishRun, setCompanyStatus, setStep, startTestApi, type TestApi } from '../testing';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

async function create(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/api/companies', { body: companyBody(overrides) });
  expect(res.status).toBe(201);
  return res.json.data.company_id as string;
}

/** Plays the worker: the first `completed` steps complete, the next one fails, the company ends Failed. */
async function failAfter(companyId: string, completed: readonly StepKeyValue[], failing: StepKeyValue): Promise<void> {
  await setCompanyStatus(t.worker, companyId, 'Provisioning', 0);
  for (const key of completed) await setStep(t.worker, companyId, key, 'completed');
  await setStep(t.worker, companyId, failing, 'failed', { code: 'ERPNEXT_VALIDATION', message: 'nope', hint: 'fix it', retryable: false });
  await finishRun(t.worker, companyId, 'failed');
  await setCompanyStatus(t.worker, companyId, 'Failed', 40);
}

async function runsOf(companyId: string) {
  return t.tdb.db.select().from(runs).where(eq(runs.companyId, companyId)).orderBy(asc(runs.runNo));
}

async function stepKeysOfRun(runId: number): Promise<string[]> {
  const rows = await t.tdb.db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.position));
  return rows.map((r) => r.stepKey);
}

describe('POST /api/companies/:id/start', () => {
  it('moves a Draft to Queued with an initial run of every step and adds its flow', async () => {
    const id = await create({ start: false });
    const res = await t.request('POST', `/api/companies/${id}/start`);
    expect(res.status).toBe(202);
    expect(res.json.success).toBe(true);
    expect(res.json.data).toMatchObject({ company_id: id, status: 'Queued', current_run: { run_no: 1, kind: 'initial', status: 'queued' } });

    const [run] = await runsOf(id);
    expect(run?.enqueuedAt).not.toBeNull();
    expect(await stepKeysOfRun(run?.id ?? 0)).toEqual([...STEP_KEY_VALUES]);
    const job = await t.redis.hgetall(`${t.prefix}:long:${stepJobId(id, run?.id ?? 0, 0, 'engine_check')}`);
    expect(JSON.parse(job.data ?? 'null')).toEqual({ companyId: id, runId: run?.id, epoch: 0, stepKey: 'engine_check' });
  });

  it('answers 409 INVALID_STATE naming the current status when the company is not a Draft', async () => {
    const id = await create();
    const res = await t.request('POST', `/api/companies/${id}/start`);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ success: false, error: { code: 'INVALID_STATE', details: { status: 'Queued' } } });
    expect(res.json.error.message).toContain('Queued');
  });

  it('answers 404 for a company that does not exist', async () => {
    const res = await t.request('POST', '/api/companies/COMP-1999-00001/start');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });
});

describe('POST /api/companies/:id/continue', () => {
  it('queues a run of only the steps not completed, plus final_validation, and shows completed steps as they were', async () => {
    const id = await create();
    const completed: StepKeyValue[] = ['engine_check', 'platform_setup', 'company', 'chart_of_accounts'];
    await failAfter(id, completed, 'warehouses');

    const res = await t.request('POST', `/api/companies/${id}/continue`);
    expect(res.status).toBe(202);
    expect(res.json.data).toMatchObject({ status: 'Queued', current_run: { run_no: 2, kind: 'continue', status: 'queued' } });
    const expected = STEP_KEYS.filter((k) => !completed.includes(k));
    expect(res.json.message).toContain(expected.join(', '));

    const [, second] = await runsOf(id);
    expect(await stepKeysOfRun(second?.id ?? 0)).toEqual(expected);
    for (const key of STEP_KEYS) {
      const exists = await t.redis.exists(`${t.prefix}:long:${stepJobId(id, second?.id ?? 0, 0, key)}`);
      expect([key, exists]).toEqual([key, completed.includes(key) ? 0 : 1]);
    }
    const byKey = Object.fromEntries(res.json.data.steps.map((s: { key: string; status: string }) => [s.key, s.status]));
    for (const key of completed) expect(byKey[key]).toBe('completed');
    expect(byKey.warehouses).toBe('pending');
  });

  it('answers 409 INVALID_STATE for an Active company and for one still Queued', async () => {
    const active = await create();
    await setCompanyStatus(t.worker, active, 'Active', 100);
    const res = await t.request('POST', `/api/companies/${active}/continue`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('INVALID_STATE');
    expect(res.json.error.message).toContain('Active');

    const queued = await create();
    const again = await t.request('POST', `/api/companies/${queued}/continue`);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('Queued');
  });

  it('starts one run when two continue calls arrive at the same time', async () => {
    const id = await create();
    await failAfter(id, ['engine_check'], 'platform_setup');
    const [a, b] = await Promise.all([
      t.request('POST', `/api/companies/${id}/continue`),
      t.request('POST', `/api/companies/${id}/continue`),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect(await runsOf(id)).toHaveLength(2);
  });
});

describe('POST /api/companies/:id/retry', () => {
  it('queues a run of every step for a Partial company', async () => {
    const id = await create();
    await setCompanyStatus(t.worker, id, 'Provisioning');
    for (const key of STEP_KEYS) {
      if (key !== 'items') await setStep(t.worker, id, key, 'completed');
    }
    await setStep(t.worker, id, 'items', 'failed', { code: 'ERPNEXT_VALIDATION', message: 'x', hint: 'y', retryable: false });
    await finishRun(t.worker, id, 'partial');
    await setCompanyStatus(t.worker, id, 'Partial', 100);

    const res = await t.request('POST', `/api/companies/${id}/retry`);
    expect(res.status).toBe(202);
    expect(res.json.data).toMatchObject({ status: 'Queued', current_run: { run_no: 2, kind: 'retry' } });
    const [, second] = await runsOf(id);
    expect(await stepKeysOfRun(second?.id ?? 0)).toEqual([...STEP_KEY_VALUES]);
  });

  it('answers 409 INVALID_STATE for a Draft', async () => {
    const id = await create({ start: false });
    const res = await t.request('POST', `/api/companies/${id}/retry`);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain('Draft');
  });
});
