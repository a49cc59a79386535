/**
 * §10 Charts: `get_chart` resolves only "Standard", "Standard with Numbers" and the chart files'
 * names (ACCEPTED_CHARTS). A Company with any other chart_of_accounts is saved WITHOUT accounts —
 * no error. The run's own Company (Standard chart) shows that the Account query does find accounts.
 * Creates one Company and deletes it.
 */
import { isAcceptedChart } from '@provisioner/frappe-facts';
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath, type FrappeHttp } from '../../http/frappe-http';
import { asArray, asObject, asString, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

async function accountCount(admin: FrappeHttp, company: string): Promise<number> {
  const res = await admin.get(resourcePath('Account'), { filters: [['Account', 'company', '=', company]], limit_page_length: 0 });
  const rows = asArray(dataOf(res.body));
  if (res.status !== 200 || !rows) throw new Error(`could not list the accounts of ${company}: ${summarize(res)}`);
  return rows.length;
}

export const unknownChartFact: Fact = {
  id: 'chart-unknown-no-accounts',
  section: '§10',
  title: 'a Company with an unknown chart_of_accounts is saved without any accounts',
  async run(target) {
    const chart = `No Such Chart ${target.tag}`;
    if (isAcceptedChart(chart)) throw new Error(`"${chart}" is a chart get_chart resolves`);
    const standard = await target.company();
    const standardAccounts = await accountCount(target.admin, standard.name);
    const name = `Conformance ${target.tag} No Chart`;
    target.track('Company', name);
    const res = await target.admin.post(resourcePath('Company'), companyBody(name, await target.unusedAbbr(), { chart_of_accounts: chart }));
    const check = new Checklist();
    check.expect(standardAccounts > 0, `the Standard-chart Company ${standard.name} has no accounts either, so the check proves nothing`);
    let accounts = -1;
    const saved = asString(asObject(dataOf(res.body))?.name) ?? name;
    if (check.expect(res.status === 200, () => `expected 200 (saved), got ${summarize(res)}`)) {
      accounts = await accountCount(target.admin, saved);
      check.expect(accounts === 0, `expected no accounts, got ${accounts}`);
    }
    await target.remove('Company', saved);
    return check.result(`saved with 0 accounts (the Standard chart gave ${standard.name} ${standardAccounts})`);
  },
};
