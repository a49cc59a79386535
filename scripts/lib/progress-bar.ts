/** Renders a company view as a few terminal lines: a bar and the steps with their state. */
export interface ViewForBar {
  company_id: string;
  status: string;
  progress: number;
  steps: Array<{ key: string; title?: string; status: string; attempts: number; error: { code: string; hint?: string } | null }>;
}

const ICON: Record<string, string> = { pending: '·', running: '▶', completed: '✔', failed: '✘', skipped: '–' };

export function renderProgress(view: ViewForBar, width = 40): string {
  const filled = Math.round((view.progress / 100) * width);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(view.progress).padStart(3)}%  ${view.status}`;
  const steps = view.steps.map((s) => {
    const tries = s.attempts > 1 ? ` (try ${s.attempts})` : '';
    const err = s.error ? `  ${s.error.code}` : '';
    return `  ${ICON[s.status] ?? '?'} ${(s.title ?? s.key).padEnd(28)} ${s.status}${tries}${err}`;
  });
  return [`${view.company_id}  ${bar}`, ...steps].join('\n');
}
