import { companyBody, setCompanyStatus, setStep, startTestApi, type TestApi } from '../testing';
import { createStatusToken } from './status-token';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

const SECRET_BODY = {
  admin_email: 'hidden-admin@acme.com',
  notify_email: 'hidden-owner@acme.com',
  admin_password: 'Hidden-Password-77',
};

async function create() {
  const res = await t.request('POST', '/api/companies', { body: companyBody(SECRET_BODY) });
  expect(res.status).toBe(201);
  return { id: res.json.data.company_id as string, path: new URL(res.json.data.status_url).pathname, name: res.json.data.company_name as string };
}

function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRET_BODY)) expect(text).not.toContain(secret);
  expect(text).not.toContain('test-token-0123456789');
  expect(text).not.toContain('test-secret-key');
}

describe('GET /status/:token', () => {
  it('renders a self-contained HTML page with the name, status, progress and steps, and no secrets', async () => {
    const { path, name } = await create();
    const res = await t.request('GET', path, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain(name);
    expect(res.text).toContain('Queued');
    expect(res.text).toContain('Engine availability check');
    expect(res.text).toContain('Final validation');
    expect(res.text).not.toMatch(/<img\b|\bsrc="|<link\b(?![^>]*href="data:)/);
    expectNoSecrets(res.text);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('ships an inline script that parses and carries the CSP nonce', async () => {
    const { path } = await create();
    const res = await t.request('GET', path, { token: null });
    const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const script = new RegExp(`<script nonce="${nonce}">([\\s\\S]*?)</script>`).exec(res.text)?.[1];
    expect(script).toBeDefined();
    expect(() => new Function(script ?? '')).not.toThrow();
    const initial = /<script type="application\/json" id="initial">([\s\S]*?)<\/script>/.exec(res.text)?.[1];
    expect(JSON.parse(initial ?? '').status).toBe('Queued');
  });

  it('shows the site URL once Active and a support reference once Failed', async () => {
    const active = await create();
    await setCompanyStatus(t.worker, active.id, 'Active', 100);
    const page = await t.request('GET', active.path, { token: null });
    expect(page.text).toMatch(/Your workspace is ready: <a href="http:\/\/acme-[^"]+\.localhost">/);

    const failed = await create();
    await setCompanyStatus(t.worker, failed.id, 'Provisioning');
    await setStep(t.worker, failed.id, 'chart_of_accounts', 'failed', {
      code: 'INTERNAL_ERROR',
      message: 'Failed query: update "run_steps" set "status" = $1 where "id" = $2 params: completed,7 at Object.<anonymous> (/srv/app/run-progress.ts:120:9)',
      hint: 'POST /continue once PostgreSQL is back',
      retryable: false,
    });
    await setCompanyStatus(t.worker, failed.id, 'Failed');
    const failedPage = await t.request('GET', failed.path, { token: null });
    const failedJson = await t.request('GET', `${failed.path}/view.json`, { token: null });
    for (const text of [failedPage.text, failedJson.text]) {
      expect(text).toContain("We could not create your company");
      expect(text).toContain('Chart of accounts');
      expect(text).toContain(failed.id);
      for (const internal of ['INTERNAL_ERROR', 'Failed query', 'run_steps', 'params:', 'run-progress.ts', '/continue', 'PostgreSQL']) expect(text).not.toContain(internal);
      expectNoSecrets(text);
    }
    expect(failedPage.text).toContain(`Contact us with the reference ${failed.id}`);

    // The operator view keeps the details.
    const operator = await t.request('GET', `/api/companies/${failed.id}`);
    expect(operator.text).toContain('INTERNAL_ERROR');
    expect(operator.text).toContain('Failed query');
  });

  it('escapes a company name that contains markup', async () => {
    const res = await t.request('POST', '/api/companies', { body: companyBody({ company_name: '<script>alert(1)</script> & Co' }) });
    const page = await t.request('GET', new URL(res.json.data.status_url).pathname, { token: null });
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co');
  });

  it('answers 404 for a tampered, truncated or foreign token', async () => {
    const { id, path } = await create();
    const token = path.split('/').pop() ?? '';
    const [idPart = '', mac = ''] = token.split('.');
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const otherId = id.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const candidates = [
      `${idPart}.${flipped}`,
      `${idPart}.${mac.slice(0, -1)}`,
      `${Buffer.from(otherId).toString('base64url')}.${mac}`,
      createStatusToken('another-secret-key-of-at-least-32-chars', id),
      'garbage',
    ];
    for (const candidate of candidates) {
      const res = await t.request('GET', `/status/${candidate}`, { token: null });
      expect([candidate, res.status]).toEqual([candidate, 404]);
      expect(res.text).toContain('Status page not found');
    }
  });
});

describe('GET /status/:token/view.json', () => {
  it('returns the public view in the envelope', async () => {
    const { id, path, name } = await create();
    const res = await t.request('GET', `${path}/view.json`, { token: null });
    expect(res.status).toBe(200);
    expect(res.json.success).toBe(true);
    expect(res.json.data).toMatchObject({ company_id: id, company_name: name, status: 'Queued', progress: 0 });
    expect(Object.keys(res.json.data).sort()).toEqual(['company_id', 'company_name', 'progress', 'site_url', 'status', 'steps']);
    expectNoSecrets(res.text);
  });

  it('answers 404 NOT_FOUND for a bad token', async () => {
    const res = await t.request('GET', '/status/Q09NUC0yMDI2LTAwMDAx.AAAAAAAAAAAAAAAAAAAAAA/view.json', { token: null });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });
});
