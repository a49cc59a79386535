export { createRunTransitions } from './create-run-transitions';
export type { RunTransitions } from './create-run-transitions';
export type { RunCatalog } from './run-catalog';
export type { StepClaim } from './fence';
export type { BeginStepInput, BeginStepResult, BeginStepSkipReason } from './begin-step';
export type { CompleteStepInput, FencedResult } from './complete-step';
export type { RecordStepRetryInput } from './retry-step';
export type { FailStepInput, FailStepResult } from './fail-step';
export type { FinishRunResult } from './finish-run';
export type { OverdueRun } from './overdue-runs';
export type { StrandCandidate } from './stranded-runs';
export { computeProgress } from './progress';
export {
  COMPANY_TRANSITIONS,
  STEP_TRANSITIONS,
  FINISHED_RUN_STATUSES,
  RUN_REQUEST_FROM,
  isRunFinished,
  canTransitionCompany,
  canTransitionStep,
  canRequestRun,
} from './status-transitions';
export type { RunRequest } from './status-transitions';
