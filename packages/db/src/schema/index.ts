export {
  COMPANY_STATUSES,
  STEP_STATUSES,
  STEP_KEY_VALUES,
  RUN_KINDS,
  RUN_STATUSES,
  EVENT_TYPES,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  SITE_MODES,
  companyStatusEnum,
  stepStatusEnum,
  stepKeyEnum,
  runKindEnum,
  runStatusEnum,
  eventTypeEnum,
  emailKindEnum,
  emailStatusEnum,
  siteModeEnum,
} from './enums';
export type { CompanyStatus, StepStatus, StepKeyValue, RunKind, RunStatus, EventType, EmailKind, EmailStatus, SiteMode } from './enums';
export { companies, companyNumberSeq } from './companies';
export type { CompanyRow, NewCompanyRow, CompanyErpState } from './companies';
export { runs } from './runs';
export type { RunRow } from './runs';
export { runSteps } from './run-steps';
export type { RunStepRow, StepErrorJson } from './run-steps';
export { events } from './events';
export type { EventRow } from './events';
export { emailOutbox } from './email-outbox';
export type { EmailOutboxRow } from './email-outbox';
