/** Fact sheet §5: insert order, docstatus, child tables, timestamps, atomicity. */
import { companyBody, startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

const profileBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Write POS',
  company: 'Sim Seed Company',
  currency: 'USD',
  warehouse: 'Stores - SSC',
  write_off_account: 'Write Off - SSC',
  write_off_cost_center: 'Main - SSC',
  payments: [{ mode_of_payment: 'Cash', default: 1 }],
  ...extra,
});

const openingBody = (extra: Record<string, unknown> = {}) => ({
  company: 'Sim Seed Company',
  pos_profile: 'Write POS',
  user: 'Administrator',
  period_start_date: '2025-03-01 08:00:00',
  balance_details: [{ mode_of_payment: 'Cash', opening_amount: 10 }],
  ...extra,
});

beforeAll(async () => {
  sim = await startTestSim();
  expect((await sim.post(R('POS Profile'), profileBody())).status).toBe(200);
});
afterAll(() => sim.close());

describe('Write semantics', () => {
  it('fills Link fields from the global default whose key equals the fieldname', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'Defaulted' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Defaulted - SSC', company: 'Sim Seed Company' });
  });

  it('validates links before naming (a bad link beats "Please set the document name")', async () => {
    const res = await sim.post(R('POS Profile'), { ...profileBody({ warehouse: 'Nowhere - SSC' }), name: undefined });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('LinkValidationError');
    expect(res.messages[0]?.message).toBe('Could not find Warehouse: Nowhere - SSC');
  });

  it('reports every bad link in one message joined with ", ", child rows as "Row #{idx}: ..."', async () => {
    const res = await sim.post(R('POS Profile'), profileBody({ name: 'Links', warehouse: 'Nowhere', payments: [{ mode_of_payment: 'Seashells', default: 1 }] }));
    expect(res.messages).toHaveLength(1);
    expect(res.messages[0]?.message).toBe('Could not find Warehouse: Nowhere, Row #1: Mode of Payment: Seashells');
  });

  it('runs the controller validate before the mandatory check', async () => {
    const res = await sim.post(R('Company'), { company_name: 'Half Done', abbr: 'SSC' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('ValidationError');
    expect(res.messages[0]?.message).toBe('Abbreviation already used for another company');
  });

  it('lists every missing field, child rows and empty required tables', async () => {
    const res = await sim.post(R('POS Opening Entry'), { company: 'Sim Seed Company', pos_profile: 'Write POS', user: 'Administrator', balance_details: [{ opening_amount: 1 }] });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('MandatoryError');
    expect(res.messages.map((m) => m.message)).toEqual([
      'Error: Value missing for POS Opening Entry: Period Start Date',
      'Error: <strong>POS Opening Entry Detail</strong> Row #1: Value missing for: Mode of Payment',
    ]);
    const empty = await sim.post(R('POS Opening Entry'), openingBody({ balance_details: [] }));
    expect(empty.messages.map((m) => m.message)).toEqual(['Error: Data missing in table: Opening Balance Details']);
  });

  it('raises 409 "{Doctype} <strong>{name}</strong> already exists" (title "Duplicate Name") only after validation', async () => {
    const invalid = await sim.post(R('Warehouse'), { warehouse_name: 'Stores', company: 'Sim Seed Company', parent_warehouse: 'Nope' });
    expect(invalid.status).toBe(417);
    const dup = await sim.post(R('Warehouse'), { warehouse_name: 'Stores', company: 'Sim Seed Company' });
    expect(dup.status).toBe(409);
    expect(dup.messages).toEqual([{ message: 'Warehouse <strong>Stores - SSC</strong> already exists', title: 'Duplicate Name', indicator: 'red' }]);
  });

  it('treats names case-insensitively, so "transit" collides with "Transit"', async () => {
    const res = await sim.post(R('Warehouse Type'), { name: 'transit' });
    expect(res.status).toBe(409);
  });

  it('inserts and submits in one call when the POST carries "docstatus":1', async () => {
    const res = await sim.post(R('POS Opening Entry'), openingBody({ docstatus: 1 }));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ docstatus: 1, status: 'Open' });
  });

  it('submits a draft with PUT {"docstatus":1} and cancels it with PUT {"docstatus":2}', async () => {
    const draft = (await sim.post(R('POS Opening Entry'), openingBody())).body.data;
    expect(draft).toMatchObject({ docstatus: 0, status: 'Draft' });
    const submitted = await sim.put(R('POS Opening Entry', draft.name), { docstatus: 1 });
    expect(submitted.body.data).toMatchObject({ docstatus: 1, status: 'Open' });
    const cancelled = await sim.put(R('POS Opening Entry', draft.name), { docstatus: 2 });
    expect(cancelled.body.data).toMatchObject({ docstatus: 2, status: 'Cancelled' });
  });

  it('refuses 0 -> 2, 1 -> 0 and edits of a cancelled document', async () => {
    const draft = (await sim.post(R('POS Opening Entry'), openingBody())).body.data;
    const zeroToTwo = await sim.put(R('POS Opening Entry', draft.name), { docstatus: 2 });
    expect(zeroToTwo.status).toBe(417);
    expect(zeroToTwo.body.exc_type).toBe('DocstatusTransitionError');
    await sim.put(R('POS Opening Entry', draft.name), { docstatus: 1 });
    const oneToZero = await sim.put(R('POS Opening Entry', draft.name), { docstatus: 0 });
    expect(oneToZero.body.exc_type).toBe('DocstatusTransitionError');
    await sim.put(R('POS Opening Entry', draft.name), { docstatus: 2 });
    const edit = await sim.put(R('POS Opening Entry', draft.name), { docstatus: 2 });
    expect(edit.status).toBe(417);
    expect(edit.body.exc_type).toBe('ValidationError');
  });

  it('replaces the whole child table when a PUT carries its key (rows without name are new)', async () => {
    const created = await sim.post(R('Mode of Payment'), { mode_of_payment: 'Voucher', type: 'General', accounts: [{ company: 'Sim Seed Company', default_account: 'Cash - SSC' }] });
    const oldRow = created.body.data.accounts[0].name;
    const replaced = await sim.put(R('Mode of Payment', 'Voucher'), { accounts: [{ company: 'Sim Seed Company', default_account: 'Debtors - SSC' }] });
    expect(replaced.body.data.accounts).toHaveLength(1);
    expect(replaced.body.data.accounts[0].name).not.toBe(oldRow);
    const cleared = await sim.put(R('Mode of Payment', 'Voucher'), { accounts: [] });
    expect(cleared.body.data.accounts).toEqual([]);
    expect((await sim.get(R('Mode of Payment', 'Voucher'))).body.data.accounts).toEqual([]);
  });

  it('answers 417 TimestampMismatchError when a PUT sends a modified that differs from the stored one', async () => {
    await sim.post(R('Customer'), { customer_name: 'Timestamp Check' });
    const res = await sim.put(R('Customer', 'Timestamp Check'), { modified: '2020-01-01 00:00:00.000000', tax_id: '1' });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toMatch(/^Error: Document has been modified after you have opened it \(.+, .+\)\. Please refresh to get the latest document\.$/);
    const stored = (await sim.get(R('Customer', 'Timestamp Check'))).body.data;
    expect(stored).not.toHaveProperty('tax_id');
    const same = await sim.put(R('Customer', 'Timestamp Check'), { modified: stored.modified, tax_id: '2' });
    expect(same.status).toBe(200);
  });

  it('keeps nothing from a request that fails', async () => {
    const before = sim.handle.inventory().sites['erp.localhost']?.Customer?.count;
    const res = await sim.post('/api/method/frappe.client.insert_many', {
      docs: [
        { doctype: 'Customer', customer_name: 'Atomic One' },
        { doctype: 'Customer', customer_name: 'Atomic Two', customer_group: 'Nope' },
      ],
    });
    expect(res.status).toBe(417);
    expect(sim.handle.inventory().sites['erp.localhost']?.Customer?.count).toBe(before);
    expect(sim.handle.site().get('Customer', 'Atomic One')).toBeUndefined();
  });

  it('rewrites a link to the stored name\'s case', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Cased', customer_group: 'commercial' });
    expect(res.body.data.customer_group).toBe('Commercial');
  });

  it('refuses to delete a document another document links to (LinkExistsError)', async () => {
    const res = await sim.delete(R('Warehouse', 'Stores - SSC'));
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('LinkExistsError');
  });

  it('refuses to delete a submitted document', async () => {
    const entry = (await sim.post(R('POS Opening Entry'), openingBody({ docstatus: 1 }))).body.data;
    const res = await sim.delete(R('POS Opening Entry', entry.name));
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toContain('Submitted Record cannot be deleted');
  });

  it('creates a Company and its side effects atomically in one request', async () => {
    const res = await sim.post(R('Company'), companyBody('Atomic Company', 'ATC'));
    expect(res.status).toBe(200);
    expect(sim.handle.site().get('Account', 'Cash - ATC')).toBeDefined();
  });
});
