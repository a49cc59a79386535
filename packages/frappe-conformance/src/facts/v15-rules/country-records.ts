/**
 * §10 Countries: the site's Country records are exactly v15's country_info.json names (from
 * @provisioner/frappe-facts), spelled as Frappe spells them: "Korea, Republic of", "Russian
 * Federation", "Iran", "Vietnam", …
 */
import { COUNTRIES } from '@provisioner/frappe-facts';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { dataOf, rowNames } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

const SPOT_CHECKS = ['Korea, Republic of', 'Russian Federation', 'Bolivia, Plurinational State of', 'Iran', 'Vietnam'];

const sample = (names: string[]) => `${names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}${names.length > 5 ? `, … (${names.length})` : ''}`;

export const countryRecordsFact: Fact = {
  id: 'country-records-v15',
  section: '§10',
  title: "the Country records are v15's country_info.json names, e.g. \"Korea, Republic of\"",
  async run(target) {
    const res = await target.admin.get(resourcePath('Country'), { limit_page_length: 0 });
    if (res.status !== 200) throw new Error(`could not list Country: ${summarize(res)}`);
    const onSite = new Set(rowNames(dataOf(res.body)));
    const expected = [...COUNTRIES.keys()];
    const missing = expected.filter((name) => !onSite.has(name));
    const extra = [...onSite].filter((name) => !COUNTRIES.has(name));
    const check = new Checklist();
    const spot = SPOT_CHECKS.filter((name) => !onSite.has(name));
    check.expect(spot.length === 0, () => `missing ${sample(spot)}`);
    check.expect(missing.length === 0, () => `${missing.length} v15 names are no record here: ${sample(missing)}`);
    check.expect(extra.length === 0, () => `${extra.length} records are not v15 names: ${sample(extra)}`);
    return check.result(`${onSite.size} records, exactly the ${expected.length} v15 names`);
  },
};
