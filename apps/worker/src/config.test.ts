import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadWorkerConfig } from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ERPNEXT_URL: 'http://127.0.0.1:8000',
  ERPNEXT_API_KEY: 'k',
  ERPNEXT_API_SECRET: 's',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'a@b.c',
  SECRET_KEY: '3f0a9c27e5d14b86a0c2f7e91d3b5a64',
};

describe('worker configuration', () => {
  it('applies defaults', () => {
    const c = loadWorkerConfig(base);
    expect(c.SITE_MODE).toBe('shared');
    expect(c.WORKER_CONCURRENCY).toBe(5);
  });
  it('names the bad variable in one line', () => {
    expect(() => loadWorkerConfig({ ...base, REDIS_URL: undefined })).toThrow(new ConfigError('invalid configuration: REDIS_URL is missing'));
    expect(() => loadWorkerConfig({ ...base, WORKER_CONCURRENCY: 'lots' })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => loadWorkerConfig({ ...base, SECRET_KEY: 'short' })).toThrow(/SECRET_KEY .*32/);
  });
  it('refuses a weak SECRET_KEY at start-up with one line naming it, without echoing it', () => {
    for (const weak of ['change-me-to-a-long-random-string-of-32+chars', 'x'.repeat(32), '3f0a9c27e5d14b86']) {
      let message = '';
      try {
        loadWorkerConfig({ ...base, SECRET_KEY: weak });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message).toMatch(/^invalid configuration: SECRET_KEY (is the \.env\.example placeholder|is too weak|must be at least 32)/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(weak);
    }
  });
  it('demands BENCH_PATH in per-site mode, and treats an empty value as unset', () => {
    expect(() => loadWorkerConfig({ ...base, SITE_MODE: 'per-site', BENCH_PATH: '', BENCH_DIR: benchDir })).toThrow(/BENCH_PATH/);
    expect(loadWorkerConfig({ ...base, SITE_MODE: 'per-site', BENCH_PATH: '/usr/bin/bench', BENCH_DIR: benchDir }).BENCH_PATH).toBe('/usr/bin/bench');
  });

  it('demands a real bench directory in per-site mode', () => {
    const perSite = { ...base, SITE_MODE: 'per-site', BENCH_PATH: '/usr/bin/bench' };
    expect(() => loadWorkerConfig(perSite)).toThrow(new ConfigError('invalid configuration: BENCH_DIR is missing'));
    expect(() => loadWorkerConfig({ ...perSite, BENCH_DIR: 'frappe-bench' })).toThrow(new ConfigError('invalid configuration: BENCH_DIR must be an absolute path'));
    expect(() => loadWorkerConfig({ ...perSite, BENCH_DIR: os.tmpdir() })).toThrow(/BENCH_DIR is not a bench directory \(it has no sites\/ folder\)/);
    expect(loadWorkerConfig({ ...perSite, BENCH_DIR: benchDir }).BENCH_DIR).toBe(benchDir);
    // Shared mode has no use for it.
    expect(loadWorkerConfig(base).BENCH_DIR).toBeUndefined();
  });

  it('applies the slow-call and bench defaults', () => {
    const c = loadWorkerConfig(base);
    expect(c.ERPNEXT_SLOW_TIMEOUT_MS).toBe(300_000);
    expect(c.BENCH_TIMEOUT_MS).toBe(600_000);
    expect(c.BENCH_DB_ROOT_USER).toBe('root');
    expect(c.BENCH_DB_ROOT_PASSWORD).toBeUndefined();
    expect(c.BENCH_POST_CREATE_COMMANDS).toEqual([]);
    expect(() => loadWorkerConfig({ ...base, ERPNEXT_SLOW_TIMEOUT_MS: 'slow' })).toThrow(/ERPNEXT_SLOW_TIMEOUT_MS/);
  });

  it('reads the post-create commands as argument arrays and rejects anything else in one line that shows the expected shape', () => {
    const commands = [['bench', 'setup', 'nginx', '--yes'], ['sudo', '-n', 'nginx', '-s', 'reload']];
    expect(loadWorkerConfig({ ...base, BENCH_POST_CREATE_COMMANDS: JSON.stringify(commands) }).BENCH_POST_CREATE_COMMANDS).toEqual(commands);
    for (const bad of ['[["bench","setup"', 'bench setup nginx --yes', '["bench","setup","nginx"]', '[[]]', '[["bench", 1]]', '{"a":["b"]}']) {
      let message = '';
      try {
        loadWorkerConfig({ ...base, BENCH_POST_CREATE_COMMANDS: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^invalid configuration: BENCH_POST_CREATE_COMMANDS (is not valid JSON|must be a JSON array of argument arrays)/);
      expect(message).not.toContain('\n');
    }
  });

  it('never names the root password in an error, and validates the host scope', () => {
    expect(loadWorkerConfig({ ...base, BENCH_DB_ROOT_PASSWORD: 'r00t-pw', BENCH_DB_USER_HOST_SCOPE: '%' })).toMatchObject({ BENCH_DB_ROOT_PASSWORD: 'r00t-pw', BENCH_DB_USER_HOST_SCOPE: '%' });
    expect(() => loadWorkerConfig({ ...base, BENCH_DB_USER_HOST_SCOPE: "%' OR 1" })).toThrow(/BENCH_DB_USER_HOST_SCOPE must be a MariaDB host pattern/);
    expect(() => loadWorkerConfig({ ...base, BENCH_DB_ROOT_PASSWORD: 'r00t-pw', REDIS_URL: undefined })).not.toThrow(/r00t-pw/);
  });

  it('gives bench a minimal environment: the base variables and the pass-through list, never a secret', () => {
    const env = { ...base, PATH: '/usr/bin:/bin', HOME: '/home/frappe', LANG: 'C.UTF-8', API_TOKENS: 't', ERPNEXT_SIM_CONTROL_URL: 'http://127.0.0.1:9' };
    expect(loadWorkerConfig(env).BENCH_ENV).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/frappe', LANG: 'C.UTF-8' });
    expect(loadWorkerConfig({ ...env, BENCH_ENV_PASSTHROUGH: 'ERPNEXT_SIM_CONTROL_URL, NOT_SET' }).BENCH_ENV).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/frappe',
      LANG: 'C.UTF-8',
      ERPNEXT_SIM_CONTROL_URL: 'http://127.0.0.1:9',
    });
    for (const secret of ['DATABASE_URL', 'SECRET_KEY', 'ERPNEXT_API_SECRET', 'API_TOKENS', 'SMTP_URL', 'BENCH_DB_ROOT_PASSWORD', 'MY_TOKEN']) {
      expect(() => loadWorkerConfig({ ...env, BENCH_ENV_PASSTHROUGH: `LANG,${secret}` })).toThrow(new ConfigError(`invalid configuration: BENCH_ENV_PASSTHROUGH must not pass ${secret} to bench (secrets of the worker never reach bench)`));
    }
    expect(() => loadWorkerConfig({ ...env, BENCH_ENV_PASSTHROUGH: 'A B' })).toThrow(/BENCH_ENV_PASSTHROUGH must be a comma-separated list/);
  });
});

let benchDir: string;
beforeAll(() => {
  benchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-config-'));
  fs.mkdirSync(path.join(benchDir, 'sites'));
});
afterAll(() => fs.rmSync(benchDir, { recursive: true, force: true }));
