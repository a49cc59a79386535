/** §1: `frappe.client.get_value` with no matching document answers `{"message":{}}`. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';

export const getValueNoMatchFact: Fact = {
  id: 'get-value-no-match',
  section: '§1',
  title: 'frappe.client.get_value with no match answers {"message":{}}',
  async run(target) {
    const res = await target.admin.get(methodPath('frappe.client.get_value'), {
      doctype: 'Country',
      fieldname: 'name',
      filters: { name: `No Such Country ${target.tag}` },
    });
    const check = new Checklist();
    check.expect(res.status === 200 && JSON.stringify(res.body) === '{"message":{}}', () => `expected 200 {"message":{}}, got ${res.status} ${res.text.slice(0, 80)}`);
    return check.result('200 {"message":{}}');
  },
};
