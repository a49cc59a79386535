/**
 * Warehouse (erpnext/stock/doctype/warehouse): named "{warehouse_name} - {abbr}" unless the name
 * already ends with the suffix. There is no server check that the parent is a group.
 */
import { pythonError } from '../frappe/exceptions';
import { check, data, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cstr } from '../util';
import { isValidEmail } from '../model/document-engine';
import { validateLedger, validateLoop } from './tree';

export const warehouseDocType: DocTypeDef = {
  name: 'Warehouse',
  nsmParentField: 'parent_warehouse',
  fields: [
    check('disabled', 'Disabled'),
    data('warehouse_name', 'Warehouse Name', { reqd: true }),
    check('is_group', 'Is Group Warehouse'),
    link('parent_warehouse', 'Parent Warehouse', 'Warehouse'),
    check('is_rejected_warehouse', 'Is Rejected Warehouse'),
    link('account', 'Account', 'Account'),
    link('company', 'Company', 'Company', { reqd: true }),
    data('email_id', 'Email Address'),
    data('phone_no', 'Phone No'),
    data('mobile_no', 'Mobile No'),
    data('address_line_1', 'Address Line 1'),
    data('address_line_2', 'Address Line 2'),
    data('city', 'City'),
    data('state', 'State/Province'),
    data('pin', 'PIN'),
    link('warehouse_type', 'Warehouse Type', 'Warehouse Type'),
    link('default_in_transit_warehouse', 'Default In-Transit Warehouse', 'Warehouse'),
    data('old_parent', 'Old Parent'),
  ],
  controller: {
    autoname(ctx, doc) {
      if (doc.company) {
        const suffix = ` - ${cstr(ctx.site.store.get('Company', cstr(doc.company))?.abbr ?? 'None')}`;
        if (doc.warehouse_name === null || doc.warehouse_name === undefined) {
          throw pythonError('AttributeError', "'NoneType' object has no attribute 'endswith'");
        }
        if (!cstr(doc.warehouse_name).endsWith(suffix)) {
          doc.name = cstr(doc.warehouse_name) + suffix;
          return;
        }
      }
      doc.name = doc.warehouse_name;
    },
    validate(ctx, doc) {
      const email = cstr(doc.email_id);
      if (email && !isValidEmail(email)) ctx.throw(`${email} is not a valid Email Address`, 'InvalidEmailAddressError');
      validateLoop(ctx, warehouseDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      validateLedger(ctx, warehouseDocType, doc, before);
    },
  },
};

export const warehouseTypeDocType: DocTypeDef = {
  name: 'Warehouse Type',
  autoname: 'Prompt',
  fields: [data('description', 'Description')],
};
