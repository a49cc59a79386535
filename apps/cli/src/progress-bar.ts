/**
 * Renders a company view as a few terminal lines: a bar and the steps with their state. Shared by
 * `provision status --watch` and `npm run demo` (scripts import it from @provisioner/cli).
 */
export interface ViewForBar {
  company_id: string;
  status: string;
  progress: number;
  steps: Array<{ key: string; title?: string; status: string; attempts: number; error: { code: string; hint?: string } | null }>;
}

export const STEP_ICON: Readonly<Record<string, string>> = { pending: '·', running: '▶', completed: '✔', failed: '✘', skipped: '–' };

export function renderBar(progress: number, width = 40): string {
  const clamped = Math.max(0, Math.min(100, Math.round(progress)));
  const filled = Math.round((clamped / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(clamped).padStart(3)}%`;
}

export function renderProgress(view: ViewForBar, width = 40): string {
  const steps = view.steps.map((s) => {
    const tries = s.attempts > 1 ? ` (try ${s.attempts})` : '';
    const err = s.error && s.status === 'failed' ? `  ${s.error.code}` : '';
    return `  ${STEP_ICON[s.status] ?? '?'} ${(s.title ?? s.key).padEnd(28)} ${s.status}${tries}${err}`;
  });
  return [`${view.company_id}  ${renderBar(view.progress, width)}  ${view.status}`, ...steps].join('\n');
}
