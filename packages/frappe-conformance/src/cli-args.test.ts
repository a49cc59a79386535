import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('uses the embedded simulator when no --url is given', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, options: { json: false, list: false, help: false } });
  });

  it('accepts a real site with key, secret, site, json and a pattern', () => {
    const parsed = parseCliArgs(['--url', 'https://erp.example.com', '--key', 'k', '--secret', 's', '--site', 'erp.example.com', '--json', '--only', '§10,ping']);
    expect(parsed).toEqual({
      ok: true,
      options: { url: 'https://erp.example.com', key: 'k', secret: 's', site: 'erp.example.com', json: true, only: '§10,ping', list: false, help: false },
    });
  });

  it('refuses --url without both credentials', () => {
    expect(parseCliArgs(['--url', 'http://x', '--key', 'k'])).toMatchObject({ ok: false, message: expect.stringContaining('--secret') });
  });

  it('refuses credentials without --url, an unknown option and a non-http URL', () => {
    expect(parseCliArgs(['--key', 'k', '--secret', 's']).ok).toBe(false);
    expect(parseCliArgs(['--verbose']).ok).toBe(false);
    expect(parseCliArgs(['--url', 'ftp://x', '--key', 'k', '--secret', 's']).ok).toBe(false);
    expect(parseCliArgs(['--url', 'not a url', '--key', 'k', '--secret', 's']).ok).toBe(false);
  });
});
