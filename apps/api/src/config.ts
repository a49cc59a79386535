import { z } from 'zod';
import { SITE_MODES } from '@provisioner/db';

/**
 * The api's whole configuration, read from the environment exactly once (main.ts) and passed down.
 * A bad or missing value throws a ConfigError whose message is one line naming the variable; main
 * prints it and exits 1.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const url = (protocols: readonly string[]) =>
  nonEmpty.refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: nonEmpty.default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  API_TOKENS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    )
    .refine((tokens) => tokens.length > 0, { message: 'must list at least one non-empty token (comma-separated)' }),
  BULL_BOARD_USER: nonEmpty,
  BULL_BOARD_PASSWORD: nonEmpty,
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters long'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SITE_MODE: z.enum(SITE_MODES).default('shared'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1..64 letters, digits, "_" or "-"')
    .default('bull'),
  RUN_DEADLINE_MS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').positive('must be positive').default(600_000),
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  SITE_URL_TEMPLATE: z
    .string()
    .refine((value) => value.includes('{site}'), { message: 'must contain the placeholder {site}' })
    .default('http://{site}'),
});

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  apiTokens: readonly string[];
  bullBoardUser: string;
  bullBoardPassword: string;
  secretKey: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  siteMode: z.infer<typeof envSchema>['SITE_MODE'];
  queuePrefix: string;
  runDeadlineMs: number;
  /** No trailing slash; status_url is built from it. */
  publicBaseUrl: string;
  siteUrlTemplate: string;
}

/** Empty strings count as unset, so `PORT=` in an env file means "use the default". */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const present = withoutEmpty(env);
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const problem = name in present ? `is invalid: ${issue?.message ?? 'unexpected value'}` : 'is required';
    throw new ConfigError(`Invalid configuration: ${name} ${problem}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    apiTokens: e.API_TOKENS,
    bullBoardUser: e.BULL_BOARD_USER,
    bullBoardPassword: e.BULL_BOARD_PASSWORD,
    secretKey: e.SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    siteMode: e.SITE_MODE,
    queuePrefix: e.QUEUE_PREFIX,
    runDeadlineMs: e.RUN_DEADLINE_MS,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
    siteUrlTemplate: e.SITE_URL_TEMPLATE,
  };
}
