/** §6: `validate_abbr` refuses an abbreviation another company uses: 417 "Abbreviation already used for another company". */
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { allMessages, excType, summarize } from '../../http/response-summary';

export const abbreviationTakenFact: Fact = {
  id: 'abbreviation-taken-417',
  section: '§5/§6',
  title: 'a Company with another company\'s abbreviation is 417 "Abbreviation already used for another company"',
  async run(target) {
    const { abbr } = await target.company();
    const name = `Conformance ${target.tag} Abbr Clash`;
    target.track('Company', name);
    const res = await target.admin.post(resourcePath('Company'), companyBody(name, abbr));
    const check = new Checklist();
    check.expect(res.status === 417 && excType(res) === 'ValidationError', () => `expected 417 ValidationError, got ${summarize(res)}`);
    check.expect(allMessages(res).includes('Abbreviation already used for another company'), () => `expected "Abbreviation already used for another company", got ${summarize(res)}`);
    if (res.status === 200) await target.remove('Company', name);
    return check.result(summarize(res));
  },
};
