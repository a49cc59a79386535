/**
 * Per-site mode: platform_setup creates the tenant's own site with the simulator's `bench` stand-in —
 * strict like a real bench host: run in a bench directory, stdin closed, the MariaDB root password
 * given — logs in as Administrator, issues API keys, runs the setup wizard; the later steps run on
 * that site with those keys.
 */
import fs from 'node:fs';
import { makeBenchDirectory, startSimulator, type BenchDirectory, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { STEP_KEYS } from '@provisioner/jobs';
import { SETUP_COMPLETE_METHOD } from '../site/setup-wizard-run';
import { completedOutput, newTenant, runAll, runStep, simBench, simClient, tenantSpec, type SimBenchOptions, type Tenant } from '../testing/step-harness';

const ROOT_PASSWORD = 'maria-root-pw-7';

let sim: SimulatorHandle;
let benchDir: string;
const dirs: BenchDirectory[] = [];

async function benchDirFor(s: SimulatorHandle): Promise<string> {
  // The stand-in's MariaDB accepts only this root password; nothing in the directory gives it to bench.
  const dir = await makeBenchDirectory({ controlUrl: s.url, rootPassword: ROOT_PASSWORD });
  dirs.push(dir);
  return dir.path;
}

function bench(extra: Partial<SimBenchOptions> = {}) {
  return simBench({ benchDir, database: { rootUser: 'root', rootPassword: ROOT_PASSWORD }, ...extra });
}

function perSiteTenant(
  overrides: Parameters<typeof tenantSpec>[0] & { siteName: string },
  password: string | null = 'tenant-pass-1',
  opts: { timeoutMs?: number; slowTimeoutMs?: number; url?: string; bench?: ReturnType<typeof simBench> } = {},
): Tenant {
  const spec = tenantSpec({ siteMode: 'per-site', ...overrides });
  // Before platform_setup the worker has no keys for the tenant's site.
  const erp = simClient(opts.url ?? sim.url, { siteHost: spec.siteName, auth: null, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  return newTenant(spec, erp, { password, bench: opts.bench ?? bench(), ...(opts.slowTimeoutMs ? { slowTimeoutMs: opts.slowTimeoutMs } : {}) });
}

const wizardPosts = (s: SimulatorHandle, site: string) => s.requestLog().filter((e) => e.site === site && e.method === 'POST' && e.cmd === SETUP_COMPLETE_METHOD);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  benchDir = await benchDirFor(sim);
});
afterAll(async () => {
  await sim.close();
  for (const d of dirs) d.cleanup();
});

describe('per-site mode', () => {
  it('creates the tenant site with bench, runs the setup wizard and provisions it; a rerun changes nothing', async () => {
    const t = perSiteTenant({ companyId: 'COMP-2025-00201', companyName: 'Tenant Foods', siteName: 'tenantfoods.localhost', adminEmail: 'Jane@TenantFoods.example', country: 'Kenya', defaultCurrency: 'KES' });
    await runAll(t);

    const summary = sim.sites().find((s) => s.name === 'tenantfoods.localhost');
    expect(summary).toMatchObject({ setup_complete: true });
    expect(summary?.apps.map((a) => a.name)).toEqual(['frappe', 'erpnext']);
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: true, wizardRan: true, keysIssued: true, adminUser: 'jane@tenantfoods.example', wizard: { fiscalYearCreated: false } });
    expect(fs.existsSync(`${benchDir}/sites/tenantfoods.localhost/site_config.json`)).toBe(true);

    const site = sim.site('tenantfoods.localhost');
    const abbr = t.state.abbr ?? '';
    expect(abbr).toBe('TF');
    expect(site.list('Company').map((c) => c.name)).toEqual(['Tenant Foods']);
    expect(site.get('Customer', 'Walk-in Customer')).toBeDefined();
    expect(site.get('Stock Settings', 'Stock Settings')).toMatchObject({ default_warehouse: `Main Store - ${abbr}` });
    expect(site.list('Item').map((i) => i.item_code)).toEqual(expect.arrayContaining(['DEMO-WIDGET', 'DEMO-GADGET', 'DEMO-SERVICE']));
    const open = site.list('POS Opening Entry').filter((e) => e.docstatus === 1 && e.status === 'Open');
    expect(open.map((e) => e.user)).toEqual(['jane@tenantfoods.example']);
    // Nothing of the tenant leaked onto the default site.
    expect(sim.site().get('Company', 'Tenant Foods')).toBeUndefined();

    const before = sim.inventory('tenantfoods.localhost');
    for (const key of STEP_KEYS) expect((await runStep(t, key)).ok).toBe(true);
    expect(sim.inventory('tenantfoods.localhost')).toEqual(before);
    // The keys it holds still work, so the rerun did not rotate them; the wizard was posted once.
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: false, wizardRan: false, keysIssued: false });
    expect(wizardPosts(sim, 'tenantfoods.localhost')).toHaveLength(1);
  });

  it('installs erpnext on an existing frappe-only site instead of creating the site again', async () => {
    // A frappe-only site, made through bench itself (new-site without --install-app).
    const res = await bench().run(['new-site', 'bare.localhost', '--admin-password', 'tenant-pass-1', '--db-root-password', ROOT_PASSWORD]);
    expect(res.exitCode).toBe(0);
    const t = perSiteTenant({ companyId: 'COMP-2025-00202', companyName: 'Bare Metal', siteName: 'bare.localhost', adminEmail: 'ops@bare.example' });
    await runAll(t, { keys: ['engine_check', 'platform_setup', 'company'] });
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: false, erpnextInstalled: true, wizardRan: true });
    expect(sim.sites().find((s) => s.name === 'bare.localhost')?.apps.map((a) => a.name)).toEqual(['frappe', 'erpnext']);
  });

  it('fails with SITE_LOGIN_FAILED when a site it did not create exists with another admin password', async () => {
    const res = await bench().run(['new-site', 'taken.localhost', '--admin-password', 'somebody-elses-password', '--install-app', 'erpnext', '--db-root-password', ROOT_PASSWORD]);
    expect(res.exitCode).toBe(0);
    const t = perSiteTenant({ companyId: 'COMP-2025-00203', companyName: 'Late Comer', siteName: 'taken.localhost' });
    const outcome = await runStep(t, 'platform_setup', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'SITE_LOGIN_FAILED', retryable: false } });
  });

  it('fails with BENCH_NOT_FOUND when the bench executable does not exist', async () => {
    const t = perSiteTenant({ siteName: 'nobench.localhost', companyId: 'COMP-2025-00204' }, 'tenant-pass-1', { bench: bench({ benchPath: '/nonexistent/bench' }) });
    const outcome = await runStep(t, 'platform_setup', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'BENCH_NOT_FOUND', retryable: false } });
  });

  it('fails with ADMIN_PASSWORD_UNAVAILABLE, and creates no site, when the password was already wiped', async () => {
    const t = perSiteTenant({ companyId: 'COMP-2025-00205', companyName: 'Wiped', siteName: 'wiped.localhost' }, null);
    const outcome = await runStep(t, 'platform_setup');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ADMIN_PASSWORD_UNAVAILABLE', retryable: false } });
    expect(sim.sites().map((s) => s.name)).not.toContain('wiped.localhost');
  });

  it('fails with SITE_CREATE_FAILED and never shows the admin or root password when bench new-site fails', async () => {
    // A bench that knows no site and fails new-site, printing its arguments as a careless tool might.
    const failing = {
      database: { rootUser: 'root', rootPassword: ROOT_PASSWORD },
      run: async (args: string[]) =>
        args.includes('list-apps')
          ? { stdout: '', stderr: `Site ${args[1] ?? ''} does not exist!`, exitCode: 1 }
          : { stdout: '', stderr: `pymysql.err.OperationalError: Access denied; ran with ${args.join(' ')}`, exitCode: 1 },
    };
    const spec = tenantSpec({ siteMode: 'per-site', siteName: 'broken.localhost', companyId: 'COMP-2025-00206' });
    const t = newTenant(spec, simClient(sim.url, { siteHost: spec.siteName, auth: null }), { password: 'super-secret-pw', bench: failing });
    const outcome = await runStep(t, 'platform_setup', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'SITE_CREATE_FAILED', retryable: false } });
    expect(outcome.ok ? '' : outcome.error.message).toContain('Access denied');
    expect(JSON.stringify(outcome.ok ? {} : outcome.error)).not.toMatch(/super-secret-pw|maria-root-pw-7/);
  });

  it('provisions its own site exactly once although writes commit and then fail', async () => {
    // Seed 11 makes generate_keys, a Warehouse and the POS Profile lose their answers, among others.
    const faulty = await startSimulator({ port: 0, seed: 11 });
    try {
      const t = perSiteTenant(
        { companyId: 'COMP-2025-00207', companyName: 'Faulty Towers', siteName: 'faulty.localhost', adminEmail: 'basil@faulty.example' },
        'tenant-pass-1',
        { url: faulty.url, timeoutMs: 400, slowTimeoutMs: 2_000, bench: simBench({ benchDir: await benchDirFor(faulty), database: { rootPassword: ROOT_PASSWORD } }) },
      );
      faulty.setFaults({ rates: { commitThenFail: 0.3, drop: 0.03, rateLimit: 0.05, deadlock: 0.05 }, retryAfterSeconds: 1 });
      for (const key of STEP_KEYS) {
        const outcome = await runStep(t, key, 30);
        if (!outcome.ok) throw new Error(`${key}: ${outcome.error.code}: ${outcome.error.message}`);
      }
      faulty.setFaults({});
      const lost = faulty.requestLog().filter((e) => e.site === 'faulty.localhost' && e.fault === 'commitThenFail');
      expect(lost.length).toBeGreaterThanOrEqual(3);
      const site = faulty.site('faulty.localhost');
      expect(site.list('Company').map((c) => c.name)).toEqual(['Faulty Towers']);
      expect(site.list('Warehouse').filter((w) => String(w.name).startsWith('Main Store') || String(w.name).startsWith('POS Store'))).toHaveLength(2);
      expect(site.list('Customer').filter((c) => c.customer_name === 'Walk-in Customer')).toHaveLength(1);
      expect(site.list('POS Profile')).toHaveLength(1);
      expect(site.list('POS Opening Entry')).toHaveLength(1);
      expect(site.list('Item')).toHaveLength(3);
    } finally {
      await faulty.close();
    }
  });
});

