/** Fact sheet §6: Mode of Payment, POS Profile, POS Opening Entry. */
import { companyBody, startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

const profile = (extra: Record<string, unknown> = {}) => ({
  name: 'Counter 1',
  company: 'Sim Seed Company',
  currency: 'USD',
  warehouse: 'Stores - SSC',
  write_off_account: 'Write Off - SSC',
  write_off_cost_center: 'Main - SSC',
  payments: [{ mode_of_payment: 'Cash', default: 1 }],
  ...extra,
});

const opening = (extra: Record<string, unknown> = {}) => ({
  company: 'Sim Seed Company',
  pos_profile: 'Counter 1',
  user: 'Administrator',
  period_start_date: '2025-05-01 09:00:00',
  balance_details: [{ mode_of_payment: 'Cash' }],
  ...extra,
});

beforeAll(async () => {
  sim = await startTestSim();
  expect((await sim.post(R('Company'), companyBody('Other Shop', 'OS'))).status).toBe(200);
  expect((await sim.post(R('POS Profile'), profile())).status).toBe(200);
});
afterAll(() => sim.close());

describe('Mode of Payment', () => {
  it('has the wizard modes: Cash (type Cash) and Credit Card, Wire Transfer, Bank Draft, Check (US) of type Bank', async () => {
    const rows = await sim.list('Mode of Payment', { fields: ['name', 'type'], order_by: 'name asc', limit: '0' });
    expect(rows.body.data).toEqual([
      { name: 'Bank Draft', type: 'Bank' },
      { name: 'Cash', type: 'Cash' },
      { name: 'Check', type: 'Bank' },
      { name: 'Credit Card', type: 'Bank' },
      { name: 'Wire Transfer', type: 'Bank' },
    ]);
  });

  it('answers "Account {acct} does not match with Company {co} in Mode of Account: {mop}"', async () => {
    const res = await sim.put(R('Mode of Payment', 'Credit Card'), { accounts: [{ company: 'Sim Seed Company', default_account: 'Cash - OS' }] });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Account Cash - OS does not match with Company Sim Seed Company in Mode of Account: Credit Card');
  });

  it('answers "Same Company is entered more than once"', async () => {
    const res = await sim.put(R('Mode of Payment', 'Credit Card'), {
      accounts: [
        { company: 'Sim Seed Company', default_account: 'Cash - SSC' },
        { company: 'Sim Seed Company', default_account: 'Debtors - SSC' },
      ],
    });
    expect(res.messages[0]?.message).toBe('Same Company is entered more than once');
  });

  it('takes an added account when the PUT carries the full accounts list', async () => {
    const cash = (await sim.get(R('Mode of Payment', 'Cash'))).body.data;
    expect(cash.accounts).toHaveLength(2);
    const res = await sim.put(R('Mode of Payment', 'Wire Transfer'), { accounts: [{ company: 'Other Shop', default_account: 'Cash - OS' }] });
    expect(res.body.data.accounts).toEqual([expect.objectContaining({ company: 'Other Shop', default_account: 'Cash - OS' })]);
  });
});

describe('POS Profile', () => {
  it('needs a name (Prompt naming): "Please set the document name"', async () => {
    const body: Record<string, unknown> = profile();
    delete body.name;
    const res = await sim.post(R('POS Profile'), body);
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Please set the document name');
  });

  it('lists its mandatory fields (currency comes from the global default)', async () => {
    const res = await sim.post(R('POS Profile'), { name: 'Bare POS', company: 'Sim Seed Company', payments: [{ mode_of_payment: 'Cash', default: 1 }] });
    expect(res.messages.map((m) => m.message)).toEqual([
      'Error: Value missing for POS Profile: Warehouse',
      'Error: Value missing for POS Profile: Write Off Account',
      'Error: Value missing for POS Profile: Write Off Cost Center',
    ]);
  });

  it('requires payment methods, one default, only one default', async () => {
    expect((await sim.post(R('POS Profile'), profile({ name: 'P1', payments: [] }))).messages[0]?.message).toBe(
      'Payment methods are mandatory. Please add at least one payment method.',
    );
    expect((await sim.post(R('POS Profile'), profile({ name: 'P2', payments: [{ mode_of_payment: 'Cash' }] }))).messages[0]?.message).toBe(
      'Please select a default mode of payment',
    );
    const two = await sim.post(R('POS Profile'), profile({ name: 'P3', payments: [{ mode_of_payment: 'Cash', default: 1 }, { mode_of_payment: 'Check', default: 1 }] }));
    expect(two.messages[0]?.message).toBe('You can only select one mode of payment as default');
  });

  it('answers the always-plural "Please set default Cash or Bank account in Mode of Payments {links}" titled "Missing Account"', async () => {
    const one = await sim.post(R('POS Profile'), profile({ name: 'P4', payments: [{ mode_of_payment: 'Cash', default: 1 }, { mode_of_payment: 'Credit Card' }] }));
    expect(one.status).toBe(417);
    expect(one.messages[0]).toMatchObject({
      message: 'Please set default Cash or Bank account in Mode of Payments <a href="/app/mode-of-payment/Credit%20Card">Credit Card</a>',
      title: 'Missing Account',
    });
    const both = await sim.post(R('POS Profile'), profile({ name: 'P5', payments: [{ mode_of_payment: 'Check', default: 1 }, { mode_of_payment: 'Credit Card' }] }));
    expect(both.messages[0]?.message).toBe(
      'Please set default Cash or Bank account in Mode of Payments <a href="/app/mode-of-payment/Check">Check</a>, <a href="/app/mode-of-payment/Credit%20Card">Credit Card</a>',
    );
  });

  it('answers "{value} does not belong to Company {company}" for warehouse, cost center and accounts', async () => {
    expect((await sim.post(R('POS Profile'), profile({ name: 'P6', warehouse: 'Stores - OS' }))).messages[0]?.message).toBe(
      'Stores - OS does not belong to Company Sim Seed Company',
    );
    expect((await sim.post(R('POS Profile'), profile({ name: 'P7', income_account: 'Sales - OS' }))).messages[0]?.message).toBe(
      'Sales - OS does not belong to Company Sim Seed Company',
    );
    expect((await sim.post(R('POS Profile'), profile({ name: 'P8', cost_center: 'Main - OS' }))).messages[0]?.message).toBe(
      'Main - OS does not belong to Company Sim Seed Company',
    );
  });

  it('defaults write_off_limit to 1 and keeps the given name', async () => {
    const res = await sim.get(R('POS Profile', 'Counter 1'));
    expect(res.body.data).toMatchObject({ name: 'Counter 1', write_off_limit: 1, update_stock: 1 });
  });
});

describe('POS Opening Entry', () => {
  it('is named from the series POS-OPE-.YYYY.-.##### and starts as Draft', async () => {
    const res = await sim.post(R('POS Opening Entry'), opening());
    expect(res.body.data.name).toMatch(/^POS-OPE-\d{4}-\d{5}$/);
    expect(res.body.data).toMatchObject({ status: 'Draft', docstatus: 0 });
    expect(res.body.data.posting_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.data.balance_details[0]).toMatchObject({ mode_of_payment: 'Cash', opening_amount: 0 });
  });

  it('becomes Open when submitted (POST with "docstatus":1)', async () => {
    const res = await sim.post(R('POS Opening Entry'), opening({ docstatus: 1 }));
    expect(res.body.data).toMatchObject({ status: 'Open', docstatus: 1 });
  });

  it('does not enforce one open entry per user and profile (v15)', async () => {
    const a = await sim.post(R('POS Opening Entry'), opening({ docstatus: 1 }));
    const b = await sim.post(R('POS Opening Entry'), opening({ docstatus: 1 }));
    expect([a.status, b.status]).toEqual([200, 200]);
    const open = await sim.list('POS Opening Entry', {
      filters: [['user', '=', 'Administrator'], ['pos_profile', '=', 'Counter 1'], ['docstatus', '=', 1], ['status', '=', 'Open']],
      limit: '0',
    });
    expect(open.body.data.length).toBeGreaterThanOrEqual(2);
  });

  it('fails first with "Could not find POS Profile: X" for a missing profile', async () => {
    const res = await sim.post(R('POS Opening Entry'), opening({ pos_profile: 'Ghost' }));
    expect(res.messages[0]?.message).toBe('Could not find POS Profile: Ghost');
  });

  it('answers "POS Profile <strong>{}</strong> is disabled."', async () => {
    await sim.post(R('POS Profile'), profile({ name: 'Disabled POS', disabled: 1 }));
    const res = await sim.post(R('POS Opening Entry'), opening({ pos_profile: 'Disabled POS' }));
    expect(res.messages[0]?.message).toBe('POS Profile <strong>Disabled POS</strong> is disabled.');
  });

  it('answers "POS Profile {} does not belong to company {}"', async () => {
    const res = await sim.post(R('POS Opening Entry'), opening({ company: 'Other Shop' }));
    expect(res.messages[0]?.message).toBe('POS Profile Counter 1 does not belong to company Other Shop');
  });

  it('answers "User {} is disabled. Please select valid user/cashier"', async () => {
    await sim.post(R('User'), { email: 'gone@example.com', first_name: 'Gone', enabled: 0 });
    const res = await sim.post(R('POS Opening Entry'), opening({ user: 'gone@example.com' }));
    expect(res.messages[0]?.message).toBe('User gone@example.com is disabled. Please select valid user/cashier');
  });

  it('answers the Missing Account error for balance_details without an account for the company', async () => {
    const res = await sim.post(R('POS Opening Entry'), opening({ balance_details: [{ mode_of_payment: 'Bank Draft' }] }));
    expect(res.messages[0]).toMatchObject({
      message: 'Please set default Cash or Bank account in Mode of Payments <a href="/app/mode-of-payment/Bank%20Draft">Bank Draft</a>',
      title: 'Missing Account',
    });
  });
});
