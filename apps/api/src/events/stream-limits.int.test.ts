import { companyBody, openSse, startTestApi, TEST_TOKEN, type SseConnection, type TestApi } from '../testing';

// Issue 8: SSE streams are capped per company (429) and per process (503), operator and public
// streams counted together.
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ sseMaxPerCompany: 2, sseMaxTotal: 3 });
});
afterAll(async () => {
  await t.close();
});

const auth = { authorization: `Bearer ${TEST_TOKEN}` };

async function create(): Promise<{ id: string; publicEvents: string }> {
  const res = await t.request('POST', '/api/companies', { body: companyBody() });
  expect(res.status).toBe(201);
  return { id: String(res.json.data.company_id), publicEvents: `${String(res.json.data.status_url)}/events`.replace('http://status.test', t.baseUrl) };
}

/** The status of a refused stream, once its (JSON) body has been read. */
async function refusal(sse: SseConnection): Promise<number> {
  await sse.ended;
  return sse.status;
}

describe('SSE stream caps', () => {
  it('refuses a third stream of one company with 429, a fourth stream in all with 503, and admits again once one closes', async () => {
    const a = await create();
    const b = await create();
    const c = await create();
    const open: SseConnection[] = [];
    try {
      open.push(await openSse(`${t.baseUrl}/api/companies/${a.id}/events`, auth));
      open.push(await openSse(a.publicEvents));
      await Promise.all(open.map((s) => s.nth(0)));
      expect(open.map((s) => s.status)).toEqual([200, 200]);

      const third = await fetch(`${t.baseUrl}/api/companies/${a.id}/events`, { headers: auth });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('10');
      expect(await third.json()).toMatchObject({ success: false, error: { code: 'TOO_MANY_STREAMS', details: { retry_after_s: 10 } } });
      const thirdPublic = await fetch(a.publicEvents);
      expect(thirdPublic.status).toBe(429);
      await thirdPublic.body?.cancel();

      open.push(await openSse(`${t.baseUrl}/api/companies/${b.id}/events`, auth));
      await open[2]?.nth(0);
      const overall = await fetch(c.publicEvents);
      expect(overall.status).toBe(503);
      expect(overall.headers.get('retry-after')).toBe('10');
      expect(await overall.json()).toMatchObject({ success: false, error: { code: 'TOO_MANY_STREAMS' } });

      // The refusals held nothing: once a client leaves, the next stream is admitted.
      open.shift()?.close();
      let admitted: SseConnection | undefined;
      for (let attempt = 0; attempt < 100 && !admitted; attempt += 1) {
        const sse = await openSse(`${t.baseUrl}/api/companies/${c.id}/events`, auth);
        if (sse.status === 200) admitted = sse;
        else {
          expect(await refusal(sse)).toBe(503);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(admitted).toBeDefined();
      if (admitted) open.push(admitted);
      expect((await admitted?.nth(0))?.event).toBe('snapshot');
    } finally {
      for (const s of open) s.close();
    }
  });

  it('counts nothing for a refused or unknown stream', async () => {
    // Wait until the previous test's streams are gone (the server sees the clients leave).
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const res = await t.request('GET', '/api/companies/COMP-2000-00001/events');
      if (res.status === 404) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let i = 0; i < 5; i += 1) expect((await t.request('GET', '/api/companies/COMP-2000-00001/events')).status).toBe(404);
    const a = await create();
    const b = await create();
    const open = [
      await openSse(`${t.baseUrl}/api/companies/${a.id}/events`, auth),
      await openSse(a.publicEvents),
      await openSse(`${t.baseUrl}/api/companies/${b.id}/events`, auth),
    ];
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    } finally {
      for (const s of open) s.close();
    }
  });
});
