import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openSse } from '../apps/api/src/testing';
import { companyBody, startStack, type Stack } from './support/stack';
import { docsOf } from './support/inventory';

// Issue 4, across the whole system: continue, retry, start, the run deadline, and live events from a
// worker in another process.
const TERMINAL = ['Active', 'Partial', 'Failed'];

function foreignPosProfile(name: string) {
  // A POS Profile that belongs to the simulator's seed company (abbr SSC), valid in every field.
  return {
    doctype: 'POS Profile',
    name,
    company: 'Sim Seed Company',
    currency: 'USD',
    warehouse: 'Stores - SSC',
    write_off_account: 'Write Off - SSC',
    write_off_cost_center: 'Main - SSC',
    write_off_limit: 1,
    payments: [{ mode_of_payment: 'Cash', default: 1 }],
  };
}

describe('continue and retry', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('continues after a permanent pos_profile failure was fixed, without recreating what exists', async () => {
    stack.sim.site().insert(foreignPosProfile('POS - ZZQ') as never);
    const body = companyBody({ company_abbr: 'ZZQ' });
    const created = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
    const id = created.body.data.company_id;
    const failed = await stack.waitForStatus(id, TERMINAL);
    expect(failed.status).toBe('Failed');
    const step = failed.steps.find((s) => s.key === 'pos_profile');
    expect(step?.status).toBe('failed');
    expect(step?.error?.code).toBe('DOC_NAME_CONFLICT');
    expect(step?.error?.hint).toContain('POS - ZZQ');

    // The operator fixes ERPNext (the foreign profile is renamed away), then continues.
    expect(stack.sim.site().delete('POS Profile', 'POS - ZZQ')).toBe(true);
    stack.sim.clearRequestLog();
    const cont = await stack.request<{ data: { status: string } }>('POST', `/api/companies/${id}/continue`);
    expect(cont.status).toBe(202);
    expect(cont.body.data.status).toBe('Queued');
    const active = await stack.waitForStatus(id, TERMINAL);
    expect(active.status).toBe('Active');

    const posts = stack.sim.requestLog().filter((e) => e.method === 'POST' && e.doctype);
    for (const doctype of ['Company', 'Warehouse', 'Customer', 'Account', 'Cost Center']) {
      expect({ doctype, posts: posts.filter((p) => p.doctype === doctype).length }).toEqual({ doctype, posts: 0 });
    }
    expect(posts.filter((p) => p.doctype === 'POS Profile')).not.toHaveLength(0);
    expect(docsOf(stack.sim, 'Company').filter((c) => c.company_name === body.company_name)).toHaveLength(1);

    // The history of both runs stays readable.
    const logs = await stack.request<{ data: Array<{ run_id: number | null; type: string; step: string | null }> }>('GET', `/api/companies/${id}/logs`);
    const runIds = new Set(logs.body.data.map((e) => e.run_id).filter((r) => r !== null));
    expect(runIds.size).toBe(2);
    const secondRunSteps = logs.body.data.filter((e) => e.type === 'step_started' && e.run_id === Math.max(...(runIds as Set<number>)));
    expect(secondRunSteps.map((e) => e.step)).toEqual(['pos_profile', 'pos_session', 'final_validation']);
  });

  it('retries every step of a Failed company idempotently', async () => {
    stack.sim.site().insert(foreignPosProfile('POS - RTQ') as never);
    const body = companyBody({ company_abbr: 'RTQ' });
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
    expect((await stack.waitForStatus(id, TERMINAL)).status).toBe('Failed');
    stack.sim.site().delete('POS Profile', 'POS - RTQ');
    stack.sim.clearRequestLog();

    // No worker while we look, so the answer shows the run as it was queued: a retry starts from nothing done.
    await stack.stopWorker();
    const retry = await stack.request<{ data: { progress: number; steps: Array<{ status: string }> } }>('POST', `/api/companies/${id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body.data.progress).toBe(0);
    expect(new Set(retry.body.data.steps.map((s) => s.status))).toEqual(new Set(['pending']));
    await stack.startWorker();
    const view = await stack.waitForStatus(id, TERMINAL);
    expect(view.status).toBe('Active');
    const started = stack.sim.requestLog().filter((e) => e.method === 'POST' && e.doctype === 'Company');
    expect(started).toHaveLength(0); // every step reran, and found the company already there
    expect(docsOf(stack.sim, 'Company').filter((c) => c.company_name === body.company_name)).toHaveLength(1);
    expect(docsOf(stack.sim, 'Customer').filter((c) => c.customer_name === 'Walk-in Customer - RTQ')).toHaveLength(1);
  });

  it('refuses continue and retry on an Active company with the status in the message', async () => {
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody())).body.data.company_id;
    await stack.waitForStatus(id, TERMINAL);
    for (const action of ['continue', 'retry', 'start']) {
      const res = await stack.request<{ error: { code: string; message: string } }>('POST', `/api/companies/${id}/${action}`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INVALID_STATE');
      expect(res.body.error.message).toContain('Active');
    }
  });

  it('starts a Draft company only when asked', async () => {
    const id = (await stack.request<{ data: { company_id: string; status: string } }>('POST', '/api/companies', companyBody({ start: false }))).body.data.company_id;
    await new Promise((r) => setTimeout(r, 500));
    const draft = await stack.request<{ data: { status: string } }>('GET', `/api/companies/${id}`);
    expect(draft.body.data.status).toBe('Draft');
    expect((await stack.request('POST', `/api/companies/${id}/start`)).status).toBe(202);
    expect((await stack.waitForStatus(id, TERMINAL)).status).toBe('Active');
  });
});

describe('the run deadline', () => {
  it('ends a run that takes too long Failed with DEADLINE_EXCEEDED, and one failure email', async () => {
    const stack = await startStack({ runDeadlineMs: 1_500, faults: { latencyMs: [300, 300] } });
    try {
      const body = companyBody();
      const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
      const view = await stack.waitForStatus(id, TERMINAL);
      expect(view.status).toBe('Failed');
      const codes = view.steps.map((s) => s.error?.code).filter(Boolean);
      expect(codes).toContain('DEADLINE_EXCEEDED');
      const mail = await stack.mail.waitFor((m) => m.subject === `Site Provisioning Failed: ${body.company_name as string}`);
      expect(mail.text).toContain(id);
    } finally {
      await stack.close();
    }
  });
});

describe('live events from a worker in another process', () => {
  let stack: Stack;
  let worker: ChildProcess | null = null;
  beforeAll(async () => {
    stack = await startStack({ startWorker: false });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await stack.close();
  });

  it('streams every step change of a run served by a separate worker process, then closes', async () => {
    const root = path.resolve(__dirname, '..');
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, ...stack.workerEnv },
      stdio: 'ignore',
    });
    const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody({ include_demo_data: true }))).body.data.company_id;
    const sse = await openSse(`${stack.apiUrl}/api/companies/${id}/events`, { Authorization: `Bearer ${stack.token}` });
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const events = await sse.ended;
    expect(events[0]?.event).toBe('snapshot');
    const names = events.map((e) => e.event);
    const completed = events.filter((e) => e.event === 'step_completed').map((e) => (JSON.parse(e.data) as { step?: string; step_key?: string }).step ?? '');
    expect(completed).toEqual([
      'engine_check', 'platform_setup', 'company', 'chart_of_accounts', 'warehouses', 'settings',
      'items', 'customer', 'pos_profile', 'pos_session', 'final_validation',
    ]);
    expect(names.filter((n) => n === 'step_started').length).toBeGreaterThanOrEqual(11);
    const last = JSON.parse(events[events.length - 1]?.data ?? '{}') as { status?: string };
    expect(events.some((e) => e.event === 'status_changed' && (JSON.parse(e.data) as { status?: string }).status === 'Active')).toBe(true);
    expect(['Active']).toContain(last.status);
    // progress never decreases within the run
    const progress = events.map((e) => (JSON.parse(e.data) as { progress?: number }).progress).filter((p): p is number => typeof p === 'number');
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number);
  });
});

describe('an optional step that fails', () => {
  it('leaves the company Partial, emails success once, and continue completes it later', async () => {
    // Every request about Items fails with a server error: the items step exhausts its attempts.
    const stack = await startStack({ faults: { onlyPaths: ['/api/resource/Item'], rates: { serverError: 1 } } });
    try {
      const body = companyBody({ include_demo_data: true });
      const id = (await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body)).body.data.company_id;
      const partial = await stack.waitForStatus(id, TERMINAL);
      expect(partial.status).toBe('Partial');
      const items = partial.steps.find((s) => s.key === 'items');
      expect(items).toMatchObject({ status: 'failed', error: { code: 'ERP_SERVER_ERROR', retryable: true } });
      expect(items?.attempts).toBeGreaterThan(1);
      expect(partial.steps.filter((s) => s.key !== 'items').map((s) => s.status)).toEqual(Array(10).fill('completed'));
      const mail = await stack.mail.waitFor((m) => m.subject === `Your Site is Ready: ${body.company_name as string}`);
      expect(mail.text).toContain('optional');

      stack.sim.setFaults({});
      expect((await stack.request('POST', `/api/companies/${id}/continue`)).status).toBe(202);
      const active = await stack.waitForStatus(id, TERMINAL);
      expect(active.status).toBe('Active');
      expect(docsOf(stack.sim, 'Item').filter((i) => String(i.item_code).startsWith(`${active.company_abbr}-DEMO-`))).toHaveLength(3);
    } finally {
      await stack.close();
    }
  });
});
