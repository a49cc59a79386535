import type { Fact } from '../../fact';
import { doesNotExistFact } from './does-not-exist';
import { duplicateEntryFact } from './duplicate-entry';
import { validationErrorBodyFact } from './validation-error-body';

/** §3 HTTP status per exception and §4 the error body. */
export const ERROR_FACTS: readonly Fact[] = [validationErrorBodyFact, duplicateEntryFact, doesNotExistFact];
