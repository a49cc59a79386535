/**
 * §6 Warehouse: named "{warehouse_name} - {abbr}"; a warehouse_name that already ends with the
 * suffix is not suffixed twice. Creates two warehouses under "All Warehouses - ABBR" and deletes them.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const warehouseNamingFact: Fact = {
  id: 'warehouse-name-suffix',
  section: '§5/§6',
  title: 'a Warehouse is named "{warehouse_name} - {abbr}", without doubling an existing suffix',
  async run(target) {
    const { name: company, abbr } = await target.company();
    const check = new Checklist();
    const cases = [
      { warehouseName: `Conformance ${target.tag} Bin`, expected: `Conformance ${target.tag} Bin - ${abbr}` },
      { warehouseName: `Conformance ${target.tag} Shelf - ${abbr}`, expected: `Conformance ${target.tag} Shelf - ${abbr}` },
    ];
    const seen: string[] = [];
    for (const { warehouseName, expected } of cases) {
      target.track('Warehouse', expected);
      const res = await target.admin.post(resourcePath('Warehouse'), { warehouse_name: warehouseName, company, parent_warehouse: `All Warehouses - ${abbr}` });
      const name = asString(asObject(dataOf(res.body))?.name);
      if (!check.expect(res.status === 200 && name !== undefined, () => `"${warehouseName}": expected 200, got ${summarize(res)}`)) continue;
      if (name !== undefined && name !== expected) target.track('Warehouse', name);
      check.expect(name === expected, `"${warehouseName}": expected the name "${expected}", got "${String(name)}"`);
      seen.push(String(name));
    }
    for (const { expected } of cases) await target.remove('Warehouse', expected);
    return check.result(seen.map((s) => `"${s}"`).join(', '));
  },
};
