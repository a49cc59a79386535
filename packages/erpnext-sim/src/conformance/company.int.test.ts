/** Fact sheet §6: Company, its chart of accounts, warehouses, cost centers and defaults. */
import { companyBody, startTestSim, TestSim, type Json } from '../testing';

const R = TestSim.resource;
let sim: TestSim;
let acme: Json;

beforeAll(async () => {
  sim = await startTestSim();
  const res = await sim.post(R('Company'), { ...companyBody('Acme Corporation'), company_description: 'Provisioned by tests', email: 'ops@acme.example' });
  expect(res.status).toBe(200);
  acme = res.body.data;
});
afterAll(() => sim.close());

const names = async (doctype: string, filters: unknown, fields: string[] = ['name']) =>
  (await sim.list(doctype, { filters, fields, limit: '0', order_by: 'name asc' })).body.data as Json[];

describe('Company', () => {
  it('is named by company_name', () => {
    expect(acme.name).toBe('Acme Corporation');
  });

  it('derives an empty abbr from the upper-cased initials of company_name', () => {
    expect(acme.abbr).toBe('AC');
  });

  it('keeps company_description, default_currency, country and email', () => {
    expect(acme).toMatchObject({ company_description: 'Provisioned by tests', default_currency: 'USD', country: 'United States', email: 'ops@acme.example' });
  });

  it('answers "Abbreviation is mandatory" when the initials come out blank', async () => {
    const res = await sim.post(R('Company'), companyBody('   '));
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Abbreviation is mandatory');
  });

  it('answers 417 "Abbreviation already used for another company", case-insensitively', async () => {
    const res = await sim.post(R('Company'), companyBody('Acme Cousins', 'ac'));
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Abbreviation already used for another company');
  });

  it('answers 409 DuplicateEntryError when the same company name is posted again', async () => {
    const res = await sim.post(R('Company'), companyBody('Acme Corporation', 'ACX'));
    expect(res.status).toBe(409);
    expect(res.messages[0]?.message).toBe('Company <strong>Acme Corporation</strong> already exists');
  });

  it('refuses to change abbr after creation: "Value cannot be changed for <strong>Abbr</strong>"', async () => {
    const res = await sim.put(R('Company', 'Acme Corporation'), { abbr: 'ACM' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('CannotChangeConstantError');
    expect(res.messages[0]?.message).toBe('Value cannot be changed for <strong>Abbr</strong>');
  });

  it('lists missing required fields as "Error: Value missing for Company: {Label}" (country comes from the global default)', async () => {
    const res = await sim.post(R('Company'), { company_name: 'Bare Co' });
    expect(res.status).toBe(417);
    expect(res.messages.map((m) => m.message)).toEqual(['Error: Value missing for Company: Default Currency']);
  });

  it('defaults the chart to "Standard Template" / "Standard"', () => {
    expect(acme).toMatchObject({ create_chart_of_accounts_based_on: 'Standard Template', chart_of_accounts: 'Standard' });
  });

  it('creates the Standard chart leaves with " - ABBR": Debtors, Cash, Creditors, Stock In Hand, Sales, Write Off, Round Off, Cost of Goods Sold', async () => {
    const leaves = (await names('Account', { company: 'Acme Corporation', is_group: 0 })).map((r) => r.name);
    for (const leaf of ['Debtors', 'Cash', 'Creditors', 'Stock In Hand', 'Sales', 'Write Off', 'Round Off', 'Cost of Goods Sold']) {
      expect(leaves).toContain(`${leaf} - AC`);
    }
  });

  it('creates "Bank Accounts" as an empty group', async () => {
    const bank = await sim.get(R('Account', 'Bank Accounts - AC'));
    expect(bank.body.data).toMatchObject({ is_group: 1, account_type: 'Bank', root_type: 'Asset' });
    expect(await names('Account', { parent_account: 'Bank Accounts - AC' })).toEqual([]);
  });

  it('creates "All Warehouses - ABBR" and under it Stores, Work In Progress, Finished Goods, Goods In Transit (type Transit)', async () => {
    const rows = await names('Warehouse', { company: 'Acme Corporation' }, ['name', 'is_group', 'parent_warehouse', 'warehouse_type']);
    expect(rows).toEqual([
      { name: 'All Warehouses - AC', is_group: 1, parent_warehouse: '', warehouse_type: null },
      { name: 'Finished Goods - AC', is_group: 0, parent_warehouse: 'All Warehouses - AC', warehouse_type: null },
      { name: 'Goods In Transit - AC', is_group: 0, parent_warehouse: 'All Warehouses - AC', warehouse_type: 'Transit' },
      { name: 'Stores - AC', is_group: 0, parent_warehouse: 'All Warehouses - AC', warehouse_type: null },
      { name: 'Work In Progress - AC', is_group: 0, parent_warehouse: 'All Warehouses - AC', warehouse_type: null },
    ]);
  });

  it('creates the "{Company} - ABBR" group cost center and "Main - ABBR", and points the defaults at Main', async () => {
    const rows = await names('Cost Center', { company: 'Acme Corporation' }, ['name', 'is_group', 'parent_cost_center']);
    expect(rows).toEqual([
      { name: 'Acme Corporation - AC', is_group: 1, parent_cost_center: null },
      { name: 'Main - AC', is_group: 0, parent_cost_center: 'Acme Corporation - AC' },
    ]);
    expect(acme).toMatchObject({ cost_center: 'Main - AC', round_off_cost_center: 'Main - AC', depreciation_cost_center: 'Main - AC' });
  });

  it('sets the default accounts by type', () => {
    expect(acme).toMatchObject({
      default_receivable_account: 'Debtors - AC',
      default_payable_account: 'Creditors - AC',
      default_cash_account: 'Cash - AC',
      default_income_account: 'Sales - AC',
      default_expense_account: 'Cost of Goods Sold - AC',
      write_off_account: 'Write Off - AC',
      round_off_account: 'Round Off - AC',
      default_inventory_account: 'Stock In Hand - AC',
      stock_adjustment_account: 'Stock Adjustment - AC',
      stock_received_but_not_billed: 'Stock Received But Not Billed - AC',
    });
    expect(acme).not.toHaveProperty('default_bank_account');
  });

  it('appends {company, default_account} to the Cash Mode of Payment', async () => {
    const cash = (await sim.get(R('Mode of Payment', 'Cash'))).body.data;
    expect(cash.accounts.map((r: Json) => [r.company, r.default_account])).toContainEqual(['Acme Corporation', 'Cash - AC']);
  });

  it('numbers accounts "{number} - {name} - ABBR" with "Standard with Numbers"', async () => {
    const res = await sim.post(R('Company'), { ...companyBody('Numbered Ltd', 'NUM'), chart_of_accounts: 'Standard with Numbers' });
    expect(res.status).toBe(200);
    expect(res.body.data.default_cash_account).toMatch(/^\d+ - Cash - NUM$/);
  });

  it('requires existing_company for "Existing Company" and copies its chart', async () => {
    const missing = await sim.post(R('Company'), { ...companyBody('Copy Ltd', 'CPY'), create_chart_of_accounts_based_on: 'Existing Company' });
    expect(missing.status).toBe(417);
    expect(missing.messages[0]?.message).toBe('Please select Existing Company for creating Chart of Accounts');
    const copied = await sim.post(R('Company'), { ...companyBody('Copy Ltd', 'CPY'), create_chart_of_accounts_based_on: 'Existing Company', existing_company: 'Acme Corporation' });
    expect(copied.status).toBe(200);
    expect(copied.body.data.default_cash_account).toBe('Cash - CPY');
  });

  it('answers 500 when neither company_name nor abbr is sent', async () => {
    const res = await sim.post(R('Company'), { default_currency: 'USD', country: 'United States' });
    expect(res.status).toBe(500);
  });
});

describe('Account and Cost Center', () => {
  it('names an account "{title} - ABBR" or "{number} - {title} - ABBR"', async () => {
    const plain = await sim.post(R('Account'), { account_name: 'Petty Cash', parent_account: 'Cash In Hand - AC', company: 'Acme Corporation' });
    expect(plain.body.data).toMatchObject({ name: 'Petty Cash - AC', root_type: 'Asset', report_type: 'Balance Sheet', account_currency: 'USD' });
    const numbered = await sim.post(R('Account'), { account_name: 'Till', account_number: '1115', parent_account: 'Cash In Hand - AC', company: 'Acme Corporation' });
    expect(numbered.body.data.name).toBe('1115 - Till - AC');
  });

  it('refuses a ledger as parent account', async () => {
    const res = await sim.post(R('Account'), { account_name: 'Under Cash', parent_account: 'Cash - AC', company: 'Acme Corporation' });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Account Under Cash - AC: Parent account Cash - AC can not be a ledger');
  });

  it('adds a bank account under the empty "Bank Accounts" group', async () => {
    const res = await sim.post(R('Account'), { account_name: 'Acme Bank', parent_account: 'Bank Accounts - AC', company: 'Acme Corporation', account_type: 'Bank' });
    expect(res.body.data).toMatchObject({ name: 'Acme Bank - AC', is_group: 0 });
  });

  it('names a cost center "{name} - ABBR" and requires a group parent', async () => {
    const ok = await sim.post(R('Cost Center'), { cost_center_name: 'Retail', parent_cost_center: 'Acme Corporation - AC', company: 'Acme Corporation' });
    expect(ok.body.data.name).toBe('Retail - AC');
    const bad = await sim.post(R('Cost Center'), { cost_center_name: 'Sub', parent_cost_center: 'Main - AC', company: 'Acme Corporation' });
    expect(bad.messages[0]?.message).toBe('<strong>Main - AC</strong> is not a group node. Please select a group node as parent cost center');
  });
});
