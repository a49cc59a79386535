/**
 * §1: a resource insert answers 200 (not 201) `{"data":{doc}}`; a delete answers 202 `{"data":"ok"}`
 * (v14 answered `{"message":"ok"}`). Creates one Customer and deletes it.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const insertAndDeleteStatusFact: Fact = {
  id: 'insert-200-delete-202',
  section: '§1',
  title: 'a resource POST answers 200 {"data":{doc}} and a DELETE 202 {"data":"ok"}',
  async run(target) {
    const customerName = `Conformance ${target.tag} Envelope`;
    target.track('Customer', customerName);
    const created = await target.admin.post(resourcePath('Customer'), { customer_name: customerName, customer_type: 'Company' });
    const check = new Checklist();
    const name = asString(asObject(dataOf(created.body))?.name);
    if (!check.expect(created.status === 200 && name !== undefined, () => `POST: expected 200 {"data":{…}}, got ${summarize(created)}`) || name === undefined) return check.result('');
    if (name !== customerName) target.track('Customer', name);
    const deleted = await target.admin.delete(resourcePath('Customer', name));
    check.expect(deleted.status === 202, () => `DELETE: expected 202, got ${summarize(deleted)}`);
    check.expect(JSON.stringify(deleted.body) === '{"data":"ok"}', () => `DELETE: expected {"data":"ok"}, got ${deleted.text.slice(0, 80)}`);
    if (deleted.status === 202) target.deletedBy('Customer', name);
    return check.result('POST 200 {"data":{…}}, DELETE 202 {"data":"ok"}');
  },
};
