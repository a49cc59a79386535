import { companyBody, startTestApi, type TestApi } from '../testing';

/**
 * What ERPNext v15 would refuse later is refused at the door with what to send instead
 * (FRAPPE_REST_FACTS §10): Frappe's country names, the charts get_chart resolves, the password policy.
 */
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

interface Problem {
  field: string;
  message: string;
  suggestions?: string[];
}

async function problems(body: Record<string, unknown>): Promise<Problem[]> {
  const res = await t.request('POST', '/api/companies', { body });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
  return res.json.error.details as Problem[];
}

describe('POST /api/companies and Frappe v15 rules', () => {
  it('refuses a country Frappe does not name that way and suggests its spelling', async () => {
    const [country] = await problems(companyBody({ country: 'South Korea' }));
    expect(country?.field).toBe('country');
    expect(country?.suggestions?.[0]).toBe('Korea, Republic of');
    expect(country?.message).toContain('"Korea, Republic of"');
  });

  it('refuses a country that does not exist, with the closest names', async () => {
    const [country] = await problems(companyBody({ country: 'Narnia' }));
    expect(country).toMatchObject({ field: 'country' });
    expect(country?.suggestions?.length).toBeGreaterThan(0);
  });

  it('accepts "Korea, Republic of" and takes its currency when none is sent', async () => {
    const body = companyBody({ country: 'korea, republic of' });
    delete body.default_currency;
    const res = await t.request('POST', '/api/companies', { body });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ country: 'Korea, Republic of', default_currency: 'KRW' });
  });

  it('asks for a currency when the country has none in Frappe', async () => {
    const body = companyBody({ country: 'Antarctica' });
    delete body.default_currency;
    expect(await problems(body)).toEqual([{ field: 'default_currency', message: expect.stringContaining('Antarctica') }]);
  });

  it('refuses a chart of accounts get_chart does not resolve, and names the ones offered for the country', async () => {
    const [chart] = await problems(companyBody({ chart_of_accounts: 'Standard Template', country: 'Germany', default_currency: 'EUR' }));
    expect(chart?.field).toBe('chart_of_accounts');
    expect(chart?.suggestions).toEqual(expect.arrayContaining(['Standard', 'Standard with Numbers']));
    expect(chart?.message).toContain('without accounts');
  });

  it('accepts a country chart by its exact name', async () => {
    const res = await t.request('POST', '/api/companies', {
      body: companyBody({ country: 'Germany', default_currency: 'EUR', chart_of_accounts: 'SKR04 mit Kontonummern' }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses a weak admin password and says why', async () => {
    const [password] = await problems(companyBody({ admin_password: 'password123' }));
    expect(password?.field).toBe('admin_password');
    expect(password?.message).toMatch(/too weak.*strength [01] of 4/);
    expect(password?.message).not.toContain('password123');
  });

  it("refuses the admin's own email as the password, as Frappe scores against the user's data", async () => {
    const [password] = await problems(companyBody({ admin_email: 'zebulon@widgets.com', admin_password: 'zebulon@widgets.com' }));
    expect(password?.field).toBe('admin_password');
    // The same password is strong for anyone else.
    const res = await t.request('POST', '/api/companies', { body: companyBody({ admin_password: 'zebulon@widgets.com' }) });
    expect(res.status).toBe(201);
  });

  it('reports every problem of a request at once', async () => {
    const fields = (await problems(companyBody({ country: 'Narnia', chart_of_accounts: 'Mine', admin_password: 'qwertyuiop' }))).map((p) => p.field);
    expect(fields.sort()).toEqual(['admin_password', 'chart_of_accounts', 'country']);
  });
});
