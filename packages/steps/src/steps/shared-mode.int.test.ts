/**
 * The eleven steps against the simulator in shared mode (one site, each tenant a Company in it),
 * over real HTTP, as the worker runs them.
 */
import { startSimulator, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { ErpNextError } from '@provisioner/erpnext-client';
import { STEP_KEYS } from '@provisioner/jobs';
import { completedOutput, newTenant, runAll, runStep, simClient, tenantSpec, type Tenant } from '../testing/step-harness';

const SITE = 'erp.localhost';
let sim: SimulatorHandle;

function counts(handle: SimulatorHandle): Record<string, number> {
  const site = handle.inventory(SITE).sites[SITE] ?? {};
  return Object.fromEntries(Object.entries(site).map(([dt, inv]) => [dt, inv.count]));
}

function tenant(overrides: Parameters<typeof tenantSpec>[0] = {}): Tenant {
  return newTenant(tenantSpec({ siteName: SITE, ...overrides }), simClient(sim.url));
}

describe('shared mode', () => {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seedCompanies: [{ company_name: 'Acme Co', abbr: 'AC' }, { company_name: 'Globex', abbr: 'GLO' }] });
  });
  afterAll(() => sim.close());

  it('provisions a tenant end to end and a rerun of every step creates nothing new', async () => {
    const t = tenant();
    await runAll(t);
    // "Acme Corporation" would be AC, which the seeded "Acme Co" holds.
    expect(t.state.abbr).not.toBe('AC');
    const abbr = t.state.abbr ?? '';
    const site = sim.site(SITE);
    expect(site.get('Company', 'Acme Corporation')).toMatchObject({ abbr });
    expect(site.get('Warehouse', `Main Store - ${abbr}`)).toMatchObject({ company: 'Acme Corporation', is_group: 0, parent_warehouse: `All Warehouses - ${abbr}` });
    expect(site.get('Warehouse', `POS Store - ${abbr}`)).toBeDefined();
    expect(site.get('Cost Center', `Main - ${abbr}`)).toBeDefined();
    expect(site.get('Customer', `Walk-in Customer - ${abbr}`)).toBeDefined();
    expect(site.get('POS Profile', `POS - ${abbr}`)).toMatchObject({ company: 'Acme Corporation', warehouse: `POS Store - ${abbr}` });
    expect(site.get('User', 'admin@acme.example')).toBeDefined();
    const open = site.list('POS Opening Entry').filter((e) => e.pos_profile === `POS - ${abbr}` && e.docstatus === 1 && e.status === 'Open');
    expect(open).toHaveLength(1);
    expect(completedOutput(t, 'final_validation')).toMatchObject({ company: 'Acme Corporation', abbr });

    const before = sim.inventory(SITE);
    for (const key of STEP_KEYS) {
      const outcome = await runStep(t, key);
      expect(outcome.ok).toBe(true);
    }
    expect(sim.inventory(SITE)).toEqual(before);
  });

  it('never overwrites a site-wide default another tenant or the operator set', async () => {
    const stock = sim.site(SITE).get('Stock Settings', 'Stock Settings');
    const t = tenant({ companyId: 'COMP-2025-00002', companyName: 'Initech', adminEmail: 'boss@initech.example', includeDemoData: false });
    await runAll(t);
    expect(sim.site(SITE).get('Stock Settings', 'Stock Settings')?.default_warehouse).toBe(stock?.default_warehouse);
    expect(completedOutput(t, 'settings')).toMatchObject({ stockSettings: {} });
  });

  it('fills an empty site-wide default warehouse once, for the first tenant only', async () => {
    sim.site(SITE).update('Stock Settings', 'Stock Settings', { default_warehouse: null });
    const first = tenant({ companyId: 'COMP-2025-00003', companyName: 'Umbrella Health', adminEmail: 'u@umbrella.example', includeDemoData: false, posStoreEnabled: false });
    const second = tenant({ companyId: 'COMP-2025-00004', companyName: 'Vandelay Industries', adminEmail: 'art@vandelay.example', includeDemoData: false, posStoreEnabled: false });
    await runAll(first);
    await runAll(second);
    expect(sim.site(SITE).get('Stock Settings', 'Stock Settings')?.default_warehouse).toBe(`Main Store - ${first.state.abbr}`);
  });

  it('skips the POS steps and demo items when the tenant asked for neither', async () => {
    const t = tenant({ companyId: 'COMP-2025-00005', companyName: 'Hooli', adminEmail: 'gavin@hooli.example', includeDemoData: false, posStoreEnabled: false });
    await runAll(t);
    for (const key of ['items', 'pos_profile', 'pos_session'] as const) expect(t.outputs[key]?.status).toBe('skipped');
    expect(sim.site(SITE).get('Warehouse', `POS Store - ${t.state.abbr}`)).toBeUndefined();
  });

  it('fails with COMPANY_NAME_TAKEN, permanently, when a company of that name is not ours', async () => {
    const t = tenant({ companyId: 'COMP-2025-00006', companyName: 'Globex', adminEmail: 'hank@globex.example' });
    await runAll(t, { keys: ['engine_check', 'platform_setup'] });
    const outcome = await runStep(t, 'company', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'COMPANY_NAME_TAKEN', retryable: false } });
    expect(outcome.ok ? '' : outcome.error.hint).toContain('Globex');
  });

  it('gives two tenants whose initials collide different abbreviations when they race for the same one', async () => {
    const a = tenant({ companyId: 'COMP-2025-00007', companyName: 'Alpha Beta', adminEmail: 'a@ab.example' });
    const b = tenant({ companyId: 'COMP-2025-00008', companyName: 'Acme Bakery', adminEmail: 'b@ab.example' });
    await Promise.all([runAll(a, { keys: ['platform_setup'] }), runAll(b, { keys: ['platform_setup'] })]);
    const [ra, rb] = await Promise.all([runStep(a, 'company'), runStep(b, 'company')]);
    expect(ra.ok && rb.ok).toBe(true);
    expect(a.state.abbr).not.toBe(b.state.abbr);
    // Whoever lost the race recorded the refused candidate so a rerun never tries it again.
    const tried = [...(a.state.triedAbbreviations ?? []), ...(b.state.triedAbbreviations ?? [])];
    expect(tried).toContain('AB');
  });

  it('never tries an abbreviation ERPNext refused again, even when the attempt that saw the refusal failed', async () => {
    // The API user's company list is filtered (User Permissions), so "Hidden Corp" (HC) is invisible.
    sim.site(SITE).insert({ doctype: 'Company', company_name: 'Hidden Corp', abbr: 'HC', default_currency: 'USD', country: 'United States' });
    const t = tenant({ companyId: 'COMP-2025-00014', companyName: 'Hooper Cables', adminEmail: 'h@hooper.example' });
    await runAll(t, { keys: ['platform_setup'] });
    const list = t.erp.getList.bind(t.erp);
    t.erp.getList = (async (doctype: string, opts?: Parameters<typeof list>[1]) => {
      const rows = await list(doctype, opts);
      return doctype === 'Company' ? rows.filter((r) => r.name !== 'Hidden Corp') : rows;
    }) as typeof t.erp.getList;
    // After ERPNext refuses HC, the connection drops on every further POST of this attempt.
    const insert = t.erp.insert.bind(t.erp);
    const posted: string[] = [];
    t.erp.insert = (async (doctype: string, doc: Record<string, unknown>) => {
      if (doctype === 'Company') {
        posted.push(String(doc.abbr));
        if (posted.length > 1 && posted.length <= 4) throw new ErpNextError({ code: 'ERP_CONNECTION_DROPPED', message: 'socket hang up', ambiguous: false });
      }
      return insert(doctype, doc);
    }) as typeof t.erp.insert;
    // The step inserts through a client with the slow timeout: keep it this patched one.
    t.erp.with = (() => t.erp) as typeof t.erp.with;

    const first = await runStep(t, 'company');
    expect(first).toMatchObject({ ok: false, error: { code: 'ERP_CONNECTION_DROPPED', retryable: true } });
    expect(posted[0]).toBe('HC');
    expect(t.state.triedAbbreviations).toEqual(['HC']);

    const second = await runStep(t, 'company');
    expect(second.ok).toBe(true);
    expect(posted.slice(4)).not.toContain('HC');
    expect(t.state.abbr).not.toBe('HC');
    expect(t.state.triedAbbreviations).toEqual(['HC']);
  });

  it('reuses a draft POS Opening Entry by submitting it instead of opening a second session', async () => {
    const t = tenant({ companyId: 'COMP-2025-00009', companyName: 'Wonka Sweets', adminEmail: 'willy@wonka.example', includeDemoData: false });
    await runAll(t, { keys: STEP_KEYS.filter((k) => k !== 'pos_session' && k !== 'final_validation') });
    const draft = sim.site(SITE).insert({
      doctype: 'POS Opening Entry',
      period_start_date: '2025-01-01 09:00:00',
      posting_date: '2025-01-01',
      company: 'Wonka Sweets',
      pos_profile: t.state.posProfile,
      user: 'willy@wonka.example',
      balance_details: [{ mode_of_payment: 'Cash', opening_amount: 0 }],
    });
    const outcome = await runStep(t, 'pos_session');
    expect(outcome.ok).toBe(true);
    expect(t.state.posOpeningEntry).toBe(draft.name);
    const entries = sim.site(SITE).list('POS Opening Entry').filter((e) => e.pos_profile === t.state.posProfile);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ docstatus: 1, status: 'Open' });
  });

  it('does not delete a Cash account row another tenant saved between our read and our write', async () => {
    const a = tenant({ companyId: 'COMP-2025-00012', companyName: 'Soylent Foods', adminEmail: 'a@soylent.example', includeDemoData: false });
    const b = tenant({ companyId: 'COMP-2025-00013', companyName: 'Tyrell Trading', adminEmail: 'b@tyrell.example', includeDemoData: false });
    const upTo = STEP_KEYS.slice(0, STEP_KEYS.indexOf('pos_profile'));
    await runAll(a, { keys: upTo });
    await runAll(b, { keys: upTo });
    // ERPNext's Company.on_update added both rows; take them away so both tenants need one.
    const mine = new Set(['Soylent Foods', 'Tyrell Trading']);
    const others = ((sim.site(SITE).get('Mode of Payment', 'Cash')?.accounts ?? []) as Array<{ company: string }>).filter((r) => !mine.has(r.company));
    sim.site(SITE).update('Mode of Payment', 'Cash', { accounts: others });
    // Tenant B's worker saves its row right after tenant A's worker has read the Mode of Payment.
    const read = a.erp.getDoc.bind(a.erp);
    let raced = false;
    a.erp.getDoc = (async (doctype: string, name: string) => {
      const doc = await read(doctype, name);
      if (doctype === 'Mode of Payment' && !raced) {
        raced = true;
        const now = (sim.site(SITE).get('Mode of Payment', 'Cash')?.accounts ?? []) as unknown[];
        sim.site(SITE).update('Mode of Payment', 'Cash', { accounts: [...now, { company: 'Tyrell Trading', default_account: b.state.cashAccount }] });
      }
      return doc;
    }) as typeof a.erp.getDoc;
    expect((await runStep(a, 'pos_profile')).ok).toBe(true);
    expect(raced).toBe(true);
    const after = (sim.site(SITE).get('Mode of Payment', 'Cash')?.accounts ?? []) as Array<{ company: string }>;
    expect(after.filter((r) => mine.has(r.company)).map((r) => r.company).sort()).toEqual(['Soylent Foods', 'Tyrell Trading']);
    expect(after).toHaveLength(others.length + 2);
  });

  it('reports duplicate walk-in customers ERPNext renamed instead of creating another', async () => {
    const t = tenant({ companyId: 'COMP-2025-00010', companyName: 'Stark Retail', adminEmail: 'tony@stark.example', includeDemoData: false, posStoreEnabled: false });
    await runAll(t, { keys: ['platform_setup', 'company'] });
    const name = `Walk-in Customer - ${t.state.abbr}`;
    sim.site(SITE).insert({ doctype: 'Customer', customer_name: name, customer_type: 'Individual' });
    sim.site(SITE).insert({ doctype: 'Customer', customer_name: name, customer_type: 'Individual' });
    const before = counts(sim).Customer;
    const outcome = await runStep(t, 'customer');
    expect(outcome.ok).toBe(true);
    expect(counts(sim).Customer).toBe(before);
    expect(completedOutput(t, 'customer')).toMatchObject({ customer: name, created: false, duplicates: [`${name} - 1`] });
  });

  it('names the missing warehouse and its step in final validation, and a rerun of the steps restores it', async () => {
    const t = tenant({ companyId: 'COMP-2025-00011', companyName: 'Cyberdyne Systems', adminEmail: 'miles@cyberdyne.example', includeDemoData: false, posStoreEnabled: false });
    await runAll(t);
    sim.site(SITE).delete('Warehouse', `Main Store - ${t.state.abbr}`);
    const outcome = await runStep(t, 'final_validation', 5);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'VALIDATION_MISMATCH', retryable: false } });
    expect(outcome.ok ? '' : outcome.error.message).toContain(`Main Store - ${t.state.abbr}`);
    expect(outcome.ok ? '' : outcome.error.message).toContain('step warehouses');
    await runAll(t);
    expect(sim.site(SITE).get('Warehouse', `Main Store - ${t.state.abbr}`)).toBeDefined();
  });
});

describe('shared mode on a site that is not ready', () => {
  it('fails with SETUP_WIZARD_INCOMPLETE when the shared site never ran its setup wizard', async () => {
    const bare = await startSimulator({ port: 0, defaultSiteSetup: false });
    try {
      const t = newTenant(tenantSpec({ siteName: SITE }), simClient(bare.url));
      const outcome = await runStep(t, 'platform_setup', 5);
      expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'SETUP_WIZARD_INCOMPLETE', retryable: false } });
    } finally {
      await bare.close();
    }
  });

  it('names every missing master with MASTER_MISSING', async () => {
    const s = await startSimulator({ port: 0 });
    try {
      s.site().delete('UOM', 'Nos');
      s.site().delete('Warehouse Type', 'Transit');
      const t = newTenant(tenantSpec({ siteName: SITE }), simClient(s.url));
      const outcome = await runStep(t, 'platform_setup');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'MASTER_MISSING', retryable: false } });
      expect(outcome.ok ? '' : outcome.error.message).toMatch(/UOM "Nos".*Warehouse Type "Transit"/);
    } finally {
      await s.close();
    }
  });
});
