/**
 * DocType metadata: the subset of a DocType JSON the simulator honours. Labels are the real ones
 * because Frappe's messages quote them ("Error: Value missing for Company: Abbr").
 */
import type { ServerMessage } from '../frappe/server-messages';
import type { Clock } from '../util';
import type { Doc } from './doc';
import type { SiteStore } from './site-store';

export type FieldType =
  | 'Data'
  | 'Link'
  | 'Dynamic Link'
  | 'Select'
  | 'Check'
  | 'Int'
  | 'Float'
  | 'Currency'
  | 'Percent'
  | 'Date'
  | 'Datetime'
  | 'Time'
  | 'Small Text'
  | 'Text'
  | 'Long Text'
  | 'Code'
  | 'Text Editor'
  | 'Password'
  | 'Read Only'
  | 'Attach Image'
  | 'Table';

export interface FieldDef {
  fieldname: string;
  label: string;
  fieldtype: FieldType;
  /** Link/Table target doctype, or newline-separated Select options. */
  options?: string;
  reqd?: boolean;
  /** Static default as in DocField.default ("Today", "__user", or a literal). */
  default?: string | number;
  setOnlyOnce?: boolean;
  allowOnSubmit?: boolean;
}

export interface DocTypeDef {
  name: string;
  fields: FieldDef[];
  isSingle?: boolean;
  isTable?: boolean;
  isSubmittable?: boolean;
  /** "field:x", "Prompt", "hash", or a series pattern like "POS-OPE-.YYYY.-.#####". */
  autoname?: string;
  /** Tree doctypes (NestedSet): the parent link field. */
  nsmParentField?: string;
  /** "MyISAM" tables (Error Log) are not transactional: their rows survive a rollback. */
  engine?: 'InnoDB' | 'MyISAM';
  controller?: Controller;
}

export const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['Check', 'Int', 'Float', 'Currency', 'Percent']);
export const INT_TYPES: ReadonlySet<FieldType> = new Set(['Check', 'Int']);
export const DATE_TYPES: ReadonlySet<FieldType> = new Set(['Date', 'Datetime']);

/** Standard columns every document row has, in Frappe's `default_fields` order. */
export const STANDARD_FIELDS = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx'] as const;
export const CHILD_FIELDS = ['parent', 'parentfield', 'parenttype'] as const;
/** Extra columns a parent table has (visible in `fields=["*"]` lists). */
export const PRIVATE_COLUMNS = ['_user_tags', '_comments', '_assign', '_liked_by'] as const;

export function getField(meta: DocTypeDef, fieldname: string): FieldDef | undefined {
  return meta.fields.find((f) => f.fieldname === fieldname);
}

export function tableFields(meta: DocTypeDef): FieldDef[] {
  return meta.fields.filter((f) => f.fieldtype === 'Table');
}

export function dataFields(meta: DocTypeDef): FieldDef[] {
  return meta.fields.filter((f) => f.fieldtype !== 'Table');
}

export function isStandardColumn(fieldname: string): boolean {
  return (STANDARD_FIELDS as readonly string[]).includes(fieldname) || (CHILD_FIELDS as readonly string[]).includes(fieldname);
}

const columnCache = new WeakMap<DocTypeDef, readonly string[]>();

/** Database columns of the doctype's table, in column order. */
export function tableColumns(meta: DocTypeDef): readonly string[] {
  const cached = columnCache.get(meta);
  if (cached) return cached;
  const columns: string[] = [...STANDARD_FIELDS, ...dataFields(meta).map((f) => f.fieldname)];
  if (meta.isTable) columns.push(...CHILD_FIELDS);
  else columns.push(...PRIVATE_COLUMNS);
  columnCache.set(meta, columns);
  return columns;
}

export function selectOptions(field: FieldDef): string[] {
  return (field.options ?? '').split('\n');
}

export function fieldLabel(meta: DocTypeDef, fieldname: string): string {
  return getField(meta, fieldname)?.label ?? fieldname;
}

// ---------------------------------------------------------------- contracts shared by the engine and controllers
// They live with DocTypeDef because they refer to each other (a doctype's controller receives a
// context whose site hands out doctypes); one file keeps the module graph acyclic.

export type AppName = 'frappe' | 'erpnext';

export interface SiteSession {
  sid: string;
  user: string;
  createdAt: string;
}

/** What request code may see of a site (implemented by sites/site.ts). */
export interface SiteView {
  readonly name: string;
  readonly store: SiteStore;
  readonly sessions: Map<string, SiteSession>;
  readonly clock: Clock;
  maintenance: boolean;
  /** site_config.json keys the simulator honours (`trigger_site_setup_in_background`). */
  readonly config: Record<string, unknown>;
  readonly installedApps: readonly AppName[];
  hasApp(app: string): boolean;
  meta(doctype: string): DocTypeDef | undefined;
  allMeta(): DocTypeDef[];
  parentsOf(childDoctype: string): string[];
}

/** Operations that take real time on a v15 site (SimulatorOptions.timings). */
export type TimedOperation = 'companyInsert' | 'setupWizard' | 'companyDelete';

/** `frappe.enqueue`d work: runs after the enqueuing request committed, as its user. */
export interface BackgroundJob {
  /** The timed operation the worker spends before running `run`, if any. */
  op?: TimedOperation;
  run(ctx: DocContext): void;
}

export interface MsgprintOptions {
  title?: string;
  indicator?: string;
  raiseException?: boolean;
}

/** `frappe.local` for one request (implemented by frappe/request-context.ts). */
export interface DocContext {
  readonly site: SiteView;
  user: string;
  readonly messages: ServerMessage[];
  readonly response: Record<string, unknown>;
  readonly setCookies: string[];
  errorMessage: string | undefined;
  inSetupWizard: boolean;
  sid: string | undefined;
  readonly cache: Map<string, unknown>;
  readonly isGuest: boolean;
  /**
   * The commit this request's reads are consistent with (MariaDB REPEATABLE READ takes the snapshot
   * at the first read). Undefined for bench commands and direct site access.
   */
  snapshotSeq?: number;
  /**
   * Called where a timed operation starts its costly part. The HTTP layer may throw here to make the
   * request wait and start over; everything before this call must be free of side effects outside
   * the site store.
   */
  spendTime?(op: TimedOperation, subject: string): void;
  /** `frappe.enqueue`: the job runs after this request commits (dropped when it rolls back). */
  enqueue?(job: BackgroundJob): void;
  /** Set while a background job runs (no request, no login manager). */
  inBackgroundJob?: boolean;
  msgprint(message: string, options?: MsgprintOptions): void;
  throw(message: string, excType?: string, options?: { title?: string }): never;
  clearLastMessage(): void;
}

/**
 * Document controller hooks, named after Frappe's. Each receives the in-memory document and may
 * mutate it; hooks that write other documents go through the document engine so they join the
 * request's transaction.
 */
export interface Controller {
  beforeInsert?(ctx: DocContext, doc: Doc): void;
  autoname?(ctx: DocContext, doc: Doc): void;
  validate?(ctx: DocContext, doc: Doc, before: Doc | undefined): void;
  beforeSubmit?(ctx: DocContext, doc: Doc): void;
  beforeCancel?(ctx: DocContext, doc: Doc): void;
  afterInsert?(ctx: DocContext, doc: Doc): void;
  onUpdate?(ctx: DocContext, doc: Doc, before: Doc | undefined): void;
  onSubmit?(ctx: DocContext, doc: Doc): void;
  onCancel?(ctx: DocContext, doc: Doc): void;
  onTrash?(ctx: DocContext, doc: Doc): void;
}
