import type { IncomingMessage } from 'node:http';
import { FrappeError, pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';

const MAX_BODY_BYTES = 25 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new FrappeError('RequestEntityTooLarge', 'Request body too large', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function firstValues(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

export function isJsonContentType(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime.endsWith('+json');
}

/**
 * frappe/app.py `make_form_dict`: a JSON body (when the request is JSON) replaces the query
 * string entirely; otherwise query args and urlencoded form fields are merged (first value of a
 * repeated key wins). A JSON array becomes `{"data": [...]}`; `_` is dropped.
 */
export function makeFormDict(ctx: DocContext, contentType: string | undefined, query: URLSearchParams, raw: string): Record<string, unknown> {
  let args: Record<string, unknown>;
  if (raw && isJsonContentType(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw pythonError('JSONDecodeError', 'unexpected character: line 1 column 1 (char 0)');
    }
    if (Array.isArray(parsed)) args = { data: parsed };
    else if (parsed && typeof parsed === 'object') args = { ...(parsed as Record<string, unknown>) };
    else ctx.throw('Invalid request arguments');
  } else {
    args = firstValues(query);
    const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (raw && mime === 'application/x-www-form-urlencoded') {
      Object.assign(args, firstValues(new URLSearchParams(raw)));
    }
  }
  delete args._;
  return args;
}
