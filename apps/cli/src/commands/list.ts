import type { CompanyPage, CompanyView } from '../api-types';
import { reportRefusal, UsageError, type Command } from '../command';
import { EXIT } from '../exit-codes';
import { clock, table } from '../output';
import { CLI, firstFailedStep } from '../repair';

function row(view: CompanyView): string[] {
  const failed = firstFailedStep(view);
  return [
    view.company_id,
    view.status,
    `${view.progress}%`,
    view.company_name,
    view.site_name,
    failed?.error ? `${failed.key}: ${failed.error.code}` : '',
    clock(view.updated_at),
  ];
}

export const listCommand: Command = {
  name: 'list',
  args: '',
  summary: 'companies, newest first (--status to filter)',
  help: [
    'Options:',
    '  --status STATUS   Draft, Queued, Provisioning, Active, Partial or Failed',
    '  --limit N         companies per page, 1..100 (default 20)',
    '  --cursor C        the next page (printed under a full page)',
    '  --all             every page',
  ],
  options: {
    status: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
    all: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const { out, values } = ctx;
    if (values.all && values.cursor) throw new UsageError('--all and --cursor do not go together');
    const items: CompanyView[] = [];
    let cursor = typeof values.cursor === 'string' ? values.cursor : null;
    let next: string | null = null;
    let message = '';
    do {
      const params = new URLSearchParams();
      if (typeof values.status === 'string') params.set('status', values.status);
      params.set('limit', typeof values.limit === 'string' ? values.limit : values.all ? '100' : '20');
      if (cursor) params.set('cursor', cursor);
      const res = await ctx.api().request<CompanyPage>('GET', `/api/companies?${params.toString()}`);
      if (!res.envelope.success) return reportRefusal(out, res.status, res.envelope);
      items.push(...res.envelope.data.items);
      next = res.envelope.data.next_cursor;
      message = res.envelope.message;
      cursor = next;
    } while (values.all && next);

    out.document({ success: true, message: values.all ? `${items.length} companies` : message, data: { items, next_cursor: next } });
    if (items.length === 0) {
      out.line(typeof values.status === 'string' ? `No ${values.status} companies.` : 'No companies yet.');
      return EXIT.OK;
    }
    for (const line of table(items.map(row), ['ID', 'STATUS', 'PROGRESS', 'NAME', 'SITE', 'FAILED STEP', 'UPDATED'])) out.line(line);
    if (next) {
      const status = typeof values.status === 'string' ? ` --status ${values.status}` : '';
      out.line(`… more: ${CLI} list${status} --cursor ${next}`);
    }
    return EXIT.OK;
  },
};
