import { ConfigError, loadApiConfig } from './config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/provisioner',
  REDIS_URL: 'redis://127.0.0.1:6379',
  API_TOKENS: 'alpha-4f1c9e27d80b36a5e1f2, beta-0c6d2b8e9a17f4532d6e ,,',
  BULL_BOARD_USER: 'ops',
  BULL_BOARD_PASSWORD: 'board-7c1e5a9d3f20b846',
  SECRET_KEY: '3f0a9c27e5d14b86a0c2f7e91d3b5a64',
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
      dbPoolMax: 20,
      sseMaxPerCompany: 20,
      sseMaxTotal: 1000,
      rateLimitPublicPerMinute: 120,
      rateLimitAuthFailuresPerMinute: 20,
      trustProxy: false,
    });
  });

  it('reads TRUST_PROXY as false, a hop count, or a list of proxy addresses', () => {
    expect(loadApiConfig({ ...valid, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadApiConfig({ ...valid, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadApiConfig({ ...valid, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('splits API_TOKENS on commas, trimming and dropping empty entries', () => {
    expect(loadApiConfig(valid).apiTokens).toEqual(['alpha-4f1c9e27d80b36a5e1f2', 'beta-0c6d2b8e9a17f4532d6e']);
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
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'my-proxy' }, 'TRUST_PROXY'],
    [{ SSE_MAX_TOTAL: '0' }, 'SSE_MAX_TOTAL'],
    [{ SSE_MAX_PER_COMPANY: 'many' }, 'SSE_MAX_PER_COMPANY'],
    [{ DB_POOL_MAX: '1' }, 'DB_POOL_MAX'],
    [{ RATE_LIMIT_PUBLIC_PER_MINUTE: '-1' }, 'RATE_LIMIT_PUBLIC_PER_MINUTE'],
    [{ RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 'x' }, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE'],
  ])('fails with one line naming the variable for %p', (patch, expected) => {
    const message = errorOf({ ...valid, ...patch });
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes the secret it rejects', () => {
    expect(errorOf({ ...valid, SECRET_KEY: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(errorOf({ ...valid, API_TOKENS: 'fine-token-0a1b2c3d4e5f6a7b8c9d,short-1' })).not.toContain('short-1');
  });
});

describe('loadApiConfig refuses weak secrets at start-up', () => {
  // What .env.example ships: each must be replaced before the api starts.
  it.each([
    ['API_TOKENS', 'change-me-token'],
    ['BULL_BOARD_PASSWORD', 'change-me'],
    ['SECRET_KEY', 'change-me-to-a-long-random-string-of-32+chars'],
  ])('refuses the .env.example placeholder of %s', (name, placeholder) => {
    const message = errorOf({ ...valid, [name]: placeholder });
    expect(message).toBe(`Invalid configuration: ${name} is invalid: ${name === 'API_TOKENS' ? 'token 1 of 1 ' : ''}is the .env.example placeholder: replace it with a random value (e.g. \`openssl rand -hex 32\`)`);
  });

  it.each([
    ['API_TOKENS', 'x', 'API_TOKENS is invalid: token 1 of 1 must be at least 24 characters long'],
    ['API_TOKENS', 'good-token-0a1b2c3d4e5f6a7b8c9d, tooshort', 'API_TOKENS is invalid: token 2 of 2 must be at least 24 characters long'],
    ['BULL_BOARD_PASSWORD', 'board-pass', 'BULL_BOARD_PASSWORD is invalid: must be at least 16 characters long'],
    ['SECRET_KEY', '3f0a9c27e5d14b86a0c2f7e91d3b5a6', 'SECRET_KEY is invalid: must be at least 32 characters long'],
  ])('refuses a %s that is too short, in one line naming it', (name, value, expected) => {
    const message = errorOf({ ...valid, [name]: value });
    expect(message).toBe(`Invalid configuration: ${expected}`);
  });

  it.each([
    ['API_TOKENS', 'a'.repeat(40)],
    ['BULL_BOARD_PASSWORD', '12121212121212121212'],
    ['SECRET_KEY', 'k'.repeat(32)],
  ])('refuses a %s made of a few repeated characters', (name, value) => {
    const message = errorOf({ ...valid, [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} is invalid: .*too weak`));
    expect(message).not.toContain('\n');
  });
});
