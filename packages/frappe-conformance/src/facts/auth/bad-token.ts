/** §2: an unknown key or wrong secret is 401 `{"exc_type":"AuthenticationError"}`, with no `_server_messages`. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { asObject } from '../../http/json-access';
import { excType, summarize } from '../../http/response-summary';

export const badTokenFact: Fact = {
  id: 'bad-token-401',
  section: '§2',
  title: 'a token with an unknown key is 401 AuthenticationError without _server_messages',
  async run(target) {
    const res = await target.admin.get(methodPath('frappe.auth.get_logged_user'), undefined, {
      auth: { kind: 'token', key: `no-such-key-${target.tag}`, secret: 'no-such-secret' },
    });
    const check = new Checklist();
    check.expect(res.status === 401 && excType(res) === 'AuthenticationError', () => `expected 401 AuthenticationError, got ${summarize(res)}`);
    check.expect(asObject(res.body)?._server_messages === undefined, 'expected no _server_messages in the 401 body');
    return check.result(`401 ${res.text.slice(0, 80)}`);
  },
};
