/** Account (erpnext/accounts/doctype/account/account.py): a tree per company. */
import { check, data, field, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr } from '../util';
import { autonameWithNumber } from './autoname-with-number';
import { validateLedger, validateLoop } from './tree';

export const ACCOUNT_TYPES = [
  '', 'Accumulated Depreciation', 'Asset Received But Not Billed', 'Bank', 'Cash', 'Chargeable', 'Capital Work in Progress',
  'Cost of Goods Sold', 'Current Asset', 'Current Liability', 'Depreciation', 'Direct Expense', 'Direct Income', 'Equity',
  'Expense Account', 'Expenses Included In Asset Valuation', 'Expenses Included In Valuation', 'Fixed Asset', 'Income Account',
  'Indirect Expense', 'Indirect Income', 'Liability', 'Payable', 'Receivable', 'Round Off', 'Round Off for Opening', 'Stock',
  'Stock Adjustment', 'Stock Received But Not Billed', 'Service Received But Not Billed', 'Tax', 'Temporary',
] as const;

export const accountDocType: DocTypeDef = {
  name: 'Account',
  nsmParentField: 'parent_account',
  fields: [
    check('disabled', 'Disabled'),
    data('account_name', 'Account Name', { reqd: true }),
    data('account_number', 'Account Number'),
    check('is_group', 'Is Group'),
    link('company', 'Company', 'Company', { reqd: true }),
    select('root_type', 'Root Type', ['', 'Asset', 'Liability', 'Income', 'Expense', 'Equity']),
    select('report_type', 'Report Type', ['', 'Balance Sheet', 'Profit and Loss']),
    link('account_currency', 'Currency', 'Currency'),
    link('parent_account', 'Parent Account', 'Account', { reqd: true }),
    select('account_type', 'Account Type', ACCOUNT_TYPES),
    field('tax_rate', 'Rate', 'Float'),
    select('freeze_account', 'Frozen', ['No', 'Yes']),
    select('balance_must_be', 'Balance must be', ['', 'Debit', 'Credit']),
    data('old_parent', 'Old Parent'),
  ],
  controller: {
    autoname(ctx, doc) {
      doc.name = autonameWithNumber(ctx, doc.account_number, doc.account_name, doc.company);
    },
    validate(ctx, doc) {
      const name = cstr(doc.name);
      const parentName = cstr(doc.parent_account);
      if (parentName) {
        const parent = ctx.site.store.get('Account', parentName);
        if (!parent) ctx.throw(`Account ${name}: Parent account ${parentName} does not exist`);
        else if (collationKey(cstr(parent.name)) === collationKey(name)) {
          ctx.throw(`Account ${name}: You can not assign itself as parent account`);
        } else if (!cint(parent.is_group)) ctx.throw(`Account ${name}: Parent account ${parentName} can not be a ledger`);
        else if (cstr(parent.company) !== cstr(doc.company)) {
          ctx.throw(`Account ${name}: Parent account ${parentName} does not belong to company: ${cstr(doc.company)}`);
        }
        if (parent) {
          if (parent.report_type) doc.report_type = parent.report_type;
          if (parent.root_type) doc.root_type = parent.root_type;
        }
      }
      const number = cstr(doc.account_number).trim();
      if (number) {
        const clash = ctx.site.store
          .scan('Account')
          .find((a) => cstr(a.company) === cstr(doc.company) && cstr(a.account_number) === number && collationKey(cstr(a.name)) !== collationKey(name));
        if (clash) ctx.throw(`Account Number ${number} already used in account ${cstr(clash.name)}`);
      }
      if (!doc.root_type) ctx.throw('Root Type is mandatory');
      if (!doc.report_type) ctx.throw('Report Type is mandatory');
      if (!doc.account_currency && doc.company) {
        doc.account_currency = ctx.site.store.get('Company', cstr(doc.company))?.default_currency ?? null;
      }
      validateLoop(ctx, accountDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      validateLedger(ctx, accountDocType, doc, before);
    },
  },
};
