import type { RequestHandler } from 'express';
import { constantTimeEqual } from './constant-time';

/**
 * HTTP basic auth for the operator pages (Bull Board). Answers a plain-text 401 rather than the JSON
 * envelope, because the client is a browser that must show its login prompt.
 */
export function basicAuth(options: { user: string; password: string; realm: string }): RequestHandler {
  const challenge = `Basic realm="${options.realm}", charset="UTF-8"`;
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    let ok = false;
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
    if (ok) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', challenge);
    res.status(401).type('text/plain').send('Authentication required');
  };
}
