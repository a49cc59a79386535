/** §1: a method that returns None answers without a `message` key (`frappe.client.delete`). */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath, resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const noneResultFact: Fact = {
  id: 'none-result-has-no-message',
  section: '§1',
  title: 'a method returning None (frappe.client.delete) answers 200 without a "message" key',
  async run(target) {
    const customerName = `Conformance ${target.tag} None Result`;
    target.track('Customer', customerName);
    const created = await target.admin.post(resourcePath('Customer'), { customer_name: customerName, customer_type: 'Company' });
    const name = asString(asObject(dataOf(created.body))?.name);
    if (created.status !== 200 || name === undefined) throw new Error(`could not create a Customer to delete: ${summarize(created)}`);
    if (name !== customerName) target.track('Customer', name);
    const res = await target.admin.post(methodPath('frappe.client.delete'), { doctype: 'Customer', name });
    const check = new Checklist();
    const body = asObject(res.body);
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    check.expect(body !== undefined && !('message' in body), () => `expected no "message" key, got ${res.text.slice(0, 80)}`);
    if (res.status === 200) target.deletedBy('Customer', name);
    return check.result(`200 ${res.text.slice(0, 60) || '(empty body)'}`);
  },
};