describe('the setup wizard of a per-site tenant', () => {
  let slow: SimulatorHandle;
  let slowBench: string;
  beforeAll(async () => {
    // The wizard takes 1.5 s here, three times the client's ordinary timeout.
    slow = await startSimulator({ port: 0, timings: { setupWizardMs: 1_500 } });
    slowBench = await benchDirFor(slow);
  });
  afterAll(() => slow.close());

  function slowTenant(n: number, name: string, slowTimeoutMs: number): Tenant {
    return perSiteTenant(
      { companyId: `COMP-2025-0030${n}`, companyName: name, siteName: `wizard${n}.localhost`, adminEmail: `ops@wizard${n}.example` },
      'tenant-pass-1',
      { url: slow.url, timeoutMs: 500, slowTimeoutMs, bench: simBench({ benchDir: slowBench, database: { rootPassword: ROOT_PASSWORD } }) },
    );
  }

  it('completes a wizard slower than ERPNEXT_TIMEOUT_MS with one setup_complete POST, under the slow timeout', async () => {
    const t = slowTenant(1, 'Slow Wizard One', 10_000);
    const outcome = await runStep(t, 'platform_setup');
    expect(outcome).toMatchObject({ ok: true });
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ wizardRan: true, wizard: { fiscalYearCreated: false } });
    expect(wizardPosts(slow, 'wizard1.localhost')).toHaveLength(1);
  });

  it('polls setup_complete instead of posting again when even the slow timeout is too short', async () => {
    // The POST gives up after 1 s while the wizard runs on for 1.5 s: the step waits for it (up to 2 s).
    const t = slowTenant(2, 'Slow Wizard Two', 1_000);
    const outcome = await runStep(t, 'platform_setup', 3);
    expect(outcome).toMatchObject({ ok: true, attempts: 1 });
    expect(slow.sites().find((s) => s.name === 'wizard2.localhost')).toMatchObject({ setup_complete: true });
    expect(wizardPosts(slow, 'wizard2.localhost')).toHaveLength(1);
    expect(t.state.wizardPostedAt).toEqual(expect.any(String));
  });

  it('a retried job polls an earlier POST instead of posting, and posts only once that call cannot be running', async () => {
    const t = slowTenant(3, 'Slow Wizard Three', 1_000);
    // The site and keys first (platform_setup fails at the wizard: an earlier try "posted" just now).
    t.state = { ...t.state, wizardPostedAt: new Date().toISOString() };
    const first = await runStep(t, 'platform_setup');
    expect(first).toMatchObject({ ok: false, error: { code: 'SETUP_WIZARD_RUNNING', retryable: true } });
    expect(wizardPosts(slow, 'wizard3.localhost')).toHaveLength(0);
    // The window (slow timeout + min(it, 60 s) = 2 s) has passed: the next try posts, once.
    const second = await runStep(t, 'platform_setup');
    expect(second).toMatchObject({ ok: true });
    expect(wizardPosts(slow, 'wizard3.localhost')).toHaveLength(1);
  });

  it('polls a wizard that runs in the background ({"status":"registered"}) until it completes', async () => {
    const res = await simBench({ benchDir: slowBench, database: { rootPassword: ROOT_PASSWORD } }).run(['new-site', 'wizard4.localhost', '--admin-password', 'tenant-pass-1', '--install-app', 'erpnext', '--db-root-password', ROOT_PASSWORD]);
    expect(res.exitCode).toBe(0);
    slow.site('wizard4.localhost').setSiteConfig('trigger_site_setup_in_background', 1);
    const t = slowTenant(4, 'Background Wizard', 10_000);
    const outcome = await runStep(t, 'platform_setup');
    expect(outcome).toMatchObject({ ok: true });
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ wizardRan: true });
    expect(wizardPosts(slow, 'wizard4.localhost')).toHaveLength(1);
    expect(slow.site('wizard4.localhost').list('Company').map((c) => c.name)).toEqual(['Background Wizard']);
  });
});

