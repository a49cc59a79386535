import { z } from 'zod';
import { secretWeakness, SITE_MODES } from '@provisioner/db';

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

/** Each bearer token: 24+ characters is ~140 bits as hex, and still short enough to paste. */
export const API_TOKEN_MIN_LENGTH = 24;
export const BULL_BOARD_PASSWORD_MIN_LENGTH = 16;
export const SECRET_KEY_MIN_LENGTH = 32;

/** A secret of at least `minLength` that is not a placeholder or an obviously weak value. */
const secret = (minLength: number) =>
  z.string().superRefine((value, ctx) => {
    const weakness = secretWeakness(value, minLength);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });

const count = (def: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(def);

/**
 * Express's "trust proxy": which X-Forwarded-For hops to believe when telling a client's IP (the
 * rate limits key on it). Unset or `false`: the socket's address. A number: that many proxies in
 * front. Otherwise a comma-separated list of proxy addresses/CIDRs or `loopback`, `linklocal`,
 * `uniquelocal`. `true` is refused: it believes the left-most address, which any client can forge.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    if (value === 'true') {
      ctx.addIssue({ code: 'custom', message: 'must not be true (any client could then choose its own IP); give the number of proxies in front, or their addresses' });
      return z.NEVER;
    }
    const entries = value.split(',').map((v) => v.trim()).filter(Boolean);
    const bad = entries.find((v) => !/^(loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)$/.test(v));
    if (entries.length === 0 || bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be false, a number of proxies, or comma-separated proxy addresses/CIDRs (loopback, linklocal, uniquelocal allowed)' });
      return z.NEVER;
    }
    return entries;
  });

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
    .refine((tokens) => tokens.length > 0, { message: 'must list at least one non-empty token (comma-separated)' })
    .superRefine((tokens, ctx) => {
      // Named by position, never by value: the message is printed at start-up.
      tokens.forEach((token, i) => {
        const weakness = secretWeakness(token, API_TOKEN_MIN_LENGTH);
        if (weakness) ctx.addIssue({ code: 'custom', message: `token ${i + 1} of ${tokens.length} ${weakness}` });
      });
    }),
  BULL_BOARD_USER: nonEmpty,
  BULL_BOARD_PASSWORD: secret(BULL_BOARD_PASSWORD_MIN_LENGTH),
  SECRET_KEY: secret(SECRET_KEY_MIN_LENGTH),
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
  DB_POOL_MAX: count(20, 2, 500),
  SSE_MAX_PER_COMPANY: count(20, 1, 10_000),
  SSE_MAX_TOTAL: count(1000, 1, 100_000),
  RATE_LIMIT_PUBLIC_PER_MINUTE: count(120, 0, 1_000_000),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: count(20, 0, 1_000_000),
  TRUST_PROXY: trustProxy.default(false),
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
  /** The api's query pool (SSE streams hold no connection between events; see apps/api/README.md). */
  dbPoolMax: number;
  /** Open SSE streams per company (429 beyond) and per process (503 beyond). */
  sseMaxPerCompany: number;
  sseMaxTotal: number;
  /** Per client IP: requests to /status/* per minute, and wrong credentials per minute; 0 turns it off. */
  rateLimitPublicPerMinute: number;
  rateLimitAuthFailuresPerMinute: number;
  /** Express's "trust proxy" (how req.ip is found behind a proxy). */
  trustProxy: false | number | string[];
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
    dbPoolMax: e.DB_POOL_MAX,
    sseMaxPerCompany: e.SSE_MAX_PER_COMPANY,
    sseMaxTotal: e.SSE_MAX_TOTAL,
    rateLimitPublicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
    rateLimitAuthFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
  };
}
