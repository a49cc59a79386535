import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { finishRun, setCompanyStatus, setStep } from '../../api/src/testing/worker-sim';
import { companyBody, startStack, type Stack } from '../../../tests/support/stack';
import { EXIT } from './exit-codes';
import { runProvision } from './testing/cli-process';

// Every command against a real api over HTTP (the harness), run as the operator runs it: a child
// process of bin/provision. No worker here: companies stay Queued unless a test moves them through
// the database, as the worker would.
let stack: Stack;
let env: Record<string, string>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'provision-cli-'));

beforeAll(async () => {
  stack = await startStack({ startWorker: false });
  env = { PROVISION_API_URL: stack.apiUrl, PROVISION_API_TOKEN: stack.token };
});
afterAll(async () => {
  await stack?.close();
});

const provision = (...args: string[]) => runProvision(args, env);

function flagsOf(body: Record<string, unknown>): string[] {
  return Object.entries(body).flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, String(v)]);
}

async function createQueued(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', companyBody(overrides));
  expect(res.status).toBe(201);
  return res.body.data.company_id;
}

const NAME_TAKEN = {
  code: 'COMPANY_NAME_TAKEN',
  message: 'ERPNext already has a Company named "Acme"',
  hint: 'ERPNext already has a Company with this name that this provisioner did not create for this tenant. Rename or remove that company in ERPNext, or create the tenant with another company_name, then POST /continue.',
  retryable: false,
};

/** What the worker writes when the company step fails for good: the step, the run, the company. */
async function failAtCompanyStep(id: string): Promise<void> {
  await setCompanyStatus(stack.db, id, 'Provisioning', 9);
  await setStep(stack.db, id, 'engine_check', 'completed');
  await setStep(stack.db, id, 'platform_setup', 'completed');
  await setStep(stack.db, id, 'company', 'failed', NAME_TAKEN);
  await finishRun(stack.db, id, 'failed');
  await setCompanyStatus(stack.db, id, 'Failed');
}

describe('provision create', () => {
  it('creates a company from flags and prints its id, status, site and status page', async () => {
    const body = companyBody();
    const run = await provision('create', ...flagsOf(body));
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(new RegExp(`^✔ 201 created COMP-\\d{4}-\\d{5}: ${String(body.company_name)}, status Queued$`, 'm'));
    expect(run.stdout).toContain(`site:        http://${String(body.domain)}`);
    expect(run.stdout).toMatch(/status page: http:\/\/127\.0\.0\.1:\d+\/status\//);
    expect(run.stdout).toMatch(/follow: +npx provision status COMP-\d{4}-\d{5} --watch/);
  });

  it('creates a company from a JSON file, flags overriding its fields, and prints the envelope with --json', async () => {
    const body = companyBody({ include_demo_data: true });
    const file = path.join(tmp, 'company.json');
    writeFileSync(file, JSON.stringify(body));
    const run = await provision('create', '--file', file, '--notify-email', 'ops@acme.com', '--json');
    expect(run.code).toBe(EXIT.OK);
    const out = run.json();
    expect(out.success).toBe(true);
    expect(out.data).toMatchObject({ company_name: body.company_name, status: 'Queued', include_demo_data: true, notify_email: 'ops@acme.com', progress: 0 });
    expect(out.data.company_id).toMatch(/^COMP-\d{4}-\d{5}$/);
    expect(run.stdout).not.toContain(String(body.admin_password));
    expect(run.stderr).toBe('');
  });

  it('reads the JSON body from stdin with --file -', async () => {
    const body = companyBody();
    const run = await runProvision(['create', '--file', '-', '--draft', '--json'], env, { stdin: JSON.stringify(body) });
    expect(run.code).toBe(EXIT.OK);
    expect(run.json().data.status).toBe('Draft');
  });

  it('exits 1 naming each invalid field when the API refuses the body', async () => {
    const run = await provision('create', ...flagsOf(companyBody({ admin_email: 'not-an-email', default_currency: 'dollars' })));
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.stderr).toContain('400 VALIDATION_FAILED');
    expect(run.stderr).toMatch(/admin_email: .*email/);
    expect(run.stderr).toMatch(/default_currency: .*ISO 4217/);
  });

  it('exits 1 with DOMAIN_TAKEN, as JSON too, when the domain already has a company', async () => {
    const body = companyBody();
    expect((await provision('create', ...flagsOf(body))).code).toBe(EXIT.OK);
    const again = await provision('create', ...flagsOf({ ...body, company_name: `${String(body.company_name)} Two` }), '--json');
    expect(again.code).toBe(EXIT.FAILED);
    expect(again.json()).toMatchObject({ success: false, error: { code: 'DOMAIN_TAKEN' } });
  });

  it('answers a repeated create with the same --idempotency-key with the first company', async () => {
    const flags = [...flagsOf(companyBody()), '--idempotency-key', `key-${Date.now()}`, '--json'];
    const first = await provision('create', ...flags);
    const second = await provision('create', ...flags);
    expect(second.code).toBe(EXIT.OK);
    expect(second.json().data.company_id).toBe(first.json().data.company_id);
  });
});

