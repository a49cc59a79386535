import type { ParseArgsConfig } from 'node:util';
import { adviceFor, createApiClient, exitCodeForRefusal, type ApiClient } from './api-client';
import type { ErrorEnvelope } from './api-types';
import { resolveApiTarget, type CliEnv } from './config';
import type { ExitCode } from './exit-codes';
import { formatRefusal, type Output } from './output';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** A command line mistake: nothing was sent; exit 2 with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CommandContext {
  out: Output;
  env: CliEnv;
  values: OptionValues;
  positionals: string[];
  /** Aborted on Ctrl-C: watchers stop and the command exits 130. */
  signal: AbortSignal;
  api(): ApiClient;
  /** Reads all of stdin (create --file -). */
  readStdin(): Promise<string>;
}

export interface Command {
  name: string;
  /** `<ID>` style arguments after the name, for the usage line. */
  args: string;
  summary: string;
  /** Lines after the usage line in `provision <command> --help`. */
  help: string[];
  options: OptionSpec;
  positionals: { min: number; max: number };
  run(ctx: CommandContext): Promise<ExitCode>;
}

export function apiFactory(env: CliEnv, values: OptionValues): () => ApiClient {
  let client: ApiClient | undefined;
  return () =>
    (client ??= createApiClient(
      resolveApiTarget(env, {
        apiUrl: typeof values['api-url'] === 'string' ? values['api-url'] : undefined,
        token: typeof values.token === 'string' ? values.token : undefined,
      }),
    ));
}

/** Prints an API refusal (or puts it on stdout as the JSON document) and returns its exit code. */
export function reportRefusal(out: Output, status: number, envelope: ErrorEnvelope): ExitCode {
  out.document(envelope);
  for (const line of formatRefusal(status, envelope.error)) out.problem(line);
  const advice = adviceFor(status, envelope.error);
  if (advice) out.problem(`  ${advice}`);
  return exitCodeForRefusal(status);
}

/** A positive number of seconds from a flag, or undefined when absent. */
export function secondsFlag(values: OptionValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds`);
  return n * 1000;
}

export function companyIdArg(positionals: string[]): string {
  const id = positionals[0] ?? '';
  if (!/^COMP-\d{4}-\d{5,}$/.test(id)) throw new UsageError(`"${id}" is not a company id (COMP-YYYY-NNNNN)`);
  return id;
}
