/** Customer Group, Territory and Item Group: single-root trees defaulting to their root. */
import { check, data, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cstr } from '../util';
import { rootOf, validateLedger, validateLoop, validateOneRoot } from './tree';

export const customerGroupDocType: DocTypeDef = {
  name: 'Customer Group',
  autoname: 'field:customer_group_name',
  nsmParentField: 'parent_customer_group',
  fields: [
    data('customer_group_name', 'Customer Group Name', { reqd: true }),
    link('parent_customer_group', 'Parent Customer Group', 'Customer Group'),
    check('is_group', 'Is Group'),
    link('default_price_list', 'Default Price List', 'Price List'),
    data('payment_terms', 'Default Payment Terms Template'),
    data('old_parent', 'old_parent'),
  ],
  controller: {
    validate(ctx, doc) {
      if (!doc.parent_customer_group) doc.parent_customer_group = rootOf(ctx, 'Customer Group', 'parent_customer_group') ?? null;
      if (doc.parent_customer_group === doc.name) doc.parent_customer_group = null;
      validateLoop(ctx, customerGroupDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      if (ctx.site.store.canonicalName('Customer', cstr(doc.name))) {
        ctx.throw('A customer with the same name already exists');
      }
      validateLedger(ctx, customerGroupDocType, doc, before);
      validateOneRoot(ctx, customerGroupDocType, doc);
    },
  },
};

export const territoryDocType: DocTypeDef = {
  name: 'Territory',
  autoname: 'field:territory_name',
  nsmParentField: 'parent_territory',
  fields: [
    data('territory_name', 'Territory Name', { reqd: true }),
    link('parent_territory', 'Parent Territory', 'Territory'),
    check('is_group', 'Is Group'),
    data('territory_manager', 'Territory Manager'),
    data('old_parent', 'old_parent'),
  ],
  controller: {
    validate(ctx, doc) {
      if (!doc.parent_territory) doc.parent_territory = rootOf(ctx, 'Territory', 'parent_territory') ?? null;
      if (doc.parent_territory === doc.name) doc.parent_territory = null;
      validateLoop(ctx, territoryDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      validateLedger(ctx, territoryDocType, doc, before);
      validateOneRoot(ctx, territoryDocType, doc);
    },
  },
};

export const itemGroupDocType: DocTypeDef = {
  name: 'Item Group',
  autoname: 'field:item_group_name',
  nsmParentField: 'parent_item_group',
  fields: [
    data('item_group_name', 'Item Group Name', { reqd: true }),
    link('parent_item_group', 'Parent Item Group', 'Item Group'),
    check('is_group', 'Is Group'),
    data('image', 'Image'),
    data('old_parent', 'old_parent'),
  ],
  controller: {
    validate(ctx, doc) {
      if (!doc.parent_item_group && ctx.site.store.canonicalName('Item Group', 'All Item Groups')) {
        doc.parent_item_group = 'All Item Groups';
      }
      if (doc.parent_item_group === doc.name) doc.parent_item_group = null;
      validateLoop(ctx, itemGroupDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      validateLedger(ctx, itemGroupDocType, doc, before);
      validateOneRoot(ctx, itemGroupDocType, doc);
    },
  },
};
