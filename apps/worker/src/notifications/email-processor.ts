import { randomUUID } from 'node:crypto';
import type pino from 'pino';
import {
  claimOutbox,
  getCompany,
  getOutbox,
  giveUpOutbox,
  listRunSteps,
  markEmailSent,
  releaseOutboxClaim,
  type Database,
  type EmailKind,
  type EmailOutboxRow,
  type SecretBox,
} from '@provisioner/db';
import { customerFailureText, STEP_KEYS } from '@provisioner/jobs';
import { renderFailureEmail, renderSuccessEmail, type RenderedEmail } from './email-templates';

/** The part of a nodemailer transport the sender uses. */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<unknown>;
}

export interface EmailSenderDeps {
  db: Database;
  transport: MailTransport;
  mailFrom: string;
  secrets: SecretBox;
  logger: pino.Logger;
  /** How long a claim keeps other senders off a row (EMAIL_LEASE_MS). */
  leaseMs: number;
  /** Retried until this long after the row was created, then failed for good (EMAIL_GIVE_UP_AFTER_MS). */
  giveUpAfterMs: number;
  /** The first wait after a refusal; each later one doubles, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** What a sender knows once SMTP accepted a row's mail, kept outside Postgres until the commit holds. */
export interface AcceptedNote {
  outboxId: number;
  messageId: string;
}

export type EmailTryResult =
  | { outcome: 'sent'; kind: EmailKind; messageId: string }
  /** An earlier try was accepted by SMTP; this one only recorded it. Nothing was sent. */
  | { outcome: 'recorded'; kind: EmailKind; messageId: string }
  | { outcome: 'done'; kind: EmailKind | null; reason: 'already sent' | 'failed earlier' | 'no such row' }
  /** Another sender holds the row: look again once its lease ends. */
  | { outcome: 'busy'; kind: EmailKind; until: number }
  /** SMTP did not accept it: try again at `at` (never later than the give-up time). */
  | { outcome: 'retry'; kind: EmailKind; at: number; error: string }
  | { outcome: 'gave-up'; kind: EmailKind };

export interface TryOptions {
  /** An accept recorded by an earlier try of the same job (possibly in another process). */
  note?: AcceptedNote | null;
  /** Called after SMTP accepted and before the commit: persist the note where the next try finds it. */
  onAccepted?: (note: AcceptedNote) => Promise<void>;
}

/** `Provisioning <no-reply@example.com>` → `example.com`. */
export function mailDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.split('@')[1]?.trim().replace(/[^A-Za-z0-9.-]/g, '');
  return domain || 'provisioner.invalid';
}

/**
 * The Message-ID of an outbox row: the same on every try, so a resend after a crash is recognisably the
 * same message (mail servers and clients drop or thread the repeat).
 */
export function outboxMessageId(row: Pick<EmailOutboxRow, 'id' | 'kind' | 'companyId'>, domain: string): string {
  return `<outbox-${row.id}.${row.kind}.${row.companyId}@${domain}>`;
}

/** Wait before the next try after `tries` refusals: doubling from base, capped, ±20% jitter. */
export function emailRetryDelay(tries: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = baseMs * 2 ** Math.min(Math.max(tries - 1, 0), 30);
  const capped = Math.min(raw, maxMs);
  return Math.max(1, Math.round(Math.min(capped * (0.8 + 0.4 * random()), maxMs)));
}

/**
 * Sends outbox emails: exactly one per row, as far as SMTP allows.
 *
 * A try claims the row (token + lease; nobody else sends it meanwhile), fixes its Message-ID, sends,
 * and records the accept. If SMTP accepted and the record failed (a Postgres blip), the accept is
 * remembered — in this process, and through `onAccepted` in the job — and the next try only retries
 * the record: it never sends again. The one window left: SMTP accepted and the process died before
 * the note was kept anywhere; then the lease runs out and another try sends the same message again,
 * with the same Message-ID (README, "Emails").
 */
