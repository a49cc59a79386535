import type { CompanyStatus, RunStatus, StepStatus } from '../schema';

/*
 * The state machine's transition table, exported once: the worker's transitions (this folder) and
 * the api's continue/retry/start checks read it, so "which status may follow which" is written down
 * in one place.
 */

/** Company status → the statuses it may move to. */
export const COMPANY_TRANSITIONS: Readonly<Record<CompanyStatus, readonly CompanyStatus[]>> = {
  Draft: ['Queued'],
  Queued: ['Provisioning'],
  Provisioning: ['Active', 'Partial', 'Failed'],
  Active: [],
  Partial: ['Queued'],
  Failed: ['Queued'],
};

/**
 * Step status → the statuses it may move to. `running → running` is a takeover of an expired lease;
 * `running → pending` a retry waiting for its delay; `pending → skipped | failed` the run ending
 * (an earlier critical failure, the deadline) before the step ran.
 */
export const STEP_TRANSITIONS: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  pending: ['running', 'skipped', 'failed'],
  running: ['running', 'completed', 'skipped', 'failed', 'pending'],
  completed: [],
  failed: [],
  skipped: [],
};

/** A run in one of these is over: nothing of a job of it may be written any more. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['completed', 'partial', 'failed'];

export function isRunFinished(status: RunStatus): boolean {
  return FINISHED_RUN_STATUSES.includes(status);
}

/** What an operator (api, CLI) may ask for, and from which company statuses: each leads to Queued. */
export type RunRequest = 'start' | 'continue' | 'retry';
export const RUN_REQUEST_FROM: Readonly<Record<RunRequest, readonly CompanyStatus[]>> = {
  start: ['Draft'],
  continue: ['Failed', 'Partial'],
  retry: ['Failed', 'Partial'],
};

export function canTransitionCompany(from: CompanyStatus, to: CompanyStatus): boolean {
  return COMPANY_TRANSITIONS[from].includes(to);
}

export function canTransitionStep(from: StepStatus, to: StepStatus): boolean {
  return STEP_TRANSITIONS[from].includes(to);
}

/** Whether `request` is allowed for a company in `status` (the table above, and a move to Queued). */
export function canRequestRun(request: RunRequest, status: CompanyStatus): boolean {
  return RUN_REQUEST_FROM[request].includes(status) && canTransitionCompany(status, 'Queued');
}
