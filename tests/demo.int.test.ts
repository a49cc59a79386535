import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { TEST_ADMIN_URL } from '../packages/db/src/testing/test-database';

// The README's quick start: `npm run demo -- --once` runs the api and the worker as their own
// processes, configured by the environment, and exits 0 once the sample company is Active.
const ROOT = path.resolve(__dirname, '..');

function runDemo(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/demo.ts'), '--once'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 170_000 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? Number((err as { code?: unknown }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });
}

describe('npm run demo -- --once', () => {
  const dbName = `prov_t_${process.pid}_demo`;
  afterAll(async () => {
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
    // The per-site run's bench directory (scripts/demo.ts names it after the database).
    fs.rmSync(path.join(ROOT, '.demo', `bench-${dbName}`), { recursive: true, force: true });
  });

  it.each(['shared', 'per-site'])('provisions the sample company in %s mode, prints the email and the URLs, and exits 0', async (mode) => {
    const { code, stdout } = await runDemo({ SITE_MODE: mode, DEMO_DATABASE_NAME: dbName, LOG_LEVEL: 'warn' });
    expect({ code, tail: stdout.split('\n').slice(-12).join('\n') }).toMatchObject({ code: 0 });
    expect(stdout).toContain('Subject: Your Site is Ready: Acme Corporation');
    expect(stdout).toContain('Site: http://acme.localhost');
    expect(stdout).toMatch(/Bull Board: +http:\/\/127\.0\.0\.1:\d+\/admin\/queues/);
    expect(stdout).toMatch(/Status page: +http:\/\/127\.0\.0\.1:\d+\/status\//);
  });

  it('says in one line how to start Redis when it does not answer, and exits non-zero', async () => {
    const { code, stdout } = await runDemo({ DEMO_REDIS_URL: 'redis://127.0.0.1:1', DEMO_DATABASE_NAME: dbName });
    expect(code).not.toBe(0);
    expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(/^Redis does not answer at 127\.0\.0\.1:1 — start it with: redis-server /)]);
  });
});
