import type { DocContext } from './meta';
import { cstr, generateHash } from '../util';
import type { Doc } from './doc';
import type { DocTypeDef } from './meta';

/**
 * `make_autoname` for series patterns such as "POS-OPE-.YYYY.-.#####": dot-separated parts,
 * date tokens expanded, the counter keyed by everything before the hashes (`tabSeries`).
 */
export function makeSeriesName(ctx: DocContext, pattern: string): string {
  const today = ctx.site.clock.today();
  const [year, month, day] = today.split('-') as [string, string, string];
  let name = '';
  for (const part of pattern.split('.')) {
    if (!part) continue;
    if (/^#+$/.test(part)) {
      const counter = ctx.site.store.nextSeries(name);
      name += String(counter).padStart(part.length, '0');
    } else if (part === 'YYYY') name += year;
    else if (part === 'YY') name += year.slice(2);
    else if (part === 'MM') name += month;
    else if (part === 'DD') name += day;
    else name += part;
  }
  return name;
}

/** `frappe.model.naming.validate_name`: blank, "<>" and the doctype's own name are rejected. */
export function validateName(ctx: DocContext, meta: DocTypeDef, name: string): string {
  const trimmed = name.trim();
  if (!trimmed) ctx.throw(`No Name Specified for ${meta.name}`);
  if (trimmed.startsWith(`New ${meta.name}`)) {
    ctx.throw('There were some errors setting the name, please contact the administrator', 'NameError');
  }
  if (!meta.isSingle && trimmed === meta.name && trimmed !== 'DocType') {
    ctx.throw(`Name of ${meta.name} cannot be ${trimmed}`, 'NameError');
  }
  if (/[<>]/.test(trimmed)) ctx.throw("Name cannot contain special characters like '<', '>'", 'NameError');
  return trimmed;
}

/** `set_name_by_naming_series`: the document's series plus five digits. */
export function setNameByNamingSeries(ctx: DocContext, doc: Doc): void {
  const series = cstr(doc.naming_series);
  if (!series) ctx.throw('Naming Series mandatory');
  doc.name = makeSeriesName(ctx, `${series}.#####`);
}

/**
 * `set_new_name`: a client-sent name survives only for Prompt naming; otherwise the controller's
 * autoname, then the doctype's autoname option, then a 10-character hash.
 */
export function setNewName(ctx: DocContext, meta: DocTypeDef, doc: Doc): void {
  const autoname = meta.autoname ?? '';
  const lower = autoname.toLowerCase();
  if (lower === 'prompt' && typeof doc.__newname === 'string' && doc.__newname) {
    doc.name = validateName(ctx, meta, doc.__newname);
    return;
  }
  if (lower !== 'prompt') doc.name = undefined;
  if (meta.isSingle) doc.name = meta.name;
  if (!doc.name) meta.controller?.autoname?.(ctx, doc);
  if (!doc.name && autoname) {
    if (lower.startsWith('field:')) {
      doc.name = cstr(doc[autoname.slice(6)]).trim() || undefined;
    } else if (lower.startsWith('naming_series:')) {
      setNameByNamingSeries(ctx, doc);
    } else if (lower === 'prompt') {
      if (!doc.name) ctx.throw('Please set the document name');
    } else if (autoname.includes('#')) {
      doc.name = makeSeriesName(ctx, autoname);
    }
  }
  if (!doc.name) doc.name = generateHash(10);
  doc.name = validateName(ctx, meta, cstr(doc.name));
}
