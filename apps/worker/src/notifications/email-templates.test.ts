import { renderFailureEmail, renderSuccessEmail } from './email-templates';

describe('customer emails', () => {
  it('puts the site URL, login and password in the success email, with the pinned subject', () => {
    const m = renderSuccessEmail({ companyName: 'Acme', companyId: 'COMP-2026-00001', siteUrl: 'http://acme.localhost', adminEmail: 'a@acme.com', adminPassword: 'pw-123456', partial: false });
    expect(m.subject).toBe('Your Site is Ready: Acme');
    for (const part of [m.text, m.html]) {
      expect(part).toContain('http://acme.localhost');
      expect(part).toContain('a@acme.com');
      expect(part).toContain('pw-123456');
      expect(part.toLowerCase()).toContain('change');
    }
  });

  it('escapes request values in the HTML part', () => {
    const m = renderSuccessEmail({ companyName: '<script>x</script>', companyId: 'C', siteUrl: 'http://a', adminEmail: 'a@b.c', adminPassword: 'p<>&"', partial: false });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('p&lt;&gt;&amp;&quot;');
  });

  it('says the password was sent before when it was already wiped', () => {
    const m = renderSuccessEmail({ companyName: 'Acme', companyId: 'C', siteUrl: 'http://a', adminEmail: 'a@b.c', adminPassword: null, partial: true });
    expect(m.text).toContain('earlier email');
    expect(m.text).toContain('optional');
  });

  it('names what failed and the company id as support reference in the failure email', () => {
    const m = renderFailureEmail({ companyName: 'Acme', companyId: 'COMP-2026-00007', failedStep: 'POS profile', reason: 'the Cash mode of payment is missing' });
    expect(m.subject).toBe('Site Provisioning Failed: Acme');
    expect(m.text).toContain('POS profile');
    expect(m.text).toContain('COMP-2026-00007');
    expect(m.html).toContain('COMP-2026-00007');
  });
});
