import { pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';
import type { AppName } from '../sites/site';

export type FormDict = Record<string, unknown>;

/** A whitelisted Python function: its HTTP verbs, guest access, and whether it writes. */
export interface MethodDef {
  app: AppName;
  /** `@frappe.whitelist(methods=[...])`; all four verbs when omitted. */
  methods?: readonly string[];
  allowGuest?: boolean;
  /** Writes data: eligible for the commit-then-fail fault. */
  write?: boolean;
  /** Returns the Python return value; `undefined` stands for None (no `message` key). */
  call(ctx: DocContext, args: FormDict): unknown;
}

/** A required positional argument, or the TypeError Python raises without it. */
export function required(args: FormDict, fn: string, name: string): unknown {
  if (!(name in args)) throw pythonError('TypeError', `${fn}() missing 1 required positional argument: '${name}'`);
  return args[name];
}

/** `json.loads` when the argument arrived as a string (form data), else the value itself. */
export function parseJsonArg(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw pythonError('JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)');
  }
}

/** `frappe.parse_json`-like: JSON when it parses, the raw string otherwise. */
export function maybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
