import data from '../data/v15-countries.json';

/**
 * Frappe v15's Country records (frappe/geo/country_info.json) and the charts of accounts ERPNext
 * 15.92 offers per country, read from `data/v15-countries.json` — a verbatim copy of
 * shared/erpnext/v15-countries.json (a test fails if the two drift).
 */
export interface CountryInfo {
  /** The Country record's name, exactly as Frappe spells it ("Korea, Republic of"). */
  name: string;
  /** ISO 3166-1 alpha-2, lower case. */
  code: string;
  /** Default currency, or null where Frappe has none. */
  currency: string | null;
  timezones: string[];
  date_format: string | null;
  /** Charts `get_charts_for_country` offers for this country. */
  charts: string[];
}

type RawCountry = Omit<CountryInfo, 'name'>;

const raw = data.countries as unknown as Record<string, RawCountry>;

export const COUNTRIES: ReadonlyMap<string, CountryInfo> = new Map(Object.entries(raw).map(([name, info]) => [name, { name, ...info }]));

/** Country names compare as MariaDB's utf8mb4_unicode_ci would: case- and accent-insensitive. */
export function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const byFolded = new Map([...COUNTRIES.values()].map((c) => [foldName(c.name), c]));
const byCode = new Map([...COUNTRIES.values()].map((c) => [c.code, c]));

/** The Country a Link field would accept for `name` (Frappe rewrites it to the stored spelling). */
export function findCountry(name: string): CountryInfo | undefined {
  return byFolded.get(foldName(name));
}

/**
 * Everyday names that are not Frappe's record names. Only used to *suggest* the record name in an
 * error; a request is never accepted under an alias.
 */
const ALIASES: Record<string, string> = {
  'south korea': 'Korea, Republic of',
  'republic of korea': 'Korea, Republic of',
  'north korea': 'Korea, Democratic Peoples Republic of',
  russia: 'Russian Federation',
  bolivia: 'Bolivia, Plurinational State of',
  usa: 'United States',
  us: 'United States',
  'united states of america': 'United States',
  america: 'United States',
  uk: 'United Kingdom',
  'great britain': 'United Kingdom',
  britain: 'United Kingdom',
  england: 'United Kingdom',
  'iran, islamic republic of': 'Iran',
  'viet nam': 'Vietnam',
  syria: 'Syrian Arab Republic',
  laos: "Lao People's Democratic Republic",
  tanzania: 'Tanzania',
  moldova: 'Moldova, Republic of',
  venezuela: 'Venezuela, Bolivarian Republic of',
  uae: 'United Arab Emirates',
  holland: 'Netherlands',
  'the netherlands': 'Netherlands',
  'czech republic': 'Czechia',
  'ivory coast': "Côte d'Ivoire",
  turkey: 'Türkiye',
};

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

const words = (s: string) => foldName(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);

/**
 * Up to `limit` Frappe country names closest to what a client sent: an everyday alias, an ISO code,
 * names sharing a word with it, then the nearest by edit distance.
 */
export function suggestCountries(input: string, limit = 3): string[] {
  const folded = foldName(input);
  const out: string[] = [];
  const add = (name: string | undefined) => {
    if (name && COUNTRIES.has(name) && !out.includes(name)) out.push(name);
  };
  add(ALIASES[folded]);
  if (/^[a-z]{2}$/.test(folded)) add(byCode.get(folded)?.name);
  const inputWords = new Set(words(input));
  const scored = [...COUNTRIES.values()].map((c) => {
    const shared = words(c.name).filter((w) => inputWords.has(w)).length;
    return { name: c.name, shared, distance: levenshtein(folded, foldName(c.name)) };
  });
  scored
    .filter((s) => s.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance)
    .forEach((s) => add(s.name));
  scored.sort((a, b) => a.distance - b.distance).forEach((s) => add(s.name));
  return out.slice(0, limit);
}
