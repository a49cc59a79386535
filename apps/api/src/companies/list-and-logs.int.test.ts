import { companyBody, setCompanyStatus, startTestApi, type TestApi } from '../testing';

let t: TestApi;
const created: string[] = [];
const drafts: string[] = [];

beforeAll(async () => {
  t = await startTestApi();
  for (let i = 0; i < 5; i++) {
    const res = await t.request('POST', '/api/companies', { body: companyBody() });
    created.push(res.json.data.company_id);
  }
  for (let i = 0; i < 2; i++) {
    const res = await t.request('POST', '/api/companies', { body: companyBody({ start: false }) });
    created.push(res.json.data.company_id);
    drafts.push(res.json.data.company_id);
  }
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/companies', () => {
  it('pages through every company newest first with next_cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const res = await t.request('GET', `/api/companies${query}`);
      expect(res.status).toBe(200);
      expect(res.json.data.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.data.items.map((c: { company_id: string }) => c.company_id));
      cursor = res.json.data.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...created].reverse());
  });

  it('lists full company views without the password', async () => {
    const res = await t.request('GET', '/api/companies?limit=1');
    const [item] = res.json.data.items;
    expect(item.steps).toHaveLength(11);
    expect(item.status_url).toMatch(/\/status\//);
    expect(res.text).not.toContain('admin_password');
    expect(res.text).not.toContain('Pw-');
  });

  it('filters by status', async () => {
    const res = await t.request('GET', '/api/companies?status=Draft');
    expect(res.json.data.items.map((c: { company_id: string }) => c.company_id)).toEqual([...drafts].reverse());
    expect(res.json.data.next_cursor).toBeNull();
  });

  it('defaults to 20 items per page', async () => {
    const res = await t.request('GET', '/api/companies');
    expect(res.json.data.items).toHaveLength(created.length);
    expect(res.json.data.next_cursor).toBeNull();
  });

  it.each([['status=Done'], ['limit=0'], ['limit=101'], ['limit=abc'], ['limit=2.5'], ['cursor=bogus'], ['status=Draft&status=Queued']])(
    'answers 400 VALIDATION_FAILED for %s',
    async (query) => {
      const res = await t.request('GET', `/api/companies?${query}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
      expect(res.json.error.details.length).toBeGreaterThan(0);
    },
  );
});

describe('GET /api/companies/:id/logs', () => {
  it('returns every event of every run oldest first', async () => {
    const id = created[0] ?? '';
    await setCompanyStatus(t.worker, id, 'Provisioning');
    await setCompanyStatus(t.worker, id, 'Failed');
    expect((await t.request('POST', `/api/companies/${id}/retry`)).status).toBe(202);

    const res = await t.request('GET', `/api/companies/${id}/logs`);
    expect(res.status).toBe(200);
    const entries = res.json.data as Array<{ id: number; at: string; run_id: number | null; run_no: number | null; type: string; step: string | null; message: string }>;
    expect(entries.map((e) => e.type)).toEqual(['company_created', 'run_queued', 'status_changed', 'status_changed', 'status_changed', 'run_queued']);
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(entries.filter((e) => e.type === 'run_queued').map((e) => e.run_id)).size).toBe(2);
    // run_no is the "Run #N" an operator reads in the messages; run_id is the row id
    expect(entries.filter((e) => e.type === 'run_queued').map((e) => e.run_no)).toEqual([1, 2]);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['at', 'data', 'id', 'message', 'run_id', 'run_no', 'step', 'type']);
      expect(new Date(e.at).toISOString()).toBe(e.at);
    }
  });

  it('answers 404 for an unknown company', async () => {
    const res = await t.request('GET', '/api/companies/COMP-2001-00042/logs');
    expect(res.status).toBe(404);
  });
});
