import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { companies, emailOutbox } from '@provisioner/db';
import { startStack, type Stack } from '../support/stack';
import { expectAllActive, outcomesOf, signUp, sleep } from './support/outcomes';

// Issue 8 / README "Emails": the one duplicate window left. The mail server accepted the success
// email (250), and the worker process is killed before it recorded that. Nothing in PostgreSQL says
// the mail went out, so once the dead sender's lease ends another worker sends it again — once, with
// the same Message-ID. At most one duplicate; never none delivered.
const ROOT = path.resolve(__dirname, '../..');

function spawnWorker(stack: Stack): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/worker/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...stack.workerEnv, JOB_LOCK_MS: '1500', EMAIL_LEASE_MS: '3000', LOG_LEVEL: process.env.WORKER_TEST_LOG ? 'debug' : 'silent' },
    stdio: process.env.WORKER_TEST_LOG ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
}

function exitOf(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(null);
    else child.once('exit', resolve);
  });
}

describe('chaos: the mail server accepts, then the worker is killed before the commit', () => {
  const children: ChildProcess[] = [];
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ startWorker: false });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stack.close();
  });

  it('delivers the success email with at most one duplicate, both with the same Message-ID, and records it once', async () => {
    const doomed = spawnWorker(stack);
    children.push(doomed);
    let killedAt: number | null = null;
    // The moment the server has answered 250, the sender dies: before it can mark the row sent.
    stack.mail.setOnAccepted(() => {
      if (killedAt !== null) return;
      killedAt = Date.now();
      doomed.kill('SIGKILL');
    });
    const [signup] = await signUp(stack, 1, 'Killed Mid Mail');
    if (!signup) throw new Error('no signup');
    expectAllActive(await outcomesOf(stack, [signup], 3 * 60_000));
    const subject = `Your Site is Ready: ${signup.name}`;
    await stack.mail.waitFor((m) => m.subject === subject, 120_000);
    await exitOf(doomed);
    expect(killedAt).not.toBeNull();

    const rescuer = spawnWorker(stack);
    children.push(rescuer);
    const until = Date.now() + 120_000;
    let row = null;
    while (Date.now() < until) {
      [row] = await stack.db.db.select().from(emailOutbox).where(eq(emailOutbox.companyId, signup.id));
      if (row?.status === 'sent') break;
      await sleep(250);
    }
    expect(row?.status).toBe('sent');
    // A duplicate would arrive moments later: give it the time to show up.
    await sleep(4_000);

    const copies = stack.mail.messages.filter((m) => m.subject === subject);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.length).toBeLessThanOrEqual(2);
    const expectedId = `<outbox-${row?.id}.success.${signup.id}@test.local>`;
    expect(copies.map((m) => m.messageId)).toEqual(copies.map(() => expectedId));
    const [company] = await stack.db.db.select({ p: companies.adminPasswordEnc }).from(companies).where(eq(companies.id, signup.id));
    expect(company?.p ?? null).toBeNull();

    rescuer.kill('SIGTERM');
    await exitOf(rescuer);
  }, 6 * 60_000);
});
