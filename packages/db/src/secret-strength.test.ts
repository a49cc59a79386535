import { secretWeakness } from './secret-strength';

describe('secretWeakness', () => {
  it('accepts a long random value', () => {
    expect(secretWeakness('9f86d081884c7d659a2feaa0c55ad015', 32)).toBeNull();
  });

  it.each(['change-me', 'change-me-token', 'change-me-to-a-long-random-string-of-32+chars', 'CHANGEME-please-0123456789abcdef'])(
    'refuses the .env.example placeholder %p',
    (value) => {
      expect(secretWeakness(value, 8)).toMatch(/placeholder/);
    },
  );

  it('refuses a value shorter than the minimum', () => {
    expect(secretWeakness('a1b2c3d4', 16)).toBe('must be at least 16 characters long');
  });

  it('refuses a long value made of one or a few characters', () => {
    expect(secretWeakness('k'.repeat(40), 32)).toMatch(/too weak/);
    expect(secretWeakness('abab'.repeat(10), 32)).toMatch(/too weak/);
  });

  it('never repeats the value it refuses', () => {
    for (const value of ['change-me-secret-value', 'short-secret', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']) {
      expect(secretWeakness(value, 32)).not.toContain(value);
    }
  });
});
