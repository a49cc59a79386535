import type { Fact } from '../fact';
import { AUTH_FACTS } from './auth';
import { DOCTYPE_FACTS } from './doctypes';
import { ERROR_FACTS } from './errors';
import { ROUTE_FACTS } from './routes';
import { V15_RULE_FACTS } from './v15-rules';

/** Every fact, in fact-sheet order; the runner runs them one after another in this order. */
export const ALL_FACTS: readonly Fact[] = [...ROUTE_FACTS, ...AUTH_FACTS, ...ERROR_FACTS, ...DOCTYPE_FACTS, ...V15_RULE_FACTS];

export { AUTH_FACTS, DOCTYPE_FACTS, ERROR_FACTS, ROUTE_FACTS, V15_RULE_FACTS };
