import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time independent of where they differ AND of their lengths: both sides are
 * hashed first, so timingSafeEqual always sees two 32-byte buffers.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** True when `candidate` equals one of `secrets`; every secret is compared, never short-circuited. */
export function matchesAny(candidate: string, secrets: readonly string[]): boolean {
  let found = false;
  for (const secret of secrets) {
    if (constantTimeEqual(candidate, secret)) found = true;
  }
  return found;
}
