import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client';
import { companies, emailOutbox, type EmailKind, type EmailOutboxRow } from '../schema';
import { appendEvent } from './events';

/*
 * The email outbox: one row per outcome per run (inserted by the state machine in the transaction that
 * decides the outcome), sent by the notifications worker. A row is `pending` until the SMTP server
 * accepted its mail (`sent`) or the operator's give-up time passed (`failed`).
 *
 * Contract of a send:
 *   1. claimOutbox   — a sender takes the row with a token and a lease; nobody else may send it until
 *                      the lease ends. The row's Message-ID is fixed here, before anything is sent.
 *   2. SMTP          — the mail goes out with that Message-ID.
 *   3. markEmailSent — records the accept (and wipes the password for a success email). This is a
 *                      fact about the SMTP server, so it holds whoever holds the lease now.
 * A sender that cannot send releases the row (releaseOutboxClaim) or gives up (giveUpOutbox).
 */

export async function getOutbox(db: DbOrTx, id: number): Promise<EmailOutboxRow | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ?? null;
}

const msAgo = (ms: number) => sql`now() - (${ms}::bigint * interval '1 millisecond')`;

export interface ClaimOutboxInput {
  id: number;
  /** Unique per try; every later write of this sender names it. */
  token: string;
  leaseMs: number;
  /** Stored only if the row has none yet: the first Message-ID a row gets is the one it keeps. */
  messageId: string;
}

/**
 * Takes a pending row for one try: only if nobody holds it, its lease ran out, or the caller already
 * holds it. Returns the claimed row (with its stored Message-ID), or null when the row is sent, failed
 * or held by another sender.
 */
export async function claimOutbox(db: DbOrTx, input: ClaimOutboxInput): Promise<EmailOutboxRow | null> {
  const [row] = await db
    .update(emailOutbox)
    .set({
      claimToken: input.token,
      claimedUntil: sql`now() + (${input.leaseMs}::bigint * interval '1 millisecond')`,
      attempts: sql`${emailOutbox.attempts} + 1`,
      messageId: sql`coalesce(${emailOutbox.messageId}, ${input.messageId})`,
    })
    .where(
      and(
        eq(emailOutbox.id, input.id),
        eq(emailOutbox.status, 'pending'),
        or(isNull(emailOutbox.claimToken), lt(emailOutbox.claimedUntil, sql`now()`), eq(emailOutbox.claimToken, input.token)),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Records that the SMTP server accepted the row's mail. For a success email the admin password is
 * wiped in the same transaction: it MUST be kept until the server accepted the mail that carries it,
 * and not a moment longer.
 *
 * Idempotent, and not fenced by the claim: an accept is a fact, whoever holds the lease now. A row
 * already sent is left alone (false); a row given up on is corrected to sent, because it was.
 */
export async function markEmailSent(db: Database, outbox: Pick<EmailOutboxRow, 'id' | 'companyId' | 'runId' | 'kind' | 'toAddress'>, messageId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(emailOutbox)
      .set({ status: 'sent', sentAt: sql`now()`, messageId, lastError: null, claimToken: null, claimedUntil: null })
      .where(and(eq(emailOutbox.id, outbox.id), inArray(emailOutbox.status, ['pending', 'failed'])))
      .returning({ id: emailOutbox.id });
    if (!updated) return false;
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
    return true;
  });
}

/**
 * A try that did not reach an accept: keeps the SMTP error for the operator and frees the row for the
 * next try at once (the job's delay, not the lease, spaces the tries). Only the holder may release.
 */
export async function releaseOutboxClaim(db: DbOrTx, id: number, token: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ lastError: error, claimToken: null, claimedUntil: null })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pending'), eq(emailOutbox.claimToken, token)));
}

/**
 * Past the operator's give-up time: the row is failed for good, and the admin password of a success
 * email is wiped in the same transaction (it was never delivered, and it must not stay at rest; the
 * operator resets it in ERPNext). A failure email leaves the password alone: the company is Failed
 * and a continue still needs it to finish, and its own success email will carry it.
 * Only the holder of the claim may give up, so a sender that is talking to SMTP right now is never
 * overruled. Returns false when the row was not ours any more.
 */
export async function giveUpOutbox(db: Database, outbox: EmailOutboxRow, token: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(emailOutbox)
      .set({ status: 'failed', lastError: reason, claimToken: null, claimedUntil: null })
      .where(and(eq(emailOutbox.id, outbox.id), eq(emailOutbox.status, 'pending'), eq(emailOutbox.claimToken, token)))
      .returning({ id: emailOutbox.id });
    if (!updated) return false;
    if (outbox.kind === 'success') {
      await tx.update(companies).set({ adminPasswordEnc: null, updatedAt: sql`now()` }).where(eq(companies.id, outbox.companyId));
    }
    await appendEvent(tx, {
      companyId: outbox.companyId,
      runId: outbox.runId,
      type: 'email_failed',
      message: `${outbox.kind === 'success' ? 'Success' : 'Failure'} email to ${outbox.toAddress} was given up on: ${reason}`,
      data: { outboxId: outbox.id, kind: outbox.kind, passwordWiped: outbox.kind === 'success' },
    });
    return true;
  });
}

export async function markOutboxEnqueued(db: DbOrTx, outboxId: number): Promise<void> {
  await db.update(emailOutbox).set({ enqueuedAt: sql`now()` }).where(eq(emailOutbox.id, outboxId));
}

/** Rows committed but never handed to the queue (the process died between commit and enqueue). */
export async function findOutboxAwaitingEnqueue(db: DbOrTx, olderThanMs: number): Promise<Array<{ id: number; companyId: string; kind: EmailKind }>> {
  return db
    .select({ id: emailOutbox.id, companyId: emailOutbox.companyId, kind: emailOutbox.kind })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'pending'), isNull(emailOutbox.enqueuedAt), lt(emailOutbox.createdAt, msAgo(olderThanMs))))
    .limit(100);
}

/**
 * Rows the sweep must check for a live job: pending (the only non-final state), older than the grace
 * period, and not held by a sender whose lease still runs. Whether a job still drives each one is
 * Redis's to say (the caller looks the job up by its deterministic id and re-adds it when it is gone).
 */
export async function findOutboxToRedrive(db: DbOrTx, olderThanMs: number, limit = 500): Promise<Array<{ id: number; companyId: string; kind: EmailKind }>> {
  return db
    .select({ id: emailOutbox.id, companyId: emailOutbox.companyId, kind: emailOutbox.kind })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, 'pending'),
        lt(emailOutbox.createdAt, msAgo(olderThanMs)),
        or(isNull(emailOutbox.claimedUntil), lt(emailOutbox.claimedUntil, sql`now()`)),
      ),
    )
    .orderBy(emailOutbox.id)
    .limit(limit);
}
