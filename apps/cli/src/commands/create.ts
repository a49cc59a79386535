import { readFile } from 'node:fs/promises';
import type { CompanyView } from '../api-types';
import { reportRefusal, secondsFlag, UsageError, type Command, type CommandContext, type OptionValues } from '../command';
import { EXIT } from '../exit-codes';
import { followCompany } from '../follow';
import { CLI } from '../repair';

/** Flags named after the SPEC §3 body fields, kebab-cased; each maps to exactly one field. */
const STRING_FIELDS = {
  'company-name': 'company_name',
  'company-abbr': 'company_abbr',
  'admin-email': 'admin_email',
  'admin-password': 'admin_password',
  'default-currency': 'default_currency',
  country: 'country',
  domain: 'domain',
  'notify-email': 'notify_email',
  'chart-of-accounts': 'chart_of_accounts',
} as const;

async function readBodyFile(ctx: CommandContext, file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = file === '-' ? await ctx.readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--file ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--file ${file} must hold one JSON object (the POST /api/companies body)`);
  return parsed as Record<string, unknown>;
}

/** The request body: the file's fields, then the flags on top (a flag wins over the file). */
export async function buildCreateBody(ctx: CommandContext, values: OptionValues): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = typeof values.file === 'string' ? await readBodyFile(ctx, values.file) : {};
  for (const [flag, field] of Object.entries(STRING_FIELDS)) {
    const v = values[flag];
    if (typeof v === 'string') body[field] = v;
  }
  if (values['include-demo-data']) body.include_demo_data = true;
  if (values['no-pos']) body.pos_store_enabled = false;
  if (values.draft) body.start = false;
  if (Object.keys(body).length === 0) throw new UsageError('describe the company with flags (--company-name, --admin-email, …) or --file company.json');
  return body;
}

export const createCommand: Command = {
  name: 'create',
  args: '',
  summary: 'create a company (flags or a JSON file) and queue its provisioning',
  help: [
    'The body of POST /api/companies, from --file (a JSON object; - reads stdin) and/or flags;',
    'a flag overrides the same field of the file. Unknown or invalid fields are refused by the API',
    '(exit 1, each field named). Without --admin-password the API generates one and emails it.',
    '',
    'Options:',
    '  --company-name NAME        required; 1..140 characters',
    '  --admin-email EMAIL        required; the ERPNext admin login',
    '  --default-currency CODE    optional; ISO 4217, e.g. USD; default the country\'s currency',
    '  --country NAME             required; Frappe\'s country name, e.g. "United States", "Korea, Republic of"',
    '  --domain HOST              required; the site name, e.g. acme.localhost (unique)',
    '  --company-abbr ABBR        optional; generated from the name when absent',
    '  --admin-password PASSWORD  optional; must pass ERPNext\'s password policy (prefer --file: argv is visible in ps)',
    '  --notify-email EMAIL       optional; default the admin email',
    '  --chart-of-accounts NAME   optional; a chart ERPNext has (e.g. "Standard with Numbers"); default Standard',
    '  --include-demo-data        add the demo items',
    '  --no-pos                   no POS store, profile or session',
    '  --draft                    create as Draft (nothing runs until started)',
    '  -f, --file PATH            the JSON body (- for stdin)',
    '  --idempotency-key KEY      a repeated create with the same key returns the first company',
    '  -w, --watch                follow the provisioning until it ends (exit as `status --watch`)',
    '  --timeout SECONDS          with --watch: stop watching after this long (exit 6)',
  ],
  options: {
    'company-name': { type: 'string' },
    'company-abbr': { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-password': { type: 'string' },
    'default-currency': { type: 'string' },
    country: { type: 'string' },
    domain: { type: 'string' },
    'notify-email': { type: 'string' },
    'chart-of-accounts': { type: 'string' },
    'include-demo-data': { type: 'boolean' },
    'no-pos': { type: 'boolean' },
    draft: { type: 'boolean' },
    file: { type: 'string', short: 'f' },
    'idempotency-key': { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    timeout: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const { out, values } = ctx;
    const body = await buildCreateBody(ctx, values);
    const timeoutMs = secondsFlag(values, 'timeout');
    const key = values['idempotency-key'];
    const res = await ctx.api().request<CompanyView>('POST', '/api/companies', {
      body,
      ...(typeof key === 'string' ? { headers: { 'Idempotency-Key': key } } : {}),
    });
    if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
    const view = res.envelope.data;
    if (values.watch && view.status !== 'Draft') {
      out.line(`✔ ${res.status} ${res.status === 201 ? 'created' : 'already created (same Idempotency-Key)'} ${view.company_id} (${view.company_name}, site ${view.site_name})`);
      // A new company's events are all this run's: replay from the first.
      return followCompany(ctx, view.company_id, timeoutMs, 0);
    }
    out.document(res.envelope);
    out.line(`✔ ${res.status} ${res.status === 201 ? 'created' : 'already created (same Idempotency-Key)'} ${view.company_id}: ${view.company_name}, status ${view.status}`);
    out.line(`  site:        ${view.site_url}`);
    if (view.status_url) out.line(`  status page: ${view.status_url}`);
    out.line(view.status === 'Draft' ? `  start it:    POST /api/companies/${view.company_id}/start` : `  follow:      ${CLI} status ${view.company_id} --watch`);
    return EXIT.OK;
  },
};
