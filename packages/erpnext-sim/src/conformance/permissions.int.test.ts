/**
 * Fact sheet §10 "Role permissions": only Administrator bypasses the v15 permission rules; an API
 * key acts as its user. The expectations come from `@provisioner/frappe-facts` (the v15 data), so
 * every doctype in the table is checked, not a hand-typed list.
 */
import { DOCTYPE_PERMISSIONS, rolesGranting, type PermissionRight } from '@provisioner/frappe-facts';
import { APP_DOCTYPES } from '../doctypes';
import { companyBody, startTestSim, TestSim, type CallOptions } from '../testing';
import type { ApiUser } from '../types';

const R = TestSim.resource;
const SYSTEM_MANAGER: ApiUser = { user: 'sm@example.com', roles: ['System Manager'], apiKey: 'sm-key', apiSecret: 'sm-secret' };
const OPERATOR: ApiUser = {
  user: 'ops@example.com',
  roles: ['System Manager', 'Accounts Manager', 'Item Manager', 'Stock Manager', 'Sales Master Manager'],
  apiKey: 'ops-key',
  apiSecret: 'ops-secret',
};
const SALES_MANAGER: ApiUser = { user: 'salesmgr@example.com', roles: ['Sales Manager'], apiKey: 'salesmgr-key', apiSecret: 'salesmgr-secret' };
const ACCOUNTS_MANAGER: ApiUser = { user: 'acc@example.com', roles: ['Accounts Manager'], apiKey: 'acc-key', apiSecret: 'acc-secret' };
const CLERK: ApiUser = { user: 'clerk@example.com', roles: ['Sales User'], apiKey: 'clerk-key', apiSecret: 'clerk-secret' };

const as = (u: ApiUser): CallOptions => ({ auth: { header: `token ${u.apiKey}:${u.apiSecret}` } });
/** Roles a System User holds without Has Role rows. */
const AUTOMATIC = ['All', 'Guest', 'Desk User'];
const grants = (u: ApiUser, doctype: string, right: PermissionRight) => rolesGranting(doctype, right).some((r) => [...u.roles, ...AUTOMATIC].includes(r));

/** Parent doctypes the simulator has that the v15 table lists. */
const SIMULATED = new Set([...APP_DOCTYPES.frappe, ...APP_DOCTYPES.erpnext].filter((m) => !m.isTable).map((m) => m.name));
const TABLE = [...DOCTYPE_PERMISSIONS.values()].filter((d) => SIMULATED.has(d.doctype));
/** Doctypes the simulator has that the table does not list (Error Log, ...). */
const UNLISTED = [...SIMULATED].filter((name) => !DOCTYPE_PERMISSIONS.has(name));

let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim({ apiUsers: [SYSTEM_MANAGER, OPERATOR, SALES_MANAGER, ACCOUNTS_MANAGER, CLERK] });
});
afterAll(() => sim.close());

/** Reading: the list for a normal doctype, the document for a Single. */
function read(doctype: string, u: ApiUser) {
  const d = DOCTYPE_PERMISSIONS.get(doctype);
  return d?.isSingle ? sim.get(R(doctype, doctype), as(u)) : sim.get(R(doctype), as(u));
}

/**
 * Writing with an empty body: the permission check (create for a new document, write for a Single)
 * comes before naming and validation, so 403 means "no right" and anything else means "allowed".
 */
function write(doctype: string, u: ApiUser) {
  const d = DOCTYPE_PERMISSIONS.get(doctype);
  return d?.isSingle ? sim.put(R(doctype, doctype), {}, as(u)) : sim.post(R(doctype), {}, as(u));
}

