/** §2: an API key acts as the user it belongs to; the runner is given Administrator's key. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { summarize } from '../../http/response-summary';

export const loggedUserFact: Fact = {
  id: 'logged-user-administrator',
  section: '§2',
  title: 'frappe.auth.get_logged_user answers "Administrator" for the Administrator key',
  async run(target) {
    const res = await target.admin.get(methodPath('frappe.auth.get_logged_user'));
    const check = new Checklist();
    check.expect(res.status === 200 && JSON.stringify(res.body) === '{"message":"Administrator"}', () => `expected 200 {"message":"Administrator"}, got ${res.status === 200 ? res.text.slice(0, 80) : summarize(res)}`);
    return check.result('200 {"message":"Administrator"}');
  },
};
