import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { startMailCatcher, type MailCatcher } from '@provisioner/mail-catcher';
import {
  companies,
  createCompany,
  createSecretBox,
  emailOutbox,
  getOutbox,
  listEvents,
  runSteps,
  type Database,
  type EmailKind,
} from '@provisioner/db';
import { createTestDatabase, type TestDatabase } from '../../../../packages/db/src/testing/test-database';
import { createEmailSender, type EmailSenderDeps } from './email-processor';

const secrets = createSecretBox('an-email-test-secret-key-of-32-chars-or-more');
const silent = pino({ level: 'silent' });
let t: TestDatabase;
let mail: MailCatcher;

beforeAll(async () => {
  t = await createTestDatabase();
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail.close();
  await t.drop();
});

async function seed(kind: EmailKind, password = `Pw-${randomBytes(4).toString('hex')}`) {
  const tag = randomBytes(3).toString('hex');
  const { company, run } = await createCompany(
    t.db,
    {
      companyName: `Mailer ${tag} Ltd`,
      adminEmail: `admin-${tag}@mailer.test`,
      adminPasswordEnc: secrets.seal(password),
      defaultCurrency: 'USD',
      country: 'United States',
      domain: `mailer-${tag}.localhost`,
      siteName: `mailer-${tag}.localhost`,
      siteUrl: `http://mailer-${tag}.localhost`,
      siteMode: 'shared',
      notifyEmail: `owner-${tag}@mailer.test`,
    },
    { start: true, runDeadlineMs: 600_000 },
  );
  if (!run) throw new Error('no run');
  const [row] = await t.db.insert(emailOutbox).values({ companyId: company.id, runId: run.id, kind, toAddress: company.notifyEmail }).returning();
  if (!row) throw new Error('no outbox row');
  return { company, run, outbox: row, password };
}

function sender(overrides: Partial<EmailSenderDeps> = {}) {
  return createEmailSender({
    db: t.db,
    transport: nodemailer.createTransport(mail.url),
    mailFrom: 'Provisioning <no-reply@fleet.example>',
    secrets,
    logger: silent,
    leaseMs: 60_000,
    giveUpAfterMs: 3_600_000,
    retryBaseMs: 100,
    retryMaxMs: 1_000,
    ...overrides,
  });
}

const mailsTo = (address: string) => mail.messages.filter((m) => m.to.includes(address));

async function passwordOf(companyId: string): Promise<string | null> {
  const [row] = await t.db.select({ p: companies.adminPasswordEnc }).from(companies).where(eq(companies.id, companyId));
  return row?.p ?? null;
}

