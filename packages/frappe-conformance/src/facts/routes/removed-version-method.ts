/**
 * §1: an unknown method is not a 404. `/api/method/version` was removed in July 2023; v15 fails to
 * resolve it and answers 417 "Failed to get method for command version with …".
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { allMessages, summarize } from '../../http/response-summary';

export const removedVersionMethodFact: Fact = {
  id: 'unknown-method-417',
  section: '§1',
  title: '/api/method/version no longer exists: 417 "Failed to get method for command version"',
  async run(target) {
    const res = await target.admin.get(methodPath('version'));
    const check = new Checklist();
    check.expect(res.status === 417, () => `expected 417, got ${summarize(res)}`);
    check.expect(
      allMessages(res).some((m) => m.includes('Failed to get method for command version')),
      () => `expected the message "Failed to get method for command version with …", got ${summarize(res)}`,
    );
    return check.result(summarize(res));
  },
};
