/**
 * POS Opening Entry, the "POS session" (erpnext/accounts/doctype/pos_opening_entry). Submittable;
 * status is Draft, then Open once submitted without a closing entry. v15 does NOT enforce one
 * open entry per user or profile, so neither does the simulator.
 */
import { bold } from '../frappe/server-messages';
import { rows, type Doc } from '../model/doc';
import { check, data, field, link, select, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr } from '../util';
import { modesWithoutAccount, throwMissingAccounts } from './pos-profile';

/** erpnext/controllers/status_updater.py status map for POS Opening Entry. */
function statusOf(doc: Doc): string {
  const docstatus = cint(doc.docstatus);
  if (docstatus === 2) return 'Cancelled';
  if (docstatus === 1) return doc.pos_closing_entry ? 'Closed' : 'Open';
  return 'Draft';
}

export const posOpeningEntryDocType: DocTypeDef = {
  name: 'POS Opening Entry',
  isSubmittable: true,
  autoname: 'POS-OPE-.YYYY.-.#####',
  fields: [
    field('period_start_date', 'Period Start Date', 'Datetime', { reqd: true }),
    field('period_end_date', 'Period End Date', 'Date'),
    select('status', 'Status', ['Draft', 'Open', 'Closed', 'Cancelled'], { default: 'Draft' }),
    field('posting_date', 'Posting Date', 'Date', { reqd: true, default: 'Today' }),
    check('set_posting_date', 'Set Posting Date'),
    link('company', 'Company', 'Company', { reqd: true }),
    link('pos_profile', 'POS Profile', 'POS Profile', { reqd: true }),
    data('pos_closing_entry', 'POS Closing Entry'),
    link('user', 'Cashier', 'User', { reqd: true }),
    table('balance_details', 'Opening Balance Details', 'POS Opening Entry Detail', { reqd: true }),
    link('amended_from', 'Amended From', 'POS Opening Entry'),
  ],
  controller: {
    validate(ctx, doc) {
      const profile = ctx.site.store.get('POS Profile', cstr(doc.pos_profile));
      if (profile && cint(profile.disabled)) ctx.throw(`POS Profile ${bold(cstr(doc.pos_profile))} is disabled.`);
      if (collationKey(cstr(doc.company)) !== collationKey(cstr(profile?.company))) {
        ctx.throw(`POS Profile ${cstr(doc.pos_profile)} does not belong to company ${cstr(doc.company)}`);
      }
      if (!cint(ctx.site.store.get('User', cstr(doc.user))?.enabled)) {
        ctx.throw(`User ${cstr(doc.user)} is disabled. Please select valid user/cashier`);
      }
      throwMissingAccounts(ctx, modesWithoutAccount(ctx, doc.company, rows(doc, 'balance_details')));
      doc.status = statusOf(doc);
    },
    beforeCancel(ctx, doc) {
      doc.status = 'Cancelled';
      void ctx;
    },
  },
};

export const posOpeningEntryDetailDocType: DocTypeDef = {
  name: 'POS Opening Entry Detail',
  isTable: true,
  fields: [
    link('mode_of_payment', 'Mode of Payment', 'Mode of Payment', { reqd: true }),
    field('opening_amount', 'Opening Amount', 'Currency', { reqd: true, default: 0 }),
  ],
};
