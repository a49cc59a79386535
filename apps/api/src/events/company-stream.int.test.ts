import { companyBody, openSse, setCompanyStatus, setStep, startTestApi, TEST_TOKEN, type TestApi } from '../testing';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

const auth = { authorization: `Bearer ${TEST_TOKEN}` };

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/companies', { body: companyBody(overrides) });
  expect(res.status).toBe(201);
  return res.json.data as { company_id: string; status_url: string };
}

describe('GET /api/companies/:id/events', () => {
  it('sends a snapshot, then the events another process appends, and ends after a terminal status', async () => {
    const { company_id: id } = await create();
    const sse = await openSse(`${t.baseUrl}/api/companies/${id}/events`, auth);
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const snapshot = await sse.nth(0);
    expect(snapshot.event).toBe('snapshot');
    expect(JSON.parse(snapshot.data)).toMatchObject({ company_id: id, status: 'Queued', steps: expect.any(Array) });

    // The worker, through its own Postgres connection.
    await setCompanyStatus(t.worker, id, 'Provisioning', 0);
    const started = await sse.nth(1);
    expect(started.event).toBe('status_changed');
    expect(JSON.parse(started.data)).toMatchObject({ type: 'status_changed', status: 'Provisioning', data: { to: 'Provisioning' } });

    await setStep(t.worker, id, 'engine_check', 'running');
    await setStep(t.worker, id, 'engine_check', 'completed');
    await setCompanyStatus(t.worker, id, 'Active', 100);

    const events = await sse.ended;
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'status_changed', 'step_started', 'step_completed', 'status_changed']);
    const ids = events.slice(1).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const last = JSON.parse(events[events.length - 1]?.data ?? '{}');
    expect(last).toMatchObject({ status: 'Active', progress: 100, step: null, run_id: expect.any(Number) });
    expect(JSON.parse(events[2]?.data ?? '{}')).toMatchObject({ step: 'engine_check', type: 'step_started' });
  });

  it('ends right after the snapshot when the company is already terminal', async () => {
    const { company_id: id } = await create();
    await setCompanyStatus(t.worker, id, 'Failed');
    const sse = await openSse(`${t.baseUrl}/api/companies/${id}/events`, auth);
    const events = await sse.ended;
    expect(events.map((e) => e.event)).toEqual(['snapshot']);
    expect(JSON.parse(events[0]?.data ?? '{}').status).toBe('Failed');
  });

  it('resumes after Last-Event-ID with every event the client missed, and none twice', async () => {
    const { company_id: id } = await create();
    const logs = await t.request('GET', `/api/companies/${id}/logs`);
    const firstId = logs.json.data[0].id as number;
    await setCompanyStatus(t.worker, id, 'Provisioning');
    await setCompanyStatus(t.worker, id, 'Partial', 100);

    const sse = await openSse(`${t.baseUrl}/api/companies/${id}/events`, { ...auth, 'last-event-id': String(firstId) });
    const events = await sse.ended;
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'run_queued', 'status_changed', 'status_changed']);
    expect(Number(events[1]?.id)).toBeGreaterThan(firstId);
  });

  it('delivers to several streams of the same company from one notification', async () => {
    const { company_id: id } = await create();
    const a = await openSse(`${t.baseUrl}/api/companies/${id}/events`, auth);
    const b = await openSse(`${t.baseUrl}/api/companies/${id}/events`, auth);
    await Promise.all([a.nth(0), b.nth(0)]);
    await setCompanyStatus(t.worker, id, 'Failed');
    const [ea, eb] = await Promise.all([a.ended, b.ended]);
    expect(ea.map((e) => e.event)).toEqual(['snapshot', 'status_changed']);
    expect(eb.map((e) => e.id)).toEqual(ea.map((e) => e.id));
  });

  it('answers 404 for an unknown company and 401 without a token', async () => {
    const missing = await t.request('GET', '/api/companies/COMP-2000-00001/events');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    const { company_id: id } = await create();
    const anonymous = await t.request('GET', `/api/companies/${id}/events`, { token: null });
    expect(anonymous.status).toBe(401);
  });

  it('ends open streams when the api closes', async () => {
    const other = await startTestApi();
    try {
      const res = await other.request('POST', '/api/companies', { body: companyBody() });
      const sse = await openSse(`${other.baseUrl}/api/companies/${String(res.json.data.company_id)}/events`, auth);
      await sse.nth(0);
      await other.api.close();
      const events = await sse.ended;
      expect(events.map((e) => e.event)).toEqual(['snapshot']);
    } finally {
      await other.close();
    }
  });
});

describe('GET /status/:token/events (public)', () => {
  it('streams only public fields and ends after a terminal status', async () => {
    const view = await create({ admin_email: 'private-admin@acme.com', notify_email: 'private-owner@acme.com' });
    const path = new URL(view.status_url).pathname;
    const sse = await openSse(`${t.baseUrl}${path}/events`);
    expect(sse.status).toBe(200);
    await sse.nth(0);
    await setCompanyStatus(t.worker, view.company_id, 'Provisioning');
    await setStep(t.worker, view.company_id, 'engine_check', 'failed', {
      code: 'ERPNEXT_UNREACHABLE',
      message: 'connect ECONNREFUSED 10.0.0.7:8000',
      hint: 'Check ERPNEXT_URL',
      retryable: true,
    });
    await setCompanyStatus(t.worker, view.company_id, 'Failed', 4);
    const events = await sse.ended;
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'status_changed', 'step_failed', 'status_changed']);

    const raw = events.map((e) => e.data).join('\n');
    expect(raw).not.toContain('private-admin@acme.com');
    expect(raw).not.toContain('private-owner@acme.com');
    expect(raw).not.toContain('ECONNREFUSED');
    const last = JSON.parse(events[3]?.data ?? '{}');
    expect(Object.keys(last).sort()).toEqual(['company_id', 'company_name', 'event', 'progress', 'site_url', 'status', 'steps']);
    expect(last.status).toBe('Failed');
    // Plain words for the customer: no code, no operator hint, no driver text.
    expect(last.steps[0]).toEqual({ key: 'engine_check', title: expect.any(String), status: 'failed', problem: expect.any(String) });
    expect(raw).not.toContain('ERPNEXT_UNREACHABLE');
    expect(raw).not.toContain('Check ERPNEXT_URL');
  });

  it('answers 404 for a forged token', async () => {
    const view = await create();
    const path = new URL(view.status_url).pathname;
    const forged = `${path.slice(0, -3)}${path.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const res = await t.request('GET', `${forged}/events`, { token: null });
    expect(res.status).toBe(404);
  });
});
