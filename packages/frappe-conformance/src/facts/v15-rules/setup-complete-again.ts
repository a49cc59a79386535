/**
 * §10/§7 The setup wizard after completion: a second `setup_complete` answers
 * `{"message":{"status":"ok"}}` at once (about 25 ms on a real site, against 15–22 s for a real run)
 * and does nothing.
 *
 * Safety on a real site: the run's Company must exist first — v15 refuses a Company before the
 * wizard ("Could not find Warehouse Type: Transit") — and the args carry no `country`, so a wizard
 * that did run would fail its first stage and roll back rather than set the site up.
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath, resourcePath } from '../../http/frappe-http';
import { dataOf, rowNames } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

/** "At once": well under a real wizard run, with room for the network (measured by a ping). */
const QUICK_MS = 1_500;

export const setupCompleteAgainFact: Fact = {
  id: 'setup-complete-when-complete',
  section: '§10',
  title: 'setup_complete after completion answers {"status":"ok"} at once and does nothing',
  async run(target) {
    await target.company();
    const companies = async () => {
      const res = await target.admin.get(resourcePath('Company'), { limit_page_length: 0 });
      if (res.status !== 200) throw new Error(`could not list Company: ${summarize(res)}`);
      return rowNames(dataOf(res.body)).sort();
    };
    const before = await companies();
    const ping = await target.admin.get(methodPath('ping'));
    const wizardCompany = `Conformance ${target.tag} Wizard`;
    // Its own client, so a session cookie it might set cannot leak into later requests.
    const res = await target.client(target.adminAuth).post(methodPath('frappe.desk.page.setup_wizard.setup_wizard.setup_complete'), {
      args: { language: 'English', company_name: wizardCompany, company_abbr: await target.unusedAbbr(), currency: 'USD', timezone: 'UTC' },
    });
    const after = await companies();
    const limit = QUICK_MS + 2 * ping.ms;
    const check = new Checklist();
    check.expect(res.status === 200 && JSON.stringify(res.body) === '{"message":{"status":"ok"}}', () => `expected 200 {"message":{"status":"ok"}}, got ${res.status} ${res.text.slice(0, 100)}`);
    check.expect(res.ms < limit, `answered in ${res.ms} ms; a completed site answers at once (limit ${limit} ms), a real run takes 15–22 s`);
    check.expect(JSON.stringify(before) === JSON.stringify(after), `the Company list changed: ${before.length} before, ${after.length} after`);
    check.expect(!after.includes(wizardCompany), `it created "${wizardCompany}"`);
    return check.result(`200 {"message":{"status":"ok"}} in ${res.ms} ms, Company list unchanged (${after.length})`);
  },
};
