/**
 * `npm run bench -- --soak [--tenants 500] [--batch 50] [--concurrency 10]`: provisions many tenants
 * in batches under ERPNext faults, with the worker in a process of its own, and reports the worker's
 * RSS and Redis's used_memory after the first batch and after the last. Both must stay flat: what a
 * tenant leaves behind once it is Active is rows in PostgreSQL, not memory in the worker or Redis.
 *
 * "Flat" here: growth between the first and the last sample, divided by the tenants provisioned in
 * between, below SOAK_LIMITS. The worker's RSS moves by ±10–20 MB with V8's heap alone, so over 450
 * tenants anything under 64 KiB per tenant is noise; a leak of one object graph per tenant shows above
 * it. Redis keeps each finished job for a while (removeOnComplete), so a few KiB per tenant is history
 * bounded by that policy; more is a leak.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_LONG, QUEUE_NOTIFICATIONS } from '@provisioner/jobs';
import { companyBody, startStack, type Stack } from '../../tests/support/stack';

export const SOAK_LIMITS = { workerRssBytesPerTenant: 64 * 1024, redisBytesPerTenant: 4 * 1024 } as const;

const ROOT = path.resolve(__dirname, '../..');

export interface SoakOptions {
  tenants: number;
  batch: number;
  concurrency: number;
  latencyMs: number;
  out: (line: string) => void;
}

interface Sample {
  tenants: number;
  /** Tenants of this batch that did not end Active. */
  notActive: number;
  workerRss: number;
  redisUsed: number;
  retainedJobs: number;
  outcomes: Record<string, number>;
  seconds: number;
}

/** Resident set size of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

async function redisUsedMemory(stack: Stack): Promise<number> {
  const info = await stack.redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

export async function runSoak(options: SoakOptions): Promise<number> {
  const stack = await startStack({
    startWorker: false,
    workerConcurrency: options.concurrency,
    erpTimeoutMs: 2_000,
    faults: {
      latencyMs: [options.latencyMs, options.latencyMs],
      rates: { serverError: 0.1, hang: 0.02, drop: 0.05, rateLimit: 0.05, deadlock: 0.05, commitThenFail: 0.1 },
      retryAfterSeconds: 1,
      hangMs: 5_000,
    },
  });
  // The worker in its own process, as deployed, so its RSS is its own (not the api's or the simulator's,
  // whose inventory grows with every tenant by design).
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/worker/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...stack.workerEnv },
    stdio: 'ignore',
  });
  const queues = [QUEUE_LONG, QUEUE_NOTIFICATIONS].map((q) => new Queue(q, { connection: stack.redis, prefix: stack.queuePrefix }));
  try {
    const pid = worker.pid;
    if (pid === undefined) throw new Error('the worker process did not start');
    options.out(
      `soak: ${options.tenants} tenants in batches of ${options.batch}, worker concurrency ${options.concurrency}, ERPNext latency ${options.latencyMs} ms, faults: 10% 5xx, 2% hung, 5% dropped, 5% 429, 5% deadlock, 10% commit-then-fail`,
    );
    options.out('  tenants  worker RSS   Redis used   retained jobs  outcomes of the batch          batch time');
    const started = Date.now();
    const samples: Sample[] = [];
    let n = 0;
    while (n < options.tenants) {
      const size = Math.min(options.batch, options.tenants - n);
      const batchStarted = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < size; i++) {
        const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody({ company_name: `Soak ${n + i} Company`, include_demo_data: false }));
        if (res.status !== 201) throw new Error(`POST /api/companies answered ${res.status}: ${res.text}`);
        ids.push(res.body.data.company_id);
      }
      const outcomes: Record<string, number> = {};
      await Promise.all(
        ids.map(async (id) => {
          const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed'], 20 * 60_000);
          outcomes[view.status] = (outcomes[view.status] ?? 0) + 1;
        }),
      );
      n += size;
      // Let the batch's emails go out and the worker go idle before reading its memory.
      await new Promise((r) => setTimeout(r, 3_000));
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('completed', 'failed')));
      const sample: Sample = {
        tenants: n,
        notActive: size - (outcomes.Active ?? 0),
        workerRss: rssOf(pid),
        redisUsed: await redisUsedMemory(stack),
        retainedJobs: counts.reduce((s, c) => s + (c.completed ?? 0) + (c.failed ?? 0), 0),
        outcomes,
        seconds: (Date.now() - batchStarted) / 1000,
      };
      samples.push(sample);
      options.out(
        `  ${String(n).padStart(7)}  ${mib(sample.workerRss).padStart(10)}  ${mib(sample.redisUsed).padStart(10)}  ${String(sample.retainedJobs).padStart(13)}  ${JSON.stringify(outcomes).padEnd(30)} ${sample.seconds.toFixed(0)} s`,
      );
    }
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.tenants === first.tenants) {
      options.out('soak: too few batches to compare a start and an end (use --tenants of at least two batches)');
      return 1;
    }
    const between = last.tenants - first.tenants;
    const rssPerTenant = (last.workerRss - first.workerRss) / between;
    const redisPerTenant = (last.redisUsed - first.redisUsed) / between;
    const rssFlat = rssPerTenant < SOAK_LIMITS.workerRssBytesPerTenant;
    const redisFlat = redisPerTenant < SOAK_LIMITS.redisBytesPerTenant;
    const notActive = samples.reduce((sum, x) => sum + x.notActive, 0);
    options.out(`  wall time ${((Date.now() - started) / 60_000).toFixed(1)} min; tenants not Active: ${notActive}`);
    options.out(
      `  worker RSS   after ${first.tenants}: ${mib(first.workerRss)} (${kib(first.workerRss / first.tenants)}/tenant), after ${last.tenants}: ${mib(last.workerRss)} (${kib(last.workerRss / last.tenants)}/tenant); growth ${kib(rssPerTenant)}/tenant → ${rssFlat ? 'flat' : 'NOT flat'} (limit ${kib(SOAK_LIMITS.workerRssBytesPerTenant)})`,
    );
    options.out(
      `  Redis memory after ${first.tenants}: ${mib(first.redisUsed)} (${kib(first.redisUsed / first.tenants)}/tenant), after ${last.tenants}: ${mib(last.redisUsed)} (${kib(last.redisUsed / last.tenants)}/tenant); growth ${kib(redisPerTenant)}/tenant → ${redisFlat ? 'flat' : 'NOT flat'} (limit ${kib(SOAK_LIMITS.redisBytesPerTenant)}; retained finished jobs ${first.retainedJobs} → ${last.retainedJobs})`,
    );
    return rssFlat && redisFlat && notActive === 0 ? 0 : 1;
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    worker.kill('SIGTERM');
    await new Promise((r) => (worker.exitCode !== null || worker.signalCode !== null ? r(null) : worker.once('exit', r)));
    await stack.close();
  }
}
