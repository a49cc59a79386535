/**
 * Company (erpnext/setup/doctype/company/company.py).
 *
 * validate: `validate_abbr` first (blank -> upper-cased initials of company_name; still blank ->
 * "Abbreviation is mandatory"; taken by another company, case-insensitively -> "Abbreviation
 * already used for another company"), then default accounts, then the chart choice.
 *
 * on_update (first save, when the company has no accounts): the chart of accounts, the default
 * warehouses ("Goods In Transit" needs Warehouse Type "Transit", which only the setup wizard
 * creates), the "{Company} - ABBR" / "Main - ABBR" cost centers, default accounts by account type,
 * and the company's row in the Cash Mode of Payment's `accounts`.
 */
import { isAcceptedChart } from '@provisioner/frappe-facts';
import { pythonError } from '../frappe/exceptions';
import type { DocContext } from '../model/meta';
import { rows, type Doc } from '../model/doc';
import { dbGetValue, dbSet, dbSetValue, getDoc, insertDoc, saveDoc } from '../model/document-engine';
import { check, data, field, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint, collationKey, cstr } from '../util';
import { hiddenBySnapshot } from '../model/snapshot';
import { STANDARD_CHART, type ChartNode } from './chart-of-accounts';

const DEFAULT_ACCOUNT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['Default Bank Account', 'default_bank_account'],
  ['Default Cash Account', 'default_cash_account'],
  ['Default Receivable Account', 'default_receivable_account'],
  ['Default Payable Account', 'default_payable_account'],
  ['Default Expense Account', 'default_expense_account'],
  ['Default Income Account', 'default_income_account'],
  ['Stock Received But Not Billed Account', 'stock_received_but_not_billed'],
  ['Stock Adjustment Account', 'stock_adjustment_account'],
  ['Expense Included In Valuation Account', 'expenses_included_in_valuation'],
];