describe('email sender', () => {
  it('sends a row once when two senders try it at the same time', async () => {
    const { outbox } = await seed('success');
    const results = await Promise.all([sender().tryOnce(outbox.id), sender().tryOnce(outbox.id)]);
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(1);
    // The other found the row held (busy) or, if it looked late, already sent.
    expect(results.filter((r) => r.outcome === 'busy' || r.outcome === 'done')).toHaveLength(1);
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
    // The row is sent: any later try, by anyone, sends nothing.
    expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'done', reason: 'already sent' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
  });

  it('lets a second sender take a row only after the first sender\'s lease ran out', async () => {
    const { outbox } = await seed('failure');
    // A sender claimed the row and died: its lease still runs.
    await t.db.update(emailOutbox).set({ claimToken: 'dead-sender', claimedUntil: new Date(Date.now() + 60_000) }).where(eq(emailOutbox.id, outbox.id));
    expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'busy' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(0);
    await t.db.update(emailOutbox).set({ claimedUntil: new Date(Date.now() - 1) }).where(eq(emailOutbox.id, outbox.id));
    expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'sent' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
  });

  it('stores a deterministic Message-ID before sending and uses it on every try', async () => {
    const { outbox, company } = await seed('success');
    const expected = `<outbox-${outbox.id}.success.${company.id}@fleet.example>`;
    mail.setRefusing(true);
    try {
      expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'retry' });
    } finally {
      mail.setRefusing(false);
    }
    const refused = await getOutbox(t.db, outbox.id);
    expect(refused).toMatchObject({ status: 'pending', messageId: expected, claimToken: null });
    expect(refused?.lastError).toContain('Service not available');
    expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'sent', messageId: expected });
    const [caught] = mailsTo(outbox.toAddress);
    expect(caught?.messageId).toBe(expected);
    expect((await getOutbox(t.db, outbox.id))?.messageId).toBe(expected);
  });

  it('retries a refused email until the give-up time, then marks it failed and wipes the password', async () => {
    const { outbox, company } = await seed('success');
    const s = sender({ giveUpAfterMs: 1_500 });
    mail.setRefusing(true);
    try {
      const first = await s.tryOnce(outbox.id);
      expect(first.outcome).toBe('retry');
      // Never scheduled past the give-up time.
      if (first.outcome === 'retry') expect(first.at).toBeLessThanOrEqual(outbox.createdAt.getTime() + 1_500);
      expect(await passwordOf(company.id)).not.toBeNull();
      await new Promise((r) => setTimeout(r, 1_600));
      expect(await s.tryOnce(outbox.id)).toMatchObject({ outcome: 'gave-up', kind: 'success' });
    } finally {
      mail.setRefusing(false);
    }
    const row = await getOutbox(t.db, outbox.id);
    expect(row).toMatchObject({ status: 'failed', claimToken: null });
    expect(row?.lastError).toContain('no mail server accepted it within 1500 ms');
    expect(await passwordOf(company.id)).toBeNull();
    const events = await listEvents(t.db, company.id);
    expect(events.some((e) => e.type === 'email_failed')).toBe(true);
    // Failed for good: nothing sends it later.
    expect(await s.tryOnce(outbox.id)).toMatchObject({ outcome: 'done', reason: 'failed earlier' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(0);
  });

  it('does not send again when SMTP accepted and recording the send failed: it only retries the record', async () => {
    const { outbox, company, password } = await seed('success');
    const s = sender({ db: failingTransactions(t.db, 1) });
    // The mark-sent transaction fails once, as when PostgreSQL drops the connection.
    await expect(s.tryOnce(outbox.id)).rejects.toThrow('Connection terminated unexpectedly');
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
    expect(mailsTo(outbox.toAddress)[0]?.text).toContain(password);
    expect((await getOutbox(t.db, outbox.id))?.status).toBe('pending');
    expect(await s.tryOnce(outbox.id)).toMatchObject({ outcome: 'recorded' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
    expect((await getOutbox(t.db, outbox.id))?.status).toBe('sent');
    expect(await passwordOf(company.id)).toBeNull();
  });

  it('lets another process record an accept from the note the job kept, without sending again', async () => {
    const { outbox } = await seed('failure');
    let kept: unknown = null;
    await expect(
      sender({ db: failingTransactions(t.db, 1) }).tryOnce(outbox.id, {
        onAccepted: async (note) => {
          kept = note;
        },
      }),
    ).rejects.toThrow();
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
    // A fresh sender (another worker process) picks the job up with the note from its progress.
    expect(await sender().tryOnce(outbox.id, { note: kept as never })).toMatchObject({ outcome: 'recorded' });
    expect(mailsTo(outbox.toAddress)).toHaveLength(1);
    expect((await getOutbox(t.db, outbox.id))?.status).toBe('sent');
  });

  it('tells the customer which step failed in plain words, and no error text, SQL or code', async () => {
    const { outbox, run, company } = await seed('failure');
    await t.db
      .update(runSteps)
      .set({
        status: 'failed',
        error: {
          code: 'INTERNAL_ERROR',
          retryable: false,
          message: 'Failed query: insert into "accounts" values ($1) params: Cash at Tx.run (/srv/worker/step-processor.ts:88:13)',
          hint: 'Check PostgreSQL, then POST /continue',
        },
      })
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.stepKey, 'chart_of_accounts')));
    await t.db.update(companies).set({ status: 'Failed', provisioningNotes: 'chart_of_accounts: INTERNAL_ERROR: Failed query: insert' }).where(eq(companies.id, company.id));
    expect(await sender().tryOnce(outbox.id)).toMatchObject({ outcome: 'sent' });
    const [m] = mailsTo(outbox.toAddress);
    expect(m?.subject).toBe(`Site Provisioning Failed: ${company.companyName}`);
    for (const part of [m?.text ?? '', m?.html ?? '']) {
      expect(part).toContain("We could not create your company");
      expect(part).toContain('Chart of accounts');
      expect(part).toContain(company.id);
      for (const internal of ['INTERNAL_ERROR', 'Failed query', 'insert into', 'params:', 'step-processor.ts', 'PostgreSQL', '/continue']) expect(part).not.toContain(internal);
    }
    expect(m?.text).toContain(`Reply to this email with the reference ${company.id}`);
  });
});

/** The database, with its first `n` transactions failing as a dropped connection does. */
function failingTransactions(db: Database, n: number): Database {
  let left = n;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return (...args: Parameters<Database['transaction']>) => {
          if (left > 0) {
            left--;
            return Promise.reject(new Error('Connection terminated unexpectedly'));
          }
          return target.transaction(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
