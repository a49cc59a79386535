/**
 * A minimal valid Company for a site whose setup wizard has run: the four required fields
 * (FRAPPE_REST_FACTS §6). USD exists on every site (Frappe installs every Currency), and "United
 * States" is a Country record name of v15.
 */
export function companyBody(companyName: string, abbr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { company_name: companyName, abbr, default_currency: 'USD', country: 'United States', ...extra };
}
