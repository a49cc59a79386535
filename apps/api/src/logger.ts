import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log object. Request bodies are
 * never logged (pino-http logs method, url and headers only), but code that logs a parsed body, a
 * job or an error carrying one still cannot leak the admin password or a token.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'cookie',
  'admin_password',
  'adminPassword',
  'adminPasswordEnc',
  'password',
  'token',
  'tokens',
  'apiTokens',
  'api_secret',
  'apiSecret',
  'secretKey',
  'bullBoardPassword',
  '*.admin_password',
  '*.adminPassword',
  '*.adminPasswordEnc',
  '*.password',
  '*.token',
  '*.tokens',
  '*.apiTokens',
  '*.api_secret',
  '*.apiSecret',
  '*.secretKey',
  '*.bullBoardPassword',
  '*.*.admin_password',
  '*.*.password',
  '*.*.api_secret',
];

type SerializedError = ReturnType<typeof pino.stdSerializers.err> & Record<string, unknown>;

/**
 * pino's error serializer, minus what can carry request data: drizzle's DrizzleQueryError puts the
 * bound parameters (emails, the sealed password, fingerprints) in its message and `params`, and a
 * Postgres "Failing row contains (...)" detail lists a whole row. The query text (placeholders only),
 * the Postgres code, constraint and message stay: they are what an operator needs.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as SerializedError;
  if ('params' in out) {
    delete out.params;
    out.message = String(out.message).split('\nparams:')[0] ?? '';
    out.stack = `${out.message} (stack and parameters omitted)`;
  }
  delete out.parameters;
  if (typeof out.detail === 'string' && out.detail.startsWith('Failing row contains')) out.detail = '[redacted row]';
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) (out as Record<string, unknown>).cause = serializeError(cause);
  return out;
}

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'api' },
      serializers: { err: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
