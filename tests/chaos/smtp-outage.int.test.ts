import { eq, inArray } from 'drizzle-orm';
import { companies, emailOutbox } from '@provisioner/db';
import { startStack } from '../support/stack';
import { expectAllActive, expectOneSuccessEmailEach, outcomesOf, signUp, sleep } from './support/outcomes';

// Issue 8: an SMTP outage longer than any retry budget of old (12 tries, ~68 min in production,
// seconds here) must lose no email and double none. The mail server is down for 3 minutes while the
// companies finish; the emails wait (retried with growing waits, capped) and go out once it is back.
const OUTAGE_MS = 3 * 60_000;
const COMPANIES = 6;

describe('chaos: the mail server is down for 3 minutes', () => {
  it('delivers every email exactly once after the mail server comes back, and wipes each password then', async () => {
    // Waits between tries grow to 10 s here (10 min in production), so the test sees the recovery soon.
    const stack = await startStack({ workerEnv: { EMAIL_RETRY_MAX_MS: '10000' } });
    try {
      const down = Date.now();
      await stack.mail.stop();
      const signups = await signUp(stack, COMPANIES, 'Mailless');
      expectAllActive(await outcomesOf(stack, signups, 5 * 60_000));
      const ids = signups.map((s) => s.id);

      // The whole outage: every email is still owed, none lost, the passwords still kept for them.
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
      expect(stack.mail.messages).toHaveLength(0);
      const waiting = await stack.db.db.select().from(emailOutbox).where(inArray(emailOutbox.companyId, ids));
      expect(waiting.map((r) => r.status)).toEqual(ids.map(() => 'pending'));
      expect(Math.min(...waiting.map((r) => r.attempts))).toBeGreaterThan(3);
      for (const id of ids) {
        const [c] = await stack.db.db.select({ p: companies.adminPasswordEnc }).from(companies).where(eq(companies.id, id));
        expect(c?.p).not.toBeNull();
      }

      await stack.mail.start();
      await expectOneSuccessEmailEach(stack, signups);
      const rows = await stack.db.db.select().from(emailOutbox).where(inArray(emailOutbox.companyId, ids));
      expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'sent'));
      for (const id of ids) {
        const [c] = await stack.db.db.select({ p: companies.adminPasswordEnc }).from(companies).where(eq(companies.id, id));
        expect({ id, password: c?.p ?? null }).toEqual({ id, password: null });
      }
    } finally {
      await stack.close();
    }
  }, 10 * 60_000);
});
