import { fiscalYearFor, setupWizardArgs, timezoneFor } from './setup-wizard';

describe('setup wizard arguments', () => {
  it('uses the calendar year as fiscal year where the country has no other custom', () => {
    expect(fiscalYearFor('United States', new Date('2025-06-15T00:00:00Z'))).toEqual({ start: '2025-01-01', end: '2025-12-31' });
  });

  it('starts an Indian fiscal year in April, in the previous year before April', () => {
    expect(fiscalYearFor('India', new Date('2025-02-10T00:00:00Z'))).toEqual({ start: '2024-04-01', end: '2025-03-31' });
    expect(fiscalYearFor('India', new Date('2025-04-01T00:00:00Z'))).toEqual({ start: '2025-04-01', end: '2026-03-31' });
  });

  it('falls back to UTC for a country without a known time zone', () => {
    expect(timezoneFor('Atlantis')).toBe('UTC');
    expect(timezoneFor('Kenya')).toBe('Africa/Nairobi');
  });

  it('carries every key ERPNext needs to finish the wizard', () => {
    const args = setupWizardArgs({ country: 'United States', currency: 'USD', companyName: 'Acme', companyAbbr: 'AC', chartOfAccounts: 'Standard', email: 'a@b.c', password: 'pw123456', today: new Date('2025-06-15T00:00:00Z') });
    expect(Object.keys(args)).toEqual(expect.arrayContaining(['language', 'country', 'timezone', 'currency', 'full_name', 'email', 'password', 'company_name', 'company_abbr', 'chart_of_accounts', 'fy_start_date', 'fy_end_date']));
  });
});
