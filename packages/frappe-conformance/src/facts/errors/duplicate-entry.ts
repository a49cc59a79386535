/**
 * §3/§4/§6: posting an existing Company name again (with an unused abbreviation, so validate passes)
 * is 409 DuplicateEntryError — a NameError, not a ValidationError — with "… already exists".
 */
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { allMessages, excType, summarize } from '../../http/response-summary';

export const duplicateEntryFact: Fact = {
  id: 'duplicate-name-409',
  section: '§3/§4',
  title: 'a Company name posted again is 409 DuplicateEntryError "… already exists"',
  async run(target) {
    const company = await target.company();
    const res = await target.admin.post(resourcePath('Company'), companyBody(company.name, await target.unusedAbbr()));
    const check = new Checklist();
    check.expect(res.status === 409 && excType(res) === 'DuplicateEntryError', () => `expected 409 DuplicateEntryError, got ${summarize(res)}`);
    check.expect(allMessages(res).some((m) => m.includes(`${company.name} already exists`)), () => `expected "Company ${company.name} already exists", got ${summarize(res)}`);
    return check.result(summarize(res));
  },
};
