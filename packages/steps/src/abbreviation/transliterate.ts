/**
 * Latin transliteration good enough to build an abbreviation (not a linguistic tool): accents are
 * stripped through Unicode decomposition, a few ligatures and letters that do not decompose are
 * spelled out, and Greek and Cyrillic map letter by letter. Scripts without a table here (CJK,
 * Arabic, Hebrew, ...) come out empty, and the caller falls back to a generated code.
 */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
  ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'NG', ĳ: 'ij', Ĳ: 'IJ',
  '&': ' and ',
};

const GREEK: Readonly<Record<string, string>> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o',
};

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i',
  і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ў: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya',
};

function mapChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const lower = ch.toLowerCase();
  const mapped = GREEK[lower] ?? CYRILLIC[lower];
  if (mapped === undefined) return ch;
  return ch === lower ? mapped : mapped.toUpperCase();
}

/** Returns the name in Latin letters, digits and the separators it had; unknown scripts are dropped. */
export function transliterate(text: string): string {
  // Decompose first so "é" becomes "e" + a combining accent and "ώ" becomes "ω" + an accent.
  const decomposed = text.normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of decomposed) out += mapChar(ch);
  // Anything still outside ASCII letters/digits separates words (and is lost).
  return out.replace(/[^A-Za-z0-9]+/g, ' ').trim();
}
