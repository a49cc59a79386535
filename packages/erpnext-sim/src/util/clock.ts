/**
 * Timestamps as Frappe prints them: `str(datetime)`, i.e. "YYYY-MM-DD HH:MM:SS.ffffff", with the
 * fraction omitted when the microseconds are 0. The clock is strictly monotonic (one microsecond
 * apart at least) so the default list order "creation desc" is total and stable. Times are UTC.
 */
export class Clock {
  private lastMicros = 0;

  nowMicros(): number {
    const micros = Date.now() * 1000;
    this.lastMicros = micros > this.lastMicros ? micros : this.lastMicros + 1;
    return this.lastMicros;
  }

  now(): string {
    return formatDatetimeMicros(this.nowMicros());
  }

  today(): string {
    return formatDatetimeMicros(Date.now() * 1000).slice(0, 10);
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function formatDatetimeMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  const fraction = micros % 1_000_000;
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return fraction === 0 ? base : `${base}.${pad(fraction, 6)}`;
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

function parseParts(value: string): DateParts | null {
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const parts: DateParts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micro: Number((m[7] ?? '0').padEnd(6, '0')),
  };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (check.getUTCMonth() !== parts.month - 1 || check.getUTCDate() !== parts.day) return null;
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return null;
  return parts;
}

/** Normalises a client-sent date to "YYYY-MM-DD"; undefined when unparsable. */
export function normalizeDate(value: string): string | undefined {
  const p = parseParts(value);
  return p ? `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}` : undefined;
}

/** Normalises a client-sent datetime to Python's `str(datetime)`; undefined when unparsable. */
export function normalizeDatetime(value: string): string | undefined {
  const p = parseParts(value);
  if (!p) return undefined;
  const base = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  return p.micro === 0 ? base : `${base}.${pad(p.micro, 6)}`;
}

/** `date + relativedelta(years=...) + relativedelta(days=...)` on "YYYY-MM-DD" (Fiscal Year checks). */
export function addToDate(date: string, years: number, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay) + days));
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}
