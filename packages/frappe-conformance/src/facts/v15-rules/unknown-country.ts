/**
 * §10 Countries: Company.country links to Country records named as in frappe/geo/country_info.json.
 * A name that is no record — an invented one, or an everyday name such as "South Korea" — is 417
 * LinkValidationError "Could not find Country: …", and nothing is saved.
 */
import { findCountry } from '@provisioner/frappe-facts';
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { allMessages, excType, summarize } from '../../http/response-summary';

export const unknownCountryFact: Fact = {
  id: 'country-unknown-417',
  section: '§10',
  title: 'a Company with a country that is no Country record is 417 "Could not find Country: …"',
  async run(target) {
    const check = new Checklist();
    const seen: string[] = [];
    for (const [i, country] of [`Narnia ${target.tag}`, 'South Korea'].entries()) {
      if (findCountry(country)) throw new Error(`"${country}" is a v15 Country record; pick another unknown name`);
      const name = `Conformance ${target.tag} Country ${i + 1}`;
      target.track('Company', name);
      const res = await target.admin.post(resourcePath('Company'), companyBody(name, await target.unusedAbbr(), { country }));
      check.expect(res.status === 417 && excType(res) === 'LinkValidationError', () => `"${country}": expected 417 LinkValidationError, got ${summarize(res)}`);
      check.expect(allMessages(res).some((m) => m.includes(`Could not find Country: ${country}`)), () => `"${country}": expected "Could not find Country: ${country}", got ${summarize(res)}`);
      seen.push(summarize(res, 80));
      if (res.status === 200) await target.remove('Company', name);
      else {
        const after = await target.admin.get(resourcePath('Company', name));
        check.expect(after.status === 404, () => `"${country}": the refused Company should not exist, GET answered ${summarize(after)}`);
      }
    }
    return check.result(seen.join('; '));
  },
};