describe('Role permissions: what the v15 table grants a System-Manager-only key', () => {
  it('matches the fact sheet: denied Mode of Payment … POS Profile, allowed Company … POS Opening Entry', () => {
    const denied = ['Mode of Payment', 'Warehouse', 'Account', 'Cost Center', 'Stock Settings', 'Customer', 'Customer Group', 'Territory', 'Price List', 'UOM', 'Item', 'Item Price', 'POS Profile'];
    const allowed = ['Company', 'User', 'User Permission', 'Selling Settings', 'System Settings', 'Warehouse Type', 'POS Opening Entry'];
    for (const doctype of denied) expect([doctype, grants(SYSTEM_MANAGER, doctype, 'read') || grants(SYSTEM_MANAGER, doctype, 'create')]).toEqual([doctype, false]);
    for (const doctype of allowed) expect([doctype, grants(SYSTEM_MANAGER, doctype, 'read') && grants(SYSTEM_MANAGER, doctype, 'write')]).toEqual([doctype, true]);
  });

  it('answers Mode of Payment with 403 {"exc_type":"PermissionError","_error_message":"No permission for Mode of Payment"}', async () => {
    const res = await sim.post(R('Mode of Payment'), { mode_of_payment: 'Voucher', type: 'Cash' }, as(SYSTEM_MANAGER));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ exc_type: 'PermissionError', _error_message: 'No permission for Mode of Payment' });
    expect(res.messages).toEqual([
      { message: 'User <strong>sm@example.com</strong> does not have doctype access via role permission for document <strong>Mode of Payment</strong>', title: 'Message' },
    ]);
  });

  it.each(TABLE.map((d) => [d.doctype]))('checks reading %s against the table (lists: "Insufficient Permission for **{doctype}**")', async (doctype) => {
    const res = await read(doctype, SYSTEM_MANAGER);
    if (grants(SYSTEM_MANAGER, doctype, 'read')) expect(res.status).toBe(200);
    else {
      expect(res.status).toBe(403);
      if (DOCTYPE_PERMISSIONS.get(doctype)?.isSingle) expect(res.body).toMatchObject({ exc_type: 'PermissionError', _error_message: `No permission for ${doctype}` });
      else expect(res.body).toEqual({ exc_type: 'PermissionError', _error_message: `Insufficient Permission for <strong>${doctype}</strong>` });
    }
  });

  it.each(TABLE.map((d) => [d.doctype]))('checks writing %s against the table ("No permission for {doctype}")', async (doctype) => {
    const single = DOCTYPE_PERMISSIONS.get(doctype)?.isSingle;
    const res = await write(doctype, SYSTEM_MANAGER);
    if (grants(SYSTEM_MANAGER, doctype, single ? 'write' : 'create')) expect(res.status).not.toBe(403);
    else {
      expect(res.status).toBe(403);
      expect(res.body._error_message).toBe(`No permission for ${doctype}`);
    }
  });
});

describe('Role permissions: the provisioning roles and Administrator', () => {
  it.each(TABLE.map((d) => [d.doctype]))('lets System Manager + Accounts/Item/Stock/Sales Master Manager read and write %s', async (doctype) => {
    expect((await read(doctype, OPERATOR)).status).toBe(200);
    expect((await write(doctype, OPERATOR)).status).not.toBe(403);
  });

  it.each(TABLE.map((d) => [d.doctype]))('lets Administrator (the default key) read and write %s', async (doctype) => {
    const d = DOCTYPE_PERMISSIONS.get(doctype);
    expect((await (d?.isSingle ? sim.get(R(doctype, doctype)) : sim.get(R(doctype)))).status).toBe(200);
    expect((await (d?.isSingle ? sim.put(R(doctype, doctype), {}) : sim.post(R(doctype), {}))).status).not.toBe(403);
  });

  it.each(UNLISTED.map((m) => [m]))('keeps %s, which the v15 table does not list, System Manager only (the simulator\'s rule)', async (doctype) => {
    expect((await sim.get(R(doctype), as(SYSTEM_MANAGER))).status).toBe(200);
    const res = await sim.get(R(doctype), as(SALES_MANAGER));
    expect(res.status).toBe(403);
    expect(res.body._error_message).toBe(`Insufficient Permission for <strong>${doctype}</strong>`);
  });

  it('checks child tables through their parent only', async () => {
    expect(DOCTYPE_PERMISSIONS.get('Has Role')?.permissions).toEqual([]);
    expect((await sim.get(R('Has Role'), as(SYSTEM_MANAGER))).status).toBe(403);
    const rows = { doctype: 'Mode of Payment Account', parent: 'Mode of Payment', fields: ['company'] };
    expect((await sim.post('/api/method/frappe.client.get_list', rows, as(OPERATOR))).status).toBe(200);
    const refused = await sim.post('/api/method/frappe.client.get_list', rows, as(SALES_MANAGER));
    expect(refused.status).toBe(403);
    expect(refused.body).not.toHaveProperty('_error_message');
  });
});

