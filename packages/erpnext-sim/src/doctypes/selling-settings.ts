/** Selling Settings (Single, erpnext/selling/doctype/selling_settings). Saving copies values into global defaults. */
import { check, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cstr } from '../util';

const DEFAULT_KEYS = ['cust_master_name', 'customer_group', 'territory', 'maintain_same_sales_rate', 'editable_price_list_rate', 'selling_price_list'] as const;

export const sellingSettingsDocType: DocTypeDef = {
  name: 'Selling Settings',
  isSingle: true,
  fields: [
    select('cust_master_name', 'Customer Naming By', ['Customer Name', 'Naming Series', 'Auto Name'], { default: 'Customer Name' }),
    select('campaign_naming_by', 'Campaign Naming By', ['Campaign Name', 'Naming Series', 'Auto Name']),
    link('customer_group', 'Default Customer Group', 'Customer Group'),
    link('territory', 'Default Territory', 'Territory'),
    link('selling_price_list', 'Default Price List', 'Price List'),
    select('maintain_same_rate_action', 'Action If Same Rate is Not Maintained', ['Stop', 'Warn'], { default: 'Stop' }),
    check('maintain_same_sales_rate', 'Maintain Same Rate Throughout Sales Cycle'),
    check('editable_price_list_rate', 'Allow User to Edit Price List Rate in Transactions'),
    select('so_required', 'Is Sales Order Required for Sales Invoice & Delivery Note Creation?', ['No', 'Yes'], { default: 'No' }),
    select('dn_required', 'Is Delivery Note Required for Sales Invoice Creation?', ['No', 'Yes'], { default: 'No' }),
    select('sales_update_frequency', 'Sales Update Frequency in Company and Project', ['Monthly', 'Each Transaction', 'Daily'], {
      reqd: true,
      default: 'Each Transaction',
    }),
    check('allow_multiple_items', 'Allow Item to Be Added Multiple Times in a Transaction'),
    check('allow_against_multiple_purchase_orders', 'Allow Multiple Sales Orders Against a Customer\'s Purchase Order'),
    check('hide_tax_id', "Hide Customer's Tax ID from Sales Transactions"),
    check('validate_selling_price', 'Validate Selling Price for Item Against Purchase Rate or Valuation Rate'),
    check('editable_bundle_item_rates', 'Calculate Product Bundle Price based on Child Items\' Rates'),
  ],
  controller: {
    validate(ctx, doc) {
      for (const key of DEFAULT_KEYS) ctx.site.store.setDefault(key, cstr(doc[key] ?? ''));
    },
  },
};
