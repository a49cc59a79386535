import { isStepKey, STEP_CATALOG, type StepKey } from './step-catalog';

/**
 * What a customer reads when a step failed: plain words per step, for the failure email and the
 * public status page. These sentences are the ONLY failure text a customer ever sees: never a stored
 * error message, an error code, ERPNext's answer, SQL or a stack (those stay in the operator view).
 */
const CUSTOMER_FAILURE_TEXT: Readonly<Record<StepKey, string>> = {
  engine_check: 'We could not reach the server that hosts your workspace',
  platform_setup: 'We could not prepare the server space for your workspace',
  company: 'We could not create your company in the workspace',
  chart_of_accounts: "We could not create your company's accounts",
  warehouses: "We could not create your company's warehouses",
  settings: 'We could not save the stock and selling settings of your workspace',
  items: 'We could not add the demo items to your workspace',
  customer: 'We could not create the default customer of your workspace',
  pos_profile: 'We could not set up the point of sale of your workspace',
  pos_session: 'We could not open the first point of sale session of your workspace',
  final_validation: 'We could not confirm that everything in your workspace is in place',
};

export interface CustomerFailureText {
  /** The step's title from the catalog, e.g. "Chart of accounts". */
  stepTitle: string;
  /** One plain sentence without a full stop, e.g. "We could not create your company's accounts". */
  sentence: string;
}

/** The customer's words for a failed step; a key outside the catalog gets a general sentence. */
export function customerFailureText(stepKey: string | null | undefined): CustomerFailureText | null {
  if (!stepKey || !isStepKey(stepKey)) return null;
  return { stepTitle: STEP_CATALOG[stepKey].title, sentence: CUSTOMER_FAILURE_TEXT[stepKey] };
}

/** When no step is named (e.g. the run ran out of time between steps). */
export const CUSTOMER_FAILURE_FALLBACK = 'We could not finish setting up your workspace';
