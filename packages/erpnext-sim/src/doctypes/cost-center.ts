/** Cost Center (erpnext/accounts/doctype/cost_center): "{name} - ABBR", a tree per company. */
import { check, data, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { bold } from '../frappe/server-messages';
import { cint, cstr } from '../util';
import { autonameWithNumber } from './autoname-with-number';
import { validateLedger, validateLoop } from './tree';

export const costCenterDocType: DocTypeDef = {
  name: 'Cost Center',
  nsmParentField: 'parent_cost_center',
  fields: [
    data('cost_center_name', 'Cost Center Name', { reqd: true }),
    data('cost_center_number', 'Cost Center Number'),
    link('parent_cost_center', 'Parent Cost Center', 'Cost Center', { reqd: true }),
    link('company', 'Company', 'Company', { reqd: true }),
    check('is_group', 'Is Group'),
    check('disabled', 'Disabled'),
    data('old_parent', 'old_parent'),
  ],
  controller: {
    autoname(ctx, doc) {
      doc.name = autonameWithNumber(ctx, doc.cost_center_number, doc.cost_center_name, doc.company);
    },
    validate(ctx, doc) {
      const isRoot = cstr(doc.cost_center_name) === cstr(doc.company);
      if (!isRoot && !doc.parent_cost_center) ctx.throw('Please enter parent cost center');
      if (isRoot && doc.parent_cost_center) ctx.throw('Root cannot have a parent cost center');
      const parent = cstr(doc.parent_cost_center);
      if (parent && !cint(ctx.site.store.get('Cost Center', parent)?.is_group)) {
        ctx.throw(`${bold(parent)} is not a group node. Please select a group node as parent cost center`);
      }
      validateLoop(ctx, costCenterDocType, doc);
    },
    onUpdate(ctx, doc, before) {
      validateLedger(ctx, costCenterDocType, doc, before);
    },
  },
};
