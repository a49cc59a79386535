import type { DbOrTx } from '../client';
import { emailOutbox, type CompanyRow, type EmailKind } from '../schema';
import { appendEvent } from '../repositories/events';

/**
 * Puts a run's outcome email in the outbox, in the transaction that decided the outcome (unique per
 * run and kind, so a second decision adds nothing). Answers the row id, or null when it was there.
 */
export async function queueOutcomeEmail(tx: DbOrTx, company: CompanyRow, runId: number, kind: EmailKind): Promise<number | null> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({ companyId: company.id, runId, kind, toAddress: company.notifyEmail })
    .onConflictDoNothing({ target: [emailOutbox.runId, emailOutbox.kind] })
    .returning({ id: emailOutbox.id });
  if (!row) return null;
  await appendEvent(tx, {
    companyId: company.id,
    runId,
    type: 'email_queued',
    message: `${kind === 'success' ? 'Success' : 'Failure'} email queued for ${company.notifyEmail}`,
    data: { outboxId: row.id, kind },
  });
  return row.id;
}
