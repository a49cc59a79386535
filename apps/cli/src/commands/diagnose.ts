import { ApiUnavailableError, type ApiClient } from '../api-client';
import type { CompanyView } from '../api-types';
import { companyIdArg, reportRefusal, UsageError, type Command } from '../command';
import { resolveServiceTargets } from '../config';
import { ApiRefusal, diagnoseCompany, findCompanyProblems, type CompanyProblem } from '../diagnose/company-problems';
import { checkServices, maskUrl, type ServiceCheck } from '../diagnose/service-checks';
import { EXIT } from '../exit-codes';
import { clock, type Output } from '../output';

const ICON = { ok: '✔', failed: '✘', skipped: '–' } as const;
const LABEL: Record<ServiceCheck['service'], string> = { api: 'API', redis: 'Redis', postgres: 'Postgres', erpnext: 'ERPNext', smtp: 'SMTP' };

/** The api answers /readyz (itself reaching Redis and Postgres) and accepts our token. */
async function checkApi(client: ApiClient): Promise<ServiceCheck> {
  const target = maskUrl(client.baseUrl);
  try {
    const ready = await client.request<Record<string, string>>('GET', '/readyz');
    if (!ready.envelope.success) return { service: 'api', target, state: 'failed', detail: `/readyz ${ready.status}: ${ready.envelope.error.message}` };
    const auth = await client.request('GET', '/api/companies?limit=1');
    if (!auth.envelope.success) {
      const why = auth.status === 401 ? 'refused the token (set PROVISION_API_TOKEN or --token)' : `${auth.status} ${auth.envelope.error.code}`;
      return { service: 'api', target, state: 'failed', detail: `/readyz ok, but /api ${why}` };
    }
    return { service: 'api', target, state: 'ok', detail: '/readyz ok (its Redis and Postgres answer); token accepted' };
  } catch (err) {
    return { service: 'api', target, state: 'failed', detail: err instanceof Error ? err.message : String(err) };
  }
}

function printServices(out: Output, checks: ServiceCheck[]): void {
  out.line('Services');
  const width = Math.max(...checks.map((c) => (c.target ?? '(not configured)').length));
  for (const c of checks) {
    out.line(`  ${ICON[c.state]} ${LABEL[c.service].padEnd(9)} ${(c.target ?? '(not configured)').padEnd(width)}  ${c.detail}`);
  }
}

function printProblems(out: Output, problems: CompanyProblem[], staleMinutes: number): void {
  out.line('');
  if (problems.length === 0) {
    out.line(`Companies: none Failed, Partial, or without progress for more than ${staleMinutes} min`);
    return;
  }
  out.line(`Companies needing attention: ${problems.length}`);
  for (const p of problems) {
    const where = p.step ? ` at ${p.step}` : '';
    const idle = p.problem === 'stuck' ? `, no event since ${clock(p.last_event_at)} (${p.idle_minutes ?? '?'} min)` : '';
    out.line(`  ✘ ${p.company_id}  ${p.status}${where}${idle}  — ${p.company_name}`);
    if (p.code) out.line(`      error:  ${p.code}${p.retryable ? ' (transient)' : ''} — ${p.message ?? ''}`);
    else if (p.message) out.line(`      note:   ${p.message}`);
    if (p.hint) out.line(`      hint:   ${p.hint}`);
    if (p.repair.first && p.problem === 'stuck') out.line(`      first:  ${p.repair.first}`);
    out.line(`      repair: ${p.repair.command}`);
  }
}

export const diagnoseCommand: Command = {
  name: 'diagnose',
  args: '[ID]',
  summary: 'check Redis, Postgres, ERPNext, SMTP and the API; list Failed, Partial and stuck companies with their repair',
  help: [
    'Checks each service it has an address for (unset ones are reported "not configured", not failed):',
    '  the API (/readyz and the token), REDIS_URL (PING), DATABASE_URL (select 1),',
    '  ERPNEXT_URL (ping, then frappe.auth.get_logged_user with ERPNEXT_API_KEY/ERPNEXT_API_SECRET),',
    '  SMTP_URL (a 220 greeting).',
    'Then lists Failed and Partial companies and Queued/Provisioning ones without an event for more',
    'than --stale-minutes, each with its failing step, code, hint and the command that repairs it.',
    'With an ID, diagnoses that company only. Exit 0 when all is well, 4 when something needs attention.',
    '',
    'Options:',
    '  --stale-minutes N   minutes without an event before a running company counts as stuck (default 15)',
  ],
  options: { 'stale-minutes': { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const { out } = ctx;
    const id = ctx.positionals.length > 0 ? companyIdArg(ctx.positionals) : null;
    const rawStale = ctx.values['stale-minutes'];
    const staleMinutes = typeof rawStale === 'string' ? Number(rawStale) : 15;
    if (!Number.isFinite(staleMinutes) || staleMinutes < 0) throw new UsageError('--stale-minutes must be a number of minutes (0 or more)');
    const staleMs = staleMinutes * 60_000;
    const client = ctx.api();

    const [api, services] = await Promise.all([checkApi(client), checkServices(resolveServiceTargets(ctx.env))]);
    const checks: ServiceCheck[] = [api, ...services];

    // Tried even when /readyz failed: an api whose Redis is down still reads companies from Postgres.
    let problems: CompanyProblem[] = [];
    let companiesError: string | null = null;
    try {
      if (id) {
        const res = await client.request<CompanyView>('GET', `/api/companies/${id}`);
        if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
        const problem = await diagnoseCompany(client, res.envelope.data, staleMs);
        problems = problem ? [problem] : [];
      } else {
        problems = await findCompanyProblems(client, staleMs);
      }
    } catch (err) {
      if (!(err instanceof ApiRefusal) && !(err instanceof ApiUnavailableError)) throw err;
      companiesError = `not checked (${err.message})`;
    }

    const healthy = checks.every((c) => c.state !== 'failed') && problems.length === 0 && companiesError === null;
    const failedServices = checks.filter((c) => c.state === 'failed').map((c) => LABEL[c.service]);
    const message: string = healthy
      ? 'All checked services answer; no company needs attention'
      : [
          failedServices.length ? `${failedServices.join(', ')} not answering` : '',
          problems.length ? `${problems.length} compan${problems.length === 1 ? 'y needs' : 'ies need'} attention` : '',
          companiesError ? `companies ${companiesError}` : '',
        ]
          .filter(Boolean)
          .join('; ');
    out.document({
      success: true,
      message,
      data: { healthy, services: checks, companies: problems, companies_error: companiesError, stale_minutes: staleMinutes },
    });

    printServices(out, checks);
    if (companiesError) {
      out.line('');
      out.line(`Companies: ${companiesError}`);
    } else printProblems(out, problems, staleMinutes);
    if (id && problems.length === 0 && !companiesError) out.line(`  ${id} needs no repair.`);
    out.line('');
    out.line(healthy ? '✔ nothing to do' : `✘ ${message}`);
    return healthy ? EXIT.OK : EXIT.PROBLEMS_FOUND;
  },
};
