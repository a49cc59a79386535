import { transliterate } from './transliterate';

/**
 * Abbreviation candidates for a Company (SPEC §6), best first. Pure: the caller passes the
 * abbreviations that are taken (existing companies' abbrs and the ones ERPNext already refused) and
 * tries the candidates in order, never one twice.
 *
 * Invariants of every returned candidate: uppercase A–Z/0–9 only, 2..maxLength characters, not in
 * `taken` (compared case-insensitively, as MariaDB's collation does in ERPNext's uniqueness check),
 * no duplicates. The list is never empty: names with no Latin letters ("株式会社テスト", "!!!") fall
 * back to "CO" + a number taken from the company id or a short hash.
 */
export interface AbbreviationOptions {
  /** The abbreviation the client asked for; tried first (and with a numeric suffix) when free. */
  requested?: string | null;
  /** Abbreviations that must not be returned. */
  taken?: Iterable<string>;
  /** Stable per-tenant text for the fallback (the company id, e.g. "COMP-2025-00042"). */
  seed?: string;
  /** ERPNext's setup wizard caps abbreviations at 10 characters; so do we. */
  maxLength?: number;
  /** How many candidates to return at most. */
  limit?: number;
}

export const ABBR_MAX_LENGTH = 10;
const MIN_LENGTH = 2;
const NUMERIC_VARIANTS = 3;

/** Words that carry no identity: dropped from the "significant" initials (never when first). */
const FILLER_WORDS = new Set(['THE', 'AND', 'OF', 'FOR', 'DE', 'DA', 'DO', 'DI', 'DEL', 'LA', 'LE', 'LES', 'EL', 'DER', 'DIE', 'DAS', 'UND', 'ET', 'Y', 'E']);
const LEGAL_SUFFIXES = new Set([
  'INC', 'INCORPORATED', 'LTD', 'LIMITED', 'LLC', 'LLP', 'LP', 'PLC', 'CO', 'CORP', 'CORPORATION', 'COMPANY',
  'GMBH', 'AG', 'KG', 'SA', 'SAS', 'SARL', 'SRL', 'SPA', 'BV', 'NV', 'PTY', 'PVT', 'KK', 'OY', 'AB', 'AS', 'ASA', 'SL',
]);

/** Uppercase A–Z0–9 only, accents transliterated; '' when nothing Latin is left. */
export function normalizeAbbreviation(text: string): string {
  return transliterate(text).toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function abbreviationCandidates(companyName: string, options: AbbreviationOptions = {}): string[] {
  const maxLength = Math.max(MIN_LENGTH + 1, options.maxLength ?? ABBR_MAX_LENGTH);
  const limit = options.limit ?? 40;
  const taken = new Set<string>();
  for (const t of options.taken ?? []) taken.add(t.trim().toUpperCase());

  const out: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string | undefined): void => {
    if (raw === undefined) return;
    const c = raw.slice(0, maxLength);
    if (c.length < MIN_LENGTH || !/^[A-Z0-9]+$/.test(c) || seen.has(c) || taken.has(c)) return;
    seen.add(c);
    out.push(c);
  };
  /** base + N for the next numbers after the highest one already taken (AC7 taken → AC8, AC9, ...). */
  const addNumeric = (base: string | undefined): void => {
    if (!base) return;
    let highest = 0;
    const pattern = new RegExp(`^${base}(\\d+)$`);
    for (const t of taken) {
      const m = pattern.exec(t);
      if (m?.[1] !== undefined) highest = Math.max(highest, Number(m[1]));
    }
    for (let n = highest + 1; n <= highest + NUMERIC_VARIANTS; n++) {
      const suffix = String(n);
      add(base.slice(0, Math.max(1, maxLength - suffix.length)) + suffix);
    }
  };

  const requested = options.requested ? normalizeAbbreviation(options.requested) : '';
  if (requested) {
    add(requested);
    addNumeric(requested.slice(0, maxLength - 1));
  }

  const words = transliterate(companyName).toUpperCase().split(' ').filter((w) => w.length > 0);
  const significant = words.filter((w, i) => i === 0 || !(FILLER_WORDS.has(w) || LEGAL_SUFFIXES.has(w)));
  const first = significant[0] ?? '';
  const initials = words.map((w) => w[0]).join('');
  const sigInitials = significant.map((w) => w[0]).join('');

  // 1. Initials (what ERPNext itself would pick), then initials of the words that carry identity.
  add(initials);
  add(sigInitials);
  // 2. First letters of the first words: "Acme Corporation" → ACCO.
  const leading = significant.length >= 2 ? significant : words;
  if (leading.length >= 2) add(leading.slice(0, 2).map((w) => w.slice(0, 2)).join(''));
  // 3. The start of the first word: AC, ACM, ACME.
  if (significant.length === 1) add(first.slice(0, 2));
  add(first.slice(0, 3));
  add(first.slice(0, 4));
  // 4. Consonants: the first letter, then the consonants of the name ("Acme Corporation" → ACMC).
  const joined = significant.join('');
  const consonants = (joined[0] ?? '') + joined.slice(1).replace(/[AEIOU]/g, '');
  add(consonants.slice(0, 3));
  add(consonants.slice(0, 4));
  // 5. Initials (or the start of the name) plus the next free number.
  const numericBase = sigInitials.length >= MIN_LENGTH ? sigInitials : initials.length >= MIN_LENGTH ? initials : first.slice(0, 3);
  addNumeric(numericBase);
  if (first.length >= 3) addNumeric(first.slice(0, 3));
  // 6. Fallback for names with no Latin letters or digits, and the last resort for every name.
  for (const c of fallbackCandidates(options.seed ?? companyName, companyName)) add(c);
  addNumeric('CO');

  return out.slice(0, limit);
}

/** "CO" + the number at the end of the company id, then "CO" + short hashes of the id and the name. */
function fallbackCandidates(seed: string, name: string): string[] {
  const out: string[] = [];
  const digits = /(\d+)\D*$/.exec(seed)?.[1];
  if (digits !== undefined) {
    const n = String(Number(digits));
    out.push(`CO${n.slice(-8)}`);
  }
  out.push(`CO${shortHash(seed)}`);
  if (name !== seed) out.push(`CO${shortHash(name)}`);
  return out;
}

/** FNV-1a (32 bit) in base 36, 5 characters: stable across runs and machines. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).toUpperCase().padStart(5, '0').slice(-5);
}
