import { randomBytes } from 'node:crypto';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '@provisioner/erpnext-sim';
import type { Auth } from './http/frappe-http';
import type { ServerKind } from './target';

/**
 * Timings that make the v15 behaviours observable in-process: every Company insert takes 300 ms,
 * so two inserts started together overlap (the §10 race), and a real wizard run takes 2 s, so an
 * already-complete `setup_complete` that wrongly did work would show.
 */
export const SIMULATOR_TIMINGS = { companyInsertMs: 300, setupWizardMs: 2_000 } as const satisfies NonNullable<SimulatorOptions['timings']>;

export interface EmbeddedSimulator {
  url: string;
  auth: Auth;
  server: ServerKind;
  handle: SimulatorHandle;
  close(): Promise<void>;
}

export async function startEmbeddedSimulator(): Promise<EmbeddedSimulator> {
  const apiKey = `conformance-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(12).toString('hex');
  const handle = await startSimulator({ port: 0, apiKey, apiSecret, timings: SIMULATOR_TIMINGS });
  return {
    url: handle.url,
    auth: { kind: 'token', key: apiKey, secret: apiSecret },
    server: { kind: 'simulator', ...SIMULATOR_TIMINGS },
    handle,
    close: () => handle.close(),
  };
}