describe('Role permissions: controller side effects run unchecked', () => {
  it('gives a Company inserted by a user without Account/Warehouse/Mode of Payment rights its chart, warehouses and Cash row', async () => {
    const res = await sim.post(R('Company'), companyBody('Permission Co', 'PC'), as(SYSTEM_MANAGER));
    expect(res.status).toBe(200);
    const accounts = sim.handle.site().list('Account').filter((a) => a.company === 'Permission Co');
    expect(accounts.length).toBeGreaterThan(20);
    expect(sim.handle.site().list('Warehouse').some((w) => w.name === 'Stores - PC')).toBe(true);
    const cash = sim.handle.site().get('Mode of Payment', 'Cash');
    expect((cash?.accounts as Array<Record<string, unknown>>).some((row) => row.company === 'Permission Co')).toBe(true);
    // ... while the same user may not read those documents directly.
    expect((await sim.get(R('Account', 'Cash - PC'), as(SYSTEM_MANAGER))).status).toBe(403);
  });
});

describe('Role permissions: frappe.client methods', () => {
  const m = (name: string) => `/api/method/frappe.client.${name}`;

  it('get: doc.check_permission("read") -> "No permission for {doctype}"', async () => {
    const res = await sim.post(m('get'), { doctype: 'Mode of Payment', name: 'Cash' }, as(SYSTEM_MANAGER));
    expect(res.status).toBe(403);
    expect(res.body._error_message).toBe('No permission for Mode of Payment');
  });

  it('get_list and get_count: DatabaseQuery\'s "Insufficient Permission for **{doctype}**"', async () => {
    for (const method of ['get_list', 'get_count']) {
      const res = await sim.post(m(method), { doctype: 'Mode of Payment' }, as(SYSTEM_MANAGER));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ exc_type: 'PermissionError', _error_message: 'Insufficient Permission for <strong>Mode of Payment</strong>' });
    }
  });

  it('get_value and get_single_value: frappe.throw("No permission for {doctype}") in _server_messages', async () => {
    const value = await sim.post(m('get_value'), { doctype: 'Mode of Payment', fieldname: 'type', filters: 'Cash' }, as(SYSTEM_MANAGER));
    expect(value.status).toBe(403);
    expect(value.body).not.toHaveProperty('_error_message');
    expect(value.messages[0]).toMatchObject({ message: 'No permission for Mode of Payment', indicator: 'red', raise_exception: 1 });
    const single = await sim.post(m('get_single_value'), { doctype: 'Stock Settings', field: 'valuation_method' }, as(SYSTEM_MANAGER));
    expect(single.status).toBe(403);
    expect(single.messages[0]).toMatchObject({ message: 'No permission for Stock Settings' });
    expect((await sim.post(m('get_single_value'), { doctype: 'Selling Settings', field: 'cust_master_name' }, as(SYSTEM_MANAGER))).status).toBe(200);
  });

  it('insert, insert_many, save and set_value: create / write rights', async () => {
    const doc = { doctype: 'Mode of Payment', mode_of_payment: 'Voucher', type: 'Cash' };
    for (const [method, body] of [
      ['insert', { doc }],
      ['insert_many', { docs: [doc] }],
      ['save', { doc: { ...sim.handle.site().get('Mode of Payment', 'Cash'), enabled: 1 } }],
      ['set_value', { doctype: 'Mode of Payment', name: 'Cash', fieldname: 'enabled', value: 1 }],
    ] as const) {
      const res = await sim.post(m(method), body, as(SYSTEM_MANAGER));
      expect([method, res.status, res.body._error_message]).toEqual([method, 403, 'No permission for Mode of Payment']);
    }
    expect((await sim.post(m('insert'), { doc }, as(OPERATOR))).status).toBe(200);
  });

  it('delete: the permission log, then "User not allowed to delete {doctype}: {name}"', async () => {
    const res = await sim.post(m('delete'), { doctype: 'Mode of Payment', name: 'Voucher' }, as(SYSTEM_MANAGER));
    expect(res.status).toBe(403);
    expect(res.messages.map((x) => x.message)).toEqual([
      'User <strong>sm@example.com</strong> does not have doctype access via role permission for document <strong>Mode of Payment</strong><br>User <strong>sm@example.com</strong> does not have access to this document',
      'User not allowed to delete Mode of Payment: Voucher',
    ]);
  });

  it('submit needs the submit right: a Company is not submittable, even for a System Manager', async () => {
    const company = sim.handle.site().get('Company', 'Permission Co');
    const res = await sim.post(m('submit'), { doc: company }, as(SYSTEM_MANAGER));
    expect(res.status).toBe(403);
    expect(res.body._error_message).toBe('No permission for Company');
    expect(res.messages).toEqual([{ message: 'Document Type is not submittable', title: 'Message' }]);
  });

  it('submit, cancel and delete a POS Opening Entry as the table allows (Sales Manager: no delete)', async () => {
    const profile = {
      name: 'Perm Counter',
      company: 'Sim Seed Company',
      currency: 'USD',
      warehouse: 'Stores - SSC',
      write_off_account: 'Write Off - SSC',
      write_off_cost_center: 'Main - SSC',
      payments: [{ mode_of_payment: 'Cash', default: 1 }],
    };
    expect((await sim.post(R('POS Profile'), profile)).status).toBe(200);
    const entry = {
      company: 'Sim Seed Company',
      pos_profile: 'Perm Counter',
      user: 'Administrator',
      period_start_date: '2025-05-01 09:00:00',
      balance_details: [{ mode_of_payment: 'Cash' }],
      docstatus: 1,
    };
    expect((await sim.post(R('POS Opening Entry'), entry, as(ACCOUNTS_MANAGER))).status).toBe(403);
    const submitted = await sim.post(R('POS Opening Entry'), entry, as(SALES_MANAGER));
    expect(submitted.status).toBe(200);
    const name = submitted.body.data.name as string;
    expect((await sim.post(m('cancel'), { doctype: 'POS Opening Entry', name }, as(ACCOUNTS_MANAGER))).status).toBe(403);
    expect((await sim.post(m('cancel'), { doctype: 'POS Opening Entry', name }, as(SALES_MANAGER))).status).toBe(200);
    const refused = await sim.delete(R('POS Opening Entry', name), as(SALES_MANAGER));
    expect(refused.status).toBe(403);
    expect(refused.messages.at(-1)?.message).toBe(`User not allowed to delete POS Opening Entry: ${name}`);
    expect((await sim.delete(R('POS Opening Entry', name), as(SYSTEM_MANAGER))).status).toBe(202);
  });

  it('turns a 404 into 403 for a doctype the user cannot read (handle_does_not_exist_error)', async () => {
    const res = await sim.get(R('Mode of Payment', 'No Such Mode'), as(SYSTEM_MANAGER));
    expect(res.status).toBe(403);
    expect(res.body._error_message).toBe('No permission for Mode of Payment');
    expect((await sim.get(R('Company', 'No Such Co'), as(SYSTEM_MANAGER))).status).toBe(404);
  });
});

