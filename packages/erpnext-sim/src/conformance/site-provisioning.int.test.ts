/** Fact sheet §6 "What exists on a fresh site", §7 site provisioning and the setup wizard, multi-site. */
import { request } from 'node:http';
import { companyBody, startTestSim, TestSim, type Json } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

const wizardArgs = (extra: Record<string, unknown> = {}) => ({
  language: 'English',
  country: 'Kenya',
  timezone: 'Africa/Nairobi',
  currency: 'KES',
  full_name: 'Jane Doe',
  email: 'jane@tenant.example',
  password: 'tenant-pass',
  company_name: 'Tenant Foods',
  company_abbr: 'TF',
  chart_of_accounts: 'Standard',
  fy_start_date: '2025-01-01',
  fy_end_date: '2025-12-31',
  ...extra,
});

/** Logs in as Administrator on a site and returns the sid cookie. */
async function login(site: string, password: string): Promise<string> {
  const res = await sim.post('/api/method/login', { usr: 'Administrator', pwd: password }, { auth: 'none', site });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0] ?? '';
}

function getWithHost(host: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { Host: `${host}:${url.port}`, Authorization: 'token sim-key:sim-secret' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

describe('Site provisioning', () => {
  it('creates a site with only Administrator (password = admin password), no API keys and no wizard fixtures', async () => {
    sim.handle.createSite('fresh.localhost', 'fresh-pass');
    const site = sim.handle.site('fresh.localhost');
    expect(site.list('User').map((u) => u.name).sort()).toEqual(['Administrator', 'Guest']);
    expect(site.list('User').every((u) => !u.api_key)).toBe(true);
    for (const doctype of ['Company', 'Item Group', 'Customer Group', 'Territory', 'Mode of Payment', 'Warehouse Type', 'UOM', 'Price List']) {
      expect(site.list(doctype)).toEqual([]);
    }
    expect(site.installedApps).toEqual(['frappe', 'erpnext']);
    const sid = await login('fresh.localhost', 'fresh-pass');
    expect(sid).toMatch(/^sid=/);
  });

  it('refuses the default site\'s API key on another site', async () => {
    const res = await sim.get('/api/method/frappe.auth.get_logged_user', { site: 'fresh.localhost' });
    expect(res.status).toBe(401);
  });

  it('fails a Company before the wizard with "Could not find Warehouse Type: Transit" and keeps nothing', async () => {
    const cookie = await login('fresh.localhost', 'fresh-pass');
    const res = await sim.post(R('Company'), companyBody('Too Early', 'TE'), { auth: 'none', site: 'fresh.localhost', cookie });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('LinkValidationError');
    expect(res.messages[0]?.message).toBe('Could not find Warehouse Type: Transit');
    expect(sim.handle.inventory('fresh.localhost').sites['fresh.localhost']?.Account).toBeUndefined();
    expect(sim.handle.site('fresh.localhost').get('Company', 'Too Early')).toBeUndefined();
  });

  it('runs the setup wizard: fixtures, the company with its side effects, settings, the user, setup_complete', async () => {
    const cookie = await login('fresh.localhost', 'fresh-pass');
    const res = await sim.post('/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: wizardArgs() }, { auth: 'none', site: 'fresh.localhost', cookie });
    expect(res.status).toBe(200);
    expect(res.body.message).toEqual({ status: 'ok' });
    const site = sim.handle.site('fresh.localhost');
    expect(site.list('Item Group').map((d) => d.name)).toEqual(expect.arrayContaining(['All Item Groups', 'Products', 'Raw Material', 'Services', 'Sub Assemblies', 'Consumable']));
    expect(site.list('Customer Group').map((d) => d.name)).toEqual(expect.arrayContaining(['All Customer Groups', 'Individual', 'Commercial', 'Non Profit', 'Government']));
    expect(site.list('Territory').map((d) => d.name)).toEqual(expect.arrayContaining(['All Territories', 'Kenya', 'Rest Of The World']));
    expect(site.list('Mode of Payment').map((d) => d.name).sort()).toEqual(['Bank Draft', 'Cash', 'Cheque', 'Credit Card', 'Wire Transfer']);
    expect(site.get('UOM', 'Nos')).toBeDefined();
    expect(site.get('Warehouse Type', 'Transit')).toBeDefined();
    expect(site.list('Price List').map((d) => d.name).sort()).toEqual(['Standard Buying', 'Standard Selling']);
    expect(site.get('Fiscal Year', '2025')).toMatchObject({ year_start_date: '2025-01-01', year_end_date: '2025-12-31' });
    expect(site.get('Company', 'Tenant Foods')).toMatchObject({ abbr: 'TF', default_currency: 'KES', country: 'Kenya', default_cash_account: 'Cash - TF' });
    expect(site.get('Stock Settings', 'Stock Settings')).toMatchObject({ valuation_method: 'FIFO', default_warehouse: 'Stores - TF', stock_uom: 'Nos' });
    expect(site.get('Selling Settings', 'Selling Settings')).toMatchObject({ cust_master_name: 'Customer Name', sales_update_frequency: 'Each Transaction' });
    expect(site.get('Global Defaults', 'Global Defaults')).toMatchObject({ default_company: 'Tenant Foods', default_currency: 'KES', country: 'Kenya' });
    expect(site.get('System Settings', 'System Settings')).toMatchObject({ setup_complete: 1, country: 'Kenya', time_zone: 'Africa/Nairobi' });
    const user = site.get('User', 'jane@tenant.example');
    expect(user).toMatchObject({ first_name: 'Jane', last_name: 'Doe', enabled: 1 });
    expect((user?.roles as Array<{ role: string }>).map((r) => r.role)).toContain('System Manager');
    const asJane = await sim.post('/api/method/login', { usr: 'jane@tenant.example', pwd: 'tenant-pass' }, { auth: 'none', site: 'fresh.localhost' });
    expect(asJane.body.message).toBe('Logged In');
  });

  it('logs the caller in as the new user at the end of the wizard', async () => {
    sim.handle.createSite('loginas.localhost', 'pw');
    const cookie = await login('loginas.localhost', 'pw');
    const res = await sim.post('/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: wizardArgs({ company_name: 'Login As Co', company_abbr: 'LAC' }) }, { auth: 'none', site: 'loginas.localhost', cookie });
    expect(res.body).toMatchObject({ message: { status: 'ok' }, home_page: '/app', full_name: 'Jane Doe' });
    const sid = res.headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0] ?? '';
    const me = await sim.get('/api/method/frappe.auth.get_logged_user', { auth: 'none', site: 'loginas.localhost', cookie: sid });
    expect(me.body.message).toBe('jane@tenant.example');
  });

  it('answers {"status":"ok"} at once when the setup is already complete', async () => {
    const before = sim.handle.inventory('fresh.localhost');
    const cookie = await login('fresh.localhost', 'fresh-pass');
    const res = await sim.post('/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: wizardArgs({ company_name: 'Second Run' }) }, { auth: 'none', site: 'fresh.localhost', cookie });
    expect(res.body).toEqual({ message: { status: 'ok' } });
    expect(sim.handle.inventory('fresh.localhost')).toEqual(before);
  });

  it('accepts args as a JSON string and trims the values', async () => {
    sim.handle.createSite('strings.localhost', 'pw');
    const cookie = await login('strings.localhost', 'pw');
    const args = JSON.stringify(wizardArgs({ company_name: '  Padded Co  ', company_abbr: ' PC ', country: 'United States', currency: 'USD' }));
    const res = await sim.call('POST', '/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { auth: 'none', site: 'strings.localhost', cookie, form: { args } });
    expect(res.body.message).toEqual({ status: 'ok' });
    const site = sim.handle.site('strings.localhost');
    expect(site.get('Company', 'Padded Co')).toMatchObject({ abbr: 'PC' });
    expect(site.get('Mode of Payment', 'Check')).toBeDefined();
  });

  it('raises with setup_wizard_failure_message and keeps nothing when a stage fails (no country)', async () => {
    sim.handle.createSite('broken.localhost', 'pw');
    const cookie = await login('broken.localhost', 'pw');
    const res = await sim.post('/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: wizardArgs({ country: undefined }) }, { auth: 'none', site: 'broken.localhost', cookie });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ setup_wizard_failure_message: 'Failed to install presets', exc_type: 'AttributeError' });
    const site = sim.handle.site('broken.localhost');
    expect(site.get('System Settings', 'System Settings')?.setup_complete).toBe(0);
    expect(site.get('User', 'jane@tenant.example')).toBeUndefined();
  });

  it('skips a record that fails (make_records) instead of failing the wizard, e.g. no fiscal year dates', async () => {
    sim.handle.createSite('nofy.localhost', 'pw');
    const result = sim.handle.site('nofy.localhost').runSetupWizard(wizardArgs({ fy_start_date: undefined, fy_end_date: undefined, company_name: 'No FY', company_abbr: 'NFY' }));
    expect(result).toEqual({ status: 'ok' });
    const site = sim.handle.site('nofy.localhost');
    expect(site.list('Fiscal Year')).toEqual([]);
    expect(site.get('Company', 'No FY')).toBeDefined();
  });

  it('requires a logged-in user for the wizard', async () => {
    const res = await sim.post('/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: wizardArgs() }, { auth: 'none', site: 'fresh.localhost' });
    expect(res.status).toBe(403);
  });
});

describe('Multi-site', () => {
  it('chooses the site by the Host header, port stripped', async () => {
    const res = await getWithHost('fresh.localhost', '/api/method/frappe.auth.get_logged_user');
    expect(res.status).toBe(401);
    const onDefault = await getWithHost('erp.localhost', '/api/method/frappe.auth.get_logged_user');
    expect(JSON.parse(onDefault.body)).toEqual({ message: 'Administrator' });
  });

  it('serves a Host that names no site from the default site', async () => {
    const res = await getWithHost('unknown.example', '/api/resource/Company');
    expect(JSON.parse(res.body).data).toEqual([{ name: 'Sim Seed Company' }]);
  });

  it('chooses the site by X-Frappe-Site-Name, and 404s a named site that does not exist', async () => {
    const res = await sim.get('/api/method/ping', { site: 'fresh.localhost', auth: 'none' });
    expect(res.status).toBe(200);
    const missing = await sim.get('/api/method/ping', { site: 'nope.localhost', auth: 'none' });
    expect(missing.status).toBe(404);
  });

  it('keeps each site\'s documents apart', async () => {
    expect(sim.handle.site('fresh.localhost').get('Company', 'Sim Seed Company')).toBeUndefined();
    expect(sim.handle.site().get('Company', 'Tenant Foods')).toBeUndefined();
  });

  it('answers every request of a site in maintenance mode with 503 SessionStopped and Retry-After', async () => {
    sim.handle.setFaults({ retryAfterSeconds: 7 });
    sim.handle.site('fresh.localhost').setMaintenance(true);
    try {
      const res = await sim.get('/api/method/ping', { site: 'fresh.localhost' });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ exc_type: 'SessionStopped' });
      expect(res.headers.get('retry-after')).toBe('7');
      expect((await sim.get('/api/method/ping')).status).toBe(200);
    } finally {
      sim.handle.site('fresh.localhost').setMaintenance(false);
      sim.handle.setFaults({});
    }
  });
});

describe('Control endpoints', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sim.url + path, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('creates sites (409 when one exists without force), installs apps and toggles maintenance', async () => {
    expect((await control('POST', '/__sim/sites', { name: 'ctl.localhost', admin_password: 'pw' })).status).toBe(201);
    expect((await control('POST', '/__sim/sites', { name: 'ctl.localhost', admin_password: 'pw' })).status).toBe(409);
    expect((await control('POST', '/__sim/sites', { name: 'ctl.localhost', admin_password: 'pw', force: true })).status).toBe(201);
    const installed = await control('POST', '/__sim/sites/ctl.localhost/apps', { app: 'erpnext' });
    expect(installed.body).toMatchObject({ installed: true, apps: [{ name: 'frappe' }, { name: 'erpnext' }] });
    expect((await control('POST', '/__sim/sites/ctl.localhost/apps', { app: 'erpnext' })).body).toMatchObject({ installed: false });
    expect((await control('POST', '/__sim/sites/ctl.localhost/maintenance', { on: true })).body).toMatchObject({ maintenance: true });
    const sites = await control('GET', '/__sim/sites');
    expect(sites.body.find((s: { name: string }) => s.name === 'ctl.localhost')).toMatchObject({ maintenance: true, setup_complete: false });
  });

  it('lists a site\'s documents per doctype in /__sim/inventory', async () => {
    const res = await control('GET', '/__sim/inventory?site=erp.localhost');
    expect(res.body.sites['erp.localhost']?.Company).toEqual({ count: 1, names: ['Sim Seed Company'] });
  });

  it('only has frappe\'s doctypes on a site without erpnext', async () => {
    await control('POST', '/__sim/sites', { name: 'bare.localhost', admin_password: 'pw' });
    const cookie = await login('bare.localhost', 'pw');
    const res = await sim.get(R('Company'), { auth: 'none', site: 'bare.localhost', cookie });
    expect(res.status).toBe(404);
    expect(res.messages[0]?.message).toBe('DocType Company not found');
    const versions = await sim.get('/api/method/frappe.utils.change_log.get_versions', { auth: 'none', site: 'bare.localhost', cookie });
    expect(Object.keys(versions.body.message)).toEqual(['frappe']);
  });
});
