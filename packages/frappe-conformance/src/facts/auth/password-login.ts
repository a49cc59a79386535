/**
 * §2/§10: `POST /api/method/login` with usr/pwd answers "Logged In" and sets a `sid` cookie; a client
 * that keeps cookies then acts as that user — even when it also sends a token, because Frappe
 * applies a token only to a Guest session. Logs out at the end.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { asObject, messageOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const passwordLoginFact: Fact = {
  id: 'login-session-cookie',
  section: '§2',
  title: 'a password login sets a sid cookie that outranks a token sent with it',
  async run(target) {
    const user = await target.apiUser();
    const browser = target.client({ kind: 'none' }, { keepCookies: true });
    const login = await browser.post(methodPath('login'), { usr: user.name, pwd: user.password });
    const check = new Checklist();
    if (!check.expect(login.status === 200 && asObject(login.body)?.message === 'Logged In', () => `login: expected 200 {"message":"Logged In"}, got ${summarize(login)}`)) return check.result('');
    const sid = browser.cookies.get('sid');
    if (!check.expect(sid !== undefined && sid !== '' && sid !== 'Guest', 'login: expected a sid cookie')) return check.result('');
    const bySession = await browser.get(methodPath('frappe.auth.get_logged_user'));
    check.expect(messageOf(bySession.body) === user.name, () => `with the sid cookie: expected "${user.name}", got ${summarize(bySession)}`);
    const both = await browser.get(methodPath('frappe.auth.get_logged_user'), undefined, { auth: target.adminAuth });
    check.expect(messageOf(both.body) === user.name, () => `with the sid cookie and Administrator's token: expected "${user.name}" (the session wins), got ${summarize(both)}`);
    // Ends the session; not part of the fact (GET, so no CSRF question arises).
    await browser.get(methodPath('logout'));
    return check.result(`"Logged In" + sid cookie; get_logged_user = ${user.name}, also with Administrator's token alongside`);
  },
};
