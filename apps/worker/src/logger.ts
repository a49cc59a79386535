import pino from 'pino';

/** Secrets never reach a log line: these paths are replaced wherever they appear. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'adminPassword',
  '*.adminPassword',
  'admin_password',
  '*.admin_password',
  'apiSecret',
  '*.apiSecret',
  'api_secret',
  '*.api_secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'pwd',
  '*.pwd',
  'rootPassword',
  '*.rootPassword',
  'BENCH_DB_ROOT_PASSWORD',
  '*.BENCH_DB_ROOT_PASSWORD',
];

export function createLogger(level: string, name: string): pino.Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
