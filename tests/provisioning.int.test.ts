import { companyBody, startStack, type Stack } from './support/stack';
import { countDocs, docsOf } from './support/inventory';

// Issue 2, end to end: POST /api/companies → BullMQ flow → worker → simulator → Postgres → SMTP.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sim: { seedCompanies: [{ company_name: 'Taken Industries', abbr: 'TKI' }] } });
});
afterAll(async () => {
  await stack?.close();
});

describe('provisioning a company end to end', () => {
  let companyId: string;
  const body = companyBody({ include_demo_data: true, pos_store_enabled: true });

  it('takes a company from POST to Active with every step completed', async () => {
    const created = await stack.request<{ data: { company_id: string; status: string } }>('POST', '/api/companies', body);
    expect(created.status).toBe(201);
    expect(created.body.data.status).toBe('Queued');
    companyId = created.body.data.company_id;
    expect(companyId).toMatch(/^COMP-\d{4}-\d{5}$/);

    const view = await stack.waitForStatus(companyId, ['Active', 'Partial', 'Failed']);
    expect(view.status).toBe('Active');
    expect(view.progress).toBe(100);
    expect(view.steps.map((s) => s.key)).toEqual([
      'engine_check', 'platform_setup', 'company', 'chart_of_accounts', 'warehouses', 'settings',
      'items', 'customer', 'pos_profile', 'pos_session', 'final_validation',
    ]);
    for (const step of view.steps) expect({ key: step.key, status: step.status }).toEqual({ key: step.key, status: 'completed' });
    expect(view.company_abbr).toMatch(/^[A-Z0-9]{1,10}$/);
  });

  it('leaves exactly one of each thing in ERPNext', () => {
    const name = body.company_name as string;
    const inv = stack.sim;
    expect(docsOf(inv, 'Company').filter((c) => c.name === name)).toHaveLength(1);
    const company = docsOf(inv, 'Company').find((c) => c.name === name);
    const abbr = company?.abbr as string;
    expect(docsOf(inv, 'Warehouse').filter((w) => w.name === `Main Store - ${abbr}`)).toHaveLength(1);
    expect(docsOf(inv, 'Warehouse').filter((w) => w.name === `POS Store - ${abbr}`)).toHaveLength(1);
    // Customers are site-wide in ERPNext, so the tenant's carries its abbreviation; a duplicate would
    // have been saved as "Walk-in Customer - ABBR - 1" with the same customer_name, so count by it.
    expect(docsOf(inv, 'Customer').filter((c) => c.customer_name === `Walk-in Customer - ${abbr}`)).toHaveLength(1);
    expect(docsOf(inv, 'POS Profile').map((p) => p.name)).toContain(`POS - ${abbr}`);
    // Shared site: the tenant's login user is restricted to its own company.
    const permissions = docsOf(inv, 'User Permission').filter((p) => p.user === body.admin_email);
    expect(permissions.map((p) => ({ allow: p.allow, for_value: p.for_value }))).toEqual([{ allow: 'Company', for_value: name }]);
    expect(docsOf(inv, 'POS Profile').filter((p) => p.company === name)).toHaveLength(1);
    const entries = docsOf(inv, 'POS Opening Entry').filter((e) => e.company === name);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.docstatus).toBe(1);
    expect(entries[0]?.status).toBe('Open');
    expect(countDocs(inv, 'Company')).toBeGreaterThanOrEqual(2);
  });

  it('sends the success email exactly once, over SMTP, with the site URL and the password', async () => {
    const mail = await stack.mail.waitFor((m) => m.subject === `Your Site is Ready: ${body.company_name as string}`);
    expect(mail.to).toEqual([body.admin_email]);
    expect(mail.text).toContain(`http://${body.domain as string}`);
    expect(mail.text).toContain(body.admin_password as string);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.mail.messages.filter((m) => m.subject.startsWith('Your Site is Ready') && m.to.includes(body.admin_email as string))).toHaveLength(1);
  });

  it('wipes the admin password from the database once the email was accepted', async () => {
    const until = Date.now() + 10_000;
    let enc: string | null = 'x';
    while (Date.now() < until) {
      const rows = await stack.db.sql<{ admin_password_enc: string | null }[]>`select admin_password_enc from companies where id = ${companyId}`;
      enc = rows[0]?.admin_password_enc ?? null;
      if (enc === null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(enc).toBeNull();
    const dump = await stack.db.sql`select * from companies where id = ${companyId}`;
    expect(JSON.stringify(dump)).not.toContain(body.admin_password as string);
  });

  it('never shows the password in the view, the logs or Redis', async () => {
    const view = await stack.request('GET', `/api/companies/${companyId}`);
    const logs = await stack.request('GET', `/api/companies/${companyId}/logs`);
    expect(view.text).not.toContain(body.admin_password as string);
    expect(logs.text).not.toContain(body.admin_password as string);
    const keys = await stack.redis.keys(`${stack.queuePrefix}:*`);
    for (const key of keys) {
      const type = await stack.redis.type(key);
      if (type !== 'hash') continue;
      const hash = await stack.redis.hgetall(key);
      expect(JSON.stringify(hash)).not.toContain(body.admin_password as string);
    }
  });
});

describe('a company whose step fails permanently', () => {
  it('ends Failed with the step error code and hint, and exactly one failure email', async () => {
    const body = companyBody({ company_name: 'Taken Industries' });
    const created = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
    expect(created.status).toBe(201);
    const id = created.body.data.company_id;
    const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed']);
    expect(view.status).toBe('Failed');
    const failed = view.steps.find((s) => s.status === 'failed');
    expect(failed?.key).toBe('company');
    expect(failed?.error?.code).toBe('COMPANY_NAME_TAKEN');
    expect(failed?.error?.retryable).toBe(false);
    expect(failed?.error?.hint.length).toBeGreaterThan(20);
    // It failed at once: a permanent error is not retried.
    expect(failed?.attempts).toBe(1);
    for (const later of view.steps.slice(view.steps.findIndex((s) => s.key === 'company') + 1)) expect(later.status).toBe('skipped');

    const mail = await stack.mail.waitFor((m) => m.subject === 'Site Provisioning Failed: Taken Industries');
    expect(mail.text).toContain(id);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.mail.messages.filter((m) => m.subject === 'Site Provisioning Failed: Taken Industries')).toHaveLength(1);
    // The seeded company with that name is still the only one.
    expect(docsOf(stack.sim, 'Company').filter((c) => c.name === 'Taken Industries')).toHaveLength(1);
  });
});
