import { StepError } from '../errors/step-error';
import type { ProvisionState } from '../step';

/**
 * Reads what an earlier step recorded. A missing value means the steps ran out of order (or the
 * state was lost): a permanent PREREQUISITE_MISSING that names the step to run.
 */
export function need<K extends keyof ProvisionState>(state: Readonly<ProvisionState>, key: K, producedBy: string): NonNullable<ProvisionState[K]> {
  const value = state[key];
  if (value === undefined || value === null || value === '') {
    throw new StepError('PREREQUISITE_MISSING', `state.${String(key)} is not set: the ${producedBy} step has not completed for this company`, {
      hint: `Run the ${producedBy} step first: POST /retry re-runs every step in order.`,
    });
  }
  return value as NonNullable<ProvisionState[K]>;
}
