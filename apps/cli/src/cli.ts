import { parseArgs } from 'node:util';
import { ApiUnavailableError } from './api-client';
import { apiFactory, UsageError, type Command, type OptionSpec } from './command';
import { createCommand } from './commands/create';
import { diagnoseCommand } from './commands/diagnose';
import { listCommand } from './commands/list';
import { logsCommand } from './commands/logs';
import { continueCommand, retryCommand, startCommand } from './commands/run-request';
import { statusCommand } from './commands/status';
import { DEFAULT_API_URL, type CliEnv } from './config';
import { EXIT, type ExitCode } from './exit-codes';
import { errorDocument, Output, type Io } from './output';

export const COMMANDS: readonly Command[] = [createCommand, statusCommand, listCommand, logsCommand, continueCommand, retryCommand, startCommand, diagnoseCommand];

const GLOBAL_OPTIONS: OptionSpec = {
  'api-url': { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP = [
  'Global options:',
  `  --api-url URL   the provisioner API (env PROVISION_API_URL, default ${DEFAULT_API_URL})`,
  '  --token TOKEN   bearer token (env PROVISION_API_TOKEN, else the first of API_TOKENS)',
  '  --json          print only JSON on stdout: the API envelope {success, message, data} or {success:false, error}',
  '  -h, --help      help for a command',
];

export const EXIT_HELP = [
  'Exit codes:',
  '  0  done; with --watch: the company is Active',
  '  1  the API refused (validation, not found, INVALID_STATE, taken) or the watched company is Failed',
  '  2  usage error (nothing was sent)',
  '  3  API unreachable, token refused (401/403), or a 5xx',
  '  4  diagnose found a problem',
  '  5  the watched company is Partial',
  '  6  --watch --timeout ran out',
  '  130 interrupted (Ctrl-C); provisioning goes on',
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  return [
    'provision — operate the ERPNext provisioning fleet over its HTTP API',
    '',
    'Usage: npx provision <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
    '',
    ...GLOBAL_HELP,
    '',
    ...EXIT_HELP,
    '',
    'npx provision <command> --help shows a command\'s options.',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [`Usage: npx provision ${command.name}${command.args ? ` ${command.args}` : ''} [options]`, '', `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`, '', ...command.help, '', ...GLOBAL_HELP].join('\n');
}

export interface RunOptions {
  env: CliEnv;
  io: Io;
  signal?: AbortSignal;
  readStdin?: () => Promise<string>;
}

/** Runs one command line (argv without node and the script) and returns the process's exit code. */
export async function runCli(argv: readonly string[], options: RunOptions): Promise<ExitCode> {
  const wantsJson = argv.includes('--json');
  const out = new Output(options.io, wantsJson);
  const name = argv[0];
  const usage = (message: string, command?: Command): ExitCode => {
    out.document(errorDocument({ code: 'USAGE', message }));
    out.problem(`provision: ${message}`);
    out.problem(command ? `Run \`npx provision ${command.name} --help\` for its options.` : 'Run `npx provision --help` for the commands.');
    return EXIT.USAGE;
  };

  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === argv[1]) : undefined;
    options.io.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return usage(`unknown command "${name}"`);

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv.slice(1), options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
  } catch (err) {
    return usage(err instanceof Error ? err.message.split('\n')[0] ?? String(err) : String(err), command);
  }
  if (values.help) {
    options.io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.OK;
  }
  if (positionals.length < command.positionals.min) return usage(`${command.name} needs ${command.args}`, command);
  if (positionals.length > command.positionals.max) return usage(`unexpected argument "${positionals[command.positionals.max] ?? ''}"`, command);

  try {
    return await command.run({
      out,
      env: options.env,
      values,
      positionals,
      signal: options.signal ?? new AbortController().signal,
      api: apiFactory(options.env, values),
      readStdin: options.readStdin ?? (() => Promise.reject(new Error('no stdin'))),
    });
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message, command);
    if (err instanceof ApiUnavailableError) {
      out.document(errorDocument({ code: err.code, message: err.message }));
      out.problem(`✘ ${err.message}`);
      return EXIT.API_UNAVAILABLE;
    }
    throw err;
  }
}
