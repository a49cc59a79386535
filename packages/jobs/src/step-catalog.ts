/**
 * The step catalog: the one list both the api and the worker trust. SPEC §5 pins the keys and their
 * order; a step implementation missing from `packages/steps` for one of these keys is a compile error
 * there, because its registry is a `Record<StepKey, Step>`.
 */
export const STEP_KEYS = [
  'engine_check',
  'platform_setup',
  'company',
  'chart_of_accounts',
  'warehouses',
  'settings',
  'items',
  'customer',
  'pos_profile',
  'pos_session',
  'final_validation',
] as const;

export type StepKey = (typeof STEP_KEYS)[number];

export interface BackoffPolicy {
  /** First retry waits about this long; each later one doubles it (with jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface StepDefinition {
  key: StepKey;
  title: string;
  /** A critical step's terminal failure fails the company; a non-critical one leaves it Partial. */
  critical: boolean;
  /** Total tries including the first, for retryable errors. Permanent errors stop at once. */
  attempts: number;
  backoff: BackoffPolicy;
  /** Share of the progress bar this step is worth once finished (the weights add up to 100). */
  weight: number;
}

const standardBackoff: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

export const STEP_CATALOG: Readonly<Record<StepKey, StepDefinition>> = {
  engine_check: { key: 'engine_check', title: 'Engine availability check', critical: true, attempts: 8, backoff: standardBackoff, weight: 4 },
  platform_setup: { key: 'platform_setup', title: 'Platform setup', critical: true, attempts: 8, backoff: standardBackoff, weight: 16 },
  company: { key: 'company', title: 'Company', critical: true, attempts: 10, backoff: standardBackoff, weight: 14 },
  chart_of_accounts: { key: 'chart_of_accounts', title: 'Chart of accounts', critical: true, attempts: 10, backoff: standardBackoff, weight: 10 },
  warehouses: { key: 'warehouses', title: 'Warehouses', critical: true, attempts: 10, backoff: standardBackoff, weight: 8 },
  settings: { key: 'settings', title: 'Stock and selling settings', critical: true, attempts: 10, backoff: standardBackoff, weight: 8 },
  items: { key: 'items', title: 'Demo items', critical: false, attempts: 6, backoff: standardBackoff, weight: 6 },
  customer: { key: 'customer', title: 'Default customer', critical: true, attempts: 10, backoff: standardBackoff, weight: 8 },
  pos_profile: { key: 'pos_profile', title: 'POS profile', critical: true, attempts: 10, backoff: standardBackoff, weight: 10 },
  pos_session: { key: 'pos_session', title: 'POS session', critical: true, attempts: 10, backoff: standardBackoff, weight: 8 },
  final_validation: { key: 'final_validation', title: 'Final validation', critical: true, attempts: 10, backoff: standardBackoff, weight: 8 },
};

export function isStepKey(value: string): value is StepKey {
  return (STEP_KEYS as readonly string[]).includes(value);
}

export function stepTitle(key: StepKey): string {
  return STEP_CATALOG[key].title;
}
