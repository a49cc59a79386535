/** Fault injection: every kind, repeatability, commit-then-fail, hung requests and close(). */
import { startTestSim, TestSim } from '../testing';

const R = TestSim.resource;

describe('Faults', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());
  afterEach(() => sim.handle.setFaults({}));

  it('answers serverError with nginx\'s 502 page or a 500 with only exc_type', async () => {
    sim.handle.setFaults({ rates: { serverError: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await sim.get('/api/method/ping');
      statuses.add(res.status);
      if (res.status === 502) expect(res.text).toContain('502 Bad Gateway');
      else expect(res.body).toEqual({ exc_type: 'InterfaceError' });
    }
    expect([...statuses].sort()).toEqual([500, 502]);
  });

  it('answers rateLimit with 429 TooManyRequestsError, Retry-After and X-RateLimit-* headers', async () => {
    sim.handle.setFaults({ rates: { rateLimit: 1 }, retryAfterSeconds: 3 });
    const res = await sim.get('/api/method/ping');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ exc_type: 'TooManyRequestsError' });
    expect(res.headers.get('retry-after')).toBe('3');
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(res.headers.get(h)).not.toBeNull();
  });

  it('answers deadlock with 500 QueryDeadlockError', async () => {
    sim.handle.setFaults({ rates: { deadlock: 1 } });
    const res = await sim.get(R('Company'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ exc_type: 'QueryDeadlockError' });
  });

  it('answers maintenance with 503 SessionStopped and Retry-After', async () => {
    sim.handle.setFaults({ rates: { maintenance: 1 } });
    const res = await sim.get('/api/method/ping');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ exc_type: 'SessionStopped' });
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('drops the connection without a response', async () => {
    sim.handle.setFaults({ rates: { drop: 1 } });
    await expect(sim.get('/api/method/ping')).rejects.toThrow();
  });

  it('destroys a hung request after hangMs', async () => {
    sim.handle.setFaults({ rates: { hang: 1 }, hangMs: 50 });
    await expect(sim.get('/api/method/ping')).rejects.toThrow();
    expect(sim.handle.requestLog().at(-1)).toMatchObject({ fault: 'hang', status: 0 });
  });

  it('applies faults only to paths matching onlyPaths and not matching exceptPaths', async () => {
    sim.handle.setFaults({ rates: { serverError: 1 }, onlyPaths: ['/api/resource/'], exceptPaths: ['Currency'] });
    expect((await sim.get('/api/method/ping')).status).toBe(200);
    expect((await sim.get(R('Currency', 'USD'))).status).toBe(200);
    expect([500, 502]).toContain((await sim.get(R('Company'))).status);
  });

  it('never faults the control endpoints', async () => {
    sim.handle.setFaults({ rates: { drop: 1 } });
    const res = await fetch(`${sim.url}/__sim/faults`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rates: { drop: 1 } });
  });

  it('is configured through PUT /__sim/faults and rejects an invalid config with 400', async () => {
    const put = await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rates: { deadlock: 1 } }) });
    expect(put.status).toBe(200);
    expect(sim.handle.getFaults()).toEqual({ rates: { deadlock: 1 } });
    const bad = await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rates: { deadlock: 2 } }) });
    expect(bad.status).toBe(400);
  });

  it('records every faulted request in the request log with its fault', async () => {
    sim.handle.clearRequestLog();
    sim.handle.setFaults({ rates: { rateLimit: 1 } });
    await sim.get(R('Company'));
    expect(sim.handle.requestLog()).toEqual([expect.objectContaining({ method: 'GET', path: '/api/resource/Company', doctype: 'Company', status: 429, fault: 'rateLimit' })]);
  });

  it('commits the write of a commitThenFail request before failing it', async () => {
    sim.handle.setFaults({ rates: { commitThenFail: 1 } });
    const names = ['Committed A', 'Committed B', 'Committed C', 'Committed D'];
    for (const name of names) {
      const res = await sim.post(R('Customer'), { customer_name: name }).catch(() => undefined);
      if (res) expect(res.body).toEqual({ exc_type: 'InterfaceError' });
    }
    sim.handle.setFaults({});
    for (const name of names) expect((await sim.get(R('Customer', name))).status).toBe(200);
    expect(sim.handle.requestLog().filter((e) => e.fault === 'commitThenFail')).toHaveLength(4);
  });

  it('does not apply commitThenFail to reads', async () => {
    sim.handle.setFaults({ rates: { commitThenFail: 1 } });
    expect((await sim.get(R('Company'))).status).toBe(200);
  });
});

describe('Fault repeatability', () => {
  async function run(seed: number): Promise<Array<string | undefined>> {
    const sim = await startTestSim({ seed, faults: { rates: { serverError: 0.2, rateLimit: 0.2, deadlock: 0.1, maintenance: 0.1 } } });
    try {
      for (let i = 0; i < 40; i++) await sim.get('/api/method/ping');
      return sim.handle.requestLog().map((e) => e.fault);
    } finally {
      await sim.close();
    }
  }

  it('repeats the same faults for the same seed and request sequence', async () => {
    const a = await run(42);
    const b = await run(42);
    expect(a).toEqual(b);
    expect(a.filter(Boolean).length).toBeGreaterThan(0);
    expect(a.filter((f) => !f).length).toBeGreaterThan(0);
  });

  it('produces a different sequence for another seed', async () => {
    expect(await run(1)).not.toEqual(await run(2));
  });
});

describe('Hung requests and close()', () => {
  it('releases hung requests when the simulator closes', async () => {
    const sim = await startTestSim({ faults: { rates: { hang: 1 }, hangMs: 600_000 } });
    const pending = sim.get('/api/method/ping');
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.handle.requestLog()).toEqual([expect.objectContaining({ fault: 'hang', status: 0 })]);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });
});
