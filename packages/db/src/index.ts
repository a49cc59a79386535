export { createDb } from './client';
export type { Database, DbHandle, DbOrTx, Tx, CreateDbOptions } from './client';
export { runMigrations, ensureDatabase, MIGRATIONS_FOLDER } from './migrate';
export { createSecretBox } from './secret-box';
export { secretWeakness, MIN_DISTINCT_SECRET_CHARS } from './secret-strength';
export type { SecretBox } from './secret-box';
export {
  companies,
  companyNumberSeq,
  runs,
  runSteps,
  events,
  emailOutbox,
  COMPANY_STATUSES,
  STEP_STATUSES,
  STEP_KEY_VALUES,
  RUN_KINDS,
  RUN_STATUSES,
  EVENT_TYPES,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  SITE_MODES,
} from './schema';
export type {
  CompanyRow,
  NewCompanyRow,
  CompanyErpState,
  RunRow,
  RunStepRow,
  StepErrorJson,
  EventRow,
  EmailOutboxRow,
  CompanyStatus,
  StepStatus,
  StepKeyValue,
  RunKind,
  RunStatus,
  EventType,
  EmailKind,
  EmailStatus,
  SiteMode,
} from './schema';
export { appendEvent, listEvents, EVENTS_CHANNEL } from './repositories/events';
export type { NewEvent } from './repositories/events';
export {
  createCompany,
  requestRun,
  latestStepRows,
  markRunEnqueued,
  findRunsAwaitingEnqueue,
  getCompany,
  getCompanyByIdempotencyKey,
  getRun,
  listRunSteps,
  listCompanies,
} from './repositories/companies';
export type { NewCompanyInput, CreateCompanyOptions, CreatedCompany, ListCompaniesQuery } from './repositories/companies';
export type { RunRequest } from './transitions';
export { InvalidStateError, UniqueTakenError, NotFoundError } from './repositories/errors';
export { latestStepRowsByCompany, getRunsByIds, lastEventId } from './repositories/company-reads';
export {
  countCompaniesByStatus,
  countFinishedRunsByStatus,
  countStepFailuresByCode,
  countEmailsByKindAndStatus,
  stepDurationBuckets,
} from './repositories/fleet-stats';
export type { StepDurationBuckets } from './repositories/fleet-stats';
export {
  createRunTransitions,
  computeProgress,
  COMPANY_TRANSITIONS,
  STEP_TRANSITIONS,
  FINISHED_RUN_STATUSES,
  RUN_REQUEST_FROM,
  isRunFinished,
  canTransitionCompany,
  canTransitionStep,
  canRequestRun,
} from './transitions';
export type {
  RunTransitions,
  RunCatalog,
  StepClaim,
  BeginStepInput,
  BeginStepResult,
  BeginStepSkipReason,
  CompleteStepInput,
  FencedResult,
  RecordStepRetryInput,
  FailStepInput,
  FailStepResult,
  FinishRunResult,
  OverdueRun,
  StrandCandidate,
} from './transitions';
export {
  getOutbox,
  claimOutbox,
  markEmailSent,
  releaseOutboxClaim,
  giveUpOutbox,
  markOutboxEnqueued,
  findOutboxAwaitingEnqueue,
  findOutboxToRedrive,
} from './repositories/email-outbox';
export type { ClaimOutboxInput } from './repositories/email-outbox';