export const companyDocType: DocTypeDef = {
  name: 'Company',
  autoname: 'field:company_name',
  nsmParentField: 'parent_company',
  fields: [
    data('company_name', 'Company', { reqd: true }),
    data('abbr', 'Abbr', { reqd: true, setOnlyOnce: true }),
    link('default_currency', 'Default Currency', 'Currency', { reqd: true }),
    link('country', 'Country', 'Country', { reqd: true }),
    check('is_group', 'Is Group'),
    data('default_holiday_list', 'Default Holiday List'),
    data('tax_id', 'Tax ID'),
    data('domain', 'Domain'),
    field('date_of_establishment', 'Date of Establishment', 'Date'),
    link('parent_company', 'Parent Company', 'Company'),
    field('company_description', 'Company Description', 'Text Editor'),
    data('email', 'Email', { options: 'Email' }),
    data('phone_no', 'Phone No'),
    data('fax', 'Fax'),
    data('website', 'Website'),
    select('create_chart_of_accounts_based_on', 'Create Chart Of Accounts Based On', ['', 'Standard Template', 'Existing Company'], {
      default: 'Standard Template',
    }),
    field('chart_of_accounts', 'Chart Of Accounts Template', 'Select'),
    link('existing_company', 'Existing Company ', 'Company'),
    link('default_bank_account', 'Default Bank Account', 'Account'),
    link('default_cash_account', 'Default Cash Account', 'Account'),
    link('default_receivable_account', 'Default Receivable Account', 'Account'),
    link('default_payable_account', 'Default Payable Account', 'Account'),
    link('round_off_account', 'Round Off Account', 'Account'),
    link('round_off_cost_center', 'Round Off Cost Center', 'Cost Center'),
    link('write_off_account', 'Write Off Account', 'Account'),
    link('exchange_gain_loss_account', 'Exchange Gain / Loss Account', 'Account'),
    link('default_discount_account', 'Default Payment Discount Account', 'Account'),
    link('default_expense_account', 'Default Cost of Goods Sold Account', 'Account'),
    link('default_income_account', 'Default Income Account', 'Account'),
    link('cost_center', 'Default Cost Center', 'Cost Center'),
    link('depreciation_cost_center', 'Asset Depreciation Cost Center', 'Cost Center'),
    link('accumulated_depreciation_account', 'Accumulated Depreciation Account', 'Account'),
    link('depreciation_expense_account', 'Depreciation Expense Account', 'Account'),
    link('capital_work_in_progress_account', 'Capital Work In Progress Account', 'Account'),
    link('asset_received_but_not_billed', 'Asset Received But Not Billed', 'Account'),
    link('expenses_included_in_asset_valuation', 'Expenses Included In Asset Valuation', 'Account'),
    link('disposal_account', 'Gain/Loss Account on Asset Disposal', 'Account'),
    check('enable_perpetual_inventory', 'Enable Perpetual Inventory', 1),
    link('default_inventory_account', 'Default Inventory Account', 'Account'),
    link('stock_adjustment_account', 'Stock Adjustment Account', 'Account'),
    link('stock_received_but_not_billed', 'Stock Received But Not Billed', 'Account'),
    link('expenses_included_in_valuation', 'Expenses Included In Valuation', 'Account'),
    data('old_parent', 'old_parent'),
  ],
  controller: {
    validate(ctx, doc) {
      validateAbbr(ctx, doc);
      validateDefaultAccounts(ctx, doc);
      validateCoaInput(ctx, doc);
      const parent = cstr(doc.parent_company);
      if (parent && !cint(ctx.site.store.get('Company', parent)?.is_group)) {
        ctx.throw('Parent Company must be a group company');
      }
    },
    onUpdate(ctx, doc, before) {
      const isNew = before === undefined;
      // The chart, warehouses and cost centers are what makes an insert take seconds; the wizard's
      // own Company is part of the wizard's time.
      if (isNew && !ctx.inSetupWizard) ctx.spendTime?.('companyInsert', cstr(doc.name));
      const hasAccounts = ctx.site.store.scan('Account').some((a) => cstr(a.company) === cstr(doc.name) && cint(a.docstatus) < 2);
      if (!hasAccounts) {
        createDefaultAccounts(ctx, doc);
        createDefaultWarehouses(ctx, doc);
      }
      const hasLeafCostCenter = ctx.site.store
        .scan('Cost Center')
        .some((c) => cstr(c.company) === cstr(doc.name) && !cint(c.is_group));
      if (!hasLeafCostCenter) createDefaultCostCenter(ctx, doc);
      setDefaultAccounts(ctx, doc, isNew);
      if (doc.default_cash_account) setModeOfPaymentAccount(ctx, doc);
      if (doc.default_currency) dbSetValue(ctx, 'Currency', cstr(doc.default_currency), { enabled: 1 });
    },
    onTrash(ctx, doc) {
      ctx.spendTime?.('companyDelete', cstr(doc.name));
      const company = collationKey(cstr(doc.name));
      // on_trash deletes the company's accounts, cost centers and warehouses with raw SQL.
      for (const doctype of ['Account', 'Cost Center', 'Warehouse']) {
        for (const row of ctx.site.store.scan(doctype)) {
          if (collationKey(cstr(row.company)) === company) ctx.site.store.remove(doctype, cstr(row.name));
        }
      }
      for (const mop of ctx.site.store.scan('Mode of Payment')) {
        const kept = rows(mop as Doc, 'accounts').filter((r) => collationKey(cstr(r.company)) !== company);
        if (kept.length !== rows(mop as Doc, 'accounts').length) ctx.site.store.put('Mode of Payment', { ...mop, accounts: kept });
      }
      if (collationKey(ctx.site.store.getDefault('company') ?? '') === company) ctx.site.store.setDefault('company', null);
    },
  },
};

function validateAbbr(ctx: DocContext, doc: Doc): void {
  if (!doc.abbr) {
    if (typeof doc.company_name !== 'string') {
      throw pythonError('AttributeError', `'${doc.company_name === null || doc.company_name === undefined ? 'NoneType' : typeof doc.company_name}' object has no attribute 'split'`);
    }
    doc.abbr = doc.company_name
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word[0] ?? '')
      .join('')
      .toUpperCase();
  }
  doc.abbr = cstr(doc.abbr).trim();
  if (!cstr(doc.abbr).trim()) ctx.throw('Abbreviation is mandatory');
  const name = collationKey(cstr(doc.name));
  const abbr = collationKey(cstr(doc.abbr));
  // A plain SELECT: a company committed after this request began is not in its snapshot.
  const taken = ctx.site.store
    .scan('Company')
    .some((c) => collationKey(cstr(c.name)) !== name && collationKey(cstr(c.abbr)) === abbr && !hiddenBySnapshot(ctx, 'Company', cstr(c.name)));
  if (taken) ctx.throw('Abbreviation already used for another company');
}

function validateDefaultAccounts(ctx: DocContext, doc: Doc): void {
  for (const [, fieldname] of DEFAULT_ACCOUNT_FIELDS) {
    const account = cstr(doc[fieldname]);
    if (!account) continue;
    const forCompany = cstr(ctx.site.store.get('Account', account)?.company);
    if (collationKey(forCompany) !== collationKey(cstr(doc.name))) {
      ctx.throw(`Account ${account} does not belong to company: ${cstr(doc.name)}`);
    }
  }
}

