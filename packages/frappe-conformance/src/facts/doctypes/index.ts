import type { Fact } from '../../fact';
import { abbreviationTakenFact } from './abbreviation-taken';
import { companySideEffectsFact } from './company-side-effects';
import { customerDuplicateNameFact } from './customer-duplicate-name';
import { warehouseNamingFact } from './warehouse-naming';

/** §5 Write semantics and §6 ERPNext doctypes. */
export const DOCTYPE_FACTS: readonly Fact[] = [companySideEffectsFact, abbreviationTakenFact, warehouseNamingFact, customerDuplicateNameFact];