export function createEmailSender(deps: EmailSenderDeps) {
  const domain = mailDomain(deps.mailFrom);
  const accepted = new Map<number, AcceptedNote>();

  async function render(row: EmailOutboxRow): Promise<RenderedEmail | null> {
    const company = await getCompany(deps.db, row.companyId);
    if (!company) return null;
    if (row.kind === 'success') {
      return renderSuccessEmail({
        companyName: company.companyName,
        companyId: company.id,
        siteUrl: company.siteUrl,
        adminEmail: company.adminEmail,
        adminPassword: company.adminPasswordEnc ? deps.secrets.open(company.adminPasswordEnc) : null,
        partial: company.status === 'Partial',
      });
    }
    // Only the step's key is read from the failed step: its stored message (ERPNext's answer, SQL,
    // a stack) is for the operator and never goes into a customer's mail.
    const steps = await listRunSteps(deps.db, row.runId);
    const failed = steps.find((s) => s.status === 'failed') ?? [...steps].sort(byRunOrder).find((s) => s.status !== 'completed' && s.status !== 'skipped');
    return renderFailureEmail({ companyName: company.companyName, companyId: company.id, failedStep: customerFailureText(failed?.stepKey) });
  }

  async function record(row: EmailOutboxRow, note: AcceptedNote, sentNow: boolean): Promise<EmailTryResult> {
    const recorded = await markEmailSent(deps.db, row, note.messageId);
    accepted.delete(row.id);
    if (!recorded) deps.logger.info({ companyId: row.companyId, outboxId: row.id }, 'email accept was already recorded');
    deps.logger.info({ companyId: row.companyId, outboxId: row.id, kind: row.kind, messageId: note.messageId, sentNow }, sentNow ? 'email sent' : 'earlier email accept recorded; not sent again');
    return { outcome: sentNow ? 'sent' : 'recorded', kind: row.kind, messageId: note.messageId };
  }

  /**
   * One try for one outbox row. Throws only for our own bookkeeping failures (Postgres, Redis): the
   * caller retries those soon, and the accepted note makes that retry a commit, not a resend.
   */
  async function tryOnce(outboxId: number, options: TryOptions = {}): Promise<EmailTryResult> {
    const row = await getOutbox(deps.db, outboxId);
    if (!row) return { outcome: 'done', kind: null, reason: 'no such row' };
    if (row.status === 'sent') {
      accepted.delete(outboxId);
      return { outcome: 'done', kind: row.kind, reason: 'already sent' };
    }
    const note = accepted.get(outboxId) ?? (options.note?.outboxId === outboxId ? options.note : null);
    // SMTP accepted this row's mail on an earlier try: record that, and never send it again.
    if (note) return record(row, note, false);
    if (row.status === 'failed') return { outcome: 'done', kind: row.kind, reason: 'failed earlier' };

    const token = randomUUID();
    const claimed = await claimOutbox(deps.db, { id: outboxId, token, leaseMs: deps.leaseMs, messageId: outboxMessageId(row, domain) });
    if (!claimed) {
      const now = await getOutbox(deps.db, outboxId);
      if (!now || now.status !== 'pending') return { outcome: 'done', kind: row.kind, reason: now?.status === 'failed' ? 'failed earlier' : 'already sent' };
      return { outcome: 'busy', kind: row.kind, until: now.claimedUntil?.getTime() ?? Date.now() + deps.leaseMs };
    }
    const log = deps.logger.child({ companyId: claimed.companyId, outboxId, kind: claimed.kind });
    const giveUpAt = claimed.createdAt.getTime() + deps.giveUpAfterMs;
    if (Date.now() >= giveUpAt) {
      const reason = `no mail server accepted it within ${deps.giveUpAfterMs} ms${claimed.lastError ? ` (last refusal: ${claimed.lastError})` : ''}`;
      if (await giveUpOutbox(deps.db, claimed, token, reason)) {
        log.error({ tries: claimed.attempts - 1, giveUpAfterMs: deps.giveUpAfterMs, lastError: claimed.lastError, passwordWiped: claimed.kind === 'success' }, 'email failed for good: given up after EMAIL_GIVE_UP_AFTER_MS');
        return { outcome: 'gave-up', kind: claimed.kind };
      }
      return { outcome: 'done', kind: claimed.kind, reason: 'already sent' };
    }

    const mail = await render(claimed);
    if (!mail) {
      await releaseOutboxClaim(deps.db, outboxId, token, `company ${claimed.companyId} does not exist`);
      return { outcome: 'done', kind: claimed.kind, reason: 'no such row' };
    }
    // claimOutbox stored the row's Message-ID before anything was sent; every try uses that one.
    const messageId = claimed.messageId ?? outboxMessageId(claimed, domain);
    try {
      await deps.transport.sendMail({ from: deps.mailFrom, to: claimed.toAddress, subject: mail.subject, text: mail.text, html: mail.html, messageId });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await releaseOutboxClaim(deps.db, outboxId, token, error);
      const at = Math.min(Date.now() + emailRetryDelay(claimed.attempts, deps.retryBaseMs, deps.retryMaxMs), giveUpAt);
      log.warn({ try: claimed.attempts, err: error, nextTryInMs: at - Date.now() }, 'email not accepted; will try again');
      return { outcome: 'retry', kind: claimed.kind, at, error };
    }
    const acceptedNote: AcceptedNote = { outboxId, messageId };
    accepted.set(outboxId, acceptedNote);
    if (options.onAccepted) {
      await options.onAccepted(acceptedNote).catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not keep the accept note in the job'));
    }
    return record(claimed, acceptedNote, true);
  }

  return { tryOnce, retryDelay: (tries: number) => emailRetryDelay(tries, deps.retryBaseMs, deps.retryMaxMs) };
}

export type EmailSender = ReturnType<typeof createEmailSender>;

function byRunOrder(a: { stepKey: string }, b: { stepKey: string }): number {
  const order = STEP_KEYS as readonly string[];
  return order.indexOf(a.stepKey) - order.indexOf(b.stepKey);
}
