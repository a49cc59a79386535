import { randomBytes } from 'node:crypto';

/** `frappe.generate_hash(length)`: `secrets.token_hex(ceil(length / 2))[:length]`. */
export function generateHash(length = 56): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}
