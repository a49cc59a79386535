import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run conformance -- [--url URL --key KEY --secret SECRET] [--site HOST] [--json] [--only PATTERN]

  --url URL        the site's origin, e.g. https://erp.example.com (without it: the embedded simulator)
  --key, --secret  Administrator's API key and secret (required with --url)
  --site HOST      sent as Host and X-Frappe-Site-Name (a bench that picks sites by name)
  --json           print the report as JSON instead of a table
  --only PATTERN   comma-separated: parts of fact ids, or sections (§10, 10, §3/§4)
  --list           list the facts and exit

Exit status: 0 every fact agrees, 1 otherwise, 2 usage error.`;

export interface CliOptions {
  url?: string;
  key?: string;
  secret?: string;
  site?: string;
  json: boolean;
  only?: string;
  list: boolean;
  help: boolean;
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; message: string };

/** Parses argv (without node and the script); never throws. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        secret: { type: 'string' },
        site: { type: 'string' },
        json: { type: 'boolean', default: false },
        only: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, message: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'bad arguments' };
  }
  const str = (name: string) => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const options: CliOptions = {
    json: values.json === true,
    list: values.list === true,
    help: values.help === true,
    ...(str('url') !== undefined ? { url: str('url') } : {}),
    ...(str('key') !== undefined ? { key: str('key') } : {}),
    ...(str('secret') !== undefined ? { secret: str('secret') } : {}),
    ...(str('site') !== undefined ? { site: str('site') } : {}),
    ...(str('only') !== undefined ? { only: str('only') } : {}),
  };
  if (options.help || options.list) return { ok: true, options };
  for (const name of ['url', 'key', 'secret', 'site', 'only'] as const) {
    if (options[name] !== undefined && options[name].trim() === '') return { ok: false, message: `--${name} needs a value` };
  }
  if (options.url !== undefined) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      return { ok: false, message: `--url is not a URL: ${options.url}` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `--url must be http or https, got ${url.protocol}` };
    if (!options.key || !options.secret) return { ok: false, message: '--url needs --key and --secret (Administrator\'s API key)' };
  } else if (options.key || options.secret || options.site) {
    return { ok: false, message: '--key, --secret and --site need --url (without --url the embedded simulator is used)' };
  }
  return { ok: true, options };
}
