import type { CompanyView, StepView } from './api-types';

export type RepairKind = 'continue' | 'retry';

export interface Repair {
  kind: RepairKind;
  /** The exact command an operator runs. */
  command: string;
  /** What has to be true before the command helps (null when it can run now). */
  first: string | null;
}

/** The CLI's own name as operators type it (README, hints). */
export const CLI = 'npx provision';

export function firstFailedStep(view: Pick<CompanyView, 'steps'>): StepView | null {
  return view.steps.find((s) => s.status === 'failed') ?? null;
}

/**
 * continue reruns only the steps that did not complete; retry reruns all of them (idempotently).
 * The error catalog's hints end in the one that fixes their failure ("…, then POST /continue" or
 * "POST /retry re-creates them"), so the hint decides; continue is the default because it is the
 * cheaper of two safe choices.
 */
export function repairKindForHint(hint: string | null | undefined): RepairKind {
  if (!hint) return 'continue';
  const retryAt = hint.lastIndexOf('/retry');
  const continueAt = hint.lastIndexOf('/continue');
  return retryAt > continueAt ? 'retry' : 'continue';
}

/**
 * The repair for a company an operator should look at, or null when it needs none. A Queued or
 * Provisioning company cannot be continued (the API answers 409 INVALID_STATE) until the worker's
 * deadline sweep ends its run Failed; `stale` says it has had no event for too long.
 */
export function repairFor(view: Pick<CompanyView, 'company_id' | 'status' | 'steps'>, stale = false): Repair | null {
  const failed = firstFailedStep(view);
  if (view.status === 'Failed' || view.status === 'Partial') {
    const kind = repairKindForHint(failed?.error?.hint);
    return { kind, command: `${CLI} ${kind} ${view.company_id}`, first: failed?.error && !failed.error.retryable ? failed.error.hint : null };
  }
  if (stale && (view.status === 'Queued' || view.status === 'Provisioning')) {
    return {
      kind: 'continue',
      command: `${CLI} continue ${view.company_id}`,
      first:
        'No worker is moving this run: start one (`npm run start:worker`) and check Bull Board at /admin/queues; ' +
        'if the run still hangs, the worker ends it Failed with DEADLINE_EXCEEDED at its deadline (RUN_DEADLINE_MS), and then',
    };
  }
  return null;
}
