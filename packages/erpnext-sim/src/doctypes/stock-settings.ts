/** Stock Settings (Single, erpnext/stock/doctype/stock_settings). Saving copies values into global defaults. */
import { bold } from '../frappe/server-messages';
import { check, data, field, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, cstr } from '../util';

const DEFAULT_KEYS = [
  'item_naming_by',
  'item_group',
  'stock_uom',
  'allow_negative_stock',
  'default_warehouse',
  'set_qty_in_transactions_based_on_serial_no_input',
] as const;

export const stockSettingsDocType: DocTypeDef = {
  name: 'Stock Settings',
  isSingle: true,
  fields: [
    select('item_naming_by', 'Item Naming By', ['Item Code', 'Naming Series'], { default: 'Item Code' }),
    link('item_group', 'Default Item Group', 'Item Group'),
    link('stock_uom', 'Default Stock UOM', 'UOM'),
    link('default_warehouse', 'Default Warehouse', 'Warehouse'),
    link('sample_retention_warehouse', 'Sample Retention Warehouse', 'Warehouse'),
    select('valuation_method', 'Default Valuation Method', ['FIFO', 'Moving Average', 'LIFO'], { default: 'FIFO' }),
    check('allow_negative_stock', 'Allow Negative Stock'),
    check('auto_insert_price_list_rate_if_missing', 'Auto Insert Item Price If Missing', 1),
    select('update_price_list_based_on', 'Update Price List Based On', ['Rate', 'Price List Rate'], { default: 'Rate' }),
    check('auto_indent', 'Raise Material Request When Stock Reaches Re-order Level'),
    check('set_qty_in_transactions_based_on_serial_no_input', 'Set Qty in Transactions Based on Serial No Input'),
    check('show_barcode_field', 'Show Barcode Field in Stock Transactions', 1),
    check('clean_description_html', 'Convert Item Description to Clean HTML in Transactions', 1),
    field('email_footer_address', 'Email Footer Address', 'Small Text'),
    field('over_delivery_receipt_allowance', 'Over Delivery/Receipt Allowance (%)', 'Float'),
    field('stock_frozen_upto', 'Stock Frozen Up To', 'Date'),
    field('stock_frozen_upto_days', 'Freeze Stocks Older Than (Days)', 'Int'),
    check('use_naming_series', 'Have Default Naming Series for Batch ID?'),
    data('naming_series_prefix', 'Naming Series Prefix', { default: 'BATCH-' }),
  ],
  controller: {
    validate(ctx, doc) {
      for (const key of DEFAULT_KEYS) ctx.site.store.setDefault(key, cstr(doc[key] ?? ''));
      for (const fieldname of ['default_warehouse', 'sample_retention_warehouse']) {
        const warehouse = cstr(doc[fieldname]);
        if (warehouse && cint(ctx.site.store.get('Warehouse', warehouse)?.is_group)) {
          const label = fieldname === 'default_warehouse' ? 'Default Warehouse' : 'Sample Retention Warehouse';
          ctx.throw(`Group Warehouses cannot be used in transactions. Please change the value of ${bold(label)}`, 'ValidationError', {
            title: 'Incorrect Warehouse',
          });
        }
      }
    },
  },
};
