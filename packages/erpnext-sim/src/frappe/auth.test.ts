import { pythonB64Decode } from './auth';

describe("Python's non-strict b64decode", () => {
  it('decodes valid input and ignores characters outside the alphabet', () => {
    expect(pythonB64Decode('c2ltLWtleTpzaW0tc2VjcmV0')?.toString()).toBe('sim-key:sim-secret');
    expect(pythonB64Decode('c2lt\nLWtl')?.toString()).toBe('sim-ke');
  });

  it('fails (binascii.Error) on a length of 4n+1 and on missing padding', () => {
    expect(pythonB64Decode('abcde')).toBeUndefined();
    expect(pythonB64Decode('YWI')).toBeUndefined();
    expect(pythonB64Decode('YWI=')?.toString()).toBe('ab');
  });
});
