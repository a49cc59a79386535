import type { Socket } from 'node:net';
import type { FaultConfig, Prng } from '../faults';
import type { SiteRegistry } from '../sites/site-registry';
import type { RequestLogEntry } from '../types';
import type { RequestActivity } from './timed-requests';

/**
 * What the request handlers share: sites, faults and their PRNG, the request log, hung sockets,
 * and the requests in flight.
 */
export interface SimulatorState {
  readonly registry: SiteRegistry;
  faults(): FaultConfig;
  setFaults(config: FaultConfig): void;
  prng(): Prng;
  record(entry: RequestLogEntry): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Holds a hung request's socket until `ms` passes (or close()), then destroys it. */
  hang(socket: Socket, ms: number): void;
  /** Timed operations, requests in flight together, background jobs, concurrency stats. */
  readonly activity: RequestActivity;
}
