import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { companyBody, startStack, type Stack } from '../../../tests/support/stack';
import { EXIT } from './exit-codes';
import { runProvision } from './testing/cli-process';

// The CLI against the whole product with a worker: watching a real provisioning to its end, a real
// permanent failure, and diagnose pinging the real Redis, Postgres, simulator and SMTP server.
let stack: Stack;
let env: Record<string, string>;
let services: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ sim: { seedCompanies: [{ company_name: 'Taken Industries', abbr: 'TKI' }] } });
  env = { PROVISION_API_URL: stack.apiUrl, PROVISION_API_TOKEN: stack.token };
  services = {
    REDIS_URL: stack.workerEnv.REDIS_URL ?? '',
    DATABASE_URL: stack.db.url,
    ERPNEXT_URL: stack.sim.url,
    ERPNEXT_API_KEY: stack.workerEnv.ERPNEXT_API_KEY ?? '',
    ERPNEXT_API_SECRET: stack.workerEnv.ERPNEXT_API_SECRET ?? '',
    SMTP_URL: stack.mail.url,
  };
});
afterAll(async () => {
  await stack?.close();
});

function flagsOf(body: Record<string, unknown>): string[] {
  return Object.entries(body).flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, String(v)]);
}

/** A port nothing listens on: taken from the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let activeId: string;
let failedId: string;

describe('watching a provisioning run by the worker', () => {
  it('creates with --watch, prints one line per event when piped, and exits 0 once Active', async () => {
    const body = companyBody();
    const run = await runProvision(['create', ...flagsOf(body), '--watch'], env, { timeoutMs: 100_000 });
    expect(run.code).toBe(EXIT.OK);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✔ 201 created COMP-\d{4}-\d{5} /);
    activeId = /COMP-\d{4}-\d{5}/.exec(lines[0] ?? '')?.[0] ?? '';
    expect(lines.filter((l) => /^\d\d:\d\d:\d\d \[ *\d+%\] /.test(l)).length).toBeGreaterThan(11);
    expect(lines.at(-1)).toBe(`✔ ${activeId} is Active: http://${String(body.domain)}`);
  });

  it('exits 0 at once when watching a company that is already Active', async () => {
    const run = await runProvision(['status', activeId, '--watch', '--json'], env);
    expect(run.code).toBe(EXIT.OK);
    expect(run.json().data).toMatchObject({ company_id: activeId, status: 'Active', progress: 100 });
  });

  it('refuses to continue the Active company with INVALID_STATE and exit 1', async () => {
    const run = await runProvision(['continue', activeId, '--json'], env);
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.json().error.code).toBe('INVALID_STATE');
  });

  it('exits 1 with the code, hint and repair command when the company fails for good', async () => {
    const created = await runProvision(['create', ...flagsOf(companyBody({ company_name: 'Taken Industries' })), '--json'], env);
    expect(created.code).toBe(EXIT.OK);
    failedId = created.json().data.company_id;
    const run = await runProvision(['status', failedId, '--watch'], env, { timeoutMs: 100_000 });
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.stdout).toContain(`✘ ${failedId} is Failed at step company`);
    expect(run.stdout).toContain('company: COMPANY_NAME_TAKEN');
    const view = await stack.request<{ data: { steps: Array<{ key: string; error: { hint: string } | null }> } }>('GET', `/api/companies/${failedId}`);
    const hint = view.body.data.steps.find((s) => s.key === 'company')?.error?.hint;
    expect(hint).toEqual(expect.any(String));
    expect(run.stdout).toContain(`hint: ${String(hint)}`);
    expect(run.stdout).toContain(`repair: npx provision continue ${failedId}`);
  });

  it('follows the log of a run with logs --follow until the run ends', async () => {
    const run = await runProvision(['logs', activeId, '--follow'], env);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/final_validation +step_completed/);
    expect(run.stdout).toMatch(/run_finished/);
  });
});

describe('diagnose against the real services', () => {
  it('finds every service answering and the Failed company with its repair command, and exits 4', async () => {
    const run = await runProvision(['diagnose'], { ...env, ...services });
    expect(run.code).toBe(EXIT.PROBLEMS_FOUND);
    for (const name of ['API', 'Redis', 'Postgres', 'ERPNext', 'SMTP']) expect(run.stdout).toMatch(new RegExp(`✔ ${name} `));
    expect(run.stdout).toMatch(/✔ ERPNext .*ping → pong; API key logs in as /);
    expect(run.stdout).toMatch(/✔ SMTP .*greeting: 220/);
    expect(run.stdout).toContain(`✘ ${failedId}  Failed at company`);
    expect(run.stdout).toContain('error:  COMPANY_NAME_TAKEN');
    expect(run.stdout).toContain(`repair: npx provision continue ${failedId}`);
    expect(run.stdout).not.toContain(activeId);
  });

  it('exits 0 for a healthy company when every service answers', async () => {
    const run = await runProvision(['diagnose', activeId, '--json'], { ...env, ...services });
    expect(run.code).toBe(EXIT.OK);
    const out = run.json();
    expect(out.data.healthy).toBe(true);
    expect(out.data.services.map((s: { service: string; state: string }) => [s.service, s.state])).toEqual([
      ['api', 'ok'],
      ['redis', 'ok'],
      ['postgres', 'ok'],
      ['erpnext', 'ok'],
      ['smtp', 'ok'],
    ]);
  });

  it('reports Redis, Postgres, SMTP and ERPNext that do not answer, and wrong ERPNext keys, with exit 4', async () => {
    const port = await closedPort();
    const run = await runProvision(['diagnose', activeId, '--json'], {
      ...env,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      DATABASE_URL: `postgres://postgres:secret-pw@127.0.0.1:${port}/x`,
      ERPNEXT_URL: stack.sim.url,
      ERPNEXT_API_KEY: 'nobody',
      ERPNEXT_API_SECRET: 'wrong',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(EXIT.PROBLEMS_FOUND);
    const byName = Object.fromEntries(run.json().data.services.map((s: { service: string }) => [s.service, s]));
    expect(byName.redis).toMatchObject({ state: 'failed', detail: expect.stringMatching(/ECONNREFUSED/) });
    expect(byName.postgres).toMatchObject({ state: 'failed', target: `postgres://postgres:***@127.0.0.1:${port}/x` });
    expect(byName.smtp).toMatchObject({ state: 'failed', detail: expect.stringMatching(/ECONNREFUSED/) });
    expect(byName.erpnext).toMatchObject({ state: 'failed', detail: expect.stringMatching(/refused ERPNEXT_API_KEY/) });
    expect(run.stdout).not.toContain('secret-pw');
  });
});

describe('the bin as npm links it', () => {
  it('runs as `npx provision` from the repository root', async () => {
    const root = path.resolve(__dirname, '../../..');
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'provision', 'list', '--json'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    expect(JSON.parse(stdout).data.items.length).toBeGreaterThanOrEqual(2);
  });
});
