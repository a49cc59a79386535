import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import pino from 'pino';
import { STEPS, type Step } from '@provisioner/steps';
import { loadWorkerConfig } from '../../apps/worker/src/config';
import { startWorker, type WorkerRuntime } from '../../apps/worker/src/runtime';
import { startStack, type Stack } from '../support/stack';
import { expectOneOfEachInErpNext, expectOneSuccessEmailEach, outcomesOf, signUp } from './support/outcomes';
import { chaosRedisUrl } from './support/redis-chaos';

// Issue 8: a job whose worker froze past its lease (a long GC pause, a VM migration, SIGSTOP) is
// taken over by another worker. When the frozen worker thaws it still holds the job in memory and
// finishes it; that late result must be dropped, and the step row must keep the winner's outcome.
const ROOT = path.resolve(__dirname, '../..');
const STALE_STEP = 'customer';
/** The step after it: the winner holds the run there while the stale worker thaws, so the run is still under way. */
const NEXT_STEP = 'pos_profile';
const JOB_LOCK_MS = '1500';

interface StaleWorker {
  child: ChildProcess;
  /** Resolves when the process printed a line starting with `prefix`. */
  line(prefix: string, timeoutMs: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnStaleWorker(env: Record<string, string>): StaleWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/chaos/support/stale-worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, JOB_LOCK_MS, CHAOS_STALE_STEP: STALE_STEP, CHAOS_STALE_HOLD_MS: '3000', LOG_LEVEL: process.env.CHAOS_LOG ? 'debug' : 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (l: string) => void }> = [];
  readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    if (process.env.CHAOS_LOG) process.stderr.write(`[stale worker] ${l}\n`);
    seen.push(l);
    for (const w of waiters.filter((x) => l.startsWith(x.prefix))) w.resolve(l);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    line(prefix, timeoutMs) {
      const already = seen.find((l) => l.startsWith(prefix));
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the stale worker did not print "${prefix}" within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ prefix, resolve: (l) => (clearTimeout(t), resolve(l)) });
        void exited.then((e) => reject(new Error(`the stale worker exited (${JSON.stringify(e)}) before printing "${prefix}"`)));
      });
    },
  };
}

/**
 * The winner's steps: the real ones, with its mark in the stale step's output (so the row shows whose
 * outcome it holds), and the next step held until `release` is called.
 */
function winnerSteps(): { steps: Record<keyof typeof STEPS, Step>; release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const real = STEPS[STALE_STEP];
  const marked: Step = {
    key: STALE_STEP,
    async run(ctx) {
      const result = await real.run(ctx);
      return result.status === 'completed' ? { ...result, output: { ...result.output, chaos_worker: 'winner' } } : result;
    },
  };
  const held: Step = {
    key: NEXT_STEP,
    async run(ctx) {
      await gate;
      return STEPS[NEXT_STEP].run(ctx);
    },
  };
  return { steps: { ...STEPS, [STALE_STEP]: marked, [NEXT_STEP]: held }, release };
}

async function waitForSteps(stack: Stack, id: string, want: Record<string, string>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const steps = (await stack.request<{ data: { steps: Array<{ key: string; status: string }> } }>('GET', `/api/companies/${id}`)).body.data.steps;
    last = steps.map((s) => `${s.key}:${s.status}`);
    if (Object.entries(want).every(([k, st]) => steps.find((s) => s.key === k)?.status === st)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`steps did not reach ${JSON.stringify(want)} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

describe('chaos: a stale job after another worker took it over', () => {
  let stack: Stack;
  let stale: StaleWorker | null = null;
  let winner: WorkerRuntime | null = null;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    stack = await startStack({ redisUrl: chaosRedisUrl(14), startWorker: false, faults: { latencyMs: [30, 30] } });
  });
  afterAll(async () => {
    if (stale && stale.child.exitCode === null && stale.child.signalCode === null) {
      stale.child.kill('SIGCONT');
      stale.child.kill('SIGKILL');
    }
    release();
    await winner?.close();
    await stack.close();
  });

  it("drops the late result of a worker that was frozen past its lease; the step row keeps the winner's outcome", async () => {
    stale = spawnStaleWorker(stack.workerEnv);
    await stale.line('READY', 60_000);
    const [signup] = await signUp(stack, 1, 'Stale Job');
    if (!signup) throw new Error('no company created');

    // Freeze the worker inside the step: its lock is no longer renewed.
    await stale.line(`IN_STEP ${STALE_STEP}`, 120_000);
    stale.child.kill('SIGSTOP');

    // Another worker takes the job over once the lock expired and finishes the step; it holds the
    // run at the next step, so the run is still under way when the stale worker comes back.
    const plan = winnerSteps();
    release = plan.release;
    winner = await startWorker({
      config: loadWorkerConfig({ ...stack.workerEnv, JOB_LOCK_MS }),
      logger: pino({ level: process.env.CHAOS_LOG ? 'debug' : 'silent' }),
      steps: plan.steps,
    });
    await waitForSteps(stack, signup.id, { [STALE_STEP]: 'completed', [NEXT_STEP]: 'running' }, 120_000);

    // Thaw the stale worker: it finishes its copy of the step (a permanent failure) and tries to record it.
    stale.child.kill('SIGCONT');
    await stale.line(`STALE_RESULT ${STALE_STEP}`, 60_000);
    // SIGTERM waits for its active job, bookkeeping included, before the process exits.
    stale.child.kill('SIGTERM');
    await stale.exited;

    plan.release();
    const [done] = await outcomesOf(stack, [signup], 180_000);
    expect(done?.status).toBe('Active');
    expect(done?.steps.find((s) => s.key === STALE_STEP)).toMatchObject({ status: 'completed', error: null });
    const [row] = await stack.db.sql<{ status: string; output: Record<string, unknown> | null; error: unknown }[]>`
      select rs.status::text as status, rs.output, rs.error from run_steps rs join companies c on c.current_run_id = rs.run_id
      where c.id = ${signup.id} and rs.step_key = ${STALE_STEP}`;
    expect(row).toMatchObject({ status: 'completed', error: null, output: expect.objectContaining({ chaos_worker: 'winner' }) });

    // Nobody was told the step failed: no failure event, no failure email, one success email.
    const logs = (await stack.request<{ data: Array<{ step: string | null; type: string; message: string }> }>('GET', `/api/companies/${signup.id}/logs`)).body.data;
    expect(logs.filter((e) => /stale worker/.test(e.message) || (e.step === STALE_STEP && /fail/i.test(e.type)))).toEqual([]);
    await expectOneSuccessEmailEach(stack, [signup]);
    expectOneOfEachInErpNext(stack, [signup]);
  }, 6 * 60_000);
});
