/**
 * Cookie sessions (frappe/sessions.py, frappe/auth.py LoginManager): `sid` is a 56-hex token
 * stored per site; login answers "Logged In" with `home_page` and `full_name`, sets `sid`
 * (HttpOnly) and the informational cookies. An unknown `sid` resumes as Guest with
 * `session_expired: 1` in the response.
 */
import { forgetRoles } from '../model/document-engine';
import { cstr, generateHash } from '../util';
import type { DocContext } from '../model/meta';

const SESSION_SECONDS = 240 * 3600;

function cookie(name: string, value: string, options: { httpOnly?: boolean; maxAge?: number; expired?: boolean } = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (options.expired) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'Max-Age=0');
  else if (options.maxAge !== undefined) {
    parts.push(`Expires=${new Date(Date.now() + options.maxAge * 1000).toUTCString()}`, `Max-Age=${options.maxAge}`);
  }
  if (options.httpOnly) parts.push('HttpOnly');
  parts.push('Path=/', 'SameSite=Lax');
  return parts.join('; ');
}

/** Resumes the session named by the `sid` cookie, if any. */
export function resumeSession(ctx: DocContext, sid: string | undefined): void {
  if (!sid || sid === 'Guest') return;
  const session = ctx.site.sessions.get(sid);
  if (!session) {
    ctx.response.session_expired = 1;
    clearCookies(ctx);
    return;
  }
  ctx.user = session.user;
  ctx.sid = sid;
}

export function clearCookies(ctx: DocContext): void {
  for (const name of ['full_name', 'user_id', 'sid', 'user_image', 'system_user']) ctx.setCookies.push(cookie(name, '', { expired: true }));
}

/** `LoginManager.post_login` for `user`: a new session, cookies and the login response keys. */
export function startSession(ctx: DocContext, user: string): void {
  const sid = generateHash();
  ctx.site.sessions.set(sid, { sid, user, createdAt: ctx.site.clock.now() });
  ctx.sid = sid;
  ctx.user = user;
  forgetRoles(ctx);
  const doc = ctx.site.store.get('User', user);
  const fullName = cstr(doc?.full_name) || cstr(doc?.first_name) || user;
  const systemUser = cstr(doc?.user_type) !== 'Website User';
  ctx.setCookies.push(cookie('sid', sid, { httpOnly: true, maxAge: SESSION_SECONDS }));
  ctx.setCookies.push(cookie('system_user', systemUser ? 'yes' : 'no'));
  ctx.setCookies.push(cookie('full_name', fullName));
  ctx.setCookies.push(cookie('user_id', user));
  ctx.setCookies.push(cookie('user_image', ''));
  ctx.response.message = systemUser ? 'Logged In' : 'No App';
  ctx.response.home_page = systemUser ? '/app' : '/me';
  ctx.response.full_name = fullName;
}

export function endSession(ctx: DocContext): void {
  if (ctx.sid) ctx.site.sessions.delete(ctx.sid);
  ctx.sid = undefined;
  ctx.user = 'Guest';
  clearCookies(ctx);
}
