/**
 * §6 Customer: with Selling Settings `cust_master_name` "Customer Name" (what the wizard sets), a
 * duplicate customer_name is no error: the second is saved as "{name} - 1" with the note "Changed
 * customer name to …". Creates two Customers and deletes them.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { allMessages, summarize } from '../../http/response-summary';

export const customerDuplicateNameFact: Fact = {
  id: 'customer-duplicate-renamed',
  section: '§5/§6',
  title: 'a second Customer with the same customer_name is saved as "{name} - 1", not refused',
  async run(target) {
    const settings = await target.admin.get(resourcePath('Selling Settings', 'Selling Settings'));
    const naming = asObject(dataOf(settings.body))?.cust_master_name;
    if (naming !== 'Customer Name') throw new Error(`this fact needs Selling Settings cust_master_name "Customer Name" (the wizard's), the site has ${JSON.stringify(naming ?? summarize(settings))}`);
    const customerName = `Conformance ${target.tag} Twin`;
    const check = new Checklist();
    const names: string[] = [];
    let note: string[] = [];
    for (const expected of [customerName, `${customerName} - 1`]) {
      target.track('Customer', expected);
      const res = await target.admin.post(resourcePath('Customer'), { customer_name: customerName, customer_type: 'Company' });
      const name = asString(asObject(dataOf(res.body))?.name);
      if (!check.expect(res.status === 200 && name !== undefined, () => `insert ${names.length + 1}: expected 200, got ${summarize(res)}`) || name === undefined) break;
      target.track('Customer', name);
      names.push(name);
      note = allMessages(res);
      check.expect(name === expected, `insert ${names.length}: expected the name "${expected}", got "${name}"`);
    }
    if (names.length === 2) {
      check.expect(note.some((m) => m.includes('Changed customer name to')), () => `expected the note "Changed customer name to '${customerName} - 1' …", got ${JSON.stringify(note).slice(0, 100)}`);
    }
    for (const name of names.reverse()) await target.remove('Customer', name);
    return check.result(`saved as "${customerName}" and "${customerName} - 1", with the "Changed customer name" note`);
  },
};
