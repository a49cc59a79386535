/** §2: without an Authorization header the caller is Guest: protected methods and resources are 403. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath, resourcePath } from '../../http/frappe-http';
import { excType, summarize } from '../../http/response-summary';

export const guestForbiddenFact: Fact = {
  id: 'guest-403',
  section: '§2',
  title: 'a guest gets 403 PermissionError from get_logged_user and from a resource list',
  async run(target) {
    const guest = target.client({ kind: 'none' });
    const method = await guest.get(methodPath('frappe.auth.get_logged_user'));
    const list = await guest.get(resourcePath('Company'));
    const check = new Checklist();
    check.expect(method.status === 403 && excType(method) === 'PermissionError', () => `get_logged_user: expected 403 PermissionError, got ${summarize(method)}`);
    check.expect(list.status === 403 && excType(list) === 'PermissionError', () => `GET /api/resource/Company: expected 403 PermissionError, got ${summarize(list)}`);
    return check.result('403 PermissionError for both');
  },
};
