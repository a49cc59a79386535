/**
 * Customer (erpnext/selling/doctype/customer). With "Customer Name" naming a taken name is NOT an
 * error: the customer is saved as "{name} - {n}" and a yellow "Note" message says so.
 */
import type { DocContext } from '../model/meta';
import type { Doc } from '../model/doc';
import { check, data, field, link, select } from '../model/field-builders';
import { setNameByNamingSeries } from '../model/naming';
import type { DocTypeDef } from '../model/meta';
import { collationKey, cstr } from '../util';

/** `get_customer_name`: MAX(CAST(last word AS UNSIGNED)) over names LIKE "%{name} - %", plus one. */
function customerName(ctx: DocContext, doc: Doc): string | undefined {
  const base = doc.customer_name === null || doc.customer_name === undefined ? undefined : cstr(doc.customer_name);
  if (base === undefined) return undefined;
  if (!ctx.site.store.canonicalName('Customer', base)) return base;
  const needle = collationKey(`${base} - `);
  let count = 0;
  for (const c of ctx.site.store.scan('Customer')) {
    const name = cstr(c.name);
    if (!collationKey(name).includes(needle)) continue;
    const last = name.split(' ').pop() ?? '';
    const digits = /^\d+/.exec(last.trim());
    count = Math.max(count, digits ? Number(digits[0]) : 0);
  }
  const newName = `${base} - ${count + 1}`;
  ctx.msgprint(`Changed customer name to '${newName}' as '${base}' already exists.`, { title: 'Note', indicator: 'yellow' });
  return newName;
}

export const customerDocType: DocTypeDef = {
  name: 'Customer',
  autoname: 'naming_series:',
  fields: [
    select('naming_series', 'Series', ['CUST-.YYYY.-'], { default: 'CUST-.YYYY.-' }),
    data('salutation', 'Salutation'),
    data('customer_name', 'Customer Name', { reqd: true }),
    select('customer_type', 'Customer Type', ['Company', 'Individual', 'Partnership'], { reqd: true, default: 'Company' }),
    data('gender', 'Gender'),
    link('customer_group', 'Customer Group', 'Customer Group'),
    link('territory', 'Territory', 'Territory'),
    data('lead_name', 'From Lead'),
    data('opportunity_name', 'From Opportunity'),
    data('account_manager', 'Account Manager'),
    link('default_currency', 'Billing Currency', 'Currency'),
    link('default_price_list', 'Default Price List', 'Price List'),
    data('tax_id', 'Tax ID'),
    data('tax_category', 'Tax Category'),
    check('is_internal_customer', 'Is Internal Customer'),
    link('represents_company', 'Represents Company', 'Company'),
    field('customer_details', 'Customer Details', 'Text'),
    data('website', 'Website'),
    data('language', 'Print Language'),
    data('customer_primary_contact', 'Customer Primary Contact'),
    data('mobile_no', 'Mobile No'),
    data('email_id', 'Email Id'),
    data('customer_primary_address', 'Customer Primary Address'),
    check('disabled', 'Disabled'),
    check('is_frozen', 'Is Frozen'),
  ],
  controller: {
    autoname(ctx, doc) {
      const naming = ctx.site.store.getDefault('cust_master_name');
      if (naming === 'Customer Name') doc.name = customerName(ctx, doc);
      else if (naming === 'Naming Series') setNameByNamingSeries(ctx, doc);
    },
    validate(ctx, doc) {
      if (doc.is_internal_customer && !doc.represents_company) ctx.throw('Please select a Company this customer represents');
    },
  },
};
