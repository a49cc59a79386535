import { collationCompare, collationEquals, collationKey } from './collation';

describe('collation (utf8mb4_unicode_ci)', () => {
  it('ignores case, accents and trailing spaces', () => {
    expect(collationEquals('Acme', 'ACME')).toBe(true);
    expect(collationEquals('Café', 'cafe')).toBe(true);
    expect(collationEquals('Stores - SSC  ', 'stores - ssc')).toBe(true);
    expect(collationEquals(' Acme', 'Acme')).toBe(false);
  });

  it('orders case-insensitively', () => {
    expect(collationCompare('apple', 'Banana')).toBeLessThan(0);
    expect(collationKey('ÀB')).toBe('ab');
  });
});
