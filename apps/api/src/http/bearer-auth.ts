import type { RequestHandler } from 'express';
import { ApiError } from './api-error';
import { matchesAny } from './constant-time';

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer' } as const;

/** `Authorization: Bearer <token>` with a token from API_TOKENS, on every /api route. */
export function bearerAuth(tokens: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (!token) {
      next(new ApiError(401, 'UNAUTHORIZED', 'Missing bearer token: send "Authorization: Bearer <token>"', undefined, UNAUTHORIZED_HEADERS));
      return;
    }
    if (!matchesAny(token, tokens)) {
      next(new ApiError(401, 'UNAUTHORIZED', 'Invalid bearer token', undefined, UNAUTHORIZED_HEADERS));
      return;
    }
    next();
  };
}
