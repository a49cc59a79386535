import type { RunStepRow } from '../schema';

/** Marks a step row skipped because its run ended before reaching it (not because it did not apply). */
export const ABANDONED = 'abandoned';

/**
 * A step is done when it completed, or when it decided it does not apply (items without demo data,
 * POS steps with POS off). A step skipped because an earlier one failed is not done: continue runs it.
 */
export function isStepDone(row: RunStepRow | undefined): boolean {
  if (!row) return false;
  if (row.status === 'completed') return true;
  return row.status === 'skipped' && row.output?.[ABANDONED] !== true;
}
