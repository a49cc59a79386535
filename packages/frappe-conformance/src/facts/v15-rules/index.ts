import type { Fact } from '../../fact';
import { companyInsertRaceFact } from './company-insert-race';
import { countryFrappeSpellingFact } from './country-frappe-spelling';
import { countryRecordsFact } from './country-records';
import { passwordPolicyFact } from './password-policy';
import { rolePermissionsTableFact } from './role-permissions-table';
import { setupCompleteAgainFact } from './setup-complete-again';
import { systemManagerDeniedFact } from './system-manager-denied';
import { unknownChartFact } from './unknown-chart';
import { unknownCountryFact } from './unknown-country';

/** §10 Rules the first simulator missed. */
export const V15_RULE_FACTS: readonly Fact[] = [
  unknownCountryFact,
  countryRecordsFact,
  countryFrappeSpellingFact,
  unknownChartFact,
  passwordPolicyFact,
  systemManagerDeniedFact,
  rolePermissionsTableFact,
  companyInsertRaceFact,
  setupCompleteAgainFact,
];