describe('provision status', () => {
  it('shows the company with a bar and every step, and exits 0 whatever the status', async () => {
    const id = await createQueued();
    const run = await provision('status', id);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toContain(`${id}  [`);
    expect(run.stdout).toMatch(/0%  Queued/);
    expect(run.stdout.match(/^ {2}· .* pending$/gm)).toHaveLength(11);
    expect(run.stdout).toContain(`• ${id} is Queued (0%)`);
  });

  it('prints the CompanyView envelope with --json', async () => {
    const id = await createQueued();
    const out = (await provision('status', id, '--json')).json();
    expect(out.data.company_id).toBe(id);
    expect(out.data.steps.map((s: { key: string }) => s.key)).toHaveLength(11);
  });

  it('exits 1 with NOT_FOUND for a company that does not exist', async () => {
    const run = await provision('status', 'COMP-1999-99999');
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.stderr).toContain('404 NOT_FOUND');
  });

  it('follows a company with one line per event when piped, and exits 1 when it ends Failed', async () => {
    const id = await createQueued();
    // The first line is printed once the stream's snapshot arrived: from then on no event is missed.
    let streaming!: () => void;
    const opened = new Promise<void>((resolve) => (streaming = resolve));
    const watching = runProvision(['status', id, '--watch'], env, { onStdout: (soFar) => soFar.includes('\n') && streaming() });
    await opened;
    await failAtCompanyStep(id);
    const run = await watching;
    expect(run.code).toBe(EXIT.FAILED);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toContain(`${id}  `);
    expect(lines.some((l) => /^\d\d:\d\d:\d\d \[ *9%\] engine_check completed$/.test(l))).toBe(true);
    expect(lines.some((l) => /company failed/.test(l))).toBe(true);
    expect(run.stdout).toContain(`✘ ${id} is Failed at step company`);
    expect(run.stdout).toContain('company: COMPANY_NAME_TAKEN — ERPNext already has a Company named "Acme"');
    expect(run.stdout).toContain(`repair: npx provision continue ${id}`);
  });

  it('exits 5 when the watched company ends Partial', async () => {
    const id = await createQueued();
    // Whether the CLI connects before, during or after these writes, it must end with exit 5.
    const watching = runProvision(['status', id, '--watch', '--json'], env);
    await setCompanyStatus(stack.db, id, 'Provisioning', 50);
    await setStep(stack.db, id, 'items', 'failed', { code: 'ERP_VALIDATION', message: 'Item Group missing', hint: 'Fix it, then POST /continue.', retryable: false });
    await finishRun(stack.db, id, 'partial');
    await setCompanyStatus(stack.db, id, 'Partial', 100);
    const run = await watching;
    expect(run.code).toBe(EXIT.PARTIAL);
    expect(run.json().data).toMatchObject({ company_id: id, status: 'Partial' });
  });

  it('exits 6 when --timeout runs out before the company ends', async () => {
    const id = await createQueued();
    const run = await provision('status', id, '--watch', '--timeout', '1');
    expect(run.code).toBe(EXIT.TIMEOUT);
    expect(run.stderr).toContain(`${id} is still Queued`);
  });
});

describe('provision list and logs', () => {
  it('lists companies newest first in a table, and as {items, next_cursor} with --json', async () => {
    const older = await createQueued();
    const newer = await createQueued();
    const run = await provision('list');
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout.split('\n')[0]).toMatch(/^ID +STATUS +PROGRESS +NAME +SITE +FAILED STEP +UPDATED$/);
    expect(run.stdout.indexOf(newer)).toBeLessThan(run.stdout.indexOf(older));
    const out = (await provision('list', '--limit', '2', '--json')).json();
    expect(out.data.items.map((c: { company_id: string }) => c.company_id)).toEqual([newer, older]);
    expect(out.data.next_cursor).toEqual(expect.any(String));
  });

  it('filters by --status and prints the command for the next page', async () => {
    const id = await createQueued();
    await failAtCompanyStep(id);
    const run = await provision('list', '--status', 'Failed', '--limit', '1');
    expect(run.stdout).toContain(id);
    expect(run.stdout).toContain('company: COMPANY_NAME_TAKEN');
    expect(run.stdout).not.toMatch(/ Queued /);
    // The status test above left another Failed company, so there is a next page.
    expect(run.stdout).toMatch(/^… more: npx provision list --status Failed --cursor \S+$/m);
  });

  it('exits 1 when the API refuses a filter', async () => {
    const run = await provision('list', '--status', 'Broken');
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.stderr).toMatch(/status: must be one of Draft, Queued/);
  });

  it("prints a company's events oldest first, and the entries as JSON", async () => {
    const id = await createQueued();
    const run = await provision('logs', id);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout.split('\n')[0]).toMatch(/company_created +Company .* created as Queued/);
    const entries = (await provision('logs', id, '--json')).json().data as Array<{ type: string }>;
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['company_created', 'run_queued']));
  });
});

