/**
 * Per-site mode: platform_setup creates the tenant's own site with the simulator's `bench` stand-in
 * (spawned with execFile and an argument array), logs in as Administrator, issues API keys, runs the
 * setup wizard; the later steps run on that site with those keys.
 */
import { startSimulator, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { STEP_KEYS } from '@provisioner/jobs';
import { completedOutput, newTenant, runAll, runStep, simBench, simClient, tenantSpec, type Tenant } from '../testing/step-harness';

let sim: SimulatorHandle;

function perSiteTenant(overrides: Parameters<typeof tenantSpec>[0] & { siteName: string }, password: string | null = 'tenant-pass-1'): Tenant {
  const spec = tenantSpec({ siteMode: 'per-site', ...overrides });
  // Before platform_setup the worker has no keys for the tenant's site.
  return newTenant(spec, simClient(sim.url, { siteHost: spec.siteName, auth: null }), { password, bench: simBench(sim.url) });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('per-site mode', () => {
  it('creates the tenant site with bench, runs the setup wizard and provisions it; a rerun changes nothing', async () => {
    const t = perSiteTenant({ companyId: 'COMP-2025-00201', companyName: 'Tenant Foods', siteName: 'tenantfoods.localhost', adminEmail: 'Jane@TenantFoods.example', country: 'Kenya', defaultCurrency: 'KES' });
    await runAll(t);

    const summary = sim.sites().find((s) => s.name === 'tenantfoods.localhost');
    expect(summary).toMatchObject({ setup_complete: true });
    expect(summary?.apps.map((a) => a.name)).toEqual(['frappe', 'erpnext']);
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: true, wizardRan: true, keysIssued: true, adminUser: 'jane@tenantfoods.example' });

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
    // The keys it holds still work, so the rerun did not rotate them.
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: false, wizardRan: false, keysIssued: false });
  });

  it('installs erpnext on an existing frappe-only site instead of creating the site again', async () => {
    // A frappe-only site, made through bench itself (new-site without --install-app).
    const bench = simBench(sim.url);
    const res = await bench.run(['new-site', 'bare.localhost', '--admin-password', 'tenant-pass-1']);
    expect(res.exitCode).toBe(0);
    const t = perSiteTenant({ companyId: 'COMP-2025-00202', companyName: 'Bare Metal', siteName: 'bare.localhost', adminEmail: 'ops@bare.example' });
    await runAll(t, { keys: ['engine_check', 'platform_setup', 'company'] });
    expect(completedOutput(t, 'platform_setup')).toMatchObject({ siteCreated: false, erpnextInstalled: true, wizardRan: true });
    expect(sim.sites().find((s) => s.name === 'bare.localhost')?.apps.map((a) => a.name)).toEqual(['frappe', 'erpnext']);
  });

  it('fails with SITE_LOGIN_FAILED when the site exists with another admin password', async () => {
    sim.createSite('taken.localhost', 'somebody-elses-password');
    const t = perSiteTenant({ companyId: 'COMP-2025-00203', companyName: 'Late Comer', siteName: 'taken.localhost' });
    const outcome = await runStep(t, 'platform_setup', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'SITE_LOGIN_FAILED', retryable: false } });
  });

  it('fails with BENCH_NOT_FOUND when the bench executable does not exist', async () => {
    const spec = tenantSpec({ siteMode: 'per-site', siteName: 'nobench.localhost', companyId: 'COMP-2025-00204' });
    const t = newTenant(spec, simClient(sim.url, { siteHost: spec.siteName, auth: null }), { bench: simBench(sim.url, '/nonexistent/bench') });
    const outcome = await runStep(t, 'platform_setup', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'BENCH_NOT_FOUND', retryable: false } });
  });

  it('fails with ADMIN_PASSWORD_UNAVAILABLE, and creates no site, when the password was already wiped', async () => {
    const t = perSiteTenant({ companyId: 'COMP-2025-00205', companyName: 'Wiped', siteName: 'wiped.localhost' }, null);
    const outcome = await runStep(t, 'platform_setup');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ADMIN_PASSWORD_UNAVAILABLE', retryable: false } });
    expect(sim.sites().map((s) => s.name)).not.toContain('wiped.localhost');
  });

  it('fails with SITE_CREATE_FAILED and never shows the admin password when bench new-site fails', async () => {
    // A bench that knows no site and fails new-site, printing its arguments as a careless tool might.
    const failing = {
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
    expect(JSON.stringify(outcome.ok ? {} : outcome.error)).not.toContain('super-secret-pw');
  });

  it('provisions its own site exactly once although writes commit and then fail', async () => {
    // Seed 11 makes generate_keys, a Warehouse and the POS Profile lose their answers, among others.
    const faulty = await startSimulator({ port: 0, seed: 11 });
    try {
      const spec = tenantSpec({ siteMode: 'per-site', companyId: 'COMP-2025-00207', companyName: 'Faulty Towers', siteName: 'faulty.localhost', adminEmail: 'basil@faulty.example' });
      const t = newTenant(spec, simClient(faulty.url, { siteHost: spec.siteName, auth: null, timeoutMs: 400 }), { bench: simBench(faulty.url) });
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
