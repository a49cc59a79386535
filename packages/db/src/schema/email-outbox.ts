import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { emailKindEnum, emailStatusEnum } from './enums';

/** One row per outcome per run: the unique key is what makes "exactly one email per outcome" hold. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: serial('id').primaryKey(),
    companyId: text('company_id').notNull(),
    runId: integer('run_id').notNull(),
    kind: emailKindEnum('kind').notNull(),
    status: emailStatusEnum('status').notNull().default('pending'),
    toAddress: text('to_address').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    /** A sender claims the row before talking to SMTP; another may take it only after the lease. */
    claimToken: text('claim_token'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('email_outbox_run_kind_key').on(t.runId, t.kind)],
);

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
