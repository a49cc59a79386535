import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { companies } from './companies';
import { runKindEnum, runStatusEnum } from './enums';

/** One row per provisioning run of a company: the first one, and one per continue or retry. */
export const runs = pgTable(
  'runs',
  {
    id: serial('id').primaryKey(),
    companyId: text('company_id').notNull().references(() => companies.id, { onDelete: 'cascade' }),
    runNo: integer('run_no').notNull(),
    kind: runKindEnum('kind').notNull(),
    status: runStatusEnum('status').notNull(),
    /** Set once the run's flow is in Redis; the reconciler re-adds flows of runs left without one. */
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Set when the run's first step begins (started_at + deadline_ms): queue wait never counts. */
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    /** The run's time budget, fixed when it is created (RUN_DEADLINE_MS then). */
    deadlineMs: integer('deadline_ms'),
    /**
     * Bumped each time the sweep re-adds the run's remaining steps to Redis (after Redis lost them):
     * job ids carry it, so a re-add never collides with, nor duplicates, the jobs of the same epoch.
     */
    epoch: integer('epoch').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('runs_company_run_no_key').on(t.companyId, t.runNo), index('runs_status_idx').on(t.status)],
);

export type RunRow = typeof runs.$inferSelect;
