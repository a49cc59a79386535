/**
 * Fact sheet §10: requests in flight together. A Company insert that is in flight while another
 * Company insert commits fails with the Mode of Payment race; the setup wizard takes its time, a
 * second call waits for the first, records that fail are logged, and the background mode.
 */
import { companyBody, startTestSim, TestSim, type CallResult, type Json } from '../testing';
import type { RequestLogEntry } from '../types';

const R = TestSim.resource;
const SETUP_COMPLETE = '/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim({ timings: { companyInsertMs: 300, setupWizardMs: 300, companyDeleteMs: 0 } });
});
afterAll(() => sim.close());

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

async function newSite(name: string): Promise<string> {
  sim.handle.createSite(name, 'pw');
  const res = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'pw' }, { auth: 'none', site: name });
  return res.headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0] ?? '';
}

/** The first request-log entry that matches. */
function logged(predicate: (e: RequestLogEntry) => boolean): RequestLogEntry {
  const entry = sim.handle.requestLog().find(predicate);
  if (!entry) throw new Error('request not logged');
  return entry;
}

describe('Concurrent Company inserts', () => {
  let first: CallResult;
  let second: CallResult;

  beforeAll(async () => {
    const a = sim.post(R('Company'), companyBody('Race Alpha', 'RA'));
    await pause(50);
    const b = sim.post(R('Company'), companyBody('Race Beta', 'RB'));
    [first, second] = await Promise.all([a, b]);
  });

  it('fails the insert in flight when another commits: 417 "Could not find Row #N: Default Account: Cash - {other abbr}"', () => {
    expect(first.status).toBe(200);
    expect(second.status).toBe(417);
    expect(second.body.exc_type).toBe('LinkValidationError');
    // Row #1 is the seed company's; Race Alpha's on_update appended row #2 to Cash.
    expect(second.messages).toEqual([
      { message: 'Could not find Row #2: Default Account: Cash - RA', title: 'Message', indicator: 'red', raise_exception: 1, __frappe_exc_id: expect.any(String) },
    ]);
    expect(Object.keys(second.body).sort()).toEqual(['_server_messages', 'exc_type']);
  });

  it('leaves nothing of the failed insert behind, and a retry succeeds', async () => {
    const site = sim.handle.site();
    expect(site.get('Company', 'Race Beta')).toBeUndefined();
    for (const doctype of ['Account', 'Warehouse', 'Cost Center']) {
      expect(site.list(doctype).filter((d) => d.company === 'Race Beta')).toEqual([]);
    }
    expect((site.get('Mode of Payment', 'Cash')?.accounts as Json[]).map((r) => r.company)).toEqual(['Sim Seed Company', 'Race Alpha']);
    const retry = await sim.post(R('Company'), companyBody('Race Beta', 'RB'));
    expect(retry.status).toBe(200);
    expect((site.get('Mode of Payment', 'Cash')?.accounts as Json[]).map((r) => r.default_account)).toEqual(['Cash - SSC', 'Cash - RA', 'Cash - RB']);
  });

  it('reports the overlap in stats (handle and GET /__sim/stats) and in the request log', async () => {
    const stats = sim.handle.stats().sites['erp.localhost'];
    expect(stats?.maxConcurrentCompanyInserts).toBe(2);
    expect(stats?.companyInsertRaces).toEqual([
      { startedAt: expect.any(String), endedAt: expect.any(String), company: 'Race Beta', committedMeanwhile: ['Race Alpha'], status: 417 },
    ]);
    const control = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as Json;
    expect(control.sites['erp.localhost']).toEqual(stats);
    const a = logged((e) => e.method === 'POST' && e.doctype === 'Company' && e.status === 200);
    const b = logged((e) => e.method === 'POST' && e.doctype === 'Company' && e.status === 417);
    expect(b.at < (a.endedAt ?? '')).toBe(true);
  });

  it('never fails inserts made one after another', async () => {
    const before = sim.handle.stats().sites['erp.localhost']?.companyInsertRaces.length;
    for (const [name, abbr] of [['Serial One', 'S1'], ['Serial Two', 'S2'], ['Serial Three', 'S3']] as const) {
      expect((await sim.post(R('Company'), companyBody(name, abbr))).status).toBe(200);
    }
    expect(sim.handle.stats().sites['erp.localhost']?.companyInsertRaces.length).toBe(before);
  });

  it('fails the later of two concurrent inserts with the same abbreviation on the duplicate account, not on the abbreviation', async () => {
    const a = sim.post(R('Company'), companyBody('Twin Peaks Ltd', 'TP'));
    await pause(50);
    const b = sim.post(R('Company'), companyBody('Twin Pines Ltd', 'TP'));
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(409);
    expect(rb.body.exc_type).toBe('DuplicateEntryError');
    expect(rb.messages[0]?.message).toBe('Account <strong>Application of Funds (Assets) - TP</strong> already exists');
    expect(sim.handle.site().get('Company', 'Twin Pines Ltd')).toBeUndefined();
  });
});

