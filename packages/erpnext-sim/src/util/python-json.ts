/**
 * Python's `json.dumps` with `ensure_ascii=True` (the default): every character outside printable
 * ASCII is written as `\uXXXX`. Frappe builds `_server_messages` with the default separators
 * (`", "` and `": "`) and the response body with compact ones (`","` and `":"`), so clients that
 * compare raw strings see the same bytes as from a real server.
 */
export interface PyJsonOptions {
  compact?: boolean;
}

function escapeString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions = {}): string {
  const itemSep = options.compact ? ',' : ', ';
  const keySep = options.compact ? ':' : ': ';
  const walk = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return escapeString(v);
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return `[${v.map((item) => walk(item)).join(itemSep)}]`;
    if (v instanceof Set) return walk([...v]);
    if (typeof v === 'object') {
      const parts: string[] = [];
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        if (item === undefined) continue;
        parts.push(`${escapeString(k)}${keySep}${walk(item)}`);
      }
      return `{${parts.join(itemSep)}}`;
    }
    return escapeString(String(v));
  };
  return walk(value);
}
