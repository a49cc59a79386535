/**
 * §2: `generate_keys` (System Manager, POST) returns `{api_key, api_secret}`: a new secret each
 * time, the existing key kept. The old secret stops working; the new one authenticates as the
 * key's user. Rotates the keys of the run's System Manager user and hands the new secret on.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { asObject, asString, messageOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const generateKeysFact: Fact = {
  id: 'generate-keys-rotates-secret',
  section: '§2',
  title: 'generate_keys keeps the api_key, issues a new api_secret, and the old secret stops working',
  async run(target) {
    const user = await target.apiUser();
    const res = await target.admin.post(methodPath('frappe.core.doctype.user.user.generate_keys'), { user: user.name });
    const check = new Checklist();
    const message = asObject(messageOf(res.body));
    const key = asString(message?.api_key);
    const secret = asString(message?.api_secret);
    if (!check.expect(res.status === 200 && key !== undefined && secret !== undefined, () => `expected 200 {"message":{api_key,api_secret}}, got ${summarize(res)}`)) return check.result('');
    const old = { key: user.key, secret: user.secret };
    if (secret !== undefined) user.secret = secret;
    check.expect(key === old.key, `expected the existing api_key to be kept, got a new one`);
    check.expect(secret !== old.secret, 'expected a new api_secret, got the same one');
    const stale = await target.admin.get(methodPath('frappe.auth.get_logged_user'), undefined, { auth: { kind: 'token', ...old } });
    check.expect(stale.status === 401, () => `old secret: expected 401, got ${summarize(stale)}`);
    const fresh = await target.admin.get(methodPath('frappe.auth.get_logged_user'), undefined, { auth: { kind: 'token', key: user.key, secret: user.secret } });
    check.expect(fresh.status === 200 && messageOf(fresh.body) === user.name, () => `new secret: expected 200 {"message":"${user.name}"}, got ${summarize(fresh)}`);
    return check.result(`same api_key, new api_secret; old secret → 401, new secret → ${user.name}`);
  },
};
