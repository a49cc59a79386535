import { companyBody, startStack } from './support/stack';
import { docsOf } from './support/inventory';

// Issue 7 §0: on a real ERPNext 15.92.1, ten signups at WORKER_CONCURRENCY=5 left six Failed,
// because overlapping Company inserts race inside ERPNext on Mode of Payment "Cash". The simulator
// now serves requests concurrently, takes a Company insert's realistic time (scaled down) and fails
// an overlapping insert exactly as ERPNext does. The fleet must never overlap two inserts on a site.
describe('ten signups at once on one shared site', () => {
  it('all reach Active, and ERPNext never sees two Company inserts in flight', async () => {
    const stack = await startStack({ workerConcurrency: 5, sim: { timings: { companyInsertMs: [150, 300] } } });
    try {
      const bodies = Array.from({ length: 10 }, (_, i) => companyBody({ company_name: `Race ${i} Holdings`, include_demo_data: false }));
      const created = await Promise.all(bodies.map((b) => stack.request<{ data: { company_id: string } }>('POST', '/api/companies', b)));
      expect(created.map((r) => r.status)).toEqual(Array(10).fill(201));
      const views = await Promise.all(created.map((r) => stack.waitForStatus(r.body.data.company_id, ['Active', 'Partial', 'Failed'], 5 * 60_000)));
      expect(views.filter((v) => v.status !== 'Active').map((v) => ({ id: v.company_id, status: v.status, steps: v.steps.filter((s) => s.error) }))).toEqual([]);

      const stats = stack.sim.stats().sites['erp.localhost'];
      expect(stats?.maxConcurrentCompanyInserts).toBe(1);
      expect(stats?.companyInsertRaces).toEqual([]);
      // Exactly one Company and one Cash row per tenant.
      for (const b of bodies) {
        const name = b.company_name as string;
        expect({ name, companies: docsOf(stack.sim, 'Company').filter((c) => c.company_name === name).length }).toEqual({ name, companies: 1 });
        const cash = docsOf(stack.sim, 'Mode of Payment').find((m) => m.name === 'Cash');
        const rows = (cash?.accounts as Array<{ company: string }> | undefined) ?? [];
        expect({ name, cashRows: rows.filter((r) => r.company === name).length }).toEqual({ name, cashRows: 1 });
      }
      // Every Company POST the simulator answered succeeded: none was refused by the race.
      const posts = stack.sim.requestLog().filter((e) => e.method === 'POST' && e.doctype === 'Company');
      expect(posts.filter((e) => e.status !== 200)).toEqual([]);
    } finally {
      await stack.close();
    }
  }, 6 * 60_000);
});
