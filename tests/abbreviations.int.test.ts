import { companyBody, startStack, type Stack } from './support/stack';
import { docsOf } from './support/inventory';

// SPEC §6 through the whole system: abbreviations that collide with existing companies and with each
// other, names with no Latin letters, and a name ERPNext already has.
const TERMINAL = ['Active', 'Partial', 'Failed'];
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    sim: {
      seedCompanies: [
        { company_name: 'Acme Co', abbr: 'AC' },
        { company_name: 'Acme Holdings', abbr: 'ACO' },
        { company_name: 'Blue River Foods', abbr: 'BRF' },
      ],
    },
  });
});
afterAll(async () => {
  await stack.close();
});

async function provision(overrides: Record<string, unknown>) {
  const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody(overrides));
  expect(res.status).toBe(201);
  return res.body.data.company_id;
}

function allAbbrs(): string[] {
  return docsOf(stack.sim, 'Company').map((c) => String(c.abbr).toUpperCase());
}

describe('abbreviations', () => {
  it('gives names whose initials collide with existing companies and with each other distinct accepted abbreviations', async () => {
    const names = ['Acme Corporation', 'Alpha Centauri', 'Apple Cart', 'Blue Rock Farms', 'Big Red Fox'];
    const ids = await Promise.all(names.map((company_name) => provision({ company_name })));
    const views = await Promise.all(ids.map((id) => stack.waitForStatus(id, TERMINAL)));
    expect(views.map((v) => v.status)).toEqual(names.map(() => 'Active'));
    const accepted = views.map((v) => v.company_abbr);
    for (const a of accepted) expect(a).toMatch(/^[A-Z0-9]{2,10}$/);
    expect(new Set(accepted).size).toBe(names.length);
    for (const taken of ['AC', 'ACO', 'BRF']) expect(accepted).not.toContain(taken);
    // what the API says is what ERPNext holds, and ERPNext holds no abbreviation twice
    for (const [i, v] of views.entries()) {
      expect(docsOf(stack.sim, 'Company').find((c) => c.company_name === names[i])?.abbr).toBe(v.company_abbr);
    }
    expect(new Set(allAbbrs()).size).toBe(allAbbrs().length);
  });

  it('falls back to a generated abbreviation when the requested one is taken, and says so', async () => {
    const id = await provision({ company_name: 'Acorn Consulting', company_abbr: 'AC' });
    const view = await stack.waitForStatus(id, TERMINAL);
    expect(view.status).toBe('Active');
    expect(view.company_abbr).not.toBe('AC');
    const logs = await stack.request<{ data: Array<{ type: string; step: string | null; data: { output?: Record<string, unknown> } | null }> }>('GET', `/api/companies/${id}/logs`);
    const done = logs.body.data.find((e) => e.type === 'step_completed' && e.step === 'company');
    expect(done?.data?.output).toMatchObject({ abbr: view.company_abbr, requestedAbbr: 'AC' });
  });

  it.each([
    ['one word', 'Zeus'],
    ['non-Latin letters', '株式会社テスト'],
    ['Greek letters', 'Ωμέγα Τεχνολογίες'],
    ['punctuation only', '!!! ---'],
  ])('provisions a company whose name has %s', async (_label, company_name) => {
    const id = await provision({ company_name });
    const view = await stack.waitForStatus(id, TERMINAL);
    expect({ name: company_name, status: view.status }).toEqual({ name: company_name, status: 'Active' });
    expect(view.company_abbr).toMatch(/^[A-Z0-9]{2,10}$/);
  });

  it('fails a name ERPNext already has for another company with COMPANY_NAME_TAKEN and an operator hint', async () => {
    const id = await provision({ company_name: 'Blue River Foods' });
    const view = await stack.waitForStatus(id, TERMINAL);
    expect(view.status).toBe('Failed');
    const step = view.steps.find((s) => s.key === 'company');
    expect(step?.error).toMatchObject({ code: 'COMPANY_NAME_TAKEN', retryable: false });
    expect(step?.error?.hint).toMatch(/Blue River Foods/);
    expect(docsOf(stack.sim, 'Company').filter((c) => c.company_name === 'Blue River Foods')).toHaveLength(1);
  });
});
