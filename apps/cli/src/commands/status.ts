import type { CompanyView } from '../api-types';
import { companyIdArg, reportRefusal, secondsFlag, type Command } from '../command';
import { EXIT } from '../exit-codes';
import { followCompany, outcomeLines } from '../follow';
import { clock } from '../output';
import { renderProgress } from '../progress-bar';

export const statusCommand: Command = {
  name: 'status',
  args: '<ID>',
  summary: "a company's status and steps; --watch follows it live until it ends",
  help: [
    'Without --watch: prints the company and exits 0 whatever its status (the status is in the output).',
    'With --watch: follows the live event stream, redrawing a progress bar on a terminal (one line per',
    'event when piped), until the company is Active (exit 0), Failed (exit 1) or Partial (exit 5).',
    'Ctrl-C stops watching (exit 130); the provisioning goes on.',
    '',
    'Options:',
    '  -w, --watch          follow until Active, Partial or Failed',
    '  --timeout SECONDS    with --watch: stop watching after this long (exit 6)',
  ],
  options: {
    watch: { type: 'boolean', short: 'w' },
    timeout: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { out, values } = ctx;
    const id = companyIdArg(ctx.positionals);
    const timeoutMs = secondsFlag(values, 'timeout');
    if (values.watch) return followCompany(ctx, id, timeoutMs);

    const res = await ctx.api().request<CompanyView>('GET', `/api/companies/${id}`);
    if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
    out.document(res.envelope);
    const view = res.envelope.data;
    out.line(`${view.company_name}  (abbr ${view.company_abbr ?? '-'}, site ${view.site_name}, admin ${view.admin_email})`);
    const run = view.current_run ? `run #${view.current_run.run_no} (${view.current_run.kind}, ${view.current_run.status})` : 'no run yet';
    out.line(`${run}; started ${clock(view.provisioning_started_at)}, finished ${clock(view.provisioning_completed_at)}`);
    out.line(renderProgress(view, Math.max(10, Math.min(40, out.columns - 40))));
    out.line('');
    for (const line of outcomeLines(view)) out.line(line);
    if (view.status_url) out.line(`  status page: ${view.status_url}`);
    return EXIT.OK;
  },
};
