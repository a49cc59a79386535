/** §3/§4: reading a document that does not exist is 404 DoesNotExistError "{Doctype} {name} not found". */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { allMessages, excType, summarize } from '../../http/response-summary';

export const doesNotExistFact: Fact = {
  id: 'missing-doc-404',
  section: '§3/§4',
  title: 'reading a missing document is 404 DoesNotExistError "… not found"',
  async run(target) {
    const name = `No Such Company ${target.tag}`;
    const res = await target.admin.get(resourcePath('Company', name));
    const check = new Checklist();
    check.expect(res.status === 404 && excType(res) === 'DoesNotExistError', () => `expected 404 DoesNotExistError, got ${summarize(res)}`);
    check.expect(allMessages(res).some((m) => m.includes(`${name} not found`)), () => `expected "Company ${name} not found", got ${summarize(res)}`);
    return check.result(summarize(res));
  },
};
