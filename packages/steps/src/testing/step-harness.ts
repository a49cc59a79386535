/**
 * Test support: runs steps against a real ERPNext (the simulator over HTTP) the way the worker and
 * BullMQ do — state merged after each completed step, a failed attempt retried while the error is
 * retryable and attempts remain, a permanent error returned at once. Not exported from the package.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createErpNextClient, type ErpNextClient } from '@provisioner/erpnext-client';
import { STEP_KEYS, type StepKey } from '@provisioner/jobs';
import { classifyError, type ClassifiedError } from '../errors/step-error';
import { createLocalSiteLock } from '../erp/site-lock';
import { STEPS } from '../registry';
import type { BenchResult, BenchRunner, ProvisionState, StepContext, StepResult, TenantSpec } from '../step';

export const SIM_API_KEY = 'sim-key';
export const SIM_API_SECRET = 'sim-secret';
export const SIM_BENCH = path.resolve(__dirname, '../../../erpnext-sim/bin/bench');

const siteLock = createLocalSiteLock();
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };
const noWait = () => Promise.resolve();

export function tenantSpec(overrides: Partial<TenantSpec> = {}): TenantSpec {
  return {
    companyId: 'COMP-2025-00001',
    companyName: 'Acme Corporation',
    requestedAbbr: null,
    adminEmail: 'admin@acme.example',
    defaultCurrency: 'USD',
    country: 'United States',
    siteName: 'acme.localhost',
    siteMode: 'shared',
    includeDemoData: true,
    posStoreEnabled: true,
    chartOfAccounts: 'Standard',
    ...overrides,
  };
}

export interface ClientOptions {
  siteHost?: string;
  auth?: { apiKey: string; apiSecret: string } | null;
  timeoutMs?: number;
}

/** A client as the worker builds one; waits between read retries are skipped to keep tests quick. */
export function simClient(url: string, opts: ClientOptions = {}): ErpNextClient {
  const auth = opts.auth === null ? { type: 'none' as const } : { type: 'token' as const, apiKey: opts.auth?.apiKey ?? SIM_API_KEY, apiSecret: opts.auth?.apiSecret ?? SIM_API_SECRET };
  return createErpNextClient({
    baseUrl: url,
    auth,
    ...(opts.siteHost ? { siteHost: opts.siteHost } : {}),
    timeoutMs: opts.timeoutMs ?? 5_000,
    readRetries: 6,
    sleep: noWait,
  });
}

export interface SimBenchOptions {
  /** The bench directory (erpnext-sim's makeBenchDirectory): cwd of every run. */
  benchDir: string;
  benchPath?: string;
  /** new-site's database options, as the worker passes BENCH_DB_*. */
  database?: { rootUser?: string; rootPassword?: string; userHostScope?: string };
  postCreateCommands?: string[][];
  timeoutMs?: number;
}

/**
 * Runs the simulator's bench stand-in as the worker's runner does (apps/worker/src/bench-runner.ts):
 * an argument array without a shell, cwd = the bench directory, stdin closed, only PATH and HOME
 * in the environment, killed after `timeoutMs`.
 */
export function simBench(opts: SimBenchOptions): BenchRunner {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const exec = (file: string, args: readonly string[]) =>
    new Promise<BenchResult>((resolve, reject) => {
      const child = spawn(file, [...args], {
        cwd: opts.benchDir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? opts.benchDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (timedOut) reject(Object.assign(new Error(`killed after ${timeoutMs} ms`), { code: 'ETIMEDOUT', timedOut: true, timeoutMs }));
        else resolve({ stdout, stderr, exitCode: code ?? 137 });
      });
    });
  const benchPath = opts.benchPath ?? SIM_BENCH;
  return {
    benchDir: opts.benchDir,
    ...(opts.database ? { database: opts.database } : {}),
    postCreateCommands: opts.postCreateCommands ?? [],
    run: (args) => exec(benchPath, args),
    runCommand: (argv) => exec(argv[0] === 'bench' ? benchPath : (argv[0] ?? ''), argv.slice(1)),
    siteConfigExists: async (site) => fs.existsSync(path.join(opts.benchDir, 'sites', site, 'site_config.json')),
  };
}

export interface Tenant {
  spec: TenantSpec;
  state: ProvisionState;
  password: string | null;
  erp: ErpNextClient;
  bench: BenchRunner | null;
  outputs: Partial<Record<StepKey, StepResult>>;
  attempts: Partial<Record<StepKey, number>>;
  /** ERPNEXT_SLOW_TIMEOUT_MS as the worker passes it; unset means the steps' default. */
  slowTimeoutMs?: number;
}

export function newTenant(spec: TenantSpec, erp: ErpNextClient, opts: { password?: string | null; bench?: BenchRunner | null; slowTimeoutMs?: number } = {}): Tenant {
  return {
    spec,
    state: {},
    password: opts.password === undefined ? 'tenant-pass-1' : opts.password,
    erp,
    bench: opts.bench ?? null,
    outputs: {},
    attempts: {},
    ...(opts.slowTimeoutMs !== undefined ? { slowTimeoutMs: opts.slowTimeoutMs } : {}),
  };
}

function context(t: Tenant, attempt: number): StepContext {
  return {
    tenant: t.spec,
    state: t.state,
    erp: t.erp,
    bench: t.bench,
    adminPassword: () => t.password,
    log: silent,
    attempt,
    signal: new AbortController().signal,
    sleep: noWait,
    ...(t.slowTimeoutMs !== undefined ? { slowTimeoutMs: t.slowTimeoutMs } : {}),
    withSiteLock: siteLock(t.spec.siteMode === 'shared' ? 'shared' : t.spec.siteName),
  };
}

export type Outcome = { ok: true; result: StepResult; attempts: number } | { ok: false; error: ClassifiedError; raw: unknown; attempts: number };

/** One BullMQ job: tries until completed, a permanent error, or `maxAttempts` tries. */
export async function runStep(t: Tenant, key: StepKey, maxAttempts = 1): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await STEPS[key].run(context(t, attempt));
      t.attempts[key] = attempt;
      t.outputs[key] = result;
      if (result.status === 'completed') {
        if (result.state) t.state = { ...t.state, ...result.state };
        // As the worker does: later steps use the site keys platform_setup issued.
        if (result.siteCredentials) t.erp = t.erp.with({ auth: { type: 'token', ...result.siteCredentials } });
      }
      return { ok: true, result, attempts: attempt };
    } catch (raw) {
      const error = classifyError(raw);
      t.attempts[key] = attempt;
      // As the worker does: what the step learned before failing is kept for the next attempt.
      const patch = (raw as { statePatch?: Partial<ProvisionState> } | null)?.statePatch;
      if (patch) t.state = { ...t.state, ...patch };
      if (!error.retryable || attempt >= maxAttempts) return { ok: false, error, raw, attempts: attempt };
    }
  }
}

/** Runs the steps in catalog order, stopping at the first failure; throws with its classification. */
export async function runAll(t: Tenant, opts: { maxAttempts?: number; keys?: readonly StepKey[] } = {}): Promise<void> {
  for (const key of opts.keys ?? STEP_KEYS) {
    const outcome = await runStep(t, key, opts.maxAttempts ?? 1);
    if (!outcome.ok) {
      throw new Error(`step ${key} failed after ${outcome.attempts} attempt(s): ${outcome.error.code}: ${outcome.error.message}`);
    }
  }
}

export function completedOutput(t: Tenant, key: StepKey): Record<string, unknown> {
  const r = t.outputs[key];
  if (!r || r.status !== 'completed') throw new Error(`step ${key} has not completed`);
  return r.output;
}
