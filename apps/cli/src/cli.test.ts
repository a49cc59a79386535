import { runCli } from './cli';
import { EXIT } from './exit-codes';

function capture(isTTY = false) {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (t: string) => (stdout += t), isTTY }, stderr: { write: (t: string) => (stderr += t) } },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

// An address nothing listens on: any request the CLI makes fails fast with ECONNREFUSED.
const env = { PROVISION_API_URL: 'http://127.0.0.1:9', PROVISION_API_TOKEN: 't' };

describe('the provision command line', () => {
  it('lists every command and the exit codes in its help', async () => {
    const c = capture();
    await expect(runCli(['--help'], { env, io: c.io })).resolves.toBe(EXIT.OK);
    for (const name of ['create', 'status', 'list', 'logs', 'continue', 'retry', 'diagnose']) expect(c.stdout).toContain(`  ${name}`);
    expect(c.stdout).toContain('Exit codes:');
  });

  it('exits 2 without sending anything for an unknown command, flag or a missing id', async () => {
    for (const argv of [['launch'], ['status'], ['list', '--colour'], ['status', 'COMP-2026-00001', 'extra'], ['status', 'acme']]) {
      const c = capture();
      await expect(runCli(argv, { env, io: c.io })).resolves.toBe(EXIT.USAGE);
      expect(c.stderr).toMatch(/^provision: /);
    }
  });

  it('puts a usage error on stdout as a JSON error envelope with --json', async () => {
    const c = capture();
    await expect(runCli(['status', '--json'], { env, io: c.io })).resolves.toBe(EXIT.USAGE);
    expect(JSON.parse(c.stdout)).toEqual({ success: false, error: { code: 'USAGE', message: 'status needs <ID>' } });
    expect(c.stderr).toBe('');
  });

  it('refuses create without any company fields before calling the API', async () => {
    const c = capture();
    await expect(runCli(['create'], { env, io: c.io })).resolves.toBe(EXIT.USAGE);
    expect(c.stderr).toContain('--company-name');
  });

  it('refuses a --file that is not a JSON object with exit 2', async () => {
    const c = capture();
    await expect(runCli(['create', '--file', '-'], { env, io: c.io, readStdin: async () => '[1,2]' })).resolves.toBe(EXIT.USAGE);
    expect(c.stderr).toContain('must hold one JSON object');
  });

  it('exits 3 naming the address when the API does not answer', async () => {
    const c = capture();
    await expect(runCli(['list'], { env, io: c.io })).resolves.toBe(EXIT.API_UNAVAILABLE);
    expect(c.stderr).toContain('Cannot reach the API at http://127.0.0.1:9');
  });
});
