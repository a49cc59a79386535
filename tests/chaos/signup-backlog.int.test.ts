import { startStack } from '../support/stack';
import { expectAllActive, outcomesOf, signUp } from './support/outcomes';
import { chaosRedisUrl } from './support/redis-chaos';

// Issue 8: the deadline measures the run, not the queue. 60 signups arrive at once for one worker
// that runs one step at a time, with a 60 s deadline: the last companies wait in the queue far
// longer than 60 s, yet none fails for it (no DEADLINE_EXCEEDED), because a run's clock starts at
// its first step.
const COMPANIES = 60;
const DEADLINE_MS = 60_000;

describe('chaos: a signup backlog longer than the run deadline', () => {
  it('fails no company for the time it waited in the queue', async () => {
    const stack = await startStack({
      redisUrl: chaosRedisUrl(15),
      // A fast ERPNext: each run takes a few seconds, far under the deadline, but 60 of them in a row
      // take several times as long.
      faults: { latencyMs: [15, 15] },
      workerConcurrency: 1,
      runDeadlineMs: DEADLINE_MS,
    });
    try {
      const signups = await signUp(stack, COMPANIES, 'Backlog');
      const views = await outcomesOf(stack, signups, 15 * 60_000);
      const deadlineFailures = views.filter((v) => v.steps.some((s) => s.error?.code === 'DEADLINE_EXCEEDED')).map((v) => v.company_id);
      expect(deadlineFailures).toEqual([]);
      expectAllActive(views);

      // The premise: the backlog really outlasted the deadline (some run began more than 60 s after
      // its company was created), so the test proves what it says.
      const [wait] = await stack.db.sql<{ max_wait_ms: number }[]>`
        select coalesce(max(extract(epoch from first_step - created_at) * 1000), 0)::float8 as max_wait_ms
        from (select c.created_at, min(rs.started_at) as first_step from companies c join run_steps rs on rs.company_id = c.id group by c.id, c.created_at) w`;
      expect(wait?.max_wait_ms).toBeGreaterThan(DEADLINE_MS);
    } finally {
      await stack.close();
    }
  }, 20 * 60_000);
});
