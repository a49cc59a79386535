import { isPostgresJsClosedSocketWrite } from './postgres-socket-guard';

describe('the postgres.js closed-socket guard', () => {
  it('recognises only the TypeError postgres.js throws from connection.js', () => {
    const race = new TypeError("Cannot read properties of null (reading 'write')");
    race.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at nextWrite (/app/node_modules/postgres/cjs/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:491:21)`;
    expect(isPostgresJsClosedSocketWrite(race)).toBe(true);

    const ours = new TypeError("Cannot read properties of null (reading 'write')");
    ours.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at send (/app/apps/worker/src/notifications/email-worker.ts:10:3)`;
    expect(isPostgresJsClosedSocketWrite(ours)).toBe(false);
    expect(isPostgresJsClosedSocketWrite(new Error('boom'))).toBe(false);
  });
});
