/**
 * Test support: runs steps against a real ERPNext (the simulator over HTTP) the way the worker and
 * BullMQ do — state merged after each completed step, a failed attempt retried while the error is
 * retryable and attempts remain, a permanent error returned at once. Not exported from the package.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { createErpNextClient, type ErpNextClient } from '@provisioner/erpnext-client';
import { STEP_KEYS, type StepKey } from '@provisioner/jobs';
import { classifyError, type ClassifiedError } from '../errors/step-error';
import { STEPS } from '../registry';
import type { BenchRunner, ProvisionState, StepContext, StepResult, TenantSpec } from '../step';

export const SIM_API_KEY = 'sim-key';
export const SIM_API_SECRET = 'sim-secret';
export const SIM_BENCH = path.resolve(__dirname, '../../../erpnext-sim/bin/bench');

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

/** Spawns the simulator's bench stand-in with an argument array (execFile, no shell). */
export function simBench(controlUrl: string, benchPath = SIM_BENCH): BenchRunner {
  return {
    run(args) {
      return new Promise((resolve, reject) => {
        execFile(benchPath, args, { env: { ...process.env, ERPNEXT_SIM_CONTROL_URL: controlUrl } }, (err, stdout, stderr) => {
          if (err && typeof (err as { code?: unknown }).code !== 'number') {
            reject(err);
            return;
          }
          resolve({ stdout: String(stdout), stderr: String(stderr), exitCode: err ? Number((err as { code?: unknown }).code) : 0 });
        });
      });
    },
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
}

export function newTenant(spec: TenantSpec, erp: ErpNextClient, opts: { password?: string | null; bench?: BenchRunner | null } = {}): Tenant {
  return { spec, state: {}, password: opts.password === undefined ? 'tenant-pass-1' : opts.password, erp, bench: opts.bench ?? null, outputs: {}, attempts: {} };
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
