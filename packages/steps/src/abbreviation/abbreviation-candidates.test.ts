import { abbreviationCandidates, normalizeAbbreviation, shortHash } from './abbreviation-candidates';
import { transliterate } from './transliterate';

const VALID = /^[A-Z0-9]{2,10}$/;

function expectWellFormed(list: string[]): void {
  expect(list.length).toBeGreaterThan(0);
  for (const c of list) expect(c).toMatch(VALID);
  expect(new Set(list).size).toBe(list.length);
}

describe('abbreviationCandidates', () => {
  it('offers the initials first, as ERPNext itself would', () => {
    const list = abbreviationCandidates('Acme Corporation');
    expectWellFormed(list);
    expect(list[0]).toBe('AC');
  });

  it('tries the requested abbreviation before any generated one', () => {
    const list = abbreviationCandidates('Acme Corporation', { requested: 'acme' });
    expect(list[0]).toBe('ACME');
    expect(list).toContain('AC');
  });

  it('normalises a requested abbreviation with accents and punctuation', () => {
    expect(abbreviationCandidates('Whatever Inc', { requested: 'Él-ñ 1' })[0]).toBe('ELN1');
  });

  it('skips the initials when a seeded company already holds them', () => {
    const list = abbreviationCandidates('Acme Corporation', { taken: ['AC'] });
    expectWellFormed(list);
    expect(list).not.toContain('AC');
    expect(list[0]).toBe('ACCO');
  });

  it('compares taken abbreviations case-insensitively, like the database does', () => {
    expect(abbreviationCandidates('Acme Corporation', { taken: ['ac', ' acco '] })).not.toEqual(expect.arrayContaining(['AC', 'ACCO']));
  });

  it('gives two companies whose initials collide different abbreviations when tried in turn', () => {
    const first = abbreviationCandidates('Alpha Beta')[0];
    const second = abbreviationCandidates('Acme Bakery', { taken: [first ?? ''] })[0];
    expect(first).toBe('AB');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('skips the numeric suffix ahead past the highest one in use', () => {
    const taken = ['AC', 'ACCO', 'ACM', 'ACME', 'ACMC', 'AC1', 'AC2', 'AC7'];
    const list = abbreviationCandidates('Acme Corporation', { taken });
    expect(list).toContain('AC8');
    expect(list).not.toContain('AC3');
    expect(list.indexOf('AC8')).toBeLessThan(list.indexOf('AC9'));
  });

  it('never returns a candidate it was told is taken or one twice', () => {
    const all = abbreviationCandidates('Acme Corporation');
    const rest = abbreviationCandidates('Acme Corporation', { taken: all.slice(0, 5) });
    for (const t of all.slice(0, 5)) expect(rest).not.toContain(t);
    expectWellFormed(rest);
  });

  it('builds candidates from the start of a one-word name', () => {
    const list = abbreviationCandidates('Acme');
    expectWellFormed(list);
    expect(list.slice(0, 3)).toEqual(['AC', 'ACM', 'ACME']);
  });

  it('drops legal suffixes and filler words from the significant initials', () => {
    const list = abbreviationCandidates('The Bank of Springfield Ltd');
    expect(list[0]).toBe('TBOSL');
    expect(list).toContain('TBS');
  });

  it('caps every candidate at ten characters', () => {
    const list = abbreviationCandidates('Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu');
    expectWellFormed(list);
    expect(list[0]).toBe('ABGDEZETIK');
  });

  it('transliterates Greek names to Latin initials', () => {
    const list = abbreviationCandidates('Ωμέγα Τεχνολογίες');
    expectWellFormed(list);
    expect(list[0]).toBe('OT');
  });

  it('transliterates Cyrillic names and strips Latin accents', () => {
    expect(abbreviationCandidates('Ромашка Групп')[0]).toBe('RG');
    expect(abbreviationCandidates('Société Générale Été')[0]).toBe('SGE');
  });

  it('falls back to CO plus the company number for a Japanese name', () => {
    const list = abbreviationCandidates('株式会社テスト', { seed: 'COMP-2025-00042' });
    expectWellFormed(list);
    expect(list[0]).toBe('CO42');
  });

  it('falls back to a stable hash when the company id has no number', () => {
    const a = abbreviationCandidates('株式会社テスト', { seed: 'tenant-x' });
    const b = abbreviationCandidates('株式会社テスト', { seed: 'tenant-x' });
    expect(a).toEqual(b);
    expect(a[0]).toBe(`CO${shortHash('tenant-x')}`);
  });

  it('gives punctuation-only names usable candidates', () => {
    for (const name of ['!!!', '---', '   ']) {
      const list = abbreviationCandidates(name, { seed: 'COMP-2025-00007' });
      expectWellFormed(list);
      expect(list[0]).toBe('CO7');
    }
  });

  it('moves past a taken fallback to the next free CO number', () => {
    const list = abbreviationCandidates('!!!', { seed: 'COMP-2025-00007', taken: ['CO7', 'CO1', 'CO2', 'CO3'] });
    expectWellFormed(list);
    expect(list).not.toContain('CO7');
    expect(list).toContain('CO8');
  });

  it('keeps the fallback candidates at the end of every list, so a Latin name cannot run dry early', () => {
    const list = abbreviationCandidates('Acme Corporation', { seed: 'COMP-2025-00042' });
    expect(list).toContain('CO42');
    expect(list.indexOf('CO42')).toBeGreaterThan(list.indexOf('AC'));
  });
});

describe('normalizeAbbreviation and transliterate', () => {
  it('keeps only uppercase Latin letters and digits', () => {
    expect(normalizeAbbreviation(' a.b-c 9 ')).toBe('ABC9');
    expect(normalizeAbbreviation('株式会社')).toBe('');
  });

  it('spells out letters that do not decompose', () => {
    expect(transliterate('Straße Øst Æble')).toBe('Strasse Ost AEble');
  });
});
