import { companyBody, startStack, type Stack } from './support/stack';
import { docsOf } from './support/inventory';

// Issue 7 §2: in shared mode the platform_setup step used to adopt any existing ERPNext user with the
// tenant's admin email, and the company step then granted the new company to that login. Someone who
// signed up first with a victim's email (and their own password) would later get the victim's company.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

async function provision(body: Record<string, unknown>) {
  const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
  expect(res.status).toBe(201);
  return stack.waitForStatus(res.body.data.company_id, ['Active', 'Partial', 'Failed'], 120_000);
}

const grantsOf = (company: string) => docsOf(stack.sim, 'User Permission').filter((p) => p.allow === 'Company' && p.for_value === company);

describe('a login user the tenant did not create', () => {
  it('is never given the company of a later signup with the same email', async () => {
    const attacker = companyBody({ company_name: 'Mallory Shell Co', admin_email: 'ceo@victim-bank.com', admin_password: 'Mallory-Knows-This-1' });
    expect((await provision(attacker)).status).toBe('Active');

    const victim = companyBody({ company_name: 'Victim Bank Holdings', admin_email: 'ceo@victim-bank.com' });
    const view = await provision(victim);
    expect(view.status).toBe('Failed');
    const failed = view.steps.find((s) => s.status === 'failed');
    expect(failed?.key).toBe('platform_setup');
    expect(failed?.error).toMatchObject({ code: 'ADMIN_EMAIL_TAKEN', retryable: false });
    expect(failed?.error?.hint).toMatch(/another admin_email/);

    // The attacker's login holds its own company only; the victim's company was never created.
    expect(grantsOf('Victim Bank Holdings')).toEqual([]);
    expect(docsOf(stack.sim, 'Company').filter((c) => c.company_name === 'Victim Bank Holdings')).toEqual([]);
    expect(docsOf(stack.sim, 'User Permission').filter((p) => p.user === 'ceo@victim-bank.com').map((p) => p.for_value)).toEqual(['Mallory Shell Co']);
  });

  it('is refused when it was created by hand on the shared site', async () => {
    stack.sim.site().insert({ doctype: 'User', email: 'owner@handmade.example', first_name: 'Hand Made', send_welcome_email: 0 });
    const view = await provision(companyBody({ company_name: 'Handmade Goods', admin_email: 'owner@handmade.example' }));
    expect(view.status).toBe('Failed');
    expect(view.steps.find((s) => s.status === 'failed')?.error?.code).toBe('ADMIN_EMAIL_TAKEN');
    expect(grantsOf('Handmade Goods')).toEqual([]);
  });
});
