/**
 * `validate_auth` (frappe/auth.py): a two-word Authorization header is tried as OAuth bearer,
 * then as `token KEY:SECRET` or `Basic base64(KEY:SECRET)` (scheme case-insensitive). If the
 * header was two words and the user is still Guest -> 401 AuthenticationError, no message.
 * Undecodable base64 -> 400 InvalidAuthorizationToken. Login by usr/pwd lives here too.
 */
import { collationKey, cstr } from '../util';
import { FrappeError } from './exceptions';
import type { DocContext } from '../model/meta';
import { clearCookies, startSession } from './sessions';

/** Python's non-strict `base64.b64decode`; undefined where it raises binascii.Error. */
export function pythonB64Decode(token: string): Buffer | undefined {
  const clean = token.replace(/[^A-Za-z0-9+/=]/g, '');
  const padAt = clean.indexOf('=');
  const core = padAt === -1 ? clean : clean.slice(0, padAt);
  const padding = padAt === -1 ? 0 : clean.slice(padAt).replace(/[^=]/g, '').length;
  if (core.length % 4 === 1) return undefined;
  if (core.length % 4 !== 0 && padding < 4 - (core.length % 4)) return undefined;
  return Buffer.from(core, 'base64');
}

function userByApiKey(ctx: DocContext, apiKey: string): string | undefined {
  const key = collationKey(apiKey);
  for (const user of ctx.site.store.scan('User')) {
    if (user.api_key && collationKey(cstr(user.api_key)) === key) return cstr(user.name);
  }
  return undefined;
}

function validateApiKeySecret(ctx: DocContext, apiKey: string, apiSecret: string): void {
  const user = userByApiKey(ctx, apiKey);
  if (!user) return;
  const doc = ctx.site.store.get('User', user);
  if (!doc || !Number(doc.enabled)) return;
  const secret = ctx.site.store.getPassword('User', user, 'api_secret');
  if (secret === undefined || secret !== apiSecret) return;
  if (ctx.user === '' || ctx.user === 'Guest') ctx.user = user;
}

function splitPair(text: string): [string, string] | undefined {
  const parts = text.split(':');
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : undefined;
}

export function validateAuth(ctx: DocContext, authorization: string | undefined): void {
  const header = (authorization ?? '').split(' ');
  if (header.length !== 2) return;
  const [scheme, token] = header as [string, string];
  const type = scheme.toLowerCase();
  if (type === 'basic') {
    const bytes = pythonB64Decode(token);
    if (!bytes) {
      ctx.throw('Failed to decode token, please provide a valid base64-encoded token.', 'InvalidAuthorizationToken');
    }
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    const pair = text === undefined ? undefined : splitPair(text);
    if (pair) validateApiKeySecret(ctx, pair[0], pair[1]);
  } else if (type === 'token') {
    const pair = splitPair(token);
    if (pair) validateApiKeySecret(ctx, pair[0], pair[1]);
  }
  if (ctx.user === '' || ctx.user === 'Guest') {
    clearCookies(ctx);
    throw new FrappeError('AuthenticationError');
  }
}

/** `User.find_by_credentials`: by name or email, then the stored password. */
function findByCredentials(ctx: DocContext, login: string, password: string): { name: string; enabled: boolean; ok: boolean } | undefined {
  let doc = ctx.site.store.get('User', login);
  if (!doc) {
    const key = collationKey(login);
    const match = ctx.site.store.scan('User').find((u) => collationKey(cstr(u.email)) === key);
    doc = match ? ctx.site.store.get('User', cstr(match.name)) : undefined;
  }
  if (!doc) return undefined;
  const name = cstr(doc.name);
  const stored = ctx.site.store.getPassword('User', name, 'password');
  return { name, enabled: Boolean(Number(doc.enabled)), ok: stored !== undefined && stored === password };
}

function fail(ctx: DocContext, message: string): never {
  ctx.response.message = message;
  throw new FrappeError('AuthenticationError', message);
}

/** `LoginManager.login` for `POST /api/method/login` with `usr` and `pwd`. */
export function login(ctx: DocContext, usr: unknown, pwd: unknown): void {
  const user = cstr(usr);
  const password = cstr(pwd);
  if (!user || !password) fail(ctx, 'Incomplete login details');
  const found = findByCredentials(ctx, user, password);
  if (!found || !found.ok) fail(ctx, 'Invalid login credentials');
  if (!(found.name === 'Administrator' || found.enabled)) fail(ctx, 'User disabled or missing');
  startSession(ctx, found.name);
}
