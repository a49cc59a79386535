import { eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client';
import { companies, emailOutbox, type EmailOutboxRow } from '../schema';
import { appendEvent } from './events';

export async function getOutbox(db: DbOrTx, id: number): Promise<EmailOutboxRow | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ?? null;
}

/**
 * Records that the SMTP server accepted the email. For a success email the admin password is wiped
 * in the same transaction: it MUST be kept until the server accepted the mail that carries it, and
 * not a moment longer.
 */
export async function markEmailSent(db: Database, outbox: EmailOutboxRow, messageId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(emailOutbox)
      .set({ status: 'sent', sentAt: sql`now()`, messageId, attempts: sql`${emailOutbox.attempts} + 1`, lastError: null })
      .where(eq(emailOutbox.id, outbox.id));
    if (outbox.kind === 'success') {
      await tx.update(companies).set({ adminPasswordEnc: null, updatedAt: sql`now()` }).where(eq(companies.id, outbox.companyId));
    }
    await appendEvent(tx, {
      companyId: outbox.companyId,
      runId: outbox.runId,
      type: 'email_sent',
      message: `${outbox.kind === 'success' ? 'Success' : 'Failure'} email accepted by the mail server for ${outbox.toAddress}`,
      data: { outboxId: outbox.id, kind: outbox.kind, messageId },
    });
  });
}

export async function markEmailAttemptFailed(db: Database, outbox: EmailOutboxRow, error: string, final: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(emailOutbox)
      .set({ attempts: sql`${emailOutbox.attempts} + 1`, lastError: error, ...(final ? { status: 'failed' as const } : {}) })
      .where(eq(emailOutbox.id, outbox.id));
    if (final) {
      await appendEvent(tx, {
        companyId: outbox.companyId,
        runId: outbox.runId,
        type: 'email_failed',
        message: `${outbox.kind === 'success' ? 'Success' : 'Failure'} email to ${outbox.toAddress} could not be sent: ${error}`,
        data: { outboxId: outbox.id, kind: outbox.kind },
      });
    }
  });
}
