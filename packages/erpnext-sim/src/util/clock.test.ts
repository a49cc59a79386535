import { addToDate, Clock, formatDatetimeMicros, normalizeDate, normalizeDatetime } from './clock';

describe('clock and datetime formats', () => {
  it('prints str(datetime): microseconds only when non-zero', () => {
    expect(formatDatetimeMicros(Date.UTC(2025, 0, 31, 10, 0, 0) * 1000)).toBe('2025-01-31 10:00:00');
    expect(formatDatetimeMicros(Date.UTC(2025, 0, 31, 10, 0, 0) * 1000 + 123456)).toBe('2025-01-31 10:00:00.123456');
  });

  it('is strictly monotonic', () => {
    const clock = new Clock();
    const a = clock.nowMicros();
    const b = clock.nowMicros();
    expect(b).toBeGreaterThan(a);
  });

  it('normalises client dates and datetimes, rejecting impossible ones', () => {
    expect(normalizeDate('2025-1-5')).toBe('2025-01-05');
    expect(normalizeDatetime('2025-01-05T09:30')).toBe('2025-01-05 09:30:00');
    expect(normalizeDatetime('2025-01-05 09:30:00.5')).toBe('2025-01-05 09:30:00.500000');
    expect(normalizeDate('2025-02-30')).toBeUndefined();
  });

  it('adds years like relativedelta (clamping Feb 29)', () => {
    expect(addToDate('2025-01-01', 1, -1)).toBe('2025-12-31');
    expect(addToDate('2024-02-29', 1, 0)).toBe('2025-02-28');
  });
});
