/**
 * postgres.js 3.4.9 can throw from a `setImmediate` when PostgreSQL ends a connection (a restart, a
 * `pg_terminate_backend`) while a write to it is pending: `TypeError: Cannot read properties of null
 * (reading 'write')` in connection.js `nextWrite` (porsager/postgres#1154, #1066, #1208; the guards
 * proposed upstream are not released). Nothing can catch it, so it would kill the api or the worker
 * on an ordinary database blip. The query on that connection fails on its own and our callers retry
 * it, so this one error is logged and ignored; any other uncaught exception still ends the process,
 * as Node's default does (or is left to another handler, e.g. a test runner's).
 */
let installed = false;

export function isPostgresJsClosedSocketWrite(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /Cannot read properties of null \(reading 'write'\)/.test(err.message) &&
    /[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(err.stack ?? '')
  );
}

export function guardPostgresJsSocketRace(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err, origin) => {
    if (isPostgresJsClosedSocketWrite(err)) {
      process.stderr.write('postgres.js wrote to a connection PostgreSQL had already closed; ignored (its query fails and is retried)\n');
      return;
    }
    if (process.listenerCount('uncaughtException') > 1) return;
    process.stderr.write(`${origin}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
