import { linkToForm } from '../frappe/server-messages';
import { check, data, field, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr, flt } from '../util';

export const priceListDocType: DocTypeDef = {
  name: 'Price List',
  autoname: 'field:price_list_name',
  fields: [
    check('enabled', 'Enabled', 1),
    data('price_list_name', 'Price List Name', { reqd: true }),
    link('currency', 'Currency', 'Currency', { reqd: true }),
    check('buying', 'Buying'),
    check('selling', 'Selling'),
    check('price_not_uom_dependent', 'Price Not UOM Dependent'),
  ],
  controller: {
    validate(ctx, doc) {
      if (!cint(doc.buying) && !cint(doc.selling)) ctx.throw('Price List must be applicable for Buying or Selling');
    },
  },
};

/** Item Price (erpnext/stock/doctype/item_price): hash-named; one price per list/item/uom/party. */
export const itemPriceDocType: DocTypeDef = {
  name: 'Item Price',
  fields: [
    link('item_code', 'Item Code', 'Item', { reqd: true }),
    link('uom', 'UOM', 'UOM'),
    data('item_name', 'Item Name'),
    data('brand', 'Brand'),
    field('item_description', 'Item Description', 'Text'),
    link('price_list', 'Price List', 'Price List', { reqd: true }),
    link('customer', 'Customer', 'Customer'),
    data('supplier', 'Supplier'),
    check('buying', 'Buying'),
    check('selling', 'Selling'),
    link('currency', 'Currency', 'Currency'),
    field('price_list_rate', 'Rate', 'Currency', { reqd: true }),
    field('valid_from', 'Valid From', 'Date', { default: 'Today' }),
    field('valid_upto', 'Valid Up To', 'Date'),
  ],
  controller: {
    validate(ctx, doc) {
      const item = ctx.site.store.get('Item', cstr(doc.item_code));
      if (item) doc.item_name = item.item_name;
      if (doc.price_list) {
        const list = ctx.site.store.get('Price List', cstr(doc.price_list));
        if (!list || !cint(list.enabled)) {
          return ctx.throw(`The price list ${linkToForm('Price List', cstr(doc.price_list))} does not exist or is disabled`);
        }
        doc.buying = list.buying;
        doc.selling = list.selling;
        doc.currency = list.currency;
      }
      const key = (d: Record<string, unknown>) =>
        ['price_list', 'item_code', 'uom', 'customer', 'supplier', 'valid_from'].map((f) => collationKey(cstr(d[f]))).join('\u0000');
      const mine = key(doc);
      const duplicate = ctx.site.store
        .scan('Item Price')
        .some((p) => collationKey(cstr(p.name)) !== collationKey(cstr(doc.name)) && key(p) === mine && flt(p.price_list_rate) >= 0);
      if (duplicate) {
        ctx.throw(
          'Item Price appears multiple times based on Price List, Supplier/Customer, Currency, Item, Batch, UOM, Qty, and Dates.',
          'ItemPriceDuplicateItem',
        );
      }
    },
  },
};
