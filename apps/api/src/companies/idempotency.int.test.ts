import { eq, sql } from 'drizzle-orm';
import { companies, runs } from '@provisioner/db';
import { companyBody, scanKeys, startTestApi, type TestApi } from '../testing';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

async function jobsOfCompany(companyId: string) {
  const keys = await scanKeys(t.redis, `${t.prefix}:long:${companyId}.*`);
  // Job hashes only (a parent job also has `:dependencies`-style sub-keys).
  return keys.filter((k) => /\.r\d+\.e\d+\.[a-z_]+$/.test(k)).sort();
}

describe('Idempotency-Key on POST /api/companies', () => {
  it('answers a repeat with the same key and body 200 with the same company, and creates nothing more', async () => {
    const body = companyBody();
    const headers = { 'idempotency-key': 'signup-123' };
    const first = await t.request('POST', '/api/companies', { body, headers });
    const second = await t.request('POST', '/api/companies', { body, headers });

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.success).toBe(true);
    expect(second.json.data.company_id).toBe(first.json.data.company_id);
    const rows = await t.tdb.db.select().from(companies).where(eq(companies.domain, String(body.domain)));
    expect(rows).toHaveLength(1);
    expect(await jobsOfCompany(first.json.data.company_id)).toHaveLength(11);
  });

  it('treats a repeat with the keys in another order as the same request', async () => {
    const body = companyBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const headers = { 'idempotency-key': 'order-independent' };
    const first = await t.request('POST', '/api/companies', { body, headers });
    const second = await t.request('POST', '/api/companies', { body: reordered, headers });
    expect(second.status).toBe(200);
    expect(second.json.data.company_id).toBe(first.json.data.company_id);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the same key comes with a different body', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    const first = await t.request('POST', '/api/companies', { body: companyBody(), headers });
    expect(first.status).toBe(201);
    const other = await t.request('POST', '/api/companies', { body: companyBody(), headers });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('does not let a different admin password pass as the same request', async () => {
    const body = companyBody({ admin_password: 'First-Password-1' });
    const headers = { 'idempotency-key': 'password-differs' };
    expect((await t.request('POST', '/api/companies', { body, headers })).status).toBe(201);
    const res = await t.request('POST', '/api/companies', { body: { ...body, admin_password: 'Other-Password-2' }, headers });
    expect(res.status).toBe(422);
  });

  it('stores a keyed fingerprint of the request, never the password itself', async () => {
    const body = companyBody({ admin_password: 'Fingerprinted-Pass-9' });
    const res = await t.request('POST', '/api/companies', { body, headers: { 'idempotency-key': 'fp-check' } });
    const [row] = await t.tdb.db.select().from(companies).where(eq(companies.id, res.json.data.company_id));
    expect(row?.idempotencyKey).toBe('fp-check');
    expect(row?.requestFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('Fingerprinted-Pass-9');
  });

  it('rejects a malformed Idempotency-Key with 400 VALIDATION_FAILED', async () => {
    const res = await t.request('POST', '/api/companies', { body: companyBody(), headers: { 'idempotency-key': 'k'.repeat(201) } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'Idempotency-Key', message: expect.any(String) }] });
  });

  it('makes one company and one flow out of 50 simultaneous identical creates with one key', async () => {
    const body = companyBody();
    const headers = { 'idempotency-key': 'burst-of-fifty' };
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.request('POST', '/api/companies', { body, headers })));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(responses.map((r) => r.json.data.company_id));
    expect(ids.size).toBe(1);
    const [companyId] = [...ids] as string[];

    const [{ n } = { n: -1 }] = await t.tdb.db
      .select({ n: sql<number>`count(*)::int` })
      .from(companies)
      .where(eq(companies.domain, String(body.domain)));
    expect(n).toBe(1);
    const runRows = await t.tdb.db.select().from(runs).where(eq(runs.companyId, companyId ?? ''));
    expect(runRows).toHaveLength(1);
    expect(await jobsOfCompany(companyId ?? '')).toHaveLength(11);
  });
});
