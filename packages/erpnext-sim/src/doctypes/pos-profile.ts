/**
 * POS Profile (erpnext/accounts/doctype/pos_profile). Prompt naming, so the body carries `name`.
 * validate: default-user checks, "{value} does not belong to Company {company}" for accounts, cost
 * center and warehouse, then the payment methods; the Missing Account message always uses the
 * plural "Mode of Payments" (a comparison bug in v15).
 */
import type { DocContext } from '../model/meta';
import { linkToForm } from '../frappe/server-messages';
import { rows, type Doc } from '../model/doc';
import { dbGetValue } from '../model/document-engine';
import { check, data, field, link, select, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr } from '../util';

/** Links to the payment modes of `details` that have no default account for `company`. */
export function modesWithoutAccount(ctx: DocContext, company: unknown, details: Doc[]): string[] {
  const invalid: string[] = [];
  for (const row of details) {
    if (!row.mode_of_payment) continue;
    const account = dbGetValue(ctx, 'Mode of Payment Account', { parent: cstr(row.mode_of_payment), company: cstr(company) }, 'default_account');
    if (!account) invalid.push(linkToForm('Mode of Payment', cstr(row.mode_of_payment)));
  }
  return invalid;
}

export function throwMissingAccounts(ctx: DocContext, invalid: string[]): void {
  if (!invalid.length) return;
  // `if invalid_modes == 1` compares a list to an int, so the singular wording never appears.
  ctx.throw(`Please set default Cash or Bank account in Mode of Payments ${invalid.join(', ')}`, 'ValidationError', { title: 'Missing Account' });
}

function belongsToCompany(ctx: DocContext, doctype: string, name: string, company: string): boolean {
  const doc = ctx.site.store.get(doctype, name);
  return Boolean(doc) && collationKey(cstr(doc?.company)) === collationKey(company);
}

export const posProfileDocType: DocTypeDef = {
  name: 'POS Profile',
  autoname: 'Prompt',
  fields: [
    link('company', 'Company', 'Company', { reqd: true }),
    link('customer', 'Customer', 'Customer'),
    link('country', 'Country', 'Country'),
    check('disabled', 'Disabled'),
    link('warehouse', 'Warehouse', 'Warehouse', { reqd: true }),
    table('applicable_for_users', 'Applicable for Users', 'POS Profile User'),
    table('payments', 'Payment Methods', 'POS Payment Method', { reqd: true }),
    check('hide_images', 'Hide Images'),
    check('hide_unavailable_items', 'Hide Unavailable Items'),
    check('auto_add_item_to_cart', 'Automatically Add Filtered Item To Cart'),
    check('validate_stock_on_save', 'Validate Stock on Save'),
    check('update_stock', 'Update Stock', 1),
    check('ignore_pricing_rule', 'Ignore Pricing Rule'),
    check('allow_rate_change', 'Allow User to Edit Rate'),
    check('allow_discount_change', 'Allow User to Edit Discount'),
    data('print_format', 'Print Format'),
    data('letter_head', 'Letter Head'),
    link('selling_price_list', 'Price List', 'Price List'),
    link('currency', 'Currency', 'Currency', { reqd: true }),
    link('write_off_account', 'Write Off Account', 'Account', { reqd: true }),
    link('write_off_cost_center', 'Write Off Cost Center', 'Cost Center', { reqd: true }),
    field('write_off_limit', 'Write Off Limit', 'Currency', { reqd: true, default: 1 }),
    link('account_for_change_amount', 'Account for Change Amount', 'Account'),
    check('disable_rounded_total', 'Disable Rounded Total'),
    link('income_account', 'Income Account', 'Account'),
    link('expense_account', 'Expense Account', 'Account'),
    data('taxes_and_charges', 'Sales Taxes and Charges Template'),
    data('tax_category', 'Tax Category'),
    select('apply_discount_on', 'Apply Discount On', ['Grand Total', 'Net Total'], { default: 'Grand Total' }),
    link('cost_center', 'Cost Center', 'Cost Center'),
  ],
  controller: {
    validate(ctx, doc) {
      const company = cstr(doc.company);
      for (const row of rows(doc, 'applicable_for_users')) {
        const others = ctx.site.store.scan('POS Profile').filter(
          (p) =>
            collationKey(cstr(p.name)) !== collationKey(cstr(doc.name)) &&
            collationKey(cstr(p.company)) === collationKey(company) &&
            !cint(p.disabled) &&
            rows(p as Doc, 'applicable_for_users').some((u) => collationKey(cstr(u.user)) === collationKey(cstr(row.user)) && cint(u.default)),
        );
        if (cint(row.default) && others[0]) {
          ctx.throw(`Already set default in pos profile ${cstr(others[0].name)} for user ${cstr(row.user)}, kindly disabled default`);
        } else if (!cint(row.default) && !others.length) {
          ctx.msgprint(`User ${cstr(row.user)} doesn't have any default POS Profile. Check Default at Row ${cint(row.idx)} for this User.`);
        }
      }
      const checks: Array<[string, unknown]> = [
        ['Account', doc.income_account],
        ['Account', doc.expense_account],
        ['Cost Center', doc.cost_center],
        ['Warehouse', doc.warehouse],
      ];
      for (const [doctype, value] of checks) {
        if (value && !belongsToCompany(ctx, doctype, cstr(value), company)) {
          ctx.throw(`${cstr(value)} does not belong to Company ${company}`);
        }
      }
      const payments = rows(doc, 'payments');
      if (!payments.length) ctx.throw('Payment methods are mandatory. Please add at least one payment method.');
      const defaults = payments.filter((p) => cint(p.default));
      if (!defaults.length) ctx.throw('Please select a default mode of payment');
      if (defaults.length > 1) ctx.throw('You can only select one mode of payment as default');
      const invalid: string[] = [];
      for (const row of payments) {
        const account = dbGetValue(ctx, 'Mode of Payment Account', { parent: cstr(row.mode_of_payment), company }, 'default_account');
        if (!account) invalid.push(linkToForm('Mode of Payment', cstr(row.mode_of_payment)));
      }
      throwMissingAccounts(ctx, invalid);
    },
  },
};

export const posPaymentMethodDocType: DocTypeDef = {
  name: 'POS Payment Method',
  isTable: true,
  fields: [
    check('default', 'Default'),
    check('allow_in_returns', 'Allow In Returns'),
    link('mode_of_payment', 'Mode of Payment', 'Mode of Payment', { reqd: true }),
  ],
};

export const posProfileUserDocType: DocTypeDef = {
  name: 'POS Profile User',
  isTable: true,
  fields: [check('default', 'Default'), link('user', 'User', 'User')],
};
