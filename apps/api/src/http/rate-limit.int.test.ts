import { BOARD_PASSWORD, BOARD_USER, companyBody, startTestApi, TEST_TOKEN, type TestApi, type TestResponse } from '../testing';

// Issue 8: the public status endpoints and failed authentication are limited per client IP;
// authenticated API calls are not.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function expectRateLimited(res: TestResponse): void {
  expect(res.status).toBe(429);
  expect(res.json).toMatchObject({ success: false, error: { code: 'RATE_LIMITED', details: { retry_after_s: expect.any(Number) } } });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(res.json.error.details.retry_after_s).toBe(retryAfter);
}

describe('the public status endpoints', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ rateLimitPublicPerMinute: 5, trustProxy: ['loopback'] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answer 429 RATE_LIMITED with Retry-After once an address used up its budget, page, JSON and SSE alike', async () => {
    const created = await t.request('POST', '/api/companies', { body: companyBody() });
    const path = new URL(String(created.json.data.status_url)).pathname;
    const from = { 'x-forwarded-for': '203.0.113.10' };
    for (let i = 0; i < 5; i += 1) {
      const res = await t.request('GET', `${path}/view.json`, { token: null, headers: from });
      expect(res.status).toBe(200);
    }
    for (const suffix of ['', '/view.json', '/events']) expectRateLimited(await t.request('GET', `${path}${suffix}`, { token: null, headers: from }));

    // Another address (behind the trusted proxy) has a budget of its own.
    const other = await t.request('GET', `${path}/view.json`, { token: null, headers: { 'x-forwarded-for': '203.0.113.11' } });
    expect(other.status).toBe(200);
  });

  it('never limit authenticated API calls: 50 simultaneous creates from one address all succeed', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.request('POST', '/api/companies', { body: companyBody() })));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
    const list = await t.request('GET', '/api/companies?limit=100');
    expect(list.status).toBe(200);
  });
});

describe('failed authentication', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ rateLimitAuthFailuresPerMinute: 3 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 to the first wrong bearer tokens, then 429 without checking any token from that address', async () => {
    const requestWithoutToken = await t.request('GET', '/api/companies', { token: null });
    expect(requestWithoutToken.status).toBe(401); // no credential presented: not a guess, not counted
    for (let i = 0; i < 3; i += 1) expect((await t.request('GET', '/api/companies', { token: `wrong-token-${i}-0123456789abcdef` })).status).toBe(401);
    expectRateLimited(await t.request('GET', '/api/companies', { token: 'wrong-token-x-0123456789abcdef' }));
    // While limited, even the right token is not looked at: a 200 would tell a guesser it was right.
    expectRateLimited(await t.request('GET', '/api/companies', { token: TEST_TOKEN }));
    expect((await t.request('GET', '/api/companies', { token: null })).status).toBe(401);
  });

  it('limits wrong Bull Board credentials separately, after the browser challenge', async () => {
    const challenge = await fetch(`${t.baseUrl}/admin/queues`);
    expect(challenge.status).toBe(401);
    for (let i = 0; i < 3; i += 1) {
      const wrong = await fetch(`${t.baseUrl}/admin/queues`, { headers: { authorization: basic(BOARD_USER, `nope-${i}`) } });
      expect(wrong.status).toBe(401);
    }
    const limited = await t.request('GET', '/admin/queues', { token: null, headers: { authorization: basic(BOARD_USER, BOARD_PASSWORD) } });
    expectRateLimited(limited);
  });
});

describe('with the default limits', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a status page visitor who reloads a few dozen times', async () => {
    const created = await t.request('POST', '/api/companies', { body: companyBody() });
    const path = new URL(String(created.json.data.status_url)).pathname;
    for (let i = 0; i < 40; i += 1) expect((await t.request('GET', `${path}/view.json`, { token: null })).status).toBe(200);
  });
});
