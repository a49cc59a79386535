/**
 * `npm run bench [-- --companies 20 --concurrency 5 --faults]`: provisions companies end to end (api,
 * worker, Postgres, Redis, SMTP, simulator) and reports throughput and time to Active. Speed is
 * measured here, never asserted in tests. Each ERPNext request gets a fixed latency so the numbers
 * mean something (a real ERPNext answers in tens to hundreds of milliseconds).
 *
 * `npm run bench -- --soak [--tenants 500 --batch 50 --concurrency 10]`: the soak (scripts/lib/soak.ts):
 * many tenants under ERPNext faults; says whether the worker's RSS and Redis's memory stayed flat.
 * Kept out of `npm test`: it runs for a long time.
 */
import { dropStaleTestDatabases, prepareTemplateDatabase } from '../packages/db/src/testing/test-database';
import { companyBody, startStack } from '../tests/support/stack';
import { checkServices } from './lib/preflight';
import { runSoak } from './lib/soak';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<number> {
  const problems = await checkServices('redis://127.0.0.1:6379', 'postgres://postgres@127.0.0.1:5432/postgres');
  if (problems.length) {
    for (const p of problems) process.stdout.write(`${p}\n`);
    return 2;
  }
  const companies = arg('companies', 20);
  const concurrency = arg('concurrency', 5);
  const latency = arg('latency', 20);
  const faulty = process.argv.includes('--faults');
  await prepareTemplateDatabase();
  if (process.argv.includes('--soak')) {
    try {
      return await runSoak({
        tenants: arg('tenants', 500),
        batch: arg('batch', 50),
        concurrency: arg('concurrency', 10),
        latencyMs: latency,
        out: (line) => process.stdout.write(`${line}\n`),
      });
    } finally {
      await dropStaleTestDatabases(true);
    }
  }
  const stack = await startStack({
    workerConcurrency: concurrency,
    erpTimeoutMs: 2_000,
    faults: faulty
      ? { latencyMs: [latency, latency], rates: { serverError: 0.1, hang: 0.02, drop: 0.05, rateLimit: 0.05, deadlock: 0.05, commitThenFail: 0.1 }, retryAfterSeconds: 1, hangMs: 5_000 }
      : { latencyMs: [latency, latency] },
  });
  try {
    process.stdout.write(`bench: ${companies} companies, worker concurrency ${concurrency}, ERPNext latency ${latency} ms${faulty ? ', faults on' : ''}\n`);
    const started = Date.now();
    const created: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < companies; i++) {
      const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody({ company_name: `Bench ${i} Company` }));
      created.push({ id: res.body.data.company_id, at: Date.now() });
    }
    const createMs = Date.now() - started;
    const durations: number[] = [];
    const outcomes: Record<string, number> = {};
    await Promise.all(
      created.map(async ({ id, at }) => {
        const view = await stack.waitForStatus(id, ['Active', 'Partial', 'Failed'], 15 * 60_000);
        durations.push(Date.now() - at);
        outcomes[view.status] = (outcomes[view.status] ?? 0) + 1;
      }),
    );
    const totalMs = Date.now() - started;
    durations.sort((a, b) => a - b);
    const requests = stack.sim.requestLog();
    const lines = [
      `  POST /api/companies      ${(createMs / companies).toFixed(1)} ms each (sequential)`,
      `  outcomes                 ${JSON.stringify(outcomes)}`,
      `  wall time                ${(totalMs / 1000).toFixed(1)} s`,
      `  throughput               ${((companies / totalMs) * 60_000).toFixed(1)} companies/min`,
      `  time to outcome          p50 ${(percentile(durations, 50) / 1000).toFixed(2)} s, p95 ${(percentile(durations, 95) / 1000).toFixed(2)} s, max ${((durations[durations.length - 1] ?? 0) / 1000).toFixed(2)} s`,
      `  ERPNext requests         ${requests.length} (${(requests.length / companies).toFixed(1)} per company, ${requests.filter((r) => r.fault).length} faulted)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await stack.close();
    await dropStaleTestDatabases(true);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
