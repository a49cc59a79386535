import type { StepKey } from '@provisioner/jobs';
import type { Step } from './step';
import { chartOfAccounts } from './steps/chart-of-accounts';
import { company } from './steps/company';
import { customer } from './steps/customer';
import { engineCheck } from './steps/engine-check';
import { finalValidation } from './steps/final-validation';
import { items } from './steps/items';
import { platformSetup } from './steps/platform-setup';
import { posProfile } from './steps/pos-profile';
import { posSession } from './steps/pos-session';
import { settings } from './steps/settings';
import { warehouses } from './steps/warehouses';

/** Every step of the catalog (packages/jobs), by key: a missing one is a compile error. */
export const STEPS: Readonly<Record<StepKey, Step>> = {
  engine_check: engineCheck,
  platform_setup: platformSetup,
  company,
  chart_of_accounts: chartOfAccounts,
  warehouses,
  settings,
  items,
  customer,
  pos_profile: posProfile,
  pos_session: posSession,
  final_validation: finalValidation,
};
