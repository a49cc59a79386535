import { createHmac } from 'node:crypto';
import type { FieldProblem } from '../http';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** 1..200 printable ASCII characters (what Stripe and the IETF draft allow in practice). */
const KEY_FORMAT = /^[\x20-\x7E]{1,200}$/;

/** The header's value, null when absent, or the validation problem when malformed. */
export function readIdempotencyKey(raw: string | string[] | undefined): { key: string | null } | { problem: FieldProblem } {
  if (raw === undefined) return { key: null };
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  if (!KEY_FORMAT.test(value) || value.trim().length === 0) {
    return { problem: { field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters' } };
  }
  return { key: value };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprint of a create request, stored beside its Idempotency-Key to tell a repeat from a
 * different request reusing the key. It is an HMAC keyed with SECRET_KEY over the normalized body
 * with sorted keys: the body contains the admin password, and a plain hash of it could be brute-forced
 * from the stored value, a keyed one cannot.
 */
export function requestFingerprint(secretKey: string, normalizedBody: Record<string, unknown>): string {
  return createHmac('sha256', secretKey).update(`idempotency:v1:${canonicalJson(normalizedBody)}`, 'utf8').digest('hex');
}
