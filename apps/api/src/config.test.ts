import { ConfigError, loadApiConfig } from './config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/provisioner',
  REDIS_URL: 'redis://127.0.0.1:6379',
  API_TOKENS: 'alpha, beta ,,',
  BULL_BOARD_USER: 'ops',
  BULL_BOARD_PASSWORD: 'board-pass',
  SECRET_KEY: 'k'.repeat(32),
};

function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadApiConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadApiConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadApiConfig(valid);
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      siteMode: 'shared',
      queuePrefix: 'bull',
      runDeadlineMs: 600_000,
      publicBaseUrl: 'http://127.0.0.1:3000',
      siteUrlTemplate: 'http://{site}',
    });
  });

  it('splits API_TOKENS on commas, trimming and dropping empty entries', () => {
    expect(loadApiConfig(valid).apiTokens).toEqual(['alpha', 'beta']);
  });

  it('derives PUBLIC_BASE_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadApiConfig({ ...valid, PORT: '8080' }).publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(loadApiConfig({ ...valid, PUBLIC_BASE_URL: 'https://status.example.com/' }).publicBaseUrl).toBe('https://status.example.com');
  });

  it('treats an empty value as unset', () => {
    expect(loadApiConfig({ ...valid, PORT: '', SITE_MODE: '' })).toMatchObject({ port: 3000, siteMode: 'shared' });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required'],
    [{ API_TOKENS: ' , ' }, 'API_TOKENS'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ SITE_MODE: 'cluster' }, 'SITE_MODE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RUN_DEADLINE_MS: '-5' }, 'RUN_DEADLINE_MS'],
    [{ SITE_URL_TEMPLATE: 'http://example.com' }, 'SITE_URL_TEMPLATE'],
    [{ BULL_BOARD_PASSWORD: undefined }, 'BULL_BOARD_PASSWORD is required'],
  ])('fails with one line naming the variable for %p', (patch, expected) => {
    const message = errorOf({ ...valid, ...patch });
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes the secret it rejects', () => {
    expect(errorOf({ ...valid, SECRET_KEY: 'tiny-secret' })).not.toContain('tiny-secret');
  });
});
