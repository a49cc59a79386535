/**
 * ISO 4217 codes this runtime knows (Node's ICU list); when Intl cannot list them, any three upper
 * case letters are accepted and ERPNext has the last word.
 */
const KNOWN: ReadonlySet<string> | null = (() => {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf ? new Set(intl.supportedValuesOf('currency')) : null;
  } catch {
    return null;
  }
})();

export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  return KNOWN ? KNOWN.has(code) : true;
}
