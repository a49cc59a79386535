import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * A real SMTP server that keeps what it receives in memory: the demo's and the tests' mailbox.
 * Mail goes through the same nodemailer → SMTP path as in production; nothing is mocked.
 */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: string;
  receivedAt: Date;
}

export interface MailCatcher {
  port: number;
  url: string;
  messages: CaughtMail[];
  /** Resolves with the first message that matches, waiting for it up to timeoutMs. */
  waitFor(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** Makes the server refuse mail with a 421 (down for maintenance) until set back to false. */
  setRefusing(refusing: boolean): void;
  close(): Promise<void>;
}

export async function startMailCatcher(options: { port?: number; host?: string } = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters: Array<{ match: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void }> = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, cb) {
      if (refusing) {
        const err = Object.assign(new Error('Service not available, try again later'), { responseCode: 421 });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const mail: CaughtMail = {
              from: parsed.from?.text ?? '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              raw,
              receivedAt: new Date(),
            };
            messages.push(mail);
            for (let i = waiters.length - 1; i >= 0; i--) {
              const w = waiters[i];
              if (w && w.match(mail)) {
                waiters.splice(i, 1);
                w.resolve(mail);
              }
            }
            cb();
          },
          (err: Error) => cb(err),
        );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    waitFor(match, timeoutMs = 30_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const waiter = { match, resolve: (m: CaughtMail) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no matching email within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    setRefusing(value) {
      refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
