/**
 * `npm run sim`: the simulator configured from the environment. SIM_PORT (8000), SIM_HOST
 * (127.0.0.1), SIM_API_KEY / SIM_API_SECRET (sim-key / sim-secret), SIM_DEFAULT_SITE
 * (erp.localhost), SIM_FAULTS (FaultConfig JSON), SIM_SEED, SIM_PROFILE (`realistic`: the timings a
 * real v15 site shows) and SIM_TIMINGS (SimulatorTimings JSON, over the profile). Stops on
 * SIGTERM/SIGINT.
 */
import { parseTimings, REALISTIC_TIMINGS } from './http/timed-requests';
import { startSimulator } from './simulator';
import type { SimulatorTimings } from './types';

function fail(message: string): never {
  process.stderr.write(`erpnext-sim: ${message}\n`);
  process.exit(1);
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function timingsFromEnv(): SimulatorTimings {
  const profile = process.env.SIM_PROFILE;
  if (profile && profile !== 'realistic') fail(`SIM_PROFILE must be "realistic" or unset, got "${profile}"`);
  const base = profile === 'realistic' ? REALISTIC_TIMINGS : {};
  if (!process.env.SIM_TIMINGS) return base;
  try {
    return parseTimings({ ...base, ...(JSON.parse(process.env.SIM_TIMINGS) as object) });
  } catch {
    return fail('SIM_TIMINGS must be JSON like {"companyInsertMs":[1500,2100],"setupWizardMs":15000,"companyDeleteMs":0}');
  }
}

async function main(): Promise<void> {
  let faults: unknown;
  if (process.env.SIM_FAULTS) {
    try {
      faults = JSON.parse(process.env.SIM_FAULTS);
    } catch {
      fail('SIM_FAULTS must be JSON (a FaultConfig)');
    }
  }
  const sim = await startSimulator({
    port: numberFromEnv('SIM_PORT', 8000),
    host: process.env.SIM_HOST || '127.0.0.1',
    apiKey: process.env.SIM_API_KEY || 'sim-key',
    apiSecret: process.env.SIM_API_SECRET || 'sim-secret',
    defaultSite: process.env.SIM_DEFAULT_SITE || 'erp.localhost',
    faults: faults as never,
    seed: numberFromEnv('SIM_SEED', 1),
    timings: timingsFromEnv(),
  });
  process.stdout.write(`ERPNext simulator listening on ${sim.url} (default site ${process.env.SIM_DEFAULT_SITE || 'erp.localhost'})\n`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
