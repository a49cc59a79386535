import { eq } from 'drizzle-orm';
import { companies } from '@provisioner/db';
import { BOARD_PASSWORD, BOARD_USER, companyBody, startTestApi, type TestApi } from '../testing';

// Issue 8: a client's control character is a 400 naming the field, never a 500 (Postgres refuses NUL
// in text with 22021) and never stored.
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

async function countCompanies(): Promise<number> {
  return (await t.tdb.db.select({ id: companies.id }).from(companies)).length;
}

const CONTROL_CHARACTERS: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['U+0001', '\u0001'],
  ['tab', '\t'],
  ['newline', '\n'],
  ['escape', '\u001b'],
  ['U+001F', '\u001f'],
  ['DEL', '\u007f'],
  ['a lone surrogate', '\ud800'],
];

describe('control characters in POST /api/companies', () => {
  it('answers 400 VALIDATION_FAILED naming company_name for a NUL byte, and stores nothing', async () => {
    const before = await countCompanies();
    const body = companyBody();
    const res = await t.request('POST', '/api/companies', { body: { ...body, company_name: 'Acme\u0000Corporation' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_FAILED', details: [{ field: 'company_name', message: expect.stringContaining('control characters') }] },
    });
    expect(await countCompanies()).toBe(before);
    expect(await t.tdb.db.select().from(companies).where(eq(companies.domain, String(body.domain)))).toHaveLength(0);
  });

  it.each(CONTROL_CHARACTERS)('refuses %s in every string field, naming each', async (_name, ch) => {
    const before = await countCompanies();
    const body = companyBody({ company_abbr: 'ACM', notify_email: 'owner@acme.com', chart_of_accounts: 'Standard' });
    const fields = ['company_name', 'company_abbr', 'admin_email', 'admin_password', 'default_currency', 'country', 'domain', 'notify_email', 'chart_of_accounts'];
    for (const field of fields) {
      const value = String(body[field]);
      const res = await t.request('POST', '/api/companies', { body: { ...body, [field]: `${value.slice(0, 2)}${ch}${value.slice(2)}` } });
      expect({ field, status: res.status, code: res.json?.error?.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.json.error.details).toEqual([{ field, message: expect.stringContaining('control characters') }]);
    }
    // Leading and trailing ones too: trimming must not hide them.
    const trailing = await t.request('POST', '/api/companies', { body: { ...body, company_name: `${String(body.company_name)}${ch}` } });
    expect(trailing.status).toBe(400);
    expect(await countCompanies()).toBe(before);
  });

  it('answers INVALID_JSON (400) for a raw control byte inside a JSON string, as JSON forbids it', async () => {
    const body = JSON.stringify(companyBody()).replace('"company_name":"', '"company_name":"\u0000');
    expect(body).toContain('\u0000');
    const res = await t.request('POST', '/api/companies', { rawBody: body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_JSON');
  });

  it('names an unknown key with a control character by its position, without echoing it', async () => {
    const res = await t.request('POST', '/api/companies', { rawBody: JSON.stringify({ ...companyBody(), 'x\u0000y': 1 }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
    expect(res.text).not.toContain('\\u0000');
  });
});

describe('control characters in query parameters and path ids', () => {
  it.each([
    ['/api/companies?status=%00', 'status'],
    ['/api/companies?status=Active%0A', 'status'],
    ['/api/companies?cursor=COMP-2026-00001%7F', 'cursor'],
    ['/api/companies?limit=1%09', 'limit'],
    ['/api/companies?anything=%01', 'anything'],
    ['/healthz?probe=%00', 'probe'],
  ])('GET %s answers 400 naming %s', async (path, field) => {
    const res = await t.request('GET', path);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field, message: expect.stringContaining('control characters') }] });
  });

  it.each([
    ['GET', '/api/companies/%00'],
    ['GET', '/api/companies/COMP-2026-00001%00'],
    ['GET', '/api/companies/%1B/logs'],
    ['GET', '/api/companies/%00/events'],
    ['POST', '/api/companies/%00/start'],
    ['POST', '/api/companies/%7F/continue'],
    ['POST', '/api/companies/%0A/retry'],
  ])('%s %s answers 400 naming id', async (method, path) => {
    const res = await t.request(method, path);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'id' }] });
  });

  it.each(['/status/%00', '/status/abc%00def/view.json', '/status/%01/events'])('GET %s answers 400 naming token', async (path) => {
    const res = await t.request('GET', path, { token: null });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'token' }] });
  });

  it('answers 400 for a control character in a Bull Board path, behind its auth', async () => {
    const auth = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;
    const res = await t.request('GET', '/admin/queues/api/queues/long/%00', { token: null, headers: { authorization: auth } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'path' }] });
  });

  it('never answers 500 for a malformed or surrogate escape in a path', async () => {
    for (const path of ['/api/companies/%ED%A0%80', '/api/companies/%E0%A4%A', '/status/%ED%A0%80/view.json', '/api/companies/%']) {
      const res = await t.request('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.json.success).toBe(false);
    }
  });
});
