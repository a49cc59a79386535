import { pyJsonDumps } from './python-json';

describe('pyJsonDumps', () => {
  it('uses json.dumps default separators unless compact', () => {
    expect(pyJsonDumps({ a: 1, b: [1, 2] })).toBe('{"a": 1, "b": [1, 2]}');
    expect(pyJsonDumps({ a: 1, b: [1, 2] }, { compact: true })).toBe('{"a":1,"b":[1,2]}');
  });

  it('escapes non-ASCII and control characters as \\uXXXX (ensure_ascii)', () => {
    expect(pyJsonDumps('Zoë €\u0001\u007f')).toBe('"Zo\\u00eb \\u20ac\\u0001\\u007f"');
    expect(pyJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
  });

  it('drops undefined keys and keeps key order', () => {
    expect(pyJsonDumps({ z: 1, a: undefined, m: null })).toBe('{"z": 1, "m": null}');
  });

  it('double-encodes like _server_messages', () => {
    const inner = pyJsonDumps({ message: 'x', title: 'Message' });
    expect(pyJsonDumps([inner])).toBe('["{\\"message\\": \\"x\\", \\"title\\": \\"Message\\"}"]');
  });
});
