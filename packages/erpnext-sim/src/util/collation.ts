/**
 * MariaDB's utf8mb4_unicode_ci, the collation Frappe creates its tables with, compares strings
 * case- and accent-insensitively and ignores trailing spaces (PAD SPACE). Names are primary keys in
 * that collation, so "ACME" collides with "Acme" (409) and a filter `{"company": "acme"}` matches
 * "Acme". Every name lookup and string comparison in the simulator goes through this key.
 */
export function collationKey(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ +$/u, '');
}

export function collationEquals(a: string, b: string): boolean {
  return collationKey(a) === collationKey(b);
}

export function collationCompare(a: string, b: string): number {
  const ka = collationKey(a);
  const kb = collationKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
