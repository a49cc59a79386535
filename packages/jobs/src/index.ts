export { STEP_KEYS, STEP_CATALOG, isStepKey, stepTitle } from './step-catalog';
export type { StepKey, StepDefinition, BackoffPolicy } from './step-catalog';
export { QUEUE_LONG, QUEUE_NOTIFICATIONS, QUEUE_NAMES } from './queue-names';
export type { QueueName } from './queue-names';
export { stepJobDataSchema, emailJobDataSchema } from './job-data';
export type { StepJobData, EmailJobData } from './job-data';
export { buildCompanyFlow, stepJobId, stepJobName, STEP_BACKOFF_TYPE } from './flow';
export type { BuildFlowInput } from './flow';
export { addRunFlow, addEmailJob, emailJobId } from './enqueue';
