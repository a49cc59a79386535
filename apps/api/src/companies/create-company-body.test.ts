import { createCompanyBodySchema, toFieldProblems } from './create-company-body';
import { isKnownCurrency } from './currency';
import { isValidSiteHostname } from './hostname';

const minimal = {
  company_name: 'Acme Corporation',
  admin_email: 'admin@acme.com',
  default_currency: 'USD',
  country: 'United States',
  domain: 'acme.localhost',
};

describe('the create-company body', () => {
  it('fills in the documented defaults', () => {
    expect(createCompanyBodySchema.parse(minimal)).toEqual({
      ...minimal,
      include_demo_data: false,
      pos_store_enabled: true,
      chart_of_accounts: 'Standard',
      start: true,
    });
  });

  it('trims text fields and lowercases the domain and emails', () => {
    const parsed = createCompanyBodySchema.parse({ ...minimal, company_name: '  Acme  ', domain: 'ACME.Example.com', admin_email: 'Admin@Acme.COM' });
    expect(parsed).toMatchObject({ company_name: 'Acme', domain: 'acme.example.com', admin_email: 'admin@acme.com' });
  });

  it('lists every problem at once, unknown keys under their own name', () => {
    const input = { ...minimal, admin_email: 'nope', extra: 1, other: 2, country: undefined };
    const result = createCompanyBodySchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(toFieldProblems(result.error, input)).toEqual(
      expect.arrayContaining([
        { field: 'admin_email', message: 'must be a valid email address' },
        { field: 'country', message: 'is required' },
        { field: 'extra', message: 'is not a known field' },
        { field: 'other', message: 'is not a known field' },
      ]),
    );
  });
});

describe('site hostnames', () => {
  it.each(['acme.localhost', 'a.b', 'my-shop.example.co.uk', `${'a'.repeat(63)}.com`, 'x1.y2'])('accepts %s', (name) => {
    expect(isValidSiteHostname(name)).toBe(true);
  });

  it.each(['acme', '', '.acme.com', 'acme.com.', 'acme..com', '-acme.com', 'acme-.com', 'ac_me.com', 'acme.com:8000', '1.2.3.4', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'ACME.com'])(
    'rejects %p',
    (name) => {
      expect(isValidSiteHostname(name)).toBe(false);
    },
  );
});

describe('currencies', () => {
  it.each(['USD', 'EUR', 'INR', 'KES', 'JPY'])('accepts %s', (code) => expect(isKnownCurrency(code)).toBe(true));
  it.each(['usd', 'US', 'USDD', 'ZZZ', ''])('rejects %p', (code) => expect(isKnownCurrency(code)).toBe(false));
});
