/**
 * Where the CLI finds the API and the services `diagnose` pings. Read once from the environment
 * (main.ts passes `process.env` in); flags win over the environment.
 */
export interface CliEnv {
  PROVISION_API_URL?: string | undefined;
  PROVISION_API_TOKEN?: string | undefined;
  API_TOKENS?: string | undefined;
  REDIS_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  ERPNEXT_URL?: string | undefined;
  ERPNEXT_API_KEY?: string | undefined;
  ERPNEXT_API_SECRET?: string | undefined;
  SMTP_URL?: string | undefined;
  NO_COLOR?: string | undefined;
}

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface ApiTarget {
  baseUrl: string;
  /** Empty when none is configured: the API then answers 401, reported as exit 3 with a hint. */
  token: string;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function resolveApiTarget(env: CliEnv, flags: { apiUrl?: string | undefined; token?: string | undefined }): ApiTarget {
  const baseUrl = (present(flags.apiUrl) ?? present(env.PROVISION_API_URL) ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const firstOfList = present(env.API_TOKENS)
    ?.split(',')
    .map((t) => t.trim())
    .find((t) => t.length > 0);
  const token = present(flags.token) ?? present(env.PROVISION_API_TOKEN) ?? firstOfList ?? '';
  return { baseUrl, token };
}

/** What `diagnose` checks besides the API; an unset variable means "not checked", not "broken". */
export interface ServiceTargets {
  redisUrl?: string | undefined;
  databaseUrl?: string | undefined;
  erpnextUrl?: string | undefined;
  erpnextApiKey?: string | undefined;
  erpnextApiSecret?: string | undefined;
  smtpUrl?: string | undefined;
}

export function resolveServiceTargets(env: CliEnv): ServiceTargets {
  return {
    redisUrl: present(env.REDIS_URL),
    databaseUrl: present(env.DATABASE_URL),
    erpnextUrl: present(env.ERPNEXT_URL),
    erpnextApiKey: present(env.ERPNEXT_API_KEY),
    erpnextApiSecret: present(env.ERPNEXT_API_SECRET),
    smtpUrl: present(env.SMTP_URL),
  };
}
