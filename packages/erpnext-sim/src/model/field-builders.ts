import type { FieldDef, FieldType } from './meta';

type Extra = Partial<Omit<FieldDef, 'fieldname' | 'label' | 'fieldtype'>>;

export function field(fieldname: string, label: string, fieldtype: FieldType, extra: Extra = {}): FieldDef {
  return { fieldname, label, fieldtype, ...extra };
}

export function data(fieldname: string, label: string, extra: Extra = {}): FieldDef {
  return field(fieldname, label, 'Data', extra);
}

export function link(fieldname: string, label: string, options: string, extra: Extra = {}): FieldDef {
  return field(fieldname, label, 'Link', { options, ...extra });
}

export function select(fieldname: string, label: string, options: readonly string[], extra: Extra = {}): FieldDef {
  return field(fieldname, label, 'Select', { options: options.join('\n'), ...extra });
}

export function check(fieldname: string, label: string, defaultValue: 0 | 1 = 0, extra: Extra = {}): FieldDef {
  return field(fieldname, label, 'Check', { default: defaultValue, ...extra });
}

export function table(fieldname: string, label: string, options: string, extra: Extra = {}): FieldDef {
  return field(fieldname, label, 'Table', { options, ...extra });
}