describe('what the setup wizard answered "ok" to', () => {
  it('reports a Company the wizard failed to create as SETUP_WIZARD_FAILED, quoting the Error Log', async () => {
    // Accounts left behind by a company removed with raw SQL: the wizard's own Company insert hits
    // them, ERPNext logs "Exception during Setup" and answers ok anyway.
    const res = await bench().run(['new-site', 'hidden.localhost', '--admin-password', 'tenant-pass-1', '--install-app', 'erpnext', '--db-root-password', ROOT_PASSWORD]);
    expect(res.exitCode).toBe(0);
    const site = sim.site('hidden.localhost');
    if (!site.get('Warehouse Type', 'Transit')) site.insert({ doctype: 'Warehouse Type', name: 'Transit' });
    site.insert({ doctype: 'Company', company_name: 'Leftover Ltd', abbr: 'HF', default_currency: 'USD', country: 'United States', chart_of_accounts: 'Standard' });
    site.delete('Company', 'Leftover Ltd');
    const t = perSiteTenant({ companyId: 'COMP-2025-00210', companyName: 'Hidden Foods', requestedAbbr: 'HF', siteName: 'hidden.localhost', adminEmail: 'ops@hidden.example' });
    const outcome = await runStep(t, 'platform_setup', 3);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'SETUP_WIZARD_FAILED', retryable: false } });
    const message = outcome.ok ? '' : outcome.error.message;
    expect(message).toContain('created no Company "Hidden Foods"');
    expect(message).toContain('Exception during Setup');
    expect(message).not.toMatch(/Traceback|File "/);
    expect(wizardPosts(sim, 'hidden.localhost')).toHaveLength(1);
  });

  it('creates the Fiscal Year the wizard left out, and says so', async () => {
    const t = perSiteTenant({ companyId: 'COMP-2025-00211', companyName: 'Year Less', siteName: 'yearless.localhost', adminEmail: 'ops@yearless.example' });
    expect((await runStep(t, 'platform_setup')).ok).toBe(true);
    const site = sim.site('yearless.localhost');
    const years = site.list('Fiscal Year');
    expect(years).toHaveLength(1);
    // As if make_records had swallowed its insert (swapped dates do that in v15).
    site.delete('Fiscal Year', String(years[0]?.name));
    expect((await runStep(t, 'platform_setup')).ok).toBe(true);
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ wizardRan: false, wizard: { fiscalYear: years[0]?.name, fiscalYearCreated: true } });
    expect(site.list('Fiscal Year').map((y) => [y.year_start_date, y.year_end_date])).toEqual([[years[0]?.year_start_date, years[0]?.year_end_date]]);
  });
});
