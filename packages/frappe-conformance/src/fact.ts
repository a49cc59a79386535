import type { Target } from './target';

/**
 * One observable rule of shared/erpnext/FRAPPE_REST_FACTS.md. `run` asks the site and says whether
 * it behaved as the fact sheet states; `detail` is one line: what was seen when it agrees, what
 * differed when it does not. A thrown error means the fact could not be checked (reported as
 * "error", never as "agree").
 */
export interface FactResult {
  agree: boolean;
  detail: string;
}

export interface Fact {
  /** kebab-case, unique, stable: `--only` and the jest test titles use it. */
  id: string;
  /** The fact sheet's section, e.g. "§10". */
  section: string;
  /** A sentence about the behaviour, as the fact sheet states it. */
  title: string;
  run(target: Target): Promise<FactResult>;
}
