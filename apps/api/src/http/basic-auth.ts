import type { RequestHandler } from 'express';
import type { AuthOptions } from './bearer-auth';
import { constantTimeEqual } from './constant-time';
import { clientKey, sendRateLimited } from './rate-limit';

/**
 * HTTP basic auth for the operator pages (Bull Board). Answers a plain-text 401 rather than the JSON
 * envelope, because the client is a browser that must show its login prompt. Wrong credentials are
 * counted per address as for bearer auth (AuthOptions); a browser's first request, which carries
 * none, is the normal challenge and is not counted.
 */
export function basicAuth(options: { user: string; password: string; realm: string } & AuthOptions): RequestHandler {
  const challenge = `Basic realm="${options.realm}", charset="UTF-8"`;
  const { failures } = options;
  return (req, res, next) => {
    const header = req.headers.authorization;
    let ok = false;
    if (header !== undefined) {
      const key = clientKey(req);
      const wait = failures?.waitFor(key) ?? 0;
      if (wait > 0) {
        sendRateLimited(res, wait, 'failed authentication attempts');
        return;
      }
      const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
      if (match?.[1]) {
        const decoded = Buffer.from(match[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0) {
          // Both compared every time (no short-circuit), so timing does not tell which one was wrong.
          const userOk = constantTimeEqual(decoded.slice(0, colon), options.user);
          const passwordOk = constantTimeEqual(decoded.slice(colon + 1), options.password);
          ok = userOk && passwordOk;
        }
      }
      if (!ok) failures?.take(key);
    }
    if (ok) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', challenge);
    res.status(401).type('text/plain').send('Authentication required');
  };
}
