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
  /**
   * Takes the server down as an outage does: stops listening (connections are refused) and drops
   * open sessions. Mail received so far is kept.
   */
  stop(): Promise<void>;
  /** Replaces the onAccepted hook (see MailCatcherOptions); null removes it. */
  setOnAccepted(hook: ((mail: CaughtMail) => void) | null): void;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  port?: number;
  host?: string;
  /**
   * Called right after the server answered 250 to a message (the client now knows it was accepted):
   * lets a test kill the sender between the accept and whatever the sender does next.
   */
  onAccepted?: (mail: CaughtMail) => void;
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters: Array<{ match: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void }> = [];
  let refusing = false;
  let onAccepted = options.onAccepted ?? null;
  const makeServer = () => new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
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
            onAccepted?.(mail);
          },
          (err: Error) => cb(err),
        );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  const listen = async (server: SMTPServer, port: number) => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  };
  let server: SMTPServer | null = makeServer();
  await listen(server, options.port ?? 0);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shutdown = async () => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
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
    setOnAccepted(hook) {
      onAccepted = hook;
    },
    stop: shutdown,
    async start() {
      if (server) return;
      const next = makeServer();
      await listen(next, port);
      server = next;
    },
    close: shutdown,
  };
}
