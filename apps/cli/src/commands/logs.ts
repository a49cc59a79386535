import type { LogEntry } from '../api-types';
import { companyIdArg, reportRefusal, type Command } from '../command';
import { EXIT } from '../exit-codes';
import { clock } from '../output';
import { watchCompany } from '../watch';

/** One event per line; run_id is a database id, so runs are told apart by their run_queued line ("Run #2 (continue) queued …"). */
export function logLine(entry: LogEntry): string {
  const error = entry.data?.error as { code?: unknown } | undefined;
  const code = typeof error?.code === 'string' && !entry.message.includes(error.code) ? `  [${error.code}]` : '';
  return `${clock(entry.at)}  ${(entry.step ?? '').padEnd(17)}  ${entry.type.padEnd(15)}  ${entry.message}${code}`;
}

export const logsCommand: Command = {
  name: 'logs',
  args: '<ID>',
  summary: "a company's event log, every run, oldest first (--follow for live)",
  help: [
    'Options:',
    '  -f, --follow   keep printing new events until the company is Active, Partial or Failed',
    '                 (with --json: one JSON entry per line)',
  ],
  options: { follow: { type: 'boolean', short: 'f' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { out } = ctx;
    const id = companyIdArg(ctx.positionals);
    const res = await ctx.api().request<LogEntry[]>('GET', `/api/companies/${id}/logs`);
    if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
    const entries = res.envelope.data;
    if (!ctx.values.follow) {
      out.document(res.envelope);
      for (const e of entries) out.line(logLine(e));
      if (entries.length === 0) out.line(`No events for ${id}.`);
      return EXIT.OK;
    }
    for (const e of entries) {
      out.jsonLine(e);
      out.line(logLine(e));
    }
    const last = entries.at(-1)?.id ?? 0;
    const result = await watchCompany(
      ctx.api(),
      id,
      {
        onView: () => undefined,
        onEvent: (e) => {
          const { status: _s, progress: _p, ...entry } = e;
          out.jsonLine(entry);
          out.line(logLine(entry));
        },
      },
      { signal: ctx.signal, lastEventId: last },
    );
    if (result.kind === 'refused') return result.envelope.success ? EXIT.FAILED : reportRefusal(out, result.status, result.envelope);
    return result.kind === 'interrupted' ? EXIT.INTERRUPTED : EXIT.OK;
  },
};
