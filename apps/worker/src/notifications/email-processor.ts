import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type pino from 'pino';
import {
  getCompany,
  getOutbox,
  listRunSteps,
  markEmailAttemptFailed,
  markEmailSent,
  type Database,
  type SecretBox,
} from '@provisioner/db';
import { emailJobDataSchema, stepTitle } from '@provisioner/jobs';
import { renderFailureEmail, renderSuccessEmail } from './email-templates';

export interface EmailProcessorDeps {
  db: Database;
  transport: Transporter;
  mailFrom: string;
  secrets: SecretBox;
  logger: pino.Logger;
}

/**
 * Sends one outbox email. Exactly one per outcome per run: the outbox row is unique per (run, kind),
 * the job id is derived from it, and a row already `sent` is never sent again. The only window for a
 * duplicate is an SMTP accept followed by a crash before the row is marked; the Message-ID is stable
 * per row so a receiving server can drop the repeat.
 */
export function createEmailProcessor(deps: EmailProcessorDeps) {
  return async function processEmail(job: Job): Promise<{ sent: boolean; reason?: string }> {
    const parsed = emailJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed email job data');
    const outbox = await getOutbox(deps.db, parsed.data.outboxId);
    if (!outbox) throw new UnrecoverableError(`outbox row ${parsed.data.outboxId} does not exist`);
    if (outbox.status === 'sent') return { sent: false, reason: 'already sent' };
    const company = await getCompany(deps.db, outbox.companyId);
    if (!company) throw new UnrecoverableError(`company ${outbox.companyId} does not exist`);

    let mail;
    if (outbox.kind === 'success') {
      mail = renderSuccessEmail({
        companyName: company.companyName,
        companyId: company.id,
        siteUrl: company.siteUrl,
        adminEmail: company.adminEmail,
        adminPassword: company.adminPasswordEnc ? deps.secrets.open(company.adminPasswordEnc) : null,
        partial: company.status === 'Partial',
      });
    } else {
      const steps = await listRunSteps(deps.db, outbox.runId);
      const failed = steps.find((s) => s.status === 'failed' && s.error);
      mail = renderFailureEmail({
        companyName: company.companyName,
        companyId: company.id,
        failedStep: failed ? stepTitle(failed.stepKey) : null,
        reason: failed?.error?.message ?? company.provisioningNotes ?? 'an unexpected error',
      });
    }
    const messageId = `<outbox-${outbox.id}.${company.id}@provisioner.local>`;
    try {
      await deps.transport.sendMail({ from: deps.mailFrom, to: outbox.toAddress, subject: mail.subject, text: mail.text, html: mail.html, messageId });
    } catch (err) {
      const attempts = job.opts.attempts ?? 1;
      const final = job.attemptsMade + 1 >= attempts;
      const message = err instanceof Error ? err.message : String(err);
      await markEmailAttemptFailed(deps.db, outbox, message, final);
      deps.logger.warn({ companyId: company.id, outboxId: outbox.id, attempt: job.attemptsMade + 1, final, err: message }, 'email not accepted');
      throw err;
    }
    await markEmailSent(deps.db, outbox, messageId);
    deps.logger.info({ companyId: company.id, outboxId: outbox.id, kind: outbox.kind }, 'email sent');
    return { sent: true };
  };
}
