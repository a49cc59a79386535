import type { CompanyView, StreamEvent } from './api-types';
import { reportRefusal, type CommandContext } from './command';
import { EXIT, type ExitCode } from './exit-codes';
import { clock, type Output } from './output';
import { renderProgress } from './progress-bar';
import { CLI, firstFailedStep, repairFor } from './repair';
import { watchCompany } from './watch';

/** Exit code for a company's status: what `status --watch` (and `create/continue/retry --watch`) end with. */
export function exitCodeForStatus(status: string): ExitCode {
  if (status === 'Active') return EXIT.OK;
  if (status === 'Partial') return EXIT.PARTIAL;
  if (status === 'Failed') return EXIT.FAILED;
  return EXIT.OK;
}

/** The lines under a company's bar once it stopped: where it is, what failed, what to run. */
export function outcomeLines(view: CompanyView): string[] {
  const lines: string[] = [];
  const failed = firstFailedStep(view);
  if (view.status === 'Active') {
    lines.push(`✔ ${view.company_id} is Active: ${view.site_url}`);
  } else if (view.status === 'Partial') {
    lines.push(`◐ ${view.company_id} is Partial: the workspace works (${view.site_url}), an optional step failed`);
  } else if (view.status === 'Failed') {
    lines.push(`✘ ${view.company_id} is Failed${failed ? ` at step ${failed.key}` : ''}`);
  } else {
    lines.push(`• ${view.company_id} is ${view.status} (${view.progress}%)`);
  }
  if (failed?.error) {
    lines.push(`  ${failed.key}: ${failed.error.code} — ${failed.error.message}`);
    lines.push(`  hint: ${failed.error.hint}`);
  } else if (view.status === 'Failed' && view.provisioning_notes) {
    lines.push(`  ${view.provisioning_notes}`);
  }
  const repair = repairFor(view);
  if (repair) lines.push(`  repair: ${repair.command}`);
  return lines;
}

/** Live drawing: a redrawn bar on a terminal, one line per event otherwise. Nothing with --json. */
class LiveView {
  private drawnLines = 0;
  private drawn = '';
  private lastEvent = '';
  private headerShown = false;

  /** `replaying`: events from before the snapshot follow, so its status would read out of order. */
  constructor(
    private readonly out: Output,
    private readonly replaying: boolean,
  ) {}

  view(view: CompanyView): void {
    if (this.out.json) return;
    if (!this.out.tty) {
      if (!this.headerShown) {
        this.out.line(this.replaying ? `${view.company_id}  ${view.company_name}` : `${view.company_id}  ${view.company_name}: ${view.status} ${view.progress}%`);
        this.headerShown = true;
      }
      return;
    }
    const width = Math.max(10, Math.min(40, this.out.columns - 40));
    // Lines wider than the terminal would wrap and break the cursor-up count of the next redraw.
    const block = `${renderProgress(view, width)}${this.lastEvent ? `\n  ${this.lastEvent}` : ''}`
      .split('\n')
      .map((l) => (l.length >= this.out.columns ? `${l.slice(0, this.out.columns - 2)}…` : l))
      .join('\n');
    if (block === this.drawn) return;
    this.drawn = block;
    if (this.drawnLines > 0) this.out.raw(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.out.raw(`${block}\n`);
    this.drawnLines = block.split('\n').length;
  }

  event(event: StreamEvent): void {
    if (this.out.json) return;
    // No status column: an event carries the company's state when the stream read it, which for a
    // replayed event is later than the event itself; status changes have their own messages.
    const line = `${clock(event.at, false)} [${String(event.progress).padStart(3)}%] ${event.message}`;
    if (this.out.tty) this.lastEvent = line;
    else this.out.line(line);
  }
}

/**
 * Follows a company until Active/Partial/Failed and returns the exit code for how it ended. With
 * --json nothing is drawn; the one document is the final view's envelope. `afterEventId` replays
 * the events after that id first: create and continue/retry pass the id from before their request,
 * so the run's first events, written before the stream opened, are shown too.
 */
export async function followCompany(ctx: CommandContext, companyId: string, timeoutMs?: number, afterEventId?: number): Promise<ExitCode> {
  const { out } = ctx;
  const live = new LiveView(out, afterEventId !== undefined);
  // An ApiUnavailableError (the api gone for over a minute) propagates: main turns it into exit 3.
  const result = await watchCompany(ctx.api(), companyId, { onView: (v) => live.view(v), onEvent: (e) => live.event(e) }, {
    signal: ctx.signal,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(afterEventId !== undefined ? { lastEventId: afterEventId } : {}),
  });
  switch (result.kind) {
    case 'refused':
      if (result.envelope.success) return EXIT.FAILED;
      return reportRefusal(out, result.status, result.envelope);
    case 'terminal': {
      const view = result.view;
      out.document({ success: true, message: `Company ${view.company_id} is ${view.status} (${view.progress}%)`, data: view });
      out.line('');
      for (const line of outcomeLines(view)) out.line(line);
      return exitCodeForStatus(view.status);
    }
    case 'timeout':
      out.document({ success: false, error: { code: 'WATCH_TIMEOUT', message: `${companyId} did not reach Active, Partial or Failed in time`, details: result.view } });
      out.problem(`\n… ${companyId} is still ${result.view?.status ?? 'not terminal'} after the --timeout; it keeps going (${CLI} status ${companyId} --watch)`);
      return EXIT.TIMEOUT;
    case 'interrupted':
      out.problem(`\nStopped watching; provisioning of ${companyId} goes on (${CLI} status ${companyId} --watch).`);
      return EXIT.INTERRUPTED;
  }
}
