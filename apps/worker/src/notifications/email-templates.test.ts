import { customerFailureText } from '@provisioner/jobs';
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

  it('names the failed step in plain words, with the company id as support reference', () => {
    const m = renderFailureEmail({ companyName: 'Acme', companyId: 'COMP-2026-00007', failedStep: customerFailureText('chart_of_accounts') });
    expect(m.subject).toBe('Site Provisioning Failed: Acme');
    for (const part of [m.text, m.html]) {
      expect(part).toContain("We could not create your company");
      expect(part).toContain('Chart of accounts');
      expect(part).toContain('COMP-2026-00007');
    }
    expect(m.text).toContain('Reply to this email with the reference COMP-2026-00007');
  });

  it('promises nothing it does not do: no "our team has been notified"', () => {
    const failed = renderFailureEmail({ companyName: 'Acme', companyId: 'C', failedStep: null });
    const partial = renderSuccessEmail({ companyName: 'Acme', companyId: 'C', siteUrl: 'http://a', adminEmail: 'a@b.c', adminPassword: 'p', partial: true });
    for (const m of [failed, partial]) expect(`${m.text}${m.html}`.toLowerCase()).not.toMatch(/team has been (notified|told)/);
    expect(failed.text).toContain('We could not finish setting up your workspace.');
  });
});
