import type { RequestHandler } from 'express';
import { ApiError } from './api-error';
import { matchesAny } from './constant-time';
import { clientKey, sendRateLimited, type RateLimiter } from './rate-limit';

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer' } as const;

export interface AuthOptions {
  /**
   * Counts wrong credentials per client address. Once an address has used up its budget, a request
   * from it that presents credentials is answered 429 WITHOUT checking them (otherwise the 429 would
   * still tell a guesser when it was right), until the bucket refills. A request with no
   * credentials at all is not a guess: it gets its 401 and is not counted.
   */
  failures?: RateLimiter;
}

/** `Authorization: Bearer <token>` with a token from API_TOKENS, on every /api route. */
export function bearerAuth(tokens: readonly string[], options: AuthOptions = {}): RequestHandler {
  const { failures } = options;
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      next(new ApiError(401, 'UNAUTHORIZED', 'Missing bearer token: send "Authorization: Bearer <token>"', undefined, UNAUTHORIZED_HEADERS));
      return;
    }
    const key = clientKey(req);
    const wait = failures?.waitFor(key) ?? 0;
    if (wait > 0) {
      sendRateLimited(res, wait, 'failed authentication attempts');
      return;
    }
    const token = /^Bearer[ ]+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) {
      failures?.take(key);
      next(new ApiError(401, 'UNAUTHORIZED', 'Missing bearer token: send "Authorization: Bearer <token>"', undefined, UNAUTHORIZED_HEADERS));
      return;
    }
    if (!matchesAny(token, tokens)) {
      failures?.take(key);
      next(new ApiError(401, 'UNAUTHORIZED', 'Invalid bearer token', undefined, UNAUTHORIZED_HEADERS));
      return;
    }
    next();
  };
}
