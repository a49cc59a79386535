import { z } from 'zod';

/** Per-request fault probabilities (0..1) and knobs; see README "Faults". */
export interface FaultRates {
  serverError?: number;
  hang?: number;
  drop?: number;
  rateLimit?: number;
  deadlock?: number;
  commitThenFail?: number;
  maintenance?: number;
}

export interface FaultConfig {
  /** Uniform extra delay [min, max] in ms for every /api request. */
  latencyMs?: [number, number];
  rates?: FaultRates;
  /** Retry-After seconds for 429 and 503 (default 1). */
  retryAfterSeconds?: number;
  /** How long a hung request is held before its socket is destroyed (default 60000). */
  hangMs?: number;
  /** Substring filters on the request path deciding which /api requests faults apply to. */
  onlyPaths?: string[];
  exceptPaths?: string[];
}

export type FaultKind = keyof FaultRates;

const rate = z.number().min(0).max(1);

export const faultConfigSchema = z
  .object({
    latencyMs: z.tuple([z.number().min(0), z.number().min(0)]).optional(),
    rates: z
      .object({
        serverError: rate.optional(),
        hang: rate.optional(),
        drop: rate.optional(),
        rateLimit: rate.optional(),
        deadlock: rate.optional(),
        commitThenFail: rate.optional(),
        maintenance: rate.optional(),
      })
      .strict()
      .optional(),
    retryAfterSeconds: z.number().min(0).optional(),
    hangMs: z.number().min(0).optional(),
    onlyPaths: z.array(z.string()).optional(),
    exceptPaths: z.array(z.string()).optional(),
  })
  .strict();

export function parseFaultConfig(input: unknown): FaultConfig {
  return faultConfigSchema.parse(input) as FaultConfig;
}
