import { createStatusToken, statusUrlFor, verifyStatusToken } from './status-token';

const KEY = 'a-status-secret-key-with-32-characters!!';

describe('status tokens', () => {
  it('verifies a token it issued and returns its company id', () => {
    const token = createStatusToken(KEY, 'COMP-2026-00042');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(verifyStatusToken(KEY, token)).toBe('COMP-2026-00042');
  });

  it('rejects a token issued under another secret key', () => {
    expect(verifyStatusToken(KEY, createStatusToken(`${KEY}x`, 'COMP-2026-00042'))).toBeNull();
  });

  it('rejects a token whose company id was swapped for another', () => {
    const [, mac] = createStatusToken(KEY, 'COMP-2026-00042').split('.');
    const forged = `${Buffer.from('COMP-2026-00043').toString('base64url')}.${mac ?? ''}`;
    expect(verifyStatusToken(KEY, forged)).toBeNull();
  });

  it.each(['', 'abc', 'abc.def', '.', 'Q09NUC0yMDI2LTAwMDQy.', `${Buffer.from('not-a-company').toString('base64url')}.${'A'.repeat(22)}`])(
    'rejects the malformed token %p',
    (token) => {
      expect(verifyStatusToken(KEY, token)).toBeNull();
    },
  );

  it('builds the status URL under the public base URL', () => {
    expect(statusUrlFor('https://p.example', KEY, 'COMP-2026-00001')).toBe(`https://p.example/status/${createStatusToken(KEY, 'COMP-2026-00001')}`);
  });
});
