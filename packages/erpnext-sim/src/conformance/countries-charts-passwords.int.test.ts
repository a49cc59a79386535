/**
 * Fact sheet §10: Frappe's Country names (frappe/geo/country_info.json via frappe-facts), the charts
 * `get_chart` resolves, and the password policy a new v15 site enforces on `new_password`.
 */
import { COUNTRIES } from '@provisioner/frappe-facts';
import { companyBody, startTestSim, TestSim, type Json } from '../testing';

const R = TestSim.resource;
const SETUP_COMPLETE = '/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete';
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

async function login(site: string, usr: string, pwd: string): Promise<{ status: number; cookie: string }> {
  const res = await sim.post('/api/method/login', { usr, pwd }, { auth: 'none', site });
  return { status: res.status, cookie: res.headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0] ?? '' };
}

describe('Countries', () => {
  it("has a Country record for each of country_info.json's 250 countries, with code, date_format, time_format and time_zones", async () => {
    const res = await sim.list('Country', { fields: ['name', 'code', 'date_format', 'time_format', 'time_zones'], limit_page_length: 0 });
    expect(res.body.data).toHaveLength(COUNTRIES.size);
    expect(res.body.data).toHaveLength(250);
    const byName = new Map((res.body.data as Json[]).map((c) => [c.name, c]));
    expect(byName.get('Korea, Republic of')).toMatchObject({ code: 'kr', date_format: 'dd-mm-yyyy', time_format: 'HH:mm:ss' });
    expect(byName.get('United States')).toMatchObject({ code: 'us', date_format: 'mm-dd-yyyy' });
    expect(String(byName.get('United States')?.time_zones).split('\n')).toContain('America/New_York');
    expect(byName.has('South Korea')).toBe(false);
  });

  it('accepts Company.country "Korea, Republic of" and answers 417 "Could not find Country: South Korea"', async () => {
    const ok = await sim.post(R('Company'), { ...companyBody('Seoul Traders', 'SEO'), country: 'Korea, Republic of' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.country).toBe('Korea, Republic of');
    const bad = await sim.post(R('Company'), { ...companyBody('Busan Traders', 'BUS'), country: 'South Korea' });
    expect(bad.status).toBe(417);
    expect(bad.body.exc_type).toBe('LinkValidationError');
    expect(bad.messages.map((m) => m.message)).toEqual(['Could not find Country: South Korea']);
    expect(sim.handle.site().get('Company', 'Busan Traders')).toBeUndefined();
  });

  it("fails the setup wizard's first stage for a country Frappe does not have", async () => {
    sim.handle.createSite('korea.localhost', 'pw');
    const { cookie } = await login('korea.localhost', 'Administrator', 'pw');
    const args = { language: 'English', country: 'South Korea', timezone: 'Asia/Seoul', currency: 'KRW', full_name: 'Kim Lee', email: 'kim@tenant.example', password: 'pw', company_name: 'Hanbit', company_abbr: 'HB', chart_of_accounts: 'Standard', fy_start_date: '2025-01-01', fy_end_date: '2025-12-31' };
    const res = await sim.post(SETUP_COMPLETE, { args }, { auth: 'none', site: 'korea.localhost', cookie });
    expect(res.status).toBe(417);
    expect(res.body).toMatchObject({ exc_type: 'LinkValidationError', setup_wizard_failure_message: 'Failed to update global settings' });
    expect(res.messages.map((m) => m.message)).toEqual(['Could not find Country: South Korea']);
    expect(sim.handle.site('korea.localhost').get('System Settings', 'System Settings')?.setup_complete).toBe(0);
  });
});

describe('Charts of accounts', () => {
  const accountsOf = (company: string) => sim.handle.site().list('Account').filter((a) => a.company === company);

  it('saves a Company whose chart get_chart() does not resolve, without any Account', async () => {
    const res = await sim.post(R('Company'), { ...companyBody('Chartless Ltd', 'CL'), create_chart_of_accounts_based_on: 'Standard Template', chart_of_accounts: 'US GAAP' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Chartless Ltd', chart_of_accounts: 'US GAAP' });
    expect(res.body.data.default_cash_account).toBeUndefined();
    expect(accountsOf('Chartless Ltd')).toEqual([]);
  });

  it('creates the accounts of a chart file get_chart() resolves', async () => {
    const res = await sim.post(R('Company'), { ...companyBody('Berlin GmbH', 'BG'), country: 'Germany', default_currency: 'EUR', chart_of_accounts: 'SKR04 mit Kontonummern' });
    expect(res.status).toBe(200);
    expect(accountsOf('Berlin GmbH').length).toBeGreaterThan(0);
  });
});

describe('Password policy', () => {
  const user = (email: string, password: string) => ({ email, first_name: 'Pat', last_name: 'Cashier', new_password: password, roles: [{ role: 'Sales User' }] });

  it('is on with a minimum score of 2 on a new site', () => {
    expect(sim.handle.site().get('System Settings', 'System Settings')).toMatchObject({ enable_password_policy: 1, minimum_password_score: '2' });
  });

  it('refuses a weak new_password on insert: 417 ValidationError titled "Invalid Password", message empty for a plain word', async () => {
    const res = await sim.post(R('User'), user('weak@example.com', 'provisioner'));
    expect(res.status).toBe(417);
    expect(Object.keys(res.body).sort()).toEqual(['_server_messages', 'exc_type']);
    expect(res.body.exc_type).toBe('ValidationError');
    expect(res.messages).toEqual([{ message: '', title: 'Invalid Password', indicator: 'red', raise_exception: 1, __frappe_exc_id: expect.any(String) }]);
    expect(sim.handle.site().get('User', 'weak@example.com')).toBeUndefined();
  });

  it("words the message with Frappe's feedback for the longest match (a common password)", async () => {
    const res = await sim.post(R('User'), user('common@example.com', 'password'));
    expect(res.status).toBe(417);
    expect(res.messages[0]).toMatchObject({ message: 'This is a top-10 common password.', title: 'Invalid Password' });
  });

  it("scores the password against the user's own name and email", async () => {
    // Strong enough for anyone else (zxcvbn 3), weak for this user (1).
    const res = await sim.post(R('User'), { ...user('zq@example.com', 'ZanzibarQuixote'), first_name: 'Zanzibar', last_name: 'Quixote' });
    expect(res.status).toBe(417);
    const other = await sim.post(R('User'), user('someone.else@example.com', 'ZanzibarQuixote'));
    expect(other.status).toBe(200);
  });

  it('accepts a strong new_password, and the user logs in with it', async () => {
    const res = await sim.post(R('User'), user('strong@example.com', 'violet-harbor-lantern-27'));
    expect(res.status).toBe(200);
    expect((await login('erp.localhost', 'strong@example.com', 'violet-harbor-lantern-27')).status).toBe(200);
  });

  it('refuses a weak new_password on save (PUT) too, and keeps the old password', async () => {
    const res = await sim.put(R('User', 'strong@example.com'), { new_password: 'qwerty' });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.title).toBe('Invalid Password');
    expect((await login('erp.localhost', 'strong@example.com', 'violet-harbor-lantern-27')).status).toBe(200);
  });

  it('checks nothing while enable_password_policy is 0', async () => {
    const off = await sim.put(R('System Settings', 'System Settings'), { enable_password_policy: 0 });
    expect(off.status).toBe(200);
    expect(off.body.data.minimum_password_score).toBe('');
    try {
      const res = await sim.post(R('User'), user('lax@example.com', 'provisioner'));
      expect(res.status).toBe(200);
    } finally {
      await sim.put(R('System Settings', 'System Settings'), { enable_password_policy: 1, minimum_password_score: '2' });
    }
  });

  it("does not apply to bench new-site's admin password or the setup wizard's user password", async () => {
    sim.handle.createSite('lax.localhost', 'admin');
    const admin = await login('lax.localhost', 'Administrator', 'admin');
    expect(admin.status).toBe(200);
    const args = { language: 'English', country: 'Kenya', timezone: 'Africa/Nairobi', currency: 'KES', full_name: 'Jane Doe', email: 'jane@lax.example', password: 'admin', company_name: 'Lax Foods', company_abbr: 'LF', chart_of_accounts: 'Standard', fy_start_date: '2025-01-01', fy_end_date: '2025-12-31' };
    const res = await sim.post(SETUP_COMPLETE, { args }, { auth: 'none', site: 'lax.localhost', cookie: admin.cookie });
    expect(res.body.message).toEqual({ status: 'ok' });
    expect((await login('lax.localhost', 'jane@lax.example', 'admin')).status).toBe(200);
  });
});
