/** §1: whitelisted methods answer in `message`; `frappe.client.get_list` takes the list params. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { asArray, asObject, rowNames } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const getListEnvelopeFact: Fact = {
  id: 'get-list-message',
  section: '§1',
  title: 'frappe.client.get_list answers {"message":[…]} and applies JSON filters',
  async run(target) {
    const res = await target.admin.get(methodPath('frappe.client.get_list'), { doctype: 'Country', filters: { name: 'United States' } });
    const check = new Checklist();
    const body = asObject(res.body);
    const rows = asArray(body?.message);
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    check.expect(rows !== undefined && body?.data === undefined, () => `expected {"message":[…]}, got ${res.text.slice(0, 80)}`);
    if (rows) check.expect(JSON.stringify(rowNames(rows)) === '["United States"]', `expected one row "United States", got ${JSON.stringify(rowNames(rows)).slice(0, 80)}`);
    return check.result('200 {"message":[{"name":"United States"}]}');
  },
};
