import { STEP_CATALOG, STEP_KEYS } from '@provisioner/jobs';
import type { StepWeights } from '@provisioner/db';

/** The catalog's weights and criticality in the shape the db's progress/finish logic takes. */
export const STEP_WEIGHTS: StepWeights = {
  weight: Object.fromEntries(STEP_KEYS.map((k) => [k, STEP_CATALOG[k].weight])) as StepWeights['weight'],
  critical: Object.fromEntries(STEP_KEYS.map((k) => [k, STEP_CATALOG[k].critical])) as StepWeights['critical'],
};
