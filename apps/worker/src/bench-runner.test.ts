import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBenchRunner } from './bench-runner';

// The runner against real processes: a tiny "bench" script that reports what it was given.
let dir: string;
let fakeBench: string;
const node = process.execPath;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.mkdirSync(path.join(dir, 'sites', 'half.localhost'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sites', 'half.localhost', 'site_config.json'), '{}');
  fakeBench = path.join(dir, 'fake-bench');
  // Prints its cwd, argv, environment names and what stdin holds, then exits with argv's "--exit N".
  fs.writeFileSync(
    fakeBench,
    `#!${node}
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const args = process.argv.slice(2);
  if (args[0] === 'sleep') { setTimeout(() => undefined, 60_000); return; }
  const i = args.indexOf('--exit');
  process.stdout.write(JSON.stringify({ cwd: process.cwd(), args, env: Object.keys(process.env).sort(), stdin: Buffer.concat(chunks).toString() }));
  process.stderr.write('bench stderr');
  process.exit(i === -1 ? 0 : Number(args[i + 1]));
});
`,
    { mode: 0o755 },
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runner(timeoutMs = 10_000) {
  return createBenchRunner({
    benchPath: fakeBench,
    benchDir: dir,
    timeoutMs,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    database: { rootUser: 'root', rootPassword: 'root-secret' },
    postCreateCommands: [['bench', 'setup', 'nginx', '--yes']],
  });
}

describe('bench runner', () => {
  it('runs bench in the bench directory with only the environment it was given and stdin closed', async () => {
    process.env.DATABASE_URL_FOR_THIS_TEST = 'postgres://secret';
    try {
      const res = await runner().run(['--site', 'a.localhost', 'list-apps', '--format', 'json']);
      expect(res.exitCode).toBe(0);
      const seen = JSON.parse(res.stdout) as { cwd: string; args: string[]; env: string[]; stdin: string };
      expect(fs.realpathSync(seen.cwd)).toBe(fs.realpathSync(dir));
      expect(seen.args).toEqual(['--site', 'a.localhost', 'list-apps', '--format', 'json']);
      // Node itself may add a variable or two; none of the worker's own gets through.
      expect(seen.env).toEqual(expect.arrayContaining(['HOME', 'PATH']));
      expect(seen.env).not.toContain('DATABASE_URL_FOR_THIS_TEST');
      // stdin ended at once (a prompt would read EOF, not wait for a terminal).
      expect(seen.stdin).toBe('');
      expect(res.stderr).toBe('bench stderr');
    } finally {
      delete process.env.DATABASE_URL_FOR_THIS_TEST;
    }
  });

  it('reports a non-zero exit as its code, not as an error', async () => {
    const res = await runner().run(['new-site', 'x.localhost', '--exit', '3']);
    expect(res.exitCode).toBe(3);
  });

  it('kills a bench that outlives the timeout and says so', async () => {
    await expect(runner(300).run(['sleep'])).rejects.toMatchObject({ timedOut: true, timeoutMs: 300, message: expect.stringContaining('did not finish within 300 ms') });
  });

  it('rejects with ENOENT when the executable does not exist', async () => {
    const missing = createBenchRunner({ benchPath: path.join(dir, 'no-such-bench'), benchDir: dir, timeoutMs: 1_000, env: { PATH: '/usr/bin:/bin' } });
    await expect(missing.run(['--version'])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('runs a post-create command whose argv starts with "bench" through BENCH_PATH, others by PATH', async () => {
    const r = runner();
    expect(r.postCreateCommands).toEqual([['bench', 'setup', 'nginx', '--yes']]);
    const viaBench = await r.runCommand?.(['bench', 'setup', 'nginx', '--yes']);
    expect(JSON.parse(viaBench?.stdout ?? '{}')).toMatchObject({ args: ['setup', 'nginx', '--yes'] });
    const other = await r.runCommand?.(['sh', '-c', 'pwd']);
    expect(fs.realpathSync((other?.stdout ?? '').trim())).toBe(fs.realpathSync(dir));
  });

  it('knows whether a site has a site_config.json, and never looks outside sites/', async () => {
    const r = runner();
    expect(await r.siteConfigExists?.('half.localhost')).toBe(true);
    expect(await r.siteConfigExists?.('none.localhost')).toBe(false);
    expect(await r.siteConfigExists?.('../sites/half.localhost')).toBe(false);
  });
});
