import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { loadWorkerConfig } from '../apps/worker/src/config';
import { startWorker } from '../apps/worker/src/runtime';
import { companyBody, startStack, type Stack } from './support/stack';
import { docsOf } from './support/inventory';

// Workers die, get stopped, and run side by side; none of that may lose a run or create twice.
const ROOT = path.resolve(__dirname, '..');
const TERMINAL = ['Active', 'Partial', 'Failed'];

function spawnWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/worker/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, JOB_LOCK_MS: '1500', LOG_LEVEL: process.env.WORKER_TEST_LOG ? 'debug' : 'silent' },
    stdio: process.env.WORKER_TEST_LOG ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function waitForRunningStep(stack: Stack, id: string, minProgress: number): Promise<string> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const view = (await stack.request<{ data: { progress: number; steps: Array<{ key: string; status: string }> } }>('GET', `/api/companies/${id}`)).body.data;
    const running = view.steps.find((s) => s.status === 'running');
    if (running && view.progress >= minProgress) return running.key;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no step started running');
}

function expectOneOfEach(stack: Stack, companyName: string): void {
  const company = docsOf(stack.sim, 'Company').filter((c) => c.company_name === companyName);
  expect(company).toHaveLength(1);
  const abbr = String(company[0]?.abbr);
  expect(docsOf(stack.sim, 'Warehouse').filter((w) => w.name === `Main Store - ${abbr}`)).toHaveLength(1);
  expect(docsOf(stack.sim, 'Customer').filter((c) => c.customer_name === `Walk-in Customer - ${abbr}`)).toHaveLength(1);
  expect(docsOf(stack.sim, 'POS Opening Entry').filter((e) => e.company === companyName)).toHaveLength(1);
}

describe('worker resilience', () => {
  let stack: Stack;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    // Each ERPNext request takes 80 ms, so a run lasts long enough to be interrupted.
    stack = await startStack({ startWorker: false, faults: { latencyMs: [80, 80] } });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stack.close();
  });

  it('lets another worker take over the jobs of a worker that was killed mid-step', async () => {
    const doomed = spawnWorker(stack.workerEnv);
    children.push(doomed);
    const body = companyBody();
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
    await waitForRunningStep(stack, id, 20);
    doomed.kill('SIGKILL');
    await exitOf(doomed);

    const rescuer = spawnWorker(stack.workerEnv);
    children.push(rescuer);
    const view = await stack.waitForStatus(id, TERMINAL, 120_000);
    expect(view.status).toBe('Active');
    expectOneOfEach(stack, body.company_name as string);
    rescuer.kill('SIGTERM');
    expect(await exitOf(rescuer)).toEqual({ code: 0, signal: null });
  });

  it('finishes the step in flight on SIGTERM and exits cleanly; the next worker goes on from there', async () => {
    const worker = spawnWorker(stack.workerEnv);
    children.push(worker);
    const body = companyBody();
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
    const stepKey = await waitForRunningStep(stack, id, 10);
    worker.kill('SIGTERM');
    expect(await exitOf(worker)).toEqual({ code: 0, signal: null });

    const after = (await stack.request<{ data: { status: string; steps: Array<{ key: string; status: string }> } }>('GET', `/api/companies/${id}`)).body.data;
    expect(after.steps.find((s) => s.key === stepKey)?.status).toBe('completed');
    expect(after.steps.filter((s) => s.status === 'running')).toEqual([]);

    const next = spawnWorker(stack.workerEnv);
    children.push(next);
    expect((await stack.waitForStatus(id, TERMINAL, 120_000)).status).toBe('Active');
    expectOneOfEach(stack, body.company_name as string);
    next.kill('SIGTERM');
    await exitOf(next);
  });

  it('runs several workers side by side on the same queue without doing anything twice', async () => {
    const silent = pino({ level: 'silent' });
    const config = loadWorkerConfig({ ...stack.workerEnv, WORKER_CONCURRENCY: '3' });
    const workers = await Promise.all([startWorker({ config, logger: silent }), startWorker({ config, logger: silent }), startWorker({ config, logger: silent })]);
    stack.sim.clearRequestLog();
    try {
      const bodies = Array.from({ length: 8 }, () => companyBody());
      const ids: string[] = [];
      for (const b of bodies) ids.push((await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', b)).body.data.company_id);
      const views = await Promise.all(ids.map((id) => stack.waitForStatus(id, TERMINAL, 120_000)));
      expect(views.map((v) => v.status)).toEqual(ids.map(() => 'Active'));
      for (const b of bodies) expectOneOfEach(stack, b.company_name as string);
      // ERPNext accepted exactly one Company and one Customer POST per company: no step ran twice.
      const accepted = (doctype: string) => stack.sim.requestLog().filter((e) => e.method === 'POST' && e.doctype === doctype && e.status === 200).length;
      expect(accepted('Company')).toBe(bodies.length);
      expect(accepted('Customer')).toBe(bodies.length);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

describe('the enqueue reconciler', () => {
  it('provisions a company that was committed but whose flow never reached Redis', async () => {
    const { createCompany, createSecretBox } = await import('@provisioner/db');
    const stack = await startStack();
    try {
      // What the api leaves behind when it dies between its commit and its enqueue.
      const { company, run } = await createCompany(
        stack.db.db,
        {
          companyName: 'Orphaned Run Ltd',
          adminEmail: 'admin@orphaned.example',
          adminPasswordEnc: createSecretBox(stack.secretKey).seal('orphan-password-1'),
          defaultCurrency: 'USD',
          country: 'United States',
          domain: 'orphaned.localhost',
          siteName: 'orphaned.localhost',
          siteUrl: 'http://orphaned.localhost',
          siteMode: 'shared',
          notifyEmail: 'admin@orphaned.example',
        },
        { start: true, runDeadlineMs: 600_000 },
      );
      expect(run?.enqueuedAt).toBeNull();
      const view = await stack.waitForStatus(company.id, TERMINAL);
      expect(view.status).toBe('Active');
      const [row] = await stack.db.sql<{ enqueued_at: Date | null }[]>`select enqueued_at from runs where id = ${run?.id ?? 0}`;
      expect(row?.enqueued_at).not.toBeNull();
      await stack.mail.waitFor((m) => m.subject === 'Your Site is Ready: Orphaned Run Ltd');
    } finally {
      await stack.close();
    }
  });
});
