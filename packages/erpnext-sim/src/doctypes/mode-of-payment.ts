/** Mode of Payment (erpnext/accounts/doctype/mode_of_payment) with its per-company accounts. */
import { bold } from '../frappe/server-messages';
import { rows } from '../model/doc';
import { check, data, link, select, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr } from '../util';

export const modeOfPaymentDocType: DocTypeDef = {
  name: 'Mode of Payment',
  autoname: 'field:mode_of_payment',
  fields: [
    data('mode_of_payment', 'Mode of Payment', { reqd: true }),
    check('enabled', 'Enabled', 1),
    select('type', 'Type', ['Cash', 'Bank', 'General', 'Phone']),
    table('accounts', 'Accounts', 'Mode of Payment Account'),
  ],
  controller: {
    validate(ctx, doc) {
      for (const row of rows(doc, 'accounts')) {
        // Python compares the account's company with the row's company exactly (None != "").
        const accountCompany = row.default_account ? (ctx.site.store.get('Account', cstr(row.default_account))?.company ?? null) : null;
        const rowCompany = row.company ?? null;
        if (accountCompany !== rowCompany) {
          ctx.throw(`Account ${row.default_account === null || row.default_account === undefined ? 'None' : cstr(row.default_account)} does not match with Company ${rowCompany === null ? 'None' : cstr(rowCompany)} in Mode of Account: ${cstr(doc.name)}`);
        }
      }
      const companies = rows(doc, 'accounts').map((r) => collationKey(cstr(r.company)));
      if (new Set(companies).size !== companies.length) ctx.throw('Same Company is entered more than once');
      if (!cint(doc.enabled)) {
        const profiles = ctx.site.store
          .scan('POS Profile')
          .filter((p) => rows(p as Record<string, unknown>, 'payments').some((r) => collationKey(cstr(r.mode_of_payment)) === collationKey(cstr(doc.name))))
          .map((p) => cstr(p.name));
        if (profiles.length) {
          ctx.throw(`POS Profile ${bold(profiles.join(', '))} contains Mode of Payment ${bold(cstr(doc.name))}. Please remove them to disable this mode.`, 'ValidationError', {
            title: 'Not Allowed',
          });
        }
      }
    },
  },
};

export const modeOfPaymentAccountDocType: DocTypeDef = {
  name: 'Mode of Payment Account',
  isTable: true,
  fields: [link('company', 'Company', 'Company'), link('default_account', 'Default Account', 'Account')],
};
