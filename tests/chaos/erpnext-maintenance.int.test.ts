import { startStack } from '../support/stack';
import { expectAllActive, expectOneOfEachInErpNext, expectOneSuccessEmailEach, outcomesOf, signUp, sleep, statusesOf, TERMINAL } from './support/outcomes';
import { chaosRedisUrl } from './support/redis-chaos';

// Issue 8: ERPNext in maintenance (bench migrate, an update: every request answers 503
// SessionStopped) for five real minutes mid-run. The steps wait it out with the backoff the
// catalog gives them in production (BACKOFF_SCALE=1), within the run's deadline, and every company
// ends Active.
const MAINTENANCE_MS = 5 * 60_000;

describe('chaos: ERPNext goes into maintenance mid-run', () => {
  it('brings every company to Active after five minutes of maintenance', async () => {
    const stack = await startStack({
      redisUrl: chaosRedisUrl(13),
      faults: { latencyMs: [40, 40] },
      workerConcurrency: 4,
      // The run's deadline (10 minutes from its first step) covers the maintenance and the rest.
      runDeadlineMs: 10 * 60_000,
      workerEnv: { BACKOFF_SCALE: '1' },
    });
    try {
      const signups = await signUp(stack, 6, 'Maintenance');
      await sleep(1_500);
      expect((await statusesOf(stack, signups)).filter((s) => !TERMINAL.includes(s)).length).toBeGreaterThan(0);
      stack.sim.site().setMaintenance(true);
      try {
        await sleep(MAINTENANCE_MS);
      } finally {
        stack.sim.site().setMaintenance(false);
      }
      // The premise: maintenance really answered requests (the runs were stopped by it, not done before).
      expect(stack.sim.requestLog().filter((e) => e.status === 503).length).toBeGreaterThan(0);

      const views = await outcomesOf(stack, signups, 8 * 60_000);
      expectAllActive(views);
      expectOneOfEachInErpNext(stack, signups);
      await expectOneSuccessEmailEach(stack, signups);
    } finally {
      await stack.close();
    }
  }, 16 * 60_000);
});
