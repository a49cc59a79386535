import type { FactOutcome, RunReport } from './runner';

const HEADERS = ['FACT', 'SECTION', 'RESULT', 'DETAIL'] as const;

function row(outcome: FactOutcome): string[] {
  return [outcome.id, outcome.section, outcome.outcome, outcome.detail];
}

/** The human table: one line per fact, a summary, then what the run left on the site. */
export function formatTable(report: RunReport): string {
  const rows = report.outcomes.map(row);
  const widths = [0, 1, 2].map((i) => Math.max(HEADERS[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const count = (o: string) => report.outcomes.filter((x) => x.outcome === o).length;
  const out = [`Conformance of ${report.target} (run ${report.tag})`, '', line(HEADERS), ...rows.map(line), ''];
  out.push(`${count('agree')} agree, ${count('differ')} differ, ${count('error')} error, of ${report.outcomes.length} facts.`);
  out.push(`Created and deleted ${report.deleted.length} document${report.deleted.length === 1 ? '' : 's'}.`);
  if (report.leftovers.length === 0) out.push('Left on the site: nothing.');
  else {
    out.push(`Left on the site (${report.leftovers.length}):`);
    for (const l of report.leftovers) out.push(`  ${l.doctype} "${l.name}": ${l.reason}`);
  }
  return `${out.join('\n')}\n`;
}

export function formatJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
