import { companyBody, startStack, type Stack } from './support/stack';
import { docsOf } from './support/inventory';

// Postgres is the source of truth: when Redis loses a run's jobs, the reconciler's sweep notices
// within seconds and re-adds the run's remaining steps, and nothing is created twice.
describe('the stranded-run sweep', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ faults: { latencyMs: [60, 60] } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('re-adds a run whose jobs vanished from Redis mid-run, and it reaches Active with one of each', async () => {
    const body = companyBody();
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
    const until = Date.now() + 60_000;
    for (;;) {
      const view = (await stack.request<{ data: { progress: number } }>('GET', `/api/companies/${id}`)).body.data;
      if (view.progress >= 20 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // What a FLUSHDB does to this test's queue (other tests share the Redis server).
    const keys = await stack.redis.keys(`${stack.queuePrefix}:long:*`);
    expect(keys.length).toBeGreaterThan(0);
    await stack.redis.del(...keys);

    const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed'], 120_000);
    expect(view.status).toBe('Active');
    const company = docsOf(stack.sim, 'Company').filter((c) => c.company_name === body.company_name);
    expect(company).toHaveLength(1);
    expect(docsOf(stack.sim, 'Customer').filter((c) => c.customer_name === `Walk-in Customer - ${String(company[0]?.abbr)}`)).toHaveLength(1);
    const [run] = await stack.db.sql<{ epoch: number }[]>`select epoch from runs where company_id = ${id}`;
    expect(run?.epoch).toBeGreaterThanOrEqual(1);
    await stack.mail.waitFor((m) => m.to.includes(body.admin_email as string));
  });
});

// The same for emails: an outbox row still owed whose job Redis lost is driven again.
describe('the outbox sweep', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('sends an email whose job vanished from Redis while SMTP was down, exactly once', async () => {
    await stack.mail.stop();
    const body = companyBody();
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
    expect((await stack.waitForStatus(id, ['Active', 'Partial', 'Failed'], 120_000)).status).toBe('Active');
    // The success email is owed (pending) and its job waits for SMTP: Redis now loses it.
    const until = Date.now() + 30_000;
    let keys: string[] = [];
    while (Date.now() < until) {
      keys = await stack.redis.keys(`${stack.queuePrefix}:notifications:*`);
      if (keys.some((k) => /:notifications:email-\d+$/.test(k))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(keys.length).toBeGreaterThan(0);
    await stack.redis.del(...keys);
    await stack.mail.start();

    await stack.mail.waitFor((m) => m.to.includes(body.admin_email as string), 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(stack.mail.messages.filter((m) => m.to.includes(body.admin_email as string))).toHaveLength(1);
    const [row] = await stack.db.sql<{ status: string }[]>`select status from email_outbox where company_id = ${id}`;
    expect(row?.status).toBe('sent');
  });
});
