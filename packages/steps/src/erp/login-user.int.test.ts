/**
 * The tenant's login user in shared mode: created with our marker for this tenant, adopted again
 * only by this tenant (a rerun, or a look after an ambiguous insert), never by another one.
 */
import { startSimulator, type SimulatorHandle } from '@provisioner/erpnext-sim';
import { newTenant, runStep, simClient, tenantSpec } from '../testing/step-harness';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('the shared-mode login user', () => {
  it('is adopted by the tenant that created it when platform_setup runs again', async () => {
    const t = newTenant(tenantSpec({ companyId: 'COMP-2026-00101', adminEmail: 'owner@rerun.example', siteName: 'erp.localhost' }), simClient(sim.url));
    const first = await runStep(t, 'platform_setup');
    expect(first.ok && first.result.status === 'completed' && first.result.output.adminUserCreated).toBe(true);
    expect(sim.site().get('User', 'owner@rerun.example')?.bio).toBe('Provisioned by erpnext-provisioner for COMP-2026-00101');
    t.password = null; // wiped after the success email: the rerun must not need it
    const again = await runStep(t, 'platform_setup');
    expect(again.ok && again.result.status === 'completed' && again.result.output.adminUserCreated).toBe(false);
  });

  it('is adopted after its insert committed but the answer was lost', async () => {
    sim.setFaults({ rates: { commitThenFail: 1 }, onlyPaths: ['/api/resource/User'] });
    try {
      const t = newTenant(tenantSpec({ companyId: 'COMP-2026-00102', adminEmail: 'owner@lost.example', siteName: 'erp.localhost' }), simClient(sim.url));
      const outcome = await runStep(t, 'platform_setup');
      expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
      expect(sim.requestLog().filter((e) => e.path === '/api/resource/User' && e.fault === 'commitThenFail')).toHaveLength(1);
    } finally {
      sim.setFaults({});
    }
    expect(sim.site().list('User').filter((u) => u.name === 'owner@lost.example')).toHaveLength(1);
  });

  it('is refused to another tenant with the same email', async () => {
    const other = newTenant(tenantSpec({ companyId: 'COMP-2026-00103', adminEmail: 'owner@rerun.example', siteName: 'erp.localhost' }), simClient(sim.url));
    const outcome = await runStep(other, 'platform_setup');
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('ADMIN_EMAIL_TAKEN');
  });
});
