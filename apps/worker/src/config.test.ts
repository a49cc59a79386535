import { ConfigError, loadWorkerConfig } from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ERPNEXT_URL: 'http://127.0.0.1:8000',
  ERPNEXT_API_KEY: 'k',
  ERPNEXT_API_SECRET: 's',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'a@b.c',
  SECRET_KEY: 'x'.repeat(32),
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
  it('demands BENCH_PATH in per-site mode, and treats an empty value as unset', () => {
    expect(() => loadWorkerConfig({ ...base, SITE_MODE: 'per-site', BENCH_PATH: '' })).toThrow(/BENCH_PATH/);
    expect(loadWorkerConfig({ ...base, SITE_MODE: 'per-site', BENCH_PATH: '/usr/bin/bench' }).BENCH_PATH).toBe('/usr/bin/bench');
  });
});