function validateCoaInput(ctx: DocContext, doc: Doc): void {
  if (doc.create_chart_of_accounts_based_on === 'Existing Company') {
    doc.chart_of_accounts = null;
    if (!doc.existing_company) ctx.throw('Please select Existing Company for creating Chart of Accounts');
  } else {
    doc.existing_company = null;
    doc.create_chart_of_accounts_based_on = 'Standard Template';
    if (!doc.chart_of_accounts) doc.chart_of_accounts = 'Standard';
  }
}

interface AccountSpec {
  name: string;
  number: string;
  accountType?: string;
  isGroup: boolean;
  children: AccountSpec[];
  rootType?: string;
}

function fromChart(node: ChartNode, withNumbers: boolean): AccountSpec {
  const children = (node.children ?? []).map((c) => fromChart(c, withNumbers));
  return {
    name: node.name,
    number: withNumbers ? node.number : '',
    accountType: node.accountType,
    isGroup: Boolean(node.isGroup) || children.length > 0,
    children,
    rootType: node.rootType,
  };
}

/** "Existing Company": the other company's tree, names without its abbreviation. */
function fromExistingCompany(ctx: DocContext, company: string): AccountSpec[] {
  const accounts = ctx.site.store.scan('Account').filter((a) => collationKey(cstr(a.company)) === collationKey(company));
  const byParent = new Map<string, Readonly<Doc>[]>();
  for (const a of accounts) {
    const key = collationKey(cstr(a.parent_account));
    byParent.set(key, [...(byParent.get(key) ?? []), a]);
  }
  const build = (a: Readonly<Doc>): AccountSpec => ({
    name: cstr(a.account_name),
    number: cstr(a.account_number),
    accountType: cstr(a.account_type) || undefined,
    isGroup: Boolean(cint(a.is_group)),
    rootType: cstr(a.root_type) || undefined,
    children: (byParent.get(collationKey(cstr(a.name))) ?? []).map(build),
  });
  return (byParent.get(collationKey('')) ?? []).map(build);
}

/** `create_charts`: roots are inserted with mandatory checks off, like `ignore_mandatory`. */
function createDefaultAccounts(ctx: DocContext, doc: Doc): void {
  let chart: AccountSpec[] = [];
  if (doc.create_chart_of_accounts_based_on === 'Existing Company' && doc.existing_company) {
    chart = fromExistingCompany(ctx, cstr(doc.existing_company));
  } else if (doc.chart_of_accounts === 'Standard with Numbers') chart = STANDARD_CHART.map((n) => fromChart(n, true));
  else if (isAcceptedChart(cstr(doc.chart_of_accounts))) {
    // "Standard", and every country chart file get_chart() resolves. The simulator ships no country
    // chart files: their companies get the Standard tree (see README).
    chart = STANDARD_CHART.map((n) => fromChart(n, false));
  }
  // Any other name matches no chart file: get_chart() returns None and no accounts are created.
  const currency = doc.default_currency;
  const importAccounts = (specs: AccountSpec[], parent: string | null, rootType: string | undefined, isRoot: boolean): void => {
    for (const spec of specs) {
      const root = isRoot ? spec.rootType : rootType;
      const reportType = root && ['Asset', 'Liability', 'Equity'].includes(root) ? 'Balance Sheet' : 'Profit and Loss';
      const account = insertDoc(
        ctx,
        {
          doctype: 'Account',
          account_name: spec.name,
          company: doc.name,
          parent_account: parent,
          is_group: spec.isGroup ? 1 : 0,
          root_type: root,
          report_type: reportType,
          account_number: spec.number,
          account_type: spec.accountType,
          account_currency: currency,
        },
        { ignorePermissions: true, ignoreMandatory: isRoot },
      );
      importAccounts(spec.children, cstr(account.name), root, false);
    }
  };
  importAccounts(chart, null, undefined, true);
  dbSet(ctx, doc, {
    default_receivable_account: findAccount(ctx, doc, { account_type: 'Receivable', is_group: 0 }) ?? null,
    default_payable_account: findAccount(ctx, doc, { account_type: 'Payable', is_group: 0 }) ?? null,
  });
}

function findAccount(ctx: DocContext, doc: Doc, filters: Record<string, unknown>): string | undefined {
  const value = dbGetValue(ctx, 'Account', { company: cstr(doc.name), ...filters }, 'name');
  return value ? cstr(value) : undefined;
}

