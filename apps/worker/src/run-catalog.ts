import { STEP_CATALOG, STEP_KEYS } from '@provisioner/jobs';
import type { RunCatalog } from '@provisioner/db';
import { ERROR_CATALOG } from '@provisioner/steps';

/** The catalog's facts the state machine needs, handed to createRunTransitions once (runtime.ts). */
export const RUN_CATALOG: RunCatalog = {
  weight: Object.fromEntries(STEP_KEYS.map((k) => [k, STEP_CATALOG[k].weight])) as RunCatalog['weight'],
  critical: Object.fromEntries(STEP_KEYS.map((k) => [k, STEP_CATALOG[k].critical])) as RunCatalog['critical'],
  deadlineHint: ERROR_CATALOG.DEADLINE_EXCEEDED.hint,
};
