/**
 * `frappe.desk.page.setup_wizard.setup_wizard.setup_complete` and ERPNext's stages
 * (frappe/desk/page/setup_wizard/setup_wizard.py, erpnext/setup/setup_wizard/).
 *
 * Stages: "Updating global settings" (System Settings, the first user as System Manager) ->
 * ERPNext "Installing presets" (item groups, customer groups, territories incl. the country, modes
 * of payment, Warehouse Type "Transit", UOMs, Selling Settings) -> "Setting up company" (Fiscal
 * Year, Company) -> "Setting defaults" (price lists, Global Defaults, Stock Settings) -> "Wrapping
 * up" (login as the new user) -> setup_complete = 1. If a Company already exists, ERPNext runs
 * only "Wrapping up".
 *
 * Records go through `make_records`, which swallows each record's failure (savepoint rollback)
 * and logs it as an Error Log "Exception during Setup", exactly like v15: a missing fy_start_date
 * skips the Fiscal Year instead of failing the wizard. A stage that raises (e.g. no `country`:
 * `None.replace`) rolls everything back, logs "Setup failed: {stage}" and answers with
 * `setup_wizard_failure_message`. Error Logs are MyISAM in v15 and outlive the rollback.
 *
 * The stages take `setupWizardMs` (http/timed-requests.ts). A second call that arrives while one
 * runs read `setup_complete = 0` in its snapshot; its System Settings save then waits for the first
 * call's lock and fails `check_if_latest` once the first commits (see README). With
 * `trigger_site_setup_in_background` in site config the stages run in a background job.
 */
import { logError, traceback, WIZARD_UOMS } from '../doctypes';
import { FrappeError, pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';
import { startSession } from '../frappe/sessions';
import type { Doc } from '../model/doc';
import { dbGetValue, dbSetValue, getDoc, insertDoc, saveDoc } from '../model/document-engine';
import { getField } from '../model/meta';
import { asReadInSnapshot, changedSinceSnapshot } from '../model/snapshot';
import { cint, cstr, isHtml, normalizeDate, stripHtml } from '../util';

type Args = Record<string, unknown>;

interface Task {
  failMsg: string;
  run: (ctx: DocContext, args: Args) => void;
}

function scrub(text: string): string {
  return text.replace(/ /g, '_').replace(/-/g, '_').toLowerCase();
}

const WIZARD_FILE = 'frappe/frappe/desk/page/setup_wizard/setup_wizard.py';
const MAKE_RECORDS_FRAME = { file: WIZARD_FILE, fn: 'make_records', line: 'doc.insert(ignore_permissions=True, ignore_if_duplicate=True)' };
const STAGES_FRAME = { file: WIZARD_FILE, fn: 'process_setup_stages', line: 'task.get("fn")(task.get("args"))' };

/**
 * `make_records`: insert each record; one that fails is rolled back to its savepoint and logged as
 * an Error Log "Exception during Setup", and the wizard goes on.
 */
export function makeRecords(ctx: DocContext, records: Doc[]): void {
  for (const record of records) {
    const doctype = cstr(record.doctype);
    const meta = ctx.site.meta(doctype);
    const parentField = `parent_${scrub(doctype)}`;
    const ignoreMandatory = Boolean(meta && getField(meta, parentField) && !record[parentField]);
    const savepoint = ctx.site.store.savepoint();
    try {
      insertDoc(ctx, record, { ignorePermissions: true, ignoreIfDuplicate: true, ignoreMandatory });
    } catch (error) {
      if (!(error instanceof FrappeError)) throw error;
      ctx.clearLastMessage();
      ctx.site.store.rollbackTo(savepoint);
      // show_document_insert_error
      logError(ctx, 'Exception during Setup', traceback(error, MAKE_RECORDS_FRAME));
    }
  }
}

function parseArgs(input: unknown): Args {
  let args = input;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      throw pythonError('JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)');
    }
  }
  if (!args || typeof args !== 'object' || Array.isArray(args)) throw pythonError('AttributeError', "'list' object has no attribute 'items'");
  const out: Args = {};
  for (const [key, value] of Object.entries(args as Args)) {
    let v = value;
    if (isHtml(v)) v = stripHtml(v as string);
    if (typeof v === 'string') v = v.trim();
    out[key] = v;
  }
  return out;
}

