/**
 * Item (erpnext/stock/doctype/item). Named by item_code; item_group / stock_uom come from the
 * Stock Settings defaults through `new_doc`. `standard_rate` creates an Item Price in the default
 * selling price list (else "Standard Selling"); `opening_stock` needs a valuation or standard rate.
 */
import type { DocContext } from '../model/meta';
import { rows, type Doc } from '../model/doc';
import { dbGetValue, insertDoc, singleValue } from '../model/document-engine';
import { check, data, field, link, select, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { setNameByNamingSeries } from '../model/naming';
import { cint, collationKey, cstr, flt, stripHtml } from '../util';

export const itemDocType: DocTypeDef = {
  name: 'Item',
  autoname: 'field:item_code',
  fields: [
    data('naming_series', 'Series'),
    data('item_code', 'Item Code', { reqd: true }),
    data('item_name', 'Item Name'),
    link('item_group', 'Item Group', 'Item Group', { reqd: true }),
    link('stock_uom', 'Default Unit of Measure', 'UOM', { reqd: true }),
    check('disabled', 'Disabled'),
    check('allow_alternative_item', 'Allow Alternative Item'),
    check('is_stock_item', 'Maintain Stock', 1),
    check('has_variants', 'Has Variants'),
    check('include_item_in_manufacturing', 'Include Item In Manufacturing', 1),
    field('opening_stock', 'Opening Stock', 'Float'),
    field('valuation_rate', 'Valuation Rate', 'Currency'),
    field('standard_rate', 'Standard Selling Rate', 'Currency'),
    check('is_fixed_asset', 'Is Fixed Asset'),
    data('image', 'Image'),
    field('description', 'Description', 'Text Editor'),
    data('brand', 'Brand'),
    check('is_purchase_item', 'Allow Purchase', 1),
    check('is_sales_item', 'Allow Sales', 1),
    check('has_batch_no', 'Has Batch No'),
    check('has_serial_no', 'Has Serial No'),
    check('is_customer_provided_item', 'Is Customer Provided Item'),
    field('shelf_life_in_days', 'Shelf Life In Days', 'Int'),
    field('end_of_life', 'End of Life', 'Date', { default: '2099-12-31' }),
    select('valuation_method', 'Valuation Method', ['', 'FIFO', 'Moving Average', 'LIFO']),
    table('uoms', 'UOMs', 'UOM Conversion Detail'),
    table('item_defaults', 'Item Defaults', 'Item Default'),
  ],
  controller: {
    autoname(ctx, doc) {
      if (ctx.site.store.getDefault('item_naming_by') === 'Naming Series') {
        setNameByNamingSeries(ctx, doc);
        doc.item_code = doc.name;
      }
      if (typeof doc.item_code === 'string') doc.item_code = doc.item_code.trim();
      doc.name = doc.item_code;
    },
    validate(ctx, doc) {
      if (!doc.item_name) doc.item_name = doc.item_code;
      if (!stripHtml(cstr(doc.description)).trim()) doc.description = doc.item_name;
      addDefaultUom(doc);
      validateItemDefaults(ctx, doc);
    },
    afterInsert(ctx, doc) {
      if (flt(doc.standard_rate)) {
        const defaults = rows(doc, 'item_defaults');
        for (const row of defaults.length ? defaults : [{} as Doc]) addPrice(ctx, doc, cstr(row.default_price_list) || undefined);
      }
      if (flt(doc.opening_stock)) setOpeningStock(ctx, doc);
    },
  },
};

function addDefaultUom(doc: Doc): void {
  const uoms = rows(doc, 'uoms');
  if (doc.stock_uom && !uoms.some((r) => collationKey(cstr(r.uom)) === collationKey(cstr(doc.stock_uom)))) {
    uoms.push({ doctype: 'UOM Conversion Detail', uom: doc.stock_uom, conversion_factor: 1, idx: uoms.length + 1 });
    doc.uoms = uoms;
  }
}

function validateItemDefaults(ctx: DocContext, doc: Doc): void {
  const defaults = rows(doc, 'item_defaults');
  const companies = new Set(defaults.map((r) => collationKey(cstr(r.company))));
  if (companies.size !== defaults.length) ctx.throw('Cannot set multiple Item Defaults for a company.');
  for (const row of defaults) {
    const company = cstr(row.company);
    const warehouse = cstr(row.default_warehouse);
    if (warehouse && collationKey(cstr(ctx.site.store.get('Warehouse', warehouse)?.company)) !== collationKey(company)) {
      ctx.throw(`Row #${cint(row.idx)}: Warehouse ${warehouse} doesn't belong to Company ${company}. Please select valid Warehouse.`);
    }
  }
}

function addPrice(ctx: DocContext, item: Doc, priceList?: string): void {
  const list =
    priceList ?? (cstr(singleValue(ctx, 'Selling Settings', 'selling_price_list')) || cstr(dbGetValue(ctx, 'Price List', 'Standard Selling', 'name')));
  if (!list) return;
  insertDoc(ctx, {
    doctype: 'Item Price',
    price_list: list,
    item_code: item.name,
    uom: item.stock_uom,
    brand: item.brand,
    currency: ctx.site.store.getDefault('currency') ?? null,
    price_list_rate: item.standard_rate,
  });
}

/**
 * `set_opening_stock`: the rate check is faithful; the Stock Entry it then creates is not
 * simulated (no stock ledger exists here).
 */
function setOpeningStock(ctx: DocContext, item: Doc): void {
  if (!cint(item.is_stock_item) || cint(item.has_serial_no) || cint(item.has_batch_no)) return;
  if (!flt(item.valuation_rate) && !flt(item.standard_rate) && !cint(item.is_customer_provided_item)) {
    ctx.throw('Valuation Rate is mandatory if Opening Stock entered');
  }
}

export const itemDefaultDocType: DocTypeDef = {
  name: 'Item Default',
  isTable: true,
  fields: [
    link('company', 'Company', 'Company', { reqd: true }),
    link('default_warehouse', 'Default Warehouse', 'Warehouse'),
    link('default_price_list', 'Default Price List', 'Price List'),
    link('buying_cost_center', 'Default Buying Cost Center', 'Cost Center'),
    link('selling_cost_center', 'Default Selling Cost Center', 'Cost Center'),
    link('expense_account', 'Default Expense Account', 'Account'),
    link('income_account', 'Default Income Account', 'Account'),
  ],
};

export const uomConversionDetailDocType: DocTypeDef = {
  name: 'UOM Conversion Detail',
  isTable: true,
  fields: [link('uom', 'UOM', 'UOM'), field('conversion_factor', 'Conversion Factor', 'Float')],
};

export const uomDocType: DocTypeDef = {
  name: 'UOM',
  autoname: 'field:uom_name',
  fields: [
    check('enabled', 'Enabled', 1),
    data('uom_name', 'UOM Name', { reqd: true }),
    check('must_be_whole_number', 'Must be Whole Number'),
    data('symbol', 'Symbol'),
  ],
};

/** A subset of erpnext/setup/setup_wizard/data/uom_data.json: [name, must_be_whole_number]. */
export const WIZARD_UOMS: ReadonlyArray<readonly [string, 0 | 1]> = [
  ['Unit', 1], ['Box', 1], ['Nos', 1], ['Pair', 1], ['Set', 1], ['Piece', 1], ['Dozen', 1], ['Packet', 1], ['Carton', 1],
  ['Kg', 0], ['Gram', 0], ['Milligram', 0], ['Tonne', 0], ['Pound', 0], ['Ounce', 0],
  ['Litre', 0], ['Millilitre', 0], ['Gallon (US)', 0], ['Meter', 0], ['Centimeter', 0], ['Millimeter', 0], ['Kilometer', 0],
  ['Inch', 0], ['Foot', 0], ['Yard', 0], ['Mile', 0], ['Square Meter', 0], ['Square Foot', 0], ['Cubic Meter', 0],
  ['Second', 0], ['Minute', 0], ['Hour', 0], ['Day', 0], ['Week', 1], ['Month', 1], ['Year', 1], ['Percent', 0],
];
