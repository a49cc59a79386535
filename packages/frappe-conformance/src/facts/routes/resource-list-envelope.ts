/**
 * §1: a resource list answers `{"data":[…]}`; without params the rows carry only `name` and the
 * page holds 20 rows (Country has 250 records on every v15 site, so the default page is full).
 */
import { COUNTRIES } from '@provisioner/frappe-facts';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asArray, asObject } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const resourceListEnvelopeFact: Fact = {
  id: 'resource-list-envelope',
  section: '§1',
  title: 'GET /api/resource/{doctype} answers {"data":[…]} with 20 rows of just `name` by default',
  async run(target) {
    const res = await target.admin.get(resourcePath('Country'));
    const check = new Checklist();
    const body = asObject(res.body);
    const rows = asArray(body?.data);
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    check.expect(body !== undefined && Object.keys(body).join(',') === 'data' && rows !== undefined, () => `expected {"data":[…]}, got keys ${Object.keys(body ?? {}).join(',') || res.text.slice(0, 60)}`);
    if (rows) {
      const expected = Math.min(20, COUNTRIES.size);
      check.expect(rows.length === expected, `expected ${expected} rows (limit_page_length defaults to 20), got ${rows.length}`);
      const shapes = new Set(rows.map((row) => Object.keys(asObject(row) ?? {}).sort().join(',')));
      check.expect(shapes.size === 1 && shapes.has('name'), `expected rows with only "name" (fields defaults to ["name"]), got ${[...shapes].join(' | ')}`);
    }
    return check.result(`200 {"data":[…]}, ${rows?.length ?? 0} rows of {name}`);
  },
};
