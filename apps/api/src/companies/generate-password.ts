import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-=?@_';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

function pick(chars: string): string {
  return chars[randomInt(chars.length)] ?? '';
}

/**
 * An admin password for a tenant that did not send one: 20 characters from a CSPRNG with at least
 * one of each class, so Frappe's password-strength policy accepts it; look-alike characters (l, 1,
 * O, 0) are left out because the customer reads it from an email.
 */
export function generateAdminPassword(length = 20): string {
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
