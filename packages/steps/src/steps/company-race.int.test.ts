/**
 * ERPNext v15's Company-insert race (FRAPPE_REST_FACTS §10) when it still happens: our workers never
 * overlap two inserts on a site, but a person can create a company by hand at the same moment. The
 * simulator fails an insert that overlaps another one's commit exactly as ERPNext does.
 */
import { startSimulator, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { newTenant, runStep, simClient, tenantSpec } from '../testing/step-harness';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, timings: { companyInsertMs: 400 } });
});
afterAll(() => sim.close());

/** A person's Company insert over the desk's REST API, as Administrator. */
function insertByHand(name: string, abbr: string): Promise<Response> {
  return fetch(`${sim.url}/api/resource/Company`, {
    method: 'POST',
    headers: { Authorization: 'token sim-key:sim-secret', 'Content-Type': 'application/json' },
    body: JSON.stringify({ company_name: name, abbr, default_currency: 'USD', country: 'United States' }),
  });
}

describe('the company step and a Company inserted by hand at the same moment', () => {
  it('retries the insert ERPNext refused with the race message, after looking again, and ends with one Company', async () => {
    const t = newTenant(tenantSpec({ companyName: 'Overlap Trading', siteName: 'erp.localhost' }), simClient(sim.url));
    expect((await runStep(t, 'platform_setup')).ok).toBe(true);
    // The hand-made insert starts first and commits while ours is in flight.
    const byHand = insertByHand('Hand Made Ltd', 'HML');
    await new Promise((r) => setTimeout(r, 100));
    const ours = runStep(t, 'company', 3);
    expect((await byHand).status).toBe(200);
    const outcome = await ours;

    // Retried inside the step (erp/ensure-doc.ts: look again, then write again), with jittered waits.
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    const posts = sim.requestLog().filter((e) => e.method === 'POST' && e.doctype === 'Company');
    expect(posts.map((e) => e.status)).toEqual([200, 417, 200]);
    expect(sim.site().list('Company').filter((c) => c.company_name === 'Overlap Trading')).toHaveLength(1);
  });
});
