/**
 * The few Frappe coercion helpers whose exact semantics leak into responses: `cint`, `flt`,
 * `cstr`, `sbool`, `strip_html`. They mirror frappe/utils/data.py.
 */

/** `cint`: int(float(s)), 0 on anything unparsable; booleans become 0/1. */
export function cint(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim().replace(/,/g, ''));
    return value.trim() === '' || !Number.isFinite(n) ? 0 : Math.trunc(n);
  }
  return 0;
}

/** `flt`: float(s) with thousands separators removed, 0 on anything unparsable. */
export function flt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim().replace(/,/g, ''));
    return value.trim() === '' || !Number.isFinite(n) ? 0 : n;
  }
  return 0;
}

/** `cstr`: None becomes "", everything else its string form. */
export function cstr(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `sbool`: "0", "false", "no" (any case) are False; other strings stay truthy. */
export function sbool(value: unknown): boolean {
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'false' || v === '0' || v === 'no' || v === '') return false;
    return true;
  }
  return Boolean(value);
}

export function isHtml(value: unknown): boolean {
  return typeof value === 'string' && /<[^>]+>/.test(value);
}

export function stripHtml(value: string): string {
  return value.replace(/<[^>]*>/g, '');
}

/** Value is "set" for Frappe's mandatory check: not None, not [], not blank after stripping HTML. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return stripHtml(cstr(value)).trim() === '';
}
