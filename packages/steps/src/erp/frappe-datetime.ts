/**
 * Frappe stores naive datetimes in the site's time zone (System Settings `time_zone`) as
 * "YYYY-MM-DD HH:MM:SS". We format "now" in that zone so a POS session opened at 23:30 in New York
 * is not dated tomorrow. An unknown zone falls back to UTC.
 */
export function frappeDatetime(at: Date, timeZone: string | undefined): { datetime: string; date: string } {
  const parts = partsIn(at, timeZone);
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, datetime: `${date} ${parts.hour}:${parts.minute}:${parts.second}` };
}

function partsIn(at: Date, timeZone: string | undefined): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone || 'UTC',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return partsIn(at, 'UTC');
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => fmt.formatToParts(at).find((p) => p.type === type)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}
