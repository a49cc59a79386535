export { Clock, addToDate, formatDatetimeMicros, normalizeDate, normalizeDatetime } from './clock';
export { collationCompare, collationEquals, collationKey } from './collation';
export { pyJsonDumps } from './python-json';
export type { PyJsonOptions } from './python-json';
export { cint, cstr, flt, isBlank, isHtml, sbool, stripHtml } from './python-values';
export { generateHash } from './random-hash';
