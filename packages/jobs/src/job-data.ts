import { z } from 'zod';
import { STEP_KEYS } from './step-catalog';

/**
 * Job payloads carry ids only. What comes out of Redis is untrusted, so the worker re-parses it with
 * these schemas; a secret never goes into a job.
 */
export const stepJobDataSchema = z
  .object({
    companyId: z.string().regex(/^COMP-\d{4}-\d{5,}$/),
    runId: z.number().int().positive(),
    /** The run's epoch when the job was added: a job of an older epoch is stale and does nothing. */
    epoch: z.number().int().nonnegative(),
    stepKey: z.enum(STEP_KEYS),
  })
  .strict();
export type StepJobData = z.infer<typeof stepJobDataSchema>;

export const emailJobDataSchema = z
  .object({
    outboxId: z.number().int().positive(),
    companyId: z.string(),
  })
  .strict();
export type EmailJobData = z.infer<typeof emailJobDataSchema>;
