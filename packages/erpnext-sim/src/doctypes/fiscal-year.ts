/** Fiscal Year (erpnext/accounts/doctype/fiscal_year): one year long unless marked short. */
import { rows } from '../model/doc';
import { check, data, field, link, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { addToDate, cint, collationKey, cstr, normalizeDate } from '../util';

export const fiscalYearDocType: DocTypeDef = {
  name: 'Fiscal Year',
  autoname: 'field:year',
  fields: [
    data('year', 'Year Name', { reqd: true }),
    check('disabled', 'Disabled'),
    check('is_short_year', 'Is Short/Long Year'),
    field('year_start_date', 'Year Start Date', 'Date', { reqd: true }),
    field('year_end_date', 'Year End Date', 'Date', { reqd: true }),
    table('companies', 'Companies', 'Fiscal Year Company'),
    check('auto_created', 'Auto Created'),
  ],
  controller: {
    validate(ctx, doc) {
      const today = ctx.site.clock.today();
      // getdate(None) is today, which is how missing dates reach these checks.
      const start = normalizeDate(cstr(doc.year_start_date)) ?? today;
      const end = normalizeDate(cstr(doc.year_end_date)) ?? today;
      if (end < start) ctx.throw('Year Start Date should not be greater than Year End Date');
      if (!cint(doc.is_short_year) && end !== addToDate(start, 1, -1)) {
        ctx.throw('Fiscal Year End Date should be one year after Fiscal Year Start Date', 'InvalidDates');
      }
      const mine = rows(doc, 'companies').map((r) => collationKey(cstr(r.company)));
      for (const other of ctx.site.store.scan('Fiscal Year')) {
        if (collationKey(cstr(other.name)) === collationKey(cstr(doc.name))) continue;
        const oStart = cstr(other.year_start_date);
        const oEnd = cstr(other.year_end_date);
        if (!(start <= oEnd && end >= oStart)) continue;
        const theirs = rows(other as Record<string, unknown>, 'companies').map((r) => collationKey(cstr(r.company)));
        const overlapCompanies = !mine.length || !theirs.length || mine.some((c) => theirs.includes(c));
        if (overlapCompanies) {
          ctx.throw(`Year start date or end date is overlapping with ${cstr(other.name)}. To avoid please set company`, 'NameError');
        }
      }
    },
  },
};

export const fiscalYearCompanyDocType: DocTypeDef = {
  name: 'Fiscal Year Company',
  isTable: true,
  fields: [link('company', 'Company', 'Company')],
};
