/** Global Defaults (Single, erpnext/setup/doctype/global_defaults). on_update writes the session defaults. */
import { check, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { dbSetValue } from '../model/document-engine';
import { cstr } from '../util';

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['company', 'default_company'],
  ['currency', 'default_currency'],
  ['country', 'country'],
  ['hide_currency_symbol', 'hide_currency_symbol'],
  ['disable_rounded_total', 'disable_rounded_total'],
  ['disable_in_words', 'disable_in_words'],
];

export const globalDefaultsDocType: DocTypeDef = {
  name: 'Global Defaults',
  isSingle: true,
  fields: [
    link('default_company', 'Default Company', 'Company'),
    link('country', 'Country', 'Country'),
    link('default_distance_unit', 'Default Distance Unit', 'UOM'),
    link('default_currency', 'Default Currency', 'Currency'),
    select('hide_currency_symbol', 'Hide Currency Symbol', ['', 'No', 'Yes']),
    check('disable_rounded_total', 'Disable Rounded Total'),
    check('disable_in_words', 'Disable In Words'),
  ],
  controller: {
    onUpdate(ctx, doc) {
      for (const [key, fieldname] of KEYS) ctx.site.store.setDefault(key, cstr(doc[fieldname] ?? ''));
      if (doc.default_currency && ctx.site.store.canonicalName('Currency', cstr(doc.default_currency))) {
        dbSetValue(ctx, 'Currency', cstr(doc.default_currency), { enabled: 1 });
      }
    },
  },
};
