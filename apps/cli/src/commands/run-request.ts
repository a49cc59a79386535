import type { CompanyView, LogEntry } from '../api-types';
import { companyIdArg, reportRefusal, secondsFlag, type Command } from '../command';
import { EXIT } from '../exit-codes';
import { followCompany } from '../follow';
import { CLI } from '../repair';

type RunRequest = 'start' | 'continue' | 'retry';

const WHAT: Record<RunRequest, { summary: string; help: string }> = {
  start: { summary: 'queue a Draft company', help: 'Draft → Queued. A company in any other status is refused with INVALID_STATE (exit 1).' },
  continue: {
    summary: 'resume a Failed or Partial company: rerun only the steps that did not complete',
    help: 'Failed/Partial → Queued; completed steps are kept. Refused with INVALID_STATE (exit 1) when the company is running, Active or Draft.',
  },
  retry: {
    summary: 'rerun every step of a Failed or Partial company (each step is idempotent)',
    help: 'Failed/Partial → Queued; every step runs again and changes nothing that is already right. Refused with INVALID_STATE (exit 1) otherwise.',
  },
};

function runRequestCommand(request: RunRequest): Command {
  return {
    name: request,
    args: '<ID>',
    summary: WHAT[request].summary,
    help: [
      WHAT[request].help,
      '',
      'Options:',
      '  -w, --watch          follow the new run until it ends (exit as `status --watch`)',
      '  --timeout SECONDS    with --watch: stop watching after this long (exit 6)',
    ],
    options: { watch: { type: 'boolean', short: 'w' }, timeout: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const { out, values } = ctx;
      const id = companyIdArg(ctx.positionals);
      const timeoutMs = secondsFlag(values, 'timeout');
      // The last event before the request: --watch shows every event of the new run from there.
      let before: number | undefined;
      if (values.watch) {
        const logs = await ctx.api().request<LogEntry[]>('GET', `/api/companies/${id}/logs`);
        if (logs.envelope.success) before = logs.envelope.data.at(-1)?.id ?? 0;
      }
      const res = await ctx.api().request<CompanyView>('POST', `/api/companies/${id}/${request}`);
      if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
      if (values.watch) {
        out.line(`✔ ${res.status} ${res.envelope.message}`);
        return followCompany(ctx, id, timeoutMs, before);
      }
      out.document(res.envelope);
      out.line(`✔ ${res.status} ${res.envelope.message}`);
      out.line(`  follow: ${CLI} status ${id} --watch`);
      return EXIT.OK;
    },
  };
}

export const startCommand = runRequestCommand('start');
export const continueCommand = runRequestCommand('continue');
export const retryCommand = runRequestCommand('retry');
