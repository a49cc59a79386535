import { startStack, type Stack } from '../support/stack';
import { APP_NAMES, ensurePostgresRunning, postgresCluster, restartPostgres, terminateConnections } from './support/postgres-chaos';
import { expectAllActive, expectNoSqlText, expectOneOfEachInErpNext, expectOneSuccessEmailEach, outcomesOf, signUp, sleep, statusesOf, TERMINAL } from './support/outcomes';
import { chaosRedisUrl } from './support/redis-chaos';

// Issue 8: a database blip is our own transient failure. A connection PostgreSQL ends under the api
// or the worker, or a restart of the whole server, is retried; it never fails a company, and the
// driver's text ("Failed query: … params: …") never reaches a view, an event or an email.
const COMPANIES = 12;
const SIM_LATENCY: [number, number] = [40, 40];

describe('chaos: PostgreSQL drops our connections mid-run', () => {
  afterAll(async () => {
    await ensurePostgresRunning();
  });

  async function provisionThrough(stack: Stack, label: string, faults: () => Promise<void>): Promise<void> {
    const signups = await signUp(stack, COMPANIES, label);
    await sleep(1_500);
    expect((await statusesOf(stack, signups)).filter((s) => !TERMINAL.includes(s)).length).toBeGreaterThan(0);
    await faults();

    const views = await outcomesOf(stack, signups, 8 * 60_000);
    expectAllActive(views);
    expectOneOfEachInErpNext(stack, signups);
    await expectOneSuccessEmailEach(stack, signups);
    await expectNoSqlText(stack, signups);
  }

  it("brings every company to Active when the api's and the worker's connections are terminated twice mid-run, with no SQL text shown", async () => {
    const stack = await startStack({ redisUrl: chaosRedisUrl(11), faults: { latencyMs: SIM_LATENCY }, workerConcurrency: 4 });
    try {
      await provisionThrough(stack, 'Terminated', async () => {
        for (const pause of [0, 2_000]) {
          await sleep(pause);
          const ended = await terminateConnections(stack.db.name, [APP_NAMES.api, APP_NAMES.worker]);
          // The premise: the fault ended connections the api and the worker were holding.
          expect(ended).toBeGreaterThan(0);
        }
      });
    } finally {
      await stack.close();
    }
  }, 12 * 60_000);

  it('brings every company to Active when PostgreSQL restarts mid-run, with no SQL text shown', async () => {
    // Before anything starts: a machine without pg_ctlcluster fails here, with the reason.
    postgresCluster();
    const stack = await startStack({ redisUrl: chaosRedisUrl(12), faults: { latencyMs: SIM_LATENCY }, workerConcurrency: 4 });
    try {
      await provisionThrough(stack, 'Restarted', () => restartPostgres());
    } finally {
      await ensurePostgresRunning();
      await stack.close();
    }
  }, 12 * 60_000);
});
