/**
 * The start-up check every secret of ours passes (SECRET_KEY here and in the worker, API_TOKENS,
 * BULL_BOARD_PASSWORD). It lives beside the secret box because SECRET_KEY is its key, and both apps
 * must judge that key alike. A pure function: the apps' config loaders call it and turn its answer
 * into their one-line "Invalid configuration: NAME …" error.
 *
 * Contract: the answer never contains the value, so it is safe to print at start-up.
 */

/** Fewer distinct characters than this is "obviously weak" (`aaaa…`, `abab…`, `123123…`). */
export const MIN_DISTINCT_SECRET_CHARS = 6;

/**
 * `.env.example` ships `change-me-token`, `change-me` and `change-me-to-a-long-random-string-of-32+chars`;
 * any value that still says "change me" (in any spelling) was copied, not chosen.
 */
const PLACEHOLDER = /change[-_ ]?me/i;

/** Why `value` is not acceptable as a secret of at least `minLength` characters, or null. */
export function secretWeakness(value: string, minLength: number): string | null {
  if (PLACEHOLDER.test(value)) {
    return 'is the .env.example placeholder: replace it with a random value (e.g. `openssl rand -hex 32`)';
  }
  if (value.length < minLength) return `must be at least ${minLength} characters long`;
  if (new Set(value).size < MIN_DISTINCT_SECRET_CHARS) {
    return `is too weak: it uses fewer than ${MIN_DISTINCT_SECRET_CHARS} different characters (use a random value, e.g. \`openssl rand -hex 32\`)`;
  }
  return null;
}
