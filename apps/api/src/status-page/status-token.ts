import { createHmac, timingSafeEqual } from 'node:crypto';

/** Characters of the base64url HMAC kept in a token: 22 × 6 = 132 bits, plenty against guessing. */
const MAC_LENGTH = 22;
const COMPANY_ID = /^COMP-\d{4}-\d{5,}$/;

function mac(secretKey: string, companyId: string): string {
  return createHmac('sha256', secretKey).update(`status:${companyId}`, 'utf8').digest('base64url').slice(0, MAC_LENGTH);
}

/**
 * The capability in a company's public status URL: `base64url(companyId).mac`. Anyone holding it
 * may watch that company's progress (no emails or secrets are shown there); nobody can derive one
 * for another company without SECRET_KEY. Rotating SECRET_KEY invalidates every status link.
 */
export function createStatusToken(secretKey: string, companyId: string): string {
  return `${Buffer.from(companyId, 'utf8').toString('base64url')}.${mac(secretKey, companyId)}`;
}

/** The company id the token was issued for, or null for anything malformed or forged. */
export function verifyStatusToken(secretKey: string, token: string): string | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const companyId = Buffer.from(match[1], 'base64url').toString('utf8');
  if (!COMPANY_ID.test(companyId)) return null;
  // Re-encoding must give the same text, or two spellings of one id would both be accepted.
  if (Buffer.from(companyId, 'utf8').toString('base64url') !== match[1]) return null;
  const expected = Buffer.from(mac(secretKey, companyId), 'utf8');
  const given = Buffer.from(match[2], 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given) ? companyId : null;
}

export function statusUrlFor(publicBaseUrl: string, secretKey: string, companyId: string): string {
  return `${publicBaseUrl}/status/${createStatusToken(secretKey, companyId)}`;
}
