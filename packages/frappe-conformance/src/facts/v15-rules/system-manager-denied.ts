/**
 * §10 Role permissions: only the user Administrator bypasses them; an API key acts as its user. A
 * user with only System Manager reading the Cash Mode of Payment gets 403
 * `{"exc_type":"PermissionError","_error_message":"No permission for Mode of Payment"}` (the
 * doctype check runs before the document's), its list is 403 as well, while Company stays
 * readable. Uses the run's System Manager user (created with generate_keys).
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath, resourcePath } from '../../http/frappe-http';
import { asArray, dataOf, messageOf, rowNames } from '../../http/json-access';
import { errorMessage, excType, summarize } from '../../http/response-summary';

export const systemManagerDeniedFact: Fact = {
  id: 'only-administrator-bypasses',
  section: '§10',
  title: 'a System Manager-only API user gets 403 "No permission for Mode of Payment" but reads Company',
  async run(target) {
    const user = await target.apiUser();
    const company = await target.company();
    const client = target.client({ kind: 'token', key: user.key, secret: user.secret });
    const check = new Checklist();
    const who = await client.get(methodPath('frappe.auth.get_logged_user'));
    check.expect(messageOf(who.body) === user.name, () => `get_logged_user: expected "${user.name}", got ${summarize(who)}`);
    const cash = rowNames(dataOf((await target.admin.get(resourcePath('Mode of Payment'), { filters: { type: 'Cash' } })).body))[0];
    if (cash === undefined) throw new Error('the site has no Mode of Payment of type Cash (has the setup wizard run?)');
    const mode = await client.get(resourcePath('Mode of Payment', cash));
    check.expect(mode.status === 403 && excType(mode) === 'PermissionError', () => `Mode of Payment "${cash}": expected 403 PermissionError, got ${summarize(mode)}`);
    check.expect(errorMessage(mode) === 'No permission for Mode of Payment', () => `Mode of Payment "${cash}": expected _error_message "No permission for Mode of Payment", got ${JSON.stringify(errorMessage(mode) ?? null)}`);
    const modes = await client.get(resourcePath('Mode of Payment'));
    check.expect(modes.status === 403 && excType(modes) === 'PermissionError', () => `Mode of Payment list: expected 403 PermissionError, got ${summarize(modes)}`);
    const companies = await client.get(resourcePath('Company'));
    check.expect(companies.status === 200 && asArray(dataOf(companies.body)) !== undefined, () => `Company list: expected 200, got ${summarize(companies)}`);
    const read = await client.get(resourcePath('Company', company.name));
    check.expect(read.status === 200, () => `Company "${company.name}": expected 200, got ${summarize(read)}`);
    return check.result(`Mode of Payment "${cash}" → 403 PermissionError, _error_message "${errorMessage(mode) ?? ''}"; its list → 403; Company list and read → 200`);
  },
};
