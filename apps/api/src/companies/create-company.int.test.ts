import { eq } from 'drizzle-orm';
import { companies, createSecretBox, runs } from '@provisioner/db';
import { STEP_KEYS, stepJobId } from '@provisioner/jobs';
import { companyBody, dumpRedis, scanKeys, SECOND_TOKEN, startTestApi, TEST_SECRET_KEY, type TestApi } from '../testing';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

async function runOf(companyId: string) {
  const [company] = await t.tdb.db.select().from(companies).where(eq(companies.id, companyId));
  if (!company?.currentRunId) throw new Error('no current run');
  const [run] = await t.tdb.db.select().from(runs).where(eq(runs.id, company.currentRunId));
  if (!run) throw new Error('no run row');
  return { company, run };
}

describe('POST /api/companies', () => {
  it('creates a Queued company and adds its eleven step jobs to Redis with deterministic ids and ids-only data', async () => {
    const body = companyBody({ company_abbr: 'ACM' });
    const res = await t.request('POST', '/api/companies', { body });

    expect(res.status).toBe(201);
    expect(res.json.success).toBe(true);
    expect(res.json.message).toMatch(/created.*queued/i);
    const view = res.json.data;
    expect(view.company_id).toMatch(/^COMP-\d{4}-\d{5}$/);
    expect(view).toMatchObject({
      company_name: body.company_name,
      company_abbr: 'ACM',
      status: 'Queued',
      progress: 0,
      site_name: body.domain,
      site_url: `http://${String(body.domain)}`,
      admin_email: body.admin_email,
      notify_email: body.admin_email,
      default_currency: 'USD',
      include_demo_data: false,
      pos_store_enabled: true,
      chart_of_accounts: 'Standard',
      provisioning_started_at: null,
      current_run: { run_no: 1, kind: 'initial', status: 'queued' },
    });
    expect(view.status_url).toMatch(/^http:\/\/status\.test\/status\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(view.steps.map((s: { key: string }) => s.key)).toEqual([...STEP_KEYS]);
    for (const step of view.steps) {
      expect(step).toMatchObject({ status: 'pending', attempts: 0, started_at: null, finished_at: null, error: null });
      expect(typeof step.title).toBe('string');
    }
    expect(new Date(view.created_at).toISOString()).toBe(view.created_at);

    const { run } = await runOf(view.company_id);
    expect(run.enqueuedAt).not.toBeNull();
    for (const key of STEP_KEYS) {
      const job = await t.redis.hgetall(`${t.prefix}:long:${stepJobId(view.company_id, run.id, 0, key)}`);
      expect(job.name).toBe(`${view.company_id} ${key}`);
      expect(JSON.parse(job.data ?? 'null')).toEqual({ companyId: view.company_id, runId: run.id, epoch: 0, stepKey: key });
    }
  });

  it('never writes the admin password to a response, to Redis or to a log line', async () => {
    const password = 'Very-Secret-Pass-4242';
    const res = await t.request('POST', '/api/companies', { body: companyBody({ admin_password: password }) });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain(password);
    expect(res.text).not.toContain('admin_password');

    const get = await t.request('GET', `/api/companies/${String(res.json.data.company_id)}`);
    expect(get.text).not.toContain(password);
    expect(get.text).not.toContain('admin_password');

    const redisText = await dumpRedis(t.redis, t.prefix);
    expect(redisText).toContain(res.json.data.company_id);
    expect(redisText).not.toContain(password);

    expect(t.logs.join('\n')).not.toContain(password);
    expect(t.logs.join('\n')).not.toContain('test-token-0123456789');
  });

  it('stores the admin password sealed with SECRET_KEY, generating a strong one when none was sent', async () => {
    const withPassword = await t.request('POST', '/api/companies', { body: companyBody({ admin_password: 'Given-Password-1' }) });
    const body = companyBody();
    delete body.admin_password;
    const generated = await t.request('POST', '/api/companies', { body });
    expect(generated.status).toBe(201);

    const box = createSecretBox(TEST_SECRET_KEY);
    const { company: first } = await runOf(withPassword.json.data.company_id);
    expect(first.adminPasswordEnc).not.toContain('Given-Password-1');
    expect(box.open(first.adminPasswordEnc ?? '')).toBe('Given-Password-1');

    const { company: second } = await runOf(generated.json.data.company_id);
    const plain = box.open(second.adminPasswordEnc ?? '');
    expect(plain.length).toBeGreaterThanOrEqual(20);
    expect(plain).toMatch(/[a-z]/);
    expect(plain).toMatch(/[A-Z]/);
    expect(plain).toMatch(/[0-9]/);
  });

  it('creates a Draft without a run or a job when start is false', async () => {
    const res = await t.request('POST', '/api/companies', { body: companyBody({ start: false }) });
    expect(res.status).toBe(201);
    expect(res.json.data.status).toBe('Draft');
    expect(res.json.data.current_run).toBeNull();
    expect(res.json.message).toMatch(/Draft/);
    const keys = await scanKeys(t.redis, `${t.prefix}:long:${String(res.json.data.company_id)}*`);
    expect(keys).toEqual([]);
  });

  it('keeps the optional fields it was given and lowercases the domain', async () => {
    const body = companyBody({
      domain: 'Mixed-Case.Example.COM',
      notify_email: 'owner@acme.com',
      include_demo_data: true,
      pos_store_enabled: false,
      chart_of_accounts: 'Standard with Numbers',
      default_currency: 'EUR',
      country: 'Germany',
    });
    const res = await t.request('POST', '/api/companies', { body });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({
      domain: 'mixed-case.example.com',
      site_name: 'mixed-case.example.com',
      notify_email: 'owner@acme.com',
      include_demo_data: true,
      pos_store_enabled: false,
      chart_of_accounts: 'Standard with Numbers',
      default_currency: 'EUR',
      country: 'Germany',
      company_abbr: null,
    });
  });

  it('answers 409 DOMAIN_TAKEN for a domain another company has, whatever its case', async () => {
    const first = companyBody();
    expect((await t.request('POST', '/api/companies', { body: first })).status).toBe(201);
    const res = await t.request('POST', '/api/companies', {
      body: companyBody({ domain: String(first.domain).toUpperCase() }),
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ success: false, error: { code: 'DOMAIN_TAKEN' } });
  });

  it('answers 409 COMPANY_NAME_TAKEN for a name another company has, whatever its case', async () => {
    const first = companyBody();
    expect((await t.request('POST', '/api/companies', { body: first })).status).toBe(201);
    const res = await t.request('POST', '/api/companies', {
      body: companyBody({ company_name: String(first.company_name).toLowerCase() }),
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ success: false, error: { code: 'COMPANY_NAME_TAKEN' } });
  });

  it('accepts any of the configured API tokens', async () => {
    const res = await t.request('POST', '/api/companies', { body: companyBody(), token: SECOND_TOKEN });
    expect(res.status).toBe(201);
  });
});

describe('request validation', () => {
  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a missing company_name', { company_name: undefined }, 'company_name'],
    ['an empty company_name', { company_name: '   ' }, 'company_name'],
    ['a company_name longer than 140 characters', { company_name: 'x'.repeat(141) }, 'company_name'],
    ['a numeric company_name', { company_name: 42 }, 'company_name'],
    ['a missing admin_email', { admin_email: undefined }, 'admin_email'],
    ['an invalid admin_email', { admin_email: 'not-an-email' }, 'admin_email'],
    ['an invalid notify_email', { notify_email: 'owner@' }, 'notify_email'],
    ['a short admin_password', { admin_password: 'short' }, 'admin_password'],
    ['a lowercase currency', { default_currency: 'usd' }, 'default_currency'],
    ['an unknown currency', { default_currency: 'ABC' }, 'default_currency'],
    ['an empty country', { country: '' }, 'country'],
    ['a domain without a dot', { domain: 'acme' }, 'domain'],
    ['a domain with a leading hyphen label', { domain: '-acme.localhost' }, 'domain'],
    ['a domain with an empty label', { domain: 'acme..localhost' }, 'domain'],
    ['a domain with an underscore', { domain: 'ac_me.localhost' }, 'domain'],
    ['a domain with a 64-character label', { domain: `${'a'.repeat(64)}.com` }, 'domain'],
    ['a domain with a scheme', { domain: 'http://acme.localhost' }, 'domain'],
    ['an IP address as domain', { domain: '10.0.0.1' }, 'domain'],
    ['a company_abbr with punctuation', { company_abbr: 'AC-ME' }, 'company_abbr'],
    ['a company_abbr longer than 10', { company_abbr: 'ABCDEFGHIJK' }, 'company_abbr'],
    ['a string include_demo_data', { include_demo_data: 'yes' }, 'include_demo_data'],
    ['a string pos_store_enabled', { pos_store_enabled: 'true' }, 'pos_store_enabled'],
    ['a numeric start', { start: 1 }, 'start'],
    ['an unknown key', { favourite_colour: 'blue' }, 'favourite_colour'],
    ['a null chart_of_accounts', { chart_of_accounts: null }, 'chart_of_accounts'],
  ];

  it.each(invalid)('rejects %s with 400 VALIDATION_FAILED naming the field', async (_label, patch, field) => {
    const res = await t.request('POST', '/api/companies', { body: companyBody(patch) });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
    expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    for (const d of res.json.error.details) expect(typeof d.message).toBe('string');
  });

  it('reports a missing field as required and a wrongly typed one by its expected type', async () => {
    const res = await t.request('POST', '/api/companies', { body: companyBody({ domain: undefined, include_demo_data: 3 }) });
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([
        { field: 'domain', message: 'is required' },
        { field: 'include_demo_data', message: 'must be a boolean' },
      ]),
    );
  });

  const malformed: Array<[string, { rawBody?: string; headers?: Record<string, string> }, number, string]> = [
    ['a body that is not JSON', { rawBody: '{"company_name": ', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON'],
    ['a JSON string instead of an object', { rawBody: '"acme"', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON'],
    ['a JSON array', { rawBody: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['an empty JSON body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['a body over 64kb', { rawBody: JSON.stringify({ company_name: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a text/plain body', { rawBody: 'company_name=acme', headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form-encoded body', { rawBody: 'company_name=acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body without a content type', { rawBody: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a latin1 charset', { rawBody: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];

  it.each(malformed)('answers %s with the error envelope, never a 500', async (_label, opts, status, code) => {
    const res = await t.request('POST', '/api/companies', opts);
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ success: false, error: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('authentication and unknown routes', () => {
  it('answers 401 with a Bearer challenge without a token', async () => {
    const res = await t.request('GET', '/api/companies', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.json).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('answers 401 for a wrong token, and for a valid token under another scheme', async () => {
    expect((await t.request('POST', '/api/companies', { body: companyBody(), token: 'wrong-token' })).status).toBe(401);
    const basic = await t.request('GET', '/api/companies', { token: null, headers: { authorization: 'Basic dGVzdDp0ZXN0' } });
    expect(basic.status).toBe(401);
    expect(basic.json.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 404 NOT_FOUND for an unknown company and for an id of the wrong shape', async () => {
    for (const id of ['COMP-2020-99999', 'nope', '..%2F..%2Fetc']) {
      const res = await t.request('GET', `/api/companies/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('answers 404 NOT_FOUND with the envelope for an unknown route', async () => {
    const res = await t.request('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    const outside = await t.request('DELETE', '/whatever', { token: null });
    expect(outside.status).toBe(404);
    expect(outside.json.error.code).toBe('NOT_FOUND');
  });

  it('returns the same view from GET as the one the create returned, apart from live fields', async () => {
    const created = await t.request('POST', '/api/companies', { body: companyBody() });
    const got = await t.request('GET', `/api/companies/${String(created.json.data.company_id)}`);
    expect(got.status).toBe(200);
    expect(got.json.success).toBe(true);
    expect(got.json.data).toEqual(created.json.data);
  });
});
