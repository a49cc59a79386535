import { runCli } from './cli';

/**
 * The `provision` process: wires the real stdout/stderr, environment and Ctrl-C into runCli, and
 * exits with its code. Everything else lives in cli.ts so tests can drive it in-process too.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// `provision logs ID | head`: a reader that goes away is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
process.once('SIGTERM', () => interrupt.abort());

runCli(process.argv.slice(2), { env: process.env, io: { stdout: process.stdout, stderr: process.stderr }, signal: interrupt.signal, readStdin }).then(
  (code) => {
    process.exitCode = code;
    // Open sockets (a Redis or Postgres check that is still closing) must not hold the exit up.
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`provision: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
