import { index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { runs } from './runs';
import { stepKeyEnum, stepStatusEnum } from './enums';

export interface StepErrorJson {
  code: string;
  message: string;
  hint: string;
  retryable: boolean;
}

/** One row per step of a run; a continue run has rows only for the steps it reruns. */
export const runSteps = pgTable(
  'run_steps',
  {
    id: serial('id').primaryKey(),
    runId: integer('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    companyId: text('company_id').notNull(),
    stepKey: stepKeyEnum('step_key').notNull(),
    position: smallint('position').notNull(),
    status: stepStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: jsonb('error').$type<StepErrorJson>(),
    /**
     * The fence of the current claim: beginStep sets a fresh token and a lease; completeStep,
     * failStep and recordStepRetry apply only with the token that still holds the step.
     */
    claimToken: text('claim_token'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    output: jsonb('output').$type<Record<string, unknown>>(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('run_steps_run_step_key').on(t.runId, t.stepKey), index('run_steps_company_idx').on(t.companyId)],
);

export type RunStepRow = typeof runSteps.$inferSelect;