function createDefaultWarehouses(ctx: DocContext, doc: Doc): void {
  const abbr = cstr(doc.abbr);
  const specs: Array<{ warehouse_name: string; is_group: number; warehouse_type?: string }> = [
    { warehouse_name: 'All Warehouses', is_group: 1 },
    { warehouse_name: 'Stores', is_group: 0 },
    { warehouse_name: 'Work In Progress', is_group: 0 },
    { warehouse_name: 'Finished Goods', is_group: 0 },
    { warehouse_name: 'Goods In Transit', is_group: 0, warehouse_type: 'Transit' },
  ];
  for (const spec of specs) {
    if (ctx.site.store.canonicalName('Warehouse', `${spec.warehouse_name} - ${abbr}`)) continue;
    insertDoc(
      ctx,
      {
        doctype: 'Warehouse',
        warehouse_name: spec.warehouse_name,
        is_group: spec.is_group,
        company: doc.name,
        parent_warehouse: spec.is_group ? '' : `All Warehouses - ${abbr}`,
        warehouse_type: spec.warehouse_type ?? null,
      },
      { ignorePermissions: true, ignoreMandatory: true },
    );
  }
}

function createDefaultCostCenter(ctx: DocContext, doc: Doc): void {
  const abbr = cstr(doc.abbr);
  insertDoc(
    ctx,
    { doctype: 'Cost Center', cost_center_name: doc.name, company: doc.name, is_group: 1, parent_cost_center: null },
    { ignorePermissions: true, ignoreMandatory: true },
  );
  insertDoc(
    ctx,
    { doctype: 'Cost Center', cost_center_name: 'Main', company: doc.name, is_group: 0, parent_cost_center: `${cstr(doc.name)} - ${abbr}` },
    { ignorePermissions: true },
  );
  const main = `Main - ${abbr}`;
  dbSet(ctx, doc, { cost_center: main });
  dbSet(ctx, doc, { round_off_cost_center: main });
  dbSet(ctx, doc, { depreciation_cost_center: main });
}

function setDefaultAccounts(ctx: DocContext, doc: Doc, updateDefaultAccount: boolean): void {
  const byType: Array<[string, string]> = [
    ['default_cash_account', 'Cash'],
    ['default_bank_account', 'Bank'],
    ['round_off_account', 'Round Off'],
    ['accumulated_depreciation_account', 'Accumulated Depreciation'],
    ['depreciation_expense_account', 'Depreciation'],
    ['capital_work_in_progress_account', 'Capital Work in Progress'],
    ['asset_received_but_not_billed', 'Asset Received But Not Billed'],
    ['expenses_included_in_asset_valuation', 'Expenses Included In Asset Valuation'],
  ];
  if (cint(doc.enable_perpetual_inventory)) {
    byType.push(
      ['stock_received_but_not_billed', 'Stock Received But Not Billed'],
      ['default_inventory_account', 'Stock'],
      ['stock_adjustment_account', 'Stock Adjustment'],
      ['expenses_included_in_valuation', 'Expenses Included In Valuation'],
      ['default_expense_account', 'Cost of Goods Sold'],
    );
  }
  if (updateDefaultAccount) {
    for (const [fieldname, accountType] of byType) {
      if (doc[fieldname]) continue;
      const account = findAccount(ctx, doc, { account_type: accountType, is_group: 0 });
      if (account) dbSet(ctx, doc, { [fieldname]: account });
    }
  }
  if (!doc.default_income_account) {
    const income = findAccount(ctx, doc, { account_name: 'Sales', is_group: 0 }) ?? findAccount(ctx, doc, { account_name: 'Sales Account' });
    dbSet(ctx, doc, { default_income_account: income ?? null });
  }
  if (!doc.default_payable_account) dbSet(ctx, doc, { default_payable_account: doc.default_payable_account ?? null });
  if (!doc.write_off_account) {
    dbSet(ctx, doc, { write_off_account: findAccount(ctx, doc, { account_name: 'Write Off', is_group: 0 }) ?? null });
  }
  if (!doc.exchange_gain_loss_account) {
    dbSet(ctx, doc, { exchange_gain_loss_account: findAccount(ctx, doc, { account_name: 'Exchange Gain/Loss', is_group: 0 }) ?? null });
  }
  if (!doc.disposal_account) {
    dbSet(ctx, doc, { disposal_account: findAccount(ctx, doc, { account_name: 'Gain/Loss on Asset Disposal', is_group: 0 }) ?? null });
  }
}

/** Appends {company, default_account} to the Cash-type Mode of Payment when it has no row yet. */
function setModeOfPaymentAccount(ctx: DocContext, doc: Doc): void {
  const cash = dbGetValue(ctx, 'Mode of Payment', { type: 'Cash' }, 'name');
  if (!cash) return;
  const mop = getDoc(ctx, 'Mode of Payment', cstr(cash));
  const hasRow = rows(mop, 'accounts').some((r) => collationKey(cstr(r.company)) === collationKey(cstr(doc.name)));
  if (hasRow) return;
  mop.accounts = [...rows(mop, 'accounts'), { company: doc.name, default_account: doc.default_cash_account }];
  saveDoc(ctx, mop, { ignorePermissions: true });
}
