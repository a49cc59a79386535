/** §1: a resource read answers `{"data":{doc}}`, serialised `as_dict(no_nulls=True)`. */
import { findCountry } from '@provisioner/frappe-facts';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

const COUNTRY = 'United States';

export const resourceReadEnvelopeFact: Fact = {
  id: 'resource-read-envelope',
  section: '§1',
  title: 'GET /api/resource/{doctype}/{name} answers {"data":{doc}} with null fields left out',
  async run(target) {
    if (!findCountry(COUNTRY)) throw new Error(`"${COUNTRY}" is not a v15 Country record name`);
    const res = await target.admin.get(resourcePath('Country', COUNTRY));
    const check = new Checklist();
    const body = asObject(res.body);
    const doc = asObject(body?.data);
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    check.expect(body !== undefined && Object.keys(body).join(',') === 'data' && doc !== undefined, () => `expected {"data":{…}}, got ${res.text.slice(0, 80)}`);
    if (doc) {
      check.expect(doc.name === COUNTRY && doc.doctype === 'Country', `expected name "${COUNTRY}" and doctype "Country", got ${String(doc.name)} / ${String(doc.doctype)}`);
      const nulls = Object.keys(doc).filter((key) => doc[key] === null);
      check.expect(nulls.length === 0, `expected no null fields (no_nulls=True), got null ${nulls.join(', ')}`);
    }
    return check.result(`200 {"data":{name:"${COUNTRY}",doctype:"Country",…}} with ${Object.keys(doc ?? {}).length} fields, none null`);
  },
};