function get(args: Args, key: string): string | undefined {
  const value = args[key];
  return value === null || value === undefined || value === '' ? undefined : cstr(value);
}

function updateSystemSettings(ctx: DocContext, args: Args): void {
  // A plain get_doc: when another setup_complete committed while this one waited on its lock, this
  // copy is stale and the save below fails check_if_latest (TimestampMismatchError).
  const settings = asReadInSnapshot(ctx, getDoc(ctx, 'System Settings', 'System Settings'));
  const country = get(args, 'country');
  Object.assign(settings, {
    country: country ?? null,
    language: 'en',
    time_zone: get(args, 'timezone') ?? null,
    currency: get(args, 'currency') ?? null,
    float_precision: '3',
    rounding_method: "Banker's Rounding",
    date_format: country ? (dbGetValue(ctx, 'Country', country, 'date_format') ?? null) : null,
    time_format: country ? (dbGetValue(ctx, 'Country', country, 'time_format') ?? null) : null,
    number_format: '#,###.##',
    enable_scheduler: 1,
    backup_limit: 3,
    enable_telemetry: cint(args.enable_telemetry),
  });
  saveDoc(ctx, settings);
}

function defaultRoles(ctx: DocContext): string[] {
  const skip = new Set(['Administrator', 'Customer', 'Supplier', 'Partner', 'Employee', 'Guest', 'All', 'Desk User']);
  return ctx.site.store
    .scan('Role')
    .map((r) => cstr(r.name))
    .filter((r) => !skip.has(r));
}

function createOrUpdateUser(ctx: DocContext, args: Args): void {
  const email = get(args, 'email');
  if (!email) return;
  const fullName = cstr(args.full_name);
  const space = fullName.indexOf(' ');
  const firstName = space === -1 ? fullName : fullName.slice(0, space);
  const lastName = space === -1 ? '' : fullName.slice(space + 1);
  const existing = ctx.site.store.get('User', email);
  if (existing) {
    if (cstr(existing.first_name) !== firstName || cstr(existing.last_name) !== lastName) {
      dbSetValue(ctx, 'User', cstr(existing.name), { first_name: firstName, last_name: lastName, full_name: fullName }, { updateModified: false });
    }
  } else {
    const roles = [...new Set([...defaultRoles(ctx), 'System Manager'])].map((role) => ({ role }));
    insertDoc(ctx, { doctype: 'User', email, first_name: firstName, last_name: lastName, send_welcome_email: 0, roles });
  }
  const password = get(args, 'password');
  if (password) ctx.site.store.setPassword('User', email, 'password', password);
}

function setTimezone(ctx: DocContext, args: Args): void {
  const tz = get(args, 'timezone');
  if (!tz) return;
  for (const name of ['Administrator', 'Guest']) dbSetValue(ctx, 'User', name, { time_zone: tz });
}

