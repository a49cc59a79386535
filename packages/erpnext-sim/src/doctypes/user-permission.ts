/**
 * User Permission (frappe/core/doctype/user_permission): restricts a user to the documents it names,
 * e.g. `{user, allow: "Company", for_value: "Acme"}` limits every doctype with a Company link to
 * Acme's records (apply_to_all_doctypes defaults to 1). Named by hash. Not in the fact sheet: from
 * Frappe v15's user_permission.py — a second identical permission is refused with
 * DuplicateEntryError "User permission already exists" (409). The simulator stores permissions but
 * does not filter reads by them (it authorises only Administrator and System Managers anyway).
 */
import { check, field, link } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, cstr } from '../util';

export const userPermissionDocType: DocTypeDef = {
  name: 'User Permission',
  fields: [
    link('user', 'User', 'User', { reqd: true }),
    link('allow', 'Allow', 'DocType', { reqd: true }),
    field('for_value', 'For Value', 'Dynamic Link', { reqd: true, options: 'allow' }),
    check('is_default', 'Is Default'),
    check('apply_to_all_doctypes', 'Apply To All Document Types', 1),
    link('applicable_for', 'Applicable For', 'DocType'),
    check('hide_descendants', 'Hide Descendants'),
  ],
  controller: {
    validate(ctx, doc) {
      const same = ctx.site.store
        .scan('User Permission')
        .filter(
          (p) =>
            p.name !== doc.name &&
            cstr(p.user) === cstr(doc.user) &&
            cstr(p.allow) === cstr(doc.allow) &&
            cstr(p.for_value) === cstr(doc.for_value) &&
            (cint(doc.apply_to_all_doctypes) === 1 || cint(p.apply_to_all_doctypes) === 1 || cstr(p.applicable_for) === cstr(doc.applicable_for)),
        );
      if (same.length > 0) ctx.throw('User permission already exists', 'DuplicateEntryError');
    },
  },
};
