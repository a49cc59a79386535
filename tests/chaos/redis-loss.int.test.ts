import { startStack, type Stack } from '../support/stack';
import { chaosRedisUrl, ensureRedisRunning, flushRedisDb, readRedisSettings, restartRedisWithoutPersistence, type RedisServerSettings } from './support/redis-chaos';
import { expectAllActive, expectOneOfEachInErpNext, expectOneSuccessEmailEach, outcomesOf, signUp, sleep, statusesOf, TERMINAL } from './support/outcomes';

// Issue 8: Redis holds work, not state. When Redis loses every job mid-run (a FLUSHDB, a restart
// without persistence, a failover to a replica that lagged), the workers find the runs PostgreSQL
// says are unfinished and drive them to the end: nothing stranded, nothing done twice.
const COMPANIES = 20;
// Each ERPNext request takes 40 ms, so 20 companies on 4 slots are still mid-run 2.5 s in.
const SIM_LATENCY: [number, number] = [40, 40];

describe('chaos: Redis loses its data mid-run', () => {
  let settings: RedisServerSettings;
  beforeAll(async () => {
    settings = await readRedisSettings();
  });
  afterAll(async () => {
    // Whatever a test did, Redis runs as it was found.
    await ensureRedisRunning(settings);
  });

  async function provisionThrough(stack: Stack, label: string, fault: () => Promise<void>): Promise<void> {
    const started = Date.now();
    const signups = await signUp(stack, COMPANIES, label);
    await sleep(Math.max(0, 2_500 - (Date.now() - started)));
    const before = await statusesOf(stack, signups);
    // The premise: the fault hits while runs are under way.
    expect(before.filter((s) => !TERMINAL.includes(s)).length).toBeGreaterThan(0);
    await fault();

    const views = await outcomesOf(stack, signups, 8 * 60_000);
    expectAllActive(views);
    expectOneOfEachInErpNext(stack, signups);
    await expectOneSuccessEmailEach(stack, signups);
  }

  it('brings every company to Active after a FLUSHDB 2.5 s into a run of 20, with nothing doubled and one email each', async () => {
    const stack = await startStack({ redisUrl: chaosRedisUrl(9), faults: { latencyMs: SIM_LATENCY }, workerConcurrency: 4 });
    try {
      await provisionThrough(stack, 'Flushed', () => flushRedisDb(stack.redisUrl));
    } finally {
      await stack.close();
    }
  }, 12 * 60_000);

  it('brings every company to Active after Redis restarts without persistence mid-run, with nothing doubled and one email each', async () => {
    const stack = await startStack({ redisUrl: chaosRedisUrl(10), faults: { latencyMs: SIM_LATENCY }, workerConcurrency: 4 });
    try {
      await provisionThrough(stack, 'Restarted', () => restartRedisWithoutPersistence({ downMs: 2_000 }));
    } finally {
      await stack.close();
    }
  }, 12 * 60_000);
});
