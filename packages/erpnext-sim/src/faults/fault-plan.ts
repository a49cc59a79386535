/**
 * Which fault (if any) a request gets. Draw order is fixed so a run is repeatable for a seed:
 * latency (when configured), one draw over the stacked rates (serverError, hang, drop, rateLimit,
 * deadlock, maintenance), one draw for commitThenFail on writes, one draw for the variant
 * (500 vs 502, 500 vs dropped socket) when the fault has two forms.
 */
import type { FaultConfig, FaultKind } from './fault-config';
import type { Prng } from './prng';

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | undefined;
  /** 0..1, picks between a fault's two forms. */
  variant: number;
}

const STACKED: readonly FaultKind[] = ['serverError', 'hang', 'drop', 'rateLimit', 'deadlock', 'maintenance'];

export function faultApplies(config: FaultConfig, path: string): boolean {
  if (config.onlyPaths?.length && !config.onlyPaths.some((p) => path.includes(p))) return false;
  if (config.exceptPaths?.some((p) => path.includes(p))) return false;
  return true;
}

export function decideFault(config: FaultConfig, prng: Prng, request: { path: string; isWrite: boolean }): FaultDecision {
  const decision: FaultDecision = { latencyMs: 0, kind: undefined, variant: 0 };
  if (!faultApplies(config, request.path)) return decision;
  if (config.latencyMs) {
    const [min, max] = config.latencyMs;
    decision.latencyMs = min + prng() * Math.max(0, max - min);
  }
  const rates = config.rates ?? {};
  if (STACKED.some((k) => (rates[k] ?? 0) > 0)) {
    const u = prng();
    let acc = 0;
    for (const kind of STACKED) {
      acc += rates[kind] ?? 0;
      if (u < acc) {
        decision.kind = kind;
        break;
      }
    }
  }
  if (!decision.kind && request.isWrite && (rates.commitThenFail ?? 0) > 0 && prng() < (rates.commitThenFail ?? 0)) {
    decision.kind = 'commitThenFail';
  }
  if (decision.kind === 'serverError' || decision.kind === 'commitThenFail') decision.variant = prng();
  return decision;
}
