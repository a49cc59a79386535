import { controlCharacterProblems, hasControlCharacters } from './control-characters';

describe('control characters', () => {
  it.each(['\u0000', 'a\u0001b', 'tab\there', 'line\nbreak', 'cr\r', 'esc\u001b[31m', 'del\u007f', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d'])(
    'finds them in %j',
    (value) => {
      expect(hasControlCharacters(value)).toBe(true);
    },
  );

  it.each(['Acme Corporation', 'Société Générale', 'Zürich AG – 東京', 'emoji 😀 pair', ' spaces  ', ''])('lets %j through', (value) => {
    expect(hasControlCharacters(value)).toBe(false);
  });

  it('names every bad field of a body, and a bad key by its position only', () => {
    expect(controlCharacterProblems({ company_name: 'Acme\u0000', country: 'Germany', nested: { list: ['ok', 'x\u0007'] }, ['k\u0000']: 'v' })).toEqual([
      { field: 'company_name', message: expect.stringContaining('control characters') },
      { field: 'nested.list.1', message: expect.stringContaining('control characters') },
      { field: '[key 3]', message: expect.stringContaining('name must not contain') },
    ]);
    expect(controlCharacterProblems({ start: true, limit: 5, company_name: 'Acme' })).toEqual([]);
  });
});
