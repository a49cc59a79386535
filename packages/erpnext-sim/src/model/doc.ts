/** A document as the simulator holds it: plain fields, child tables as arrays of row documents. */
export type Doc = Record<string, unknown>;

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}

export function rows(doc: Doc, tableField: string): Doc[] {
  const value = doc[tableField];
  return Array.isArray(value) ? (value as Doc[]) : [];
}

export function str(doc: Doc, field: string): string | undefined {
  const value = doc[field];
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}
