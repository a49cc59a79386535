const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A site name: a lowercase DNS hostname with at least two labels (`acme.localhost` passes, `acme`
 * does not: a bench site and a shared-mode tenant both need a dotted name), labels of 1..63
 * characters from [a-z0-9-] without a leading or trailing hyphen, at most 253 characters, and a last
 * label that is not all digits (so an IPv4 address is not mistaken for a site).
 */
export function isValidSiteHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}
