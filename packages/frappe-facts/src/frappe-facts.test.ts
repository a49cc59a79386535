import { ACCEPTED_CHARTS, chartsForCountry, checkPasswordPolicy, findCountry, hasRight, isAcceptedChart, rolesGranting, suggestCountries } from './index';

describe('countries', () => {
  it('finds Frappe record names case-insensitively and returns the stored spelling', () => {
    expect(findCountry('korea, republic of')?.name).toBe('Korea, Republic of');
    expect(findCountry('United States')?.currency).toBe('USD');
    expect(findCountry('South Korea')).toBeUndefined();
    expect(findCountry('Narnia')).toBeUndefined();
  });

  it('suggests the Frappe name for an everyday one', () => {
    expect(suggestCountries('South Korea')[0]).toBe('Korea, Republic of');
    expect(suggestCountries('Russia')[0]).toBe('Russian Federation');
    expect(suggestCountries('Germny')[0]).toBe('Germany');
    expect(suggestCountries('Narnia')).toHaveLength(3);
  });
});

describe('charts', () => {
  it('accepts the names get_chart resolves and nothing else', () => {
    expect(isAcceptedChart('Standard')).toBe(true);
    expect(isAcceptedChart('Standard with Numbers')).toBe(true);
    expect(ACCEPTED_CHARTS.length).toBeGreaterThan(2);
    expect(isAcceptedChart('Standard Template')).toBe(false);
    expect(chartsForCountry('United States')).toEqual(['Standard', 'Standard with Numbers']);
  });
});

describe('role permissions', () => {
  it('does not let System Manager alone write a Mode of Payment, as in v15', () => {
    expect(hasRight('api@example.com', ['System Manager'], 'Mode of Payment', 'write')).toBe(false);
    expect(rolesGranting('Mode of Payment', 'write')).toContain('Accounts Manager');
    expect(hasRight('api@example.com', ['System Manager'], 'Company', 'create')).toBe(true);
    expect(hasRight('Administrator', [], 'Mode of Payment', 'write')).toBe(true);
  });
});

describe('password policy', () => {
  it('refuses common and guessable passwords with a reason', () => {
    const weak = checkPasswordPolicy('password123');
    expect(weak.passes).toBe(false);
    expect(weak.score).toBeLessThan(2);
    expect(weak.warning || weak.suggestions.join(' ')).not.toBe('');
    expect(checkPasswordPolicy('admin123').passes).toBe(false);
    expect(checkPasswordPolicy('qwertyuiop').passes).toBe(false);
  });

  it("refuses a password made of the user's own email", () => {
    expect(checkPasswordPolicy('acmecorp2026', ['admin@acmecorp.com', 'Acme Corp']).score).toBeLessThanOrEqual(checkPasswordPolicy('acmecorp2026').score);
  });

  it('accepts a passphrase', () => {
    expect(checkPasswordPolicy('correct horse battery staple').passes).toBe(true);
    expect(checkPasswordPolicy('Tr4vel-Kettle-Orbit').passes).toBe(true);
  });
});
