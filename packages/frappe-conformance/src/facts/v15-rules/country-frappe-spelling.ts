/** §10 Countries: a Company with the Frappe record name "Korea, Republic of" is accepted. Creates one Company and deletes it. */
import { findCountry } from '@provisioner/frappe-facts';
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

const COUNTRY = 'Korea, Republic of';

export const countryFrappeSpellingFact: Fact = {
  id: 'country-korea-accepted',
  section: '§10',
  title: 'a Company with country "Korea, Republic of" is accepted',
  async run(target) {
    if (findCountry(COUNTRY)?.name !== COUNTRY) throw new Error(`"${COUNTRY}" is not a v15 Country record name`);
    const name = `Conformance ${target.tag} Korea`;
    target.track('Company', name);
    const res = await target.admin.post(resourcePath('Company'), companyBody(name, await target.unusedAbbr(), { country: COUNTRY }));
    const check = new Checklist();
    const doc = asObject(dataOf(res.body));
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    if (doc) check.expect(asString(doc.country) === COUNTRY, `expected country "${COUNTRY}", got ${JSON.stringify(doc.country)}`);
    const leftover = await target.remove('Company', asString(doc?.name) ?? name);
    return check.result(`200, saved with country "${COUNTRY}"${leftover ? ` (delete refused: ${leftover})` : ', then deleted'}`);
  },
};
