import { frappeDatetime } from './frappe-datetime';

describe('frappeDatetime', () => {
  const at = new Date('2025-03-01T03:04:05Z');

  it('formats a moment as Frappe stores it, in the site time zone', () => {
    expect(frappeDatetime(at, 'America/New_York')).toEqual({ date: '2025-02-28', datetime: '2025-02-28 22:04:05' });
  });

  it('uses UTC when the site has no time zone or an unknown one', () => {
    expect(frappeDatetime(at, undefined).datetime).toBe('2025-03-01 03:04:05');
    expect(frappeDatetime(at, 'Not/AZone').datetime).toBe('2025-03-01 03:04:05');
  });
});
