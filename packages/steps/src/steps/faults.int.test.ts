/**
 * The steps under injected faults: writes that commit and then fail (the answer is lost), dropped
 * connections, hung requests, 429 with Retry-After, deadlocks and 5xx — for several tenants provisioned
 * at the same time on one shared site. Each step is retried as BullMQ would until it completes; at the
 * end every tenant has exactly one of everything.
 */
import { startSimulator, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { STEP_KEYS } from '@provisioner/jobs';
import { newTenant, runStep, simClient, tenantSpec, type Tenant } from '../testing/step-harness';

const SITE = 'erp.localhost';
/** Generous, as the point is "eventually exactly once", not how fast. */
const ATTEMPTS = 30;

const TENANTS = [
  { companyId: 'COMP-2025-00101', companyName: 'Acme Corporation', adminEmail: 'ops@acme.example' },
  { companyId: 'COMP-2025-00102', companyName: 'Alpha Beta', adminEmail: 'ops@alphabeta.example' },
  { companyId: 'COMP-2025-00103', companyName: 'Acme Bakery', adminEmail: 'ops@acmebakery.example' },
  { companyId: 'COMP-2025-00104', companyName: 'Ωμέγα Τεχνολογίες', adminEmail: 'ops@omega.example' },
];

async function provision(t: Tenant): Promise<void> {
  for (const key of STEP_KEYS) {
    const outcome = await runStep(t, key, ATTEMPTS);
    if (!outcome.ok) throw new Error(`${t.spec.companyName}: step ${key} failed: ${outcome.error.code}: ${outcome.error.message}`);
  }
}

describe.each([7, 42])('provisioning under faults (seed %i)', (seed) => {
  let sim: SimulatorHandle;
  let tenants: Tenant[];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed, seedCompanies: [{ company_name: 'Acme Co', abbr: 'AC' }] });
    sim.setFaults({
      rates: { commitThenFail: 0.3, drop: 0.04, hang: 0.02, rateLimit: 0.05, deadlock: 0.05, serverError: 0.04 },
      retryAfterSeconds: 1,
      hangMs: 2_000,
    });
    tenants = TENANTS.map((spec) => newTenant(tenantSpec({ ...spec, siteName: SITE }), simClient(sim.url, { timeoutMs: 400 })));
    await Promise.all(tenants.map(provision));
    sim.setFaults({});
  });
  afterAll(() => sim.close());

  const site = () => sim.site(SITE);

  it('actually injected faults into the writes', () => {
    // How many depends on the order concurrent requests arrive in (about a quarter of ~50 writes);
    // what matters is that writes really committed and then failed during the run.
    const faulted = sim.requestLog().filter((e) => e.fault === 'commitThenFail');
    expect(faulted.length).toBeGreaterThanOrEqual(1);
  });

  it('creates exactly one Company per tenant, each with its own abbreviation', () => {
    const abbrs = new Set<string>();
    for (const t of tenants) {
      const companies = site().list('Company').filter((c) => c.company_name === t.spec.companyName);
      expect(companies).toHaveLength(1);
      expect(companies[0]?.abbr).toBe(t.state.abbr);
      abbrs.add(String(t.state.abbr));
    }
    expect(abbrs.size).toBe(tenants.length);
    expect(abbrs.has('AC')).toBe(false);
  });

  it('creates each warehouse, the cost center and the walk-in customer once', () => {
    for (const t of tenants) {
      const abbr = String(t.state.abbr);
      const warehouses = site().list('Warehouse').filter((w) => w.company === t.spec.companyName).map((w) => w.name);
      expect(warehouses.filter((n) => n === `Main Store - ${abbr}` || n === `POS Store - ${abbr}`).sort()).toEqual([`Main Store - ${abbr}`, `POS Store - ${abbr}`]);
      expect(site().list('Cost Center').filter((c) => c.name === `Main - ${abbr}`)).toHaveLength(1);
      expect(site().list('Customer').filter((c) => c.customer_name === `Walk-in Customer - ${abbr}`)).toHaveLength(1);
      expect(site().list('Item').filter((i) => String(i.item_code).startsWith(`${abbr}-DEMO-`))).toHaveLength(3);
      expect(site().list('User').filter((u) => u.name === t.spec.adminEmail)).toHaveLength(1);
    }
  });

  it('keeps exactly one POS Profile and one open POS Opening Entry per tenant', () => {
    for (const t of tenants) {
      const profiles = site().list('POS Profile').filter((p) => p.company === t.spec.companyName);
      expect(profiles.map((p) => p.name)).toEqual([`POS - ${t.state.abbr}`]);
      const entries = site().list('POS Opening Entry').filter((e) => e.pos_profile === `POS - ${t.state.abbr}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ docstatus: 1, status: 'Open', user: t.spec.adminEmail });
    }
  });

  it('keeps one Cash account row per company although tenants appended to it concurrently', () => {
    const rows = (site().get('Mode of Payment', 'Cash')?.accounts ?? []) as Array<{ company: string }>;
    for (const t of tenants) expect(rows.filter((r) => r.company === t.spec.companyName)).toHaveLength(1);
    expect(rows.filter((r) => r.company === 'Acme Co')).toHaveLength(1);
  });

  it('changes nothing when every step is run again without faults', async () => {
    const before = sim.inventory(SITE);
    for (const t of tenants) {
      for (const key of STEP_KEYS) expect((await runStep(t, key)).ok).toBe(true);
    }
    expect(sim.inventory(SITE)).toEqual(before);
  });
});
