import http from 'node:http';
import https from 'node:https';

/**
 * A minimal HTTP/1.1 transport on node:http. Not fetch: the Fetch standard forbids setting the Host
 * header (Node's fetch silently replaces it), and Host is how a multi-site bench picks the site.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
}

export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export function sendRequest(req: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const isHttps = req.url.protocol === 'https:';
    const lib = isHttps ? https : http;
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
    const r = lib.request(
      req.url,
      { method: req.method, headers, agent: isHttps ? agents.https : agents.http, signal: req.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (!res.complete) {
            reject(Object.assign(new Error('response ended before it was complete'), { code: 'ECONNRESET' }));
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bodyText: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
        res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      },
    );
    r.on('error', (err) => {
      // An abort through the signal surfaces as AbortError; keep the signal's reason (TimeoutError).
      if (req.signal.aborted) reject(req.signal.reason instanceof Error ? req.signal.reason : err);
      else reject(err);
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