describe('Role permissions: users and keys', () => {
  it('answers frappe.auth.get_logged_user with the key\'s user', async () => {
    expect((await sim.get('/api/method/frappe.auth.get_logged_user', as(CLERK))).body).toEqual({ message: 'clerk@example.com' });
  });

  it('lets generate_keys run for a System Manager only (not "or self": frappe.only_for)', async () => {
    const bySm = await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'clerk@example.com' }, as(SYSTEM_MANAGER));
    expect(bySm.status).toBe(200);
    expect((await sim.get('/api/method/frappe.auth.get_logged_user', as(CLERK))).status).toBe(401);
    const fresh = { ...CLERK, apiKey: bySm.body.message.api_key, apiSecret: bySm.body.message.api_secret };
    const self = await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'clerk@example.com' }, as(fresh));
    expect(self.status).toBe(403);
    expect(self.body).toEqual({ exc_type: 'PermissionError' });
    sim.handle.addApiUser(CLERK);
  });

  it('lets a user without System Manager read and write their own User document (shared with them), and no other', async () => {
    const own = await sim.get(R('User', 'clerk@example.com'), as(CLERK));
    expect(own.status).toBe(200);
    expect(own.body.data.name).toBe('clerk@example.com');
    expect((await sim.put(R('User', 'clerk@example.com'), { bio: 'Counter clerk' }, as(CLERK))).status).toBe(200);
    const other = await sim.get(R('User', 'sm@example.com'), as(CLERK));
    expect(other.status).toBe(403);
    expect(other.body._error_message).toBe('No permission for User');
    const list = await sim.list('User', { fields: ['name'] }, as(CLERK));
    expect(list.body.data).toEqual([{ name: 'clerk@example.com' }]);
  });

  it('applies roles changed later through SiteAccess.setUserRoles', async () => {
    expect((await sim.get(R('Customer'), as(SYSTEM_MANAGER))).status).toBe(403);
    sim.handle.site().setUserRoles(SYSTEM_MANAGER.user, ['System Manager', 'Sales Master Manager']);
    expect((await sim.get(R('Customer'), as(SYSTEM_MANAGER))).status).toBe(200);
    sim.handle.site().setUserRoles(SYSTEM_MANAGER.user, ['System Manager']);
    expect((await sim.get(R('Customer'), as(SYSTEM_MANAGER))).status).toBe(403);
  });

  it('creates API users and changes their roles on the control plane (POST /__sim/users, PUT /__sim/users/:user/roles)', async () => {
    const created = await fetch(`${sim.url}/__sim/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'Stock@Example.com', roles: ['Stock Manager'], api_key: 'stock-key', api_secret: 'stock-secret' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ site: 'erp.localhost', user: 'stock@example.com', roles: ['Stock Manager'] });
    const stock: ApiUser = { user: 'stock@example.com', roles: [], apiKey: 'stock-key', apiSecret: 'stock-secret' };
    expect((await sim.get(R('Stock Settings', 'Stock Settings'), as(stock))).status).toBe(200);
    expect((await sim.get(R('Customer Group'), as(stock))).status).toBe(403);
    const changed = await fetch(`${sim.url}/__sim/users/stock@example.com/roles`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ roles: ['Stock Manager', 'Sales Master Manager'] }),
    });
    expect(changed.status).toBe(200);
    expect((await sim.get(R('Customer Group'), as(stock))).status).toBe(200);
    const badRole = await fetch(`${sim.url}/__sim/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'odd@example.com', roles: ['No Such Role'], api_key: 'odd-key', api_secret: 'odd-secret' }),
    });
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).error).toContain('LinkValidationError');
  });
});
