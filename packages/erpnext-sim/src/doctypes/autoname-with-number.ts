import { pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';
import { cstr } from '../util';

/**
 * erpnext/accounts/utils.py `get_autoname_with_number`: "{number} - {title} - {ABBR}", or
 * "{title} - {ABBR}" without a number. A missing title or company fails like the Python does.
 */
export function autonameWithNumber(ctx: DocContext, number: unknown, title: unknown, company: unknown): string {
  if (title === null || title === undefined) throw pythonError('AttributeError', "'NoneType' object has no attribute 'strip'");
  const abbr = company ? ctx.site.store.get('Company', cstr(company))?.abbr : undefined;
  if (abbr === null || abbr === undefined) {
    throw pythonError('TypeError', 'sequence item 1: expected str instance, NoneType found');
  }
  const parts = [cstr(title).trim(), cstr(abbr)];
  const num = cstr(number).trim();
  if (num) parts.unshift(num);
  return parts.join(' - ');
}
