import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { eventTypeEnum, stepKeyEnum } from './enums';

/** Append-only: rows are inserted, never updated or deleted (a trigger in the migration enforces it). */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    companyId: text('company_id').notNull(),
    runId: integer('run_id'),
    stepKey: stepKeyEnum('step_key'),
    type: eventTypeEnum('type').notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_company_idx').on(t.companyId, t.id)],
);

export type EventRow = typeof events.$inferSelect;
