import { constantTimeEqual, matchesAny } from './constant-time';

describe('constant-time comparison', () => {
  it('tells equal strings from different ones, whatever their lengths', () => {
    expect(constantTimeEqual('token-a', 'token-a')).toBe(true);
    expect(constantTimeEqual('token-a', 'token-b')).toBe(false);
    expect(constantTimeEqual('token', 'token-longer')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('matches a candidate against any of several secrets', () => {
    expect(matchesAny('b', ['a', 'b', 'c'])).toBe(true);
    expect(matchesAny('d', ['a', 'b', 'c'])).toBe(false);
    expect(matchesAny('a', [])).toBe(false);
  });
});