describe('provision continue and retry', () => {
  it('queues a Failed company again with continue (202, Queued, exit 0)', async () => {
    const id = await createQueued();
    await failAtCompanyStep(id);
    const run = await provision('continue', id);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(new RegExp(`^✔ 202 Continue run #2 queued for ${id}`));
    expect(run.stdout).toContain(`follow: npx provision status ${id} --watch`);
    expect((await provision('status', id, '--json')).json().data.status).toBe('Queued');
  });

  it('queues a Failed company again with retry and prints the envelope with --json', async () => {
    const id = await createQueued();
    await failAtCompanyStep(id);
    const run = await provision('retry', id, '--json');
    expect(run.code).toBe(EXIT.OK);
    expect(run.json()).toMatchObject({ success: true, data: { company_id: id, status: 'Queued', current_run: { kind: 'retry', run_no: 2 } } });
  });

  it('exits 1 with INVALID_STATE when continuing an Active company', async () => {
    const id = await createQueued();
    await setCompanyStatus(stack.db, id, 'Provisioning');
    await finishRun(stack.db, id, 'completed');
    await setCompanyStatus(stack.db, id, 'Active', 100);
    const run = await provision('continue', id);
    expect(run.code).toBe(EXIT.FAILED);
    expect(run.stderr).toContain('409 INVALID_STATE');
    expect(run.stderr).toContain('its status is Active');
    const json = await provision('retry', id, '--json');
    expect(json.code).toBe(EXIT.FAILED);
    expect(json.json()).toMatchObject({ success: false, error: { code: 'INVALID_STATE', details: { status: 'Active' } } });
  });

  it('exits 1 with INVALID_STATE when continuing a company that is still queued', async () => {
    const id = await createQueued();
    expect((await provision('continue', id)).code).toBe(EXIT.FAILED);
  });
});

describe('provision diagnose', () => {
  it('lists a Failed company with its failing step, code, hint and repair command, and exits 4', async () => {
    const id = await createQueued();
    await failAtCompanyStep(id);
    const run = await provision('diagnose');
    expect(run.code).toBe(EXIT.PROBLEMS_FOUND);
    const block = run.stdout.slice(run.stdout.indexOf(`✘ ${id}`));
    expect(block).toMatch(new RegExp(`^✘ ${id}  Failed at company`));
    expect(block).toContain('error:  COMPANY_NAME_TAKEN — ERPNext already has a Company named "Acme"');
    expect(block).toContain('hint:   ERPNext already has a Company with this name');
    expect(block).toContain(`repair: npx provision continue ${id}`);
    // Services it has no address for are reported, not failed.
    expect(run.stdout).toMatch(/– Redis +\(not configured\) +REDIS_URL is not set/);
    expect(run.stdout).toMatch(/✔ API /);
  });

  it('puts the same findings in one JSON document with --json', async () => {
    const id = await createQueued();
    await failAtCompanyStep(id);
    const run = await provision('diagnose', '--json');
    expect(run.code).toBe(EXIT.PROBLEMS_FOUND);
    const out = run.json();
    expect(out.data.healthy).toBe(false);
    expect(out.data.companies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ company_id: id, problem: 'failed', step: 'company', code: 'COMPANY_NAME_TAKEN', repair: expect.objectContaining({ command: `npx provision continue ${id}` }) }),
      ]),
    );
  });

  it('counts a Queued company without events for longer than --stale-minutes as stuck', async () => {
    const id = await createQueued();
    const run = await provision('diagnose', id, '--stale-minutes', '0', '--json');
    expect(run.code).toBe(EXIT.PROBLEMS_FOUND);
    expect(run.json().data.companies).toEqual([expect.objectContaining({ company_id: id, problem: 'stuck', status: 'Queued', repair: expect.objectContaining({ kind: 'continue' }) })]);
    const calm = await provision('diagnose', id, '--stale-minutes', '30');
    expect(calm.code).toBe(EXIT.OK);
    expect(calm.stdout).toContain(`${id} needs no repair`);
  });
});

describe('talking to the API', () => {
  it('exits 3 when the token is refused, saying where the token comes from', async () => {
    const run = await runProvision(['list'], { PROVISION_API_URL: stack.apiUrl, PROVISION_API_TOKEN: 'wrong' });
    expect(run.code).toBe(EXIT.API_UNAVAILABLE);
    expect(run.stderr).toContain('401');
    expect(run.stderr).toContain('PROVISION_API_TOKEN');
  });

  it('takes the first of API_TOKENS and --api-url when PROVISION_* are not set', async () => {
    const run = await runProvision(['list', '--api-url', stack.apiUrl, '--json'], { API_TOKENS: `${stack.token},other` });
    expect(run.code).toBe(EXIT.OK);
  });

  it('exits 3 with API_UNREACHABLE as JSON when nothing listens at the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(p));
      });
    });
    const run = await runProvision(['status', 'COMP-2026-00001', '--json'], { PROVISION_API_URL: `http://127.0.0.1:${port}`, PROVISION_API_TOKEN: 'x' });
    expect(run.code).toBe(EXIT.API_UNAVAILABLE);
    expect(run.json()).toMatchObject({ success: false, error: { code: 'API_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') } });
  });
});