function installPresets(ctx: DocContext, args: Args): void {
  const countryArg = args.country;
  if (typeof countryArg !== 'string') throw pythonError('AttributeError', "'NoneType' object has no attribute 'replace'");
  const country = countryArg;
  const records: Doc[] = [
    { doctype: 'Item Group', item_group_name: 'All Item Groups', is_group: 1, parent_item_group: '' },
    ...['Products', 'Raw Material', 'Services', 'Sub Assemblies', 'Consumable'].map((name) => ({
      doctype: 'Item Group',
      item_group_name: name,
      is_group: 0,
      parent_item_group: 'All Item Groups',
    })),
    { doctype: 'Territory', territory_name: 'All Territories', is_group: 1, name: 'All Territories', parent_territory: '' },
    { doctype: 'Territory', territory_name: country.replace(/'/g, ''), is_group: 0, parent_territory: 'All Territories' },
    { doctype: 'Territory', territory_name: 'Rest Of The World', is_group: 0, parent_territory: 'All Territories' },
    { doctype: 'Customer Group', customer_group_name: 'All Customer Groups', is_group: 1, name: 'All Customer Groups', parent_customer_group: '' },
    ...['Individual', 'Commercial', 'Non Profit', 'Government'].map((name) => ({
      doctype: 'Customer Group',
      customer_group_name: name,
      is_group: 0,
      parent_customer_group: 'All Customer Groups',
    })),
    { doctype: 'Mode of Payment', mode_of_payment: country === 'United States' ? 'Check' : 'Cheque', type: 'Bank' },
    { doctype: 'Mode of Payment', mode_of_payment: 'Cash', type: 'Cash' },
    { doctype: 'Mode of Payment', mode_of_payment: 'Credit Card', type: 'Bank' },
    { doctype: 'Mode of Payment', mode_of_payment: 'Wire Transfer', type: 'Bank' },
    { doctype: 'Mode of Payment', mode_of_payment: 'Bank Draft', type: 'Bank' },
    { doctype: 'Warehouse Type', name: 'Transit' },
  ];
  makeRecords(ctx, records);
  const selling = getDoc(ctx, 'Selling Settings', 'Selling Settings');
  Object.assign(selling, {
    cust_master_name: 'Customer Name',
    so_required: 'No',
    dn_required: 'No',
    allow_multiple_items: 1,
    sales_update_frequency: 'Each Transaction',
  });
  saveDoc(ctx, selling);
  for (const [uom, whole] of WIZARD_UOMS) {
    if (ctx.site.store.canonicalName('UOM', uom)) continue;
    insertDoc(ctx, { doctype: 'UOM', uom_name: uom, must_be_whole_number: whole, enabled: 1 }, { ignorePermissions: true });
  }
}

function fyName(ctx: DocContext, start: unknown, end: unknown): string {
  const today = ctx.site.clock.today();
  const year = (value: unknown) => Number((normalizeDate(cstr(value)) ?? today).slice(0, 4));
  const startYear = year(start);
  return startYear === year(end) ? String(startYear) : `${startYear}-${startYear + 1}`;
}

function installCompany(ctx: DocContext, args: Args): void {
  makeRecords(ctx, [
    {
      doctype: 'Fiscal Year',
      year: fyName(ctx, args.fy_start_date, args.fy_end_date),
      year_start_date: args.fy_start_date ?? null,
      year_end_date: args.fy_end_date ?? null,
    },
    {
      doctype: 'Company',
      company_name: args.company_name ?? null,
      enable_perpetual_inventory: 1,
      abbr: args.company_abbr ?? null,
      default_currency: args.currency ?? null,
      country: args.country ?? null,
      create_chart_of_accounts_based_on: 'Standard Template',
      chart_of_accounts: args.chart_of_accounts ?? null,
      domain: args.domain ?? null,
    },
  ]);
}

function installDefaults(ctx: DocContext, args: Args): void {
  makeRecords(ctx, [
    { doctype: 'Price List', price_list_name: 'Standard Buying', enabled: 1, buying: 1, selling: 0, currency: args.currency ?? null },
    { doctype: 'Price List', price_list_name: 'Standard Selling', enabled: 1, buying: 0, selling: 1, currency: args.currency ?? null },
  ]);
  const currency = get(args, 'currency');
  if (currency && ctx.site.store.canonicalName('Currency', currency)) dbSetValue(ctx, 'Currency', currency, { enabled: 1 });
  dbSetValue(ctx, 'Stock Settings', 'Stock Settings', { email_footer_address: args.company_name ?? null });
  const globalDefaults = getDoc(ctx, 'Global Defaults', 'Global Defaults');
  const company = dbGetValue(ctx, 'Company', { company_name: cstr(args.company_name) }, 'name');
  Object.assign(globalDefaults, { default_currency: args.currency ?? null, default_company: company ?? null, country: args.country ?? null });
  saveDoc(ctx, globalDefaults);
  const stock = getDoc(ctx, 'Stock Settings', 'Stock Settings');
  Object.assign(stock, {
    item_naming_by: 'Item Code',
    valuation_method: 'FIFO',
    default_warehouse: dbGetValue(ctx, 'Warehouse', { warehouse_name: 'Stores' }, 'name') ?? null,
    stock_uom: 'Nos',
    auto_indent: 1,
    auto_insert_price_list_rate_if_missing: 1,
    update_price_list_based_on: 'Rate',
    set_qty_in_transactions_based_on_serial_no_input: 1,
  });
  saveDoc(ctx, stock, { ignorePermissions: true });
  createBankAccount(ctx, args);
}

function createBankAccount(ctx: DocContext, args: Args): void {
  const bankAccount = get(args, 'bank_account');
  if (!bankAccount) return;
  const company = cstr(args.company_name);
  const group = dbGetValue(ctx, 'Account', { account_type: 'Bank', is_group: 1, root_type: 'Asset', company }, 'name');
  if (!group) return;
  const savepoint = ctx.site.store.savepoint();
  try {
    const account = insertDoc(ctx, { doctype: 'Account', account_name: bankAccount, parent_account: group, is_group: 0, company, account_type: 'Bank' });
    dbSetValue(ctx, 'Company', company, { default_bank_account: account.name }, { updateModified: false });
  } catch (error) {
    if (!(error instanceof FrappeError) || error.excType !== 'DuplicateEntryError') throw error;
    ctx.clearLastMessage();
    ctx.site.store.rollbackTo(savepoint);
  }
}

function wrapUpErpnext(ctx: DocContext, args: Args): void {
  ctx.messages.length = 0;
  // login_as_first_user needs frappe.local.login_manager, which a background job does not have.
  if (ctx.inBackgroundJob) return;
  const email = get(args, 'email');
  if (email && ctx.site.store.canonicalName('User', email)) startSession(ctx, cstr(ctx.site.store.canonicalName('User', email)));
}

function stages(ctx: DocContext): Task[] {
  const tasks: Task[] = [
    {
      failMsg: 'Failed to update global settings',
      run: (c, a) => {
        updateSystemSettings(c, a);
        createOrUpdateUser(c, a);
        setTimezone(c, a);
      },
    },
  ];
  if (ctx.site.hasApp('erpnext')) {
    if (ctx.site.store.count('Company') > 0) tasks.push({ failMsg: 'Failed to login', run: wrapUpErpnext });
    else {
      tasks.push(
        { failMsg: 'Failed to install presets', run: installPresets },
        { failMsg: 'Failed to setup company', run: installCompany },
        { failMsg: 'Failed to setup defaults', run: installDefaults },
        { failMsg: 'Failed to login', run: wrapUpErpnext },
      );
    }
  }
  tasks.push({
    failMsg: 'Failed to complete setup',
    run: (c) => dbSetValue(c, 'System Settings', 'System Settings', { enable_onboarding: 1, setup_complete: 1 }),
  });
  return tasks;
}

/**
 * The whitelisted `setup_complete(args)`: "ok" at once when setup is already complete; otherwise
 * the stages, chosen now (ERPNext looks for a Company when it builds them), run inside the request
 * — or, with `trigger_site_setup_in_background` in site config, in a background job while the
 * request answers "registered".
 */
export function setupComplete(ctx: DocContext, input: unknown): unknown {
  // A plain read. A request only waits (and runs again) after its first pass read 0 here, so when
  // System Settings changed since its snapshot, 0 is what its snapshot still says.
  const complete = cint(getDoc(ctx, 'System Settings', 'System Settings').setup_complete) && !changedSinceSnapshot(ctx, 'System Settings', 'System Settings');
  if (complete) return { status: 'ok' };
  const args = parseArgs(input);
  const tasks = stages(ctx);
  if (ctx.site.config.trigger_site_setup_in_background && ctx.enqueue) {
    ctx.enqueue({ op: 'setupWizard', run: (job) => processSetupStages(job, tasks, args, true) });
    return { status: 'registered' };
  }
  ctx.spendTime?.('setupWizard', ctx.site.name);
  return processSetupStages(ctx, tasks, args, false);
}

/**
 * `process_setup_stages`. A failing stage rolls everything back and logs "Setup failed: {stage}"
 * (an Error Log, which survives the rollback); in a request it then re-raises with
 * `setup_wizard_failure_message`, in a background job it only reports the failure.
 */
function processSetupStages(ctx: DocContext, tasks: Task[], args: Args, inBackground: boolean): unknown {
  let current: Task | undefined;
  const start = ctx.site.store.savepoint();
  ctx.inSetupWizard = true;
  try {
    for (const task of tasks) {
      current = task;
      task.run(ctx, args);
    }
  } catch (error) {
    if (!(error instanceof FrappeError)) throw error;
    const message = current?.failMsg ?? 'Failed to complete setup';
    ctx.site.store.rollbackTo(start);
    logError(ctx, `Setup failed: ${message}`, traceback(error, STAGES_FRAME));
    if (inBackground) return undefined;
    ctx.response.setup_wizard_failure_message = message;
    throw error;
  } finally {
    ctx.inSetupWizard = false;
  }
  return inBackground ? undefined : { status: 'ok' };
}