describe('Setup wizard timing', () => {
  it('runs its stages for setupWizardMs while the site answers other requests', async () => {
    const site = 'slow.localhost';
    const cookie = await newSite(site);
    sim.handle.clearRequestLog();
    const wizard = sim.post(SETUP_COMPLETE, { args: wizardArgs() }, { auth: 'none', site, cookie });
    await pause(50);
    expect((await sim.get('/api/method/ping', { auth: 'none', site })).status).toBe(200);
    expect((await wizard).body.message).toEqual({ status: 'ok' });
    const ping = logged((e) => e.cmd === 'ping');
    const call = logged((e) => e.cmd === 'frappe.desk.page.setup_wizard.setup_wizard.setup_complete');
    expect((ping.endedAt ?? '') < (call.endedAt ?? '')).toBe(true);
  });

  it('makes a second call that arrives while the first runs wait for it, then fail check_if_latest (417) and keep nothing', async () => {
    const site = 'twice.localhost';
    const cookie = await newSite(site);
    const first = sim.post(SETUP_COMPLETE, { args: wizardArgs() }, { auth: 'none', site, cookie });
    await pause(50);
    const second = sim.post(SETUP_COMPLETE, { args: wizardArgs({ company_name: 'Second Co', company_abbr: 'SC' }) }, { auth: 'none', site, cookie });
    const [a, b] = await Promise.all([first, second]);
    expect(a.body.message).toEqual({ status: 'ok' });
    expect(b.status).toBe(417);
    expect(b.body).toMatchObject({ exc_type: 'TimestampMismatchError', setup_wizard_failure_message: 'Failed to update global settings' });
    expect(b.messages[0]?.message).toMatch(/^Error: Document has been modified after you have opened it \(.+, .+\)\. Please refresh to get the latest document\.$/);
    const access = sim.handle.site(site);
    expect(access.list('Company').map((c) => c.name)).toEqual(['Tenant Foods']);
    expect(access.list('Error Log').map((e) => e.method)).toEqual(['Setup failed: Failed to update global settings']);
    expect(sim.handle.stats().sites[site]?.maxConcurrentWizardCalls).toBe(2);
  });

  it('answers {"status":"ok"} after completion without running a stage again', async () => {
    const site = 'twice.localhost';
    const cookie = (await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'pw' }, { auth: 'none', site })).headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0];
    const before = sim.handle.inventory(site);
    const again = await sim.post(SETUP_COMPLETE, { args: wizardArgs({ company_name: 'Third Co' }) }, { auth: 'none', site, cookie });
    expect(again.body).toEqual({ message: { status: 'ok' } });
    expect(sim.handle.inventory(site)).toEqual(before);
  });

  it('logs a record that fails as an Error Log "Exception during Setup" (readable over REST) and still answers ok', async () => {
    const site = 'swapped.localhost';
    const cookie = await newSite(site);
    const res = await sim.post(SETUP_COMPLETE, { args: wizardArgs({ fy_start_date: '2025-12-31', fy_end_date: '2025-01-01' }) }, { auth: 'none', site, cookie });
    expect(res.body.message).toEqual({ status: 'ok' });
    const asAdmin = await sim.list('Error Log', { fields: ['method', 'error'] }, { auth: 'none', site, cookie });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.data).toEqual([
      { method: 'Exception during Setup', error: expect.stringContaining('Year Start Date should not be greater than Year End Date') },
    ]);
    expect(sim.handle.site(site).list('Fiscal Year')).toEqual([]);
  });

  it('answers {"status":"registered"} with trigger_site_setup_in_background and completes the setup in the background', async () => {
    const site = 'background.localhost';
    const cookie = await newSite(site);
    sim.handle.site(site).setSiteConfig('trigger_site_setup_in_background', 1);
    const res = await sim.post(SETUP_COMPLETE, { args: wizardArgs() }, { auth: 'none', site, cookie });
    expect(res.body).toEqual({ message: { status: 'registered' } });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(sim.handle.site(site).get('System Settings', 'System Settings')?.setup_complete).toBe(0);
    for (let i = 0; i < 50 && !sim.handle.site(site).get('System Settings', 'System Settings')?.setup_complete; i++) await pause(50);
    expect(sim.handle.site(site).get('System Settings', 'System Settings')?.setup_complete).toBe(1);
    expect(sim.handle.site(site).get('Company', 'Tenant Foods')).toBeDefined();
  });
});
