/**
 * The setup wizard's arguments (FRAPPE_REST_FACTS §7): Frappe keys language, country, timezone,
 * currency, full_name, email, password; ERPNext keys company_name, company_abbr, chart_of_accounts,
 * fy_start_date, fy_end_date. The time zone must be one Frappe knows (pytz names), so we map the
 * common countries and fall back to UTC; the fiscal year follows the country's usual start.
 */
const TIMEZONES: Readonly<Record<string, string>> = {
  'United States': 'America/New_York', Canada: 'America/Toronto', Mexico: 'America/Mexico_City', Brazil: 'America/Sao_Paulo',
  Argentina: 'America/Argentina/Buenos_Aires', Chile: 'America/Santiago', Colombia: 'America/Bogota', Peru: 'America/Lima',
  'United Kingdom': 'Europe/London', Ireland: 'Europe/Dublin', France: 'Europe/Paris', Germany: 'Europe/Berlin', Spain: 'Europe/Madrid',
  Italy: 'Europe/Rome', Netherlands: 'Europe/Amsterdam', Belgium: 'Europe/Brussels', Switzerland: 'Europe/Zurich', Austria: 'Europe/Vienna',
  Portugal: 'Europe/Lisbon', Sweden: 'Europe/Stockholm', Norway: 'Europe/Oslo', Denmark: 'Europe/Copenhagen', Finland: 'Europe/Helsinki',
  Poland: 'Europe/Warsaw', Greece: 'Europe/Athens', Turkey: 'Europe/Istanbul', Russia: 'Europe/Moscow', Ukraine: 'Europe/Kyiv',
  India: 'Asia/Kolkata', Pakistan: 'Asia/Karachi', Bangladesh: 'Asia/Dhaka', 'Sri Lanka': 'Asia/Colombo', Nepal: 'Asia/Kathmandu',
  China: 'Asia/Shanghai', Japan: 'Asia/Tokyo', 'South Korea': 'Asia/Seoul', Singapore: 'Asia/Singapore', Malaysia: 'Asia/Kuala_Lumpur',
  Indonesia: 'Asia/Jakarta', Philippines: 'Asia/Manila', Thailand: 'Asia/Bangkok', Vietnam: 'Asia/Ho_Chi_Minh',
  'United Arab Emirates': 'Asia/Dubai', 'Saudi Arabia': 'Asia/Riyadh', Qatar: 'Asia/Qatar', Israel: 'Asia/Jerusalem', Egypt: 'Africa/Cairo',
  Kenya: 'Africa/Nairobi', Nigeria: 'Africa/Lagos', 'South Africa': 'Africa/Johannesburg', Ghana: 'Africa/Accra', Uganda: 'Africa/Kampala',
  Tanzania: 'Africa/Dar_es_Salaam', Morocco: 'Africa/Casablanca', Australia: 'Australia/Sydney', 'New Zealand': 'Pacific/Auckland',
};

/** Month (1-12) the fiscal year usually starts in; January when not listed. */
const FY_START_MONTH: Readonly<Record<string, number>> = {
  India: 4, 'United Kingdom': 4, 'New Zealand': 4, Japan: 4, Bangladesh: 7, Pakistan: 7, Australia: 7, Egypt: 7, Kenya: 7, Uganda: 7, Tanzania: 7,
};

export function timezoneFor(country: string): string {
  return TIMEZONES[country] ?? 'UTC';
}

/** The fiscal year containing `today`, as "YYYY-MM-DD" strings. */
export function fiscalYearFor(country: string, today: Date): { start: string; end: string } {
  const month = FY_START_MONTH[country] ?? 1;
  const y = today.getUTCFullYear();
  const startYear = today.getUTCMonth() + 1 >= month ? y : y - 1;
  const start = new Date(Date.UTC(startYear, month - 1, 1));
  const end = new Date(Date.UTC(startYear + 1, month - 1, 0));
  const fmt = (d: Date) => d.toISOString().slice(0, 10);
  return { start: fmt(start), end: fmt(end) };
}

export interface WizardInput {
  country: string;
  currency: string;
  companyName: string;
  companyAbbr: string;
  chartOfAccounts: string;
  email: string;
  password: string;
  today: Date;
}

export function setupWizardArgs(input: WizardInput): Record<string, unknown> {
  const fy = fiscalYearFor(input.country, input.today);
  return {
    language: 'English',
    country: input.country,
    timezone: timezoneFor(input.country),
    currency: input.currency,
    full_name: input.companyName,
    email: input.email,
    password: input.password,
    company_name: input.companyName,
    company_abbr: input.companyAbbr,
    chart_of_accounts: input.chartOfAccounts,
    fy_start_date: fy.start,
    fy_end_date: fy.end,
    enable_telemetry: 0,
  };
}
