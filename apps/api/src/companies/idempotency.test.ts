import { readIdempotencyKey, requestFingerprint } from './idempotency';

const KEY = 'x'.repeat(32);

describe('request fingerprints', () => {
  it('does not depend on the order of the keys', () => {
    expect(requestFingerprint(KEY, { a: 1, b: { c: 2, d: 3 } })).toBe(requestFingerprint(KEY, { b: { d: 3, c: 2 }, a: 1 }));
  });

  it('changes with any value, the password included', () => {
    const base = { company_name: 'Acme', admin_password: 'one-password' };
    expect(requestFingerprint(KEY, base)).not.toBe(requestFingerprint(KEY, { ...base, admin_password: 'two-password' }));
  });

  it('is keyed, so it cannot be recomputed without SECRET_KEY', () => {
    expect(requestFingerprint(KEY, { a: 1 })).not.toBe(requestFingerprint(`${KEY}y`, { a: 1 }));
  });
});

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(readIdempotencyKey(undefined)).toEqual({ key: null });
  });

  it('accepts 1 to 200 printable characters', () => {
    expect(readIdempotencyKey('order-42 retry')).toEqual({ key: 'order-42 retry' });
    expect(readIdempotencyKey('k'.repeat(200))).toEqual({ key: 'k'.repeat(200) });
  });

  it.each(['', '   ', 'k'.repeat(201), 'tab\there', 'ünïcode'])('rejects %p', (value) => {
    expect(readIdempotencyKey(value)).toHaveProperty('problem.field', 'Idempotency-Key');
  });
});
