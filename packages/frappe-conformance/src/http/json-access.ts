/** Narrowing for response bodies, which are untrusted JSON. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `body.data` / `body.message` of a success envelope. */
export function dataOf(body: unknown): unknown {
  return asObject(body)?.data;
}

export function messageOf(body: unknown): unknown {
  return asObject(body)?.message;
}

/** The `name` of every row of a list answer (`data` or `message`). */
export function rowNames(rows: unknown): string[] {
  return (asArray(rows) ?? []).map((row) => asString(asObject(row)?.name)).filter((name): name is string => name !== undefined);
}
