/** `COMP-YYYY-NNNNN` (the number grows past 5 digits when it must). */
const COMPANY_ID = /^COMP-\d{4}-\d{5,}$/;

export function isCompanyId(value: string): boolean {
  return COMPANY_ID.test(value);
}
