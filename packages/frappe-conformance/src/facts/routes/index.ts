import type { Fact } from '../../fact';
import { getListEnvelopeFact } from './get-list-envelope';
import { getValueNoMatchFact } from './get-value-no-match';
import { insertAndDeleteStatusFact } from './insert-and-delete-status';
import { noneResultFact } from './none-result-has-no-message';
import { pingFact } from './ping';
import { removedVersionMethodFact } from './removed-version-method';
import { resourceListEnvelopeFact } from './resource-list-envelope';
import { resourceReadEnvelopeFact } from './resource-read-envelope';
import { unmatchedApiPathFact } from './unmatched-api-path';
import { v1AliasFact } from './v1-alias';

/** §1 Routes and envelopes. */
export const ROUTE_FACTS: readonly Fact[] = [
  pingFact,
  unmatchedApiPathFact,
  removedVersionMethodFact,
  resourceListEnvelopeFact,
  resourceReadEnvelopeFact,
  getListEnvelopeFact,
  getValueNoMatchFact,
  v1AliasFact,
  insertAndDeleteStatusFact,
  noneResultFact,
];
