import type { CompanyView, ErrorBody, StepView } from './api-types';

/** Where a command writes: process.stdout/stderr in main.ts, buffers in unit tests. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
}

/**
 * Human lines or JSON, never both on stdout: with --json, stdout carries exactly one JSON document
 * (or, for streaming commands, one per line) and human text is dropped, so `| jq` always works.
 */
export class Output {
  constructor(
    readonly io: Io,
    readonly json: boolean,
  ) {}

  get tty(): boolean {
    return !this.json && this.io.stdout.isTTY === true;
  }

  get columns(): number {
    return this.io.stdout.columns ?? 100;
  }

  /** A line for people; dropped with --json. */
  line(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** Raw text for people (a redraw); dropped with --json. */
  raw(text: string): void {
    if (!this.json) this.io.stdout.write(text);
  }

  /** A problem for people, on stderr; dropped with --json (the JSON document carries it). */
  problem(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  /** The machine-readable result; written only with --json. */
  document(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One line of NDJSON (streaming commands); written only with --json. */
  jsonLine(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }
}

/** The error envelope shape, also used for failures the CLI detects itself (usage, unreachable). */
export function errorDocument(error: ErrorBody): { success: false; error: ErrorBody } {
  return { success: false, error };
}

export function formatRefusal(status: number, error: ErrorBody): string[] {
  const lines = [`✘ ${status} ${error.code}: ${error.message}`];
  if (Array.isArray(error.details)) {
    for (const d of error.details as Array<{ field?: unknown; message?: unknown }>) {
      if (d && typeof d.field === 'string' && typeof d.message === 'string') lines.push(`    ${d.field}: ${d.message}`);
    }
  }
  return lines;
}

export function table(rows: string[][], header: string[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function failedSteps(view: Pick<CompanyView, 'steps'>): StepView[] {
  return view.steps.filter((s) => s.status === 'failed');
}

/** Local time of an ISO timestamp as `YYYY-MM-DD HH:MM:SS`, the way an operator reads logs. */
export function clock(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}` : time;
}
