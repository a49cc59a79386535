/**
 * §6 Company `on_update` on the first save: the "All Warehouses - ABBR" group with "Stores - ABBR"
 * under it, the "Main - ABBR" cost center set as the company's default, `default_cash_account`
 * "Cash - ABBR" (Standard chart), and a `{company, default_account}` row on the Mode of Payment of
 * type Cash. Reads the run's throwaway Company; writes nothing.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asArray, asObject, dataOf, rowNames } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const companySideEffectsFact: Fact = {
  id: 'company-on-update-masters',
  section: '§5/§6',
  title: 'a new Company gets All Warehouses/Stores, the Main cost center and its Cash row on the Cash Mode of Payment',
  async run(target) {
    const { name, abbr } = await target.company();
    const check = new Checklist();
    const read = async (doctype: string, docName: string) => {
      const res = await target.admin.get(resourcePath(doctype, docName));
      const doc = asObject(dataOf(res.body));
      check.expect(res.status === 200 && doc !== undefined, () => `${doctype} "${docName}": expected 200, got ${summarize(res)}`);
      return doc ?? {};
    };
    const allWarehouses = await read('Warehouse', `All Warehouses - ${abbr}`);
    check.expect(Number(allWarehouses.is_group) === 1 && allWarehouses.company === name, `"All Warehouses - ${abbr}" should be a group of ${name}`);
    const stores = await read('Warehouse', `Stores - ${abbr}`);
    check.expect(stores.parent_warehouse === `All Warehouses - ${abbr}`, `"Stores - ${abbr}" should sit under "All Warehouses - ${abbr}", got parent ${String(stores.parent_warehouse)}`);
    const main = await read('Cost Center', `Main - ${abbr}`);
    check.expect(Number(main.is_group) === 0 && main.company === name, `"Main - ${abbr}" should be a leaf cost center of ${name}`);
    const company = await read('Company', name);
    check.expect(company.cost_center === `Main - ${abbr}`, `Company.cost_center should be "Main - ${abbr}", got ${String(company.cost_center)}`);
    check.expect(company.default_cash_account === `Cash - ${abbr}`, `Company.default_cash_account should be "Cash - ${abbr}", got ${String(company.default_cash_account)}`);

    const cashModes = await target.admin.get(resourcePath('Mode of Payment'), { filters: { type: 'Cash' } });
    const names = rowNames(dataOf(cashModes.body));
    let row: Record<string, unknown> | undefined;
    for (const mode of names) {
      const doc = await read('Mode of Payment', mode);
      row = (asArray(doc.accounts) ?? []).map(asObject).find((r) => r?.company === name);
      if (row) break;
    }
    if (check.expect(names.length > 0, () => `no Mode of Payment of type Cash on the site (${summarize(cashModes)})`)) {
      check.expect(row !== undefined, `no accounts row for ${name} on the Cash Mode of Payment (${names.join(', ')})`);
      if (row) check.expect(row.default_account === `Cash - ${abbr}`, `the Cash Mode of Payment row should point at "Cash - ${abbr}", got ${String(row.default_account)}`);
    }
    return check.result(`All Warehouses - ${abbr} (group) ⊃ Stores - ${abbr}; Main - ${abbr} = cost_center; Cash - ${abbr} on Mode of Payment ${names.join(', ')}`);
  },
};
