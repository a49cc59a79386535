/** Fact sheet §1: routes, envelopes, serialisation, list params, methods. */
import { companyBody, startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

describe('Routes and envelopes', () => {
  it('serves /api/v1/... exactly like /api/...', async () => {
    const a = await sim.get('/api/method/ping');
    const b = await sim.get('/api/v1/method/ping');
    expect(b.status).toBe(200);
    expect(b.text).toBe(a.text);
  });

  it('accepts a trailing slash on resource routes', async () => {
    const res = await sim.get(`${R('Company', 'Sim Seed Company')}/`);
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('Sim Seed Company');
  });

  it('answers an unmatched /api path with 404 DoesNotExistError and no message', async () => {
    const res = await sim.get('/api/nothing/here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ exc_type: 'DoesNotExistError' });
  });

  it('answers a resource POST with 200 (not 201) and the document under data', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Envelope Customer' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Envelope Customer', doctype: 'Customer', docstatus: 0 });
  });

  it('answers a resource DELETE with 202 {"data":"ok"}', async () => {
    await sim.post(R('Customer'), { customer_name: 'Delete Me' });
    const res = await sim.delete(R('Customer', 'Delete Me'));
    expect(res.status).toBe(202);
    expect(res.text).toBe('{"data":"ok"}');
    expect((await sim.get(R('Customer', 'Delete Me'))).status).toBe(404);
  });

  it('merges a PUT body into the stored document and saves it', async () => {
    await sim.post(R('Customer'), { customer_name: 'Merge Me', customer_type: 'Individual' });
    const res = await sim.put(R('Customer', 'Merge Me'), { tax_id: 'T-1' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ customer_type: 'Individual', tax_id: 'T-1' });
    expect((await sim.get(R('Customer', 'Merge Me'))).body.data.tax_id).toBe('T-1');
  });

  it('serves a Single at /api/resource/{Single}/{Single}', async () => {
    const res = await sim.get(R('Stock Settings', 'Stock Settings'));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Stock Settings', doctype: 'Stock Settings' });
  });

  it('accepts a percent-encoded name that contains a slash', async () => {
    await sim.post(R('Customer'), { customer_name: 'A/B Traders' });
    const res = await sim.get(R('Customer', 'A/B Traders'));
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('A/B Traders');
    const raw = await sim.get('/api/resource/Customer/A/B Traders');
    expect(raw.body.data.name).toBe('A/B Traders');
  });

  it('omits the message key when a method returns None', async () => {
    await sim.post(R('Customer'), { customer_name: 'Method Delete' });
    const res = await sim.post('/api/method/frappe.client.delete', { doctype: 'Customer', name: 'Method Delete' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('serialises documents without null fields', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'No Nulls' });
    expect(res.body.data).not.toHaveProperty('tax_id');
    expect(Object.values(res.body.data)).not.toContain(null);
  });

  it('prints datetimes as "YYYY-MM-DD HH:MM:SS.ffffff"', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Timestamps' });
    expect(res.body.data.creation).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$/);
    expect(res.body.data.modified).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$/);
  });

  it('gives child rows name, parent, parentfield, parenttype, idx and doctype', async () => {
    const res = await sim.get(R('Mode of Payment', 'Cash'));
    const row = res.body.data.accounts[0];
    expect(row).toMatchObject({ parent: 'Cash', parentfield: 'accounts', parenttype: 'Mode of Payment', idx: 1, doctype: 'Mode of Payment Account' });
    expect(row.name).toMatch(/^[0-9a-f]{10}$/);
  });

  it('accepts a form-urlencoded body and a form field "data" holding JSON', async () => {
    const form = await sim.call('POST', R('Customer'), { form: { customer_name: 'Form Customer' } });
    expect(form.body.data.name).toBe('Form Customer');
    const data = await sim.call('POST', R('Customer'), { form: { data: JSON.stringify({ customer_name: 'Data Field Customer' }) } });
    expect(data.body.data.name).toBe('Data Field Customer');
  });

  it('drops unknown fields a client sends', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Unknown Fields', favourite_colour: 'blue' });
    expect(res.status).toBe(200);
    expect(res.body.data).not.toHaveProperty('favourite_colour');
  });

  it('answers a matched resource path with the wrong verb with 405', async () => {
    const res = await sim.put(R('Customer'), {});
    expect(res.status).toBe(405);
  });
});

describe('List parameters', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 25; i++) await sim.post(R('Customer'), { customer_name: `Listed ${String(i).padStart(2, '0')}`, customer_type: i % 2 ? 'Company' : 'Individual' });
  });

  it('returns only names, 20 rows, newest first by default', async () => {
    const res = await sim.list('Customer');
    expect(res.body.data).toHaveLength(20);
    expect(Object.keys(res.body.data[0])).toEqual(['name']);
    expect(res.body.data[0].name).toBe('Listed 25');
  });

  it('returns every row with limit_page_length=0 and honours the limit alias and limit_start', async () => {
    const all = await sim.list('Customer', { limit_page_length: '0', filters: [['customer_name', 'like', 'Listed%']] });
    expect(all.body.data).toHaveLength(25);
    const limited = await sim.list('Customer', { limit: '3', limit_start: '2', filters: [['customer_name', 'like', 'Listed%']] });
    expect(limited.body.data.map((r: { name: string }) => r.name)).toEqual(['Listed 23', 'Listed 22', 'Listed 21']);
  });

  it('returns every column (nulls included) for fields=["*"]', async () => {
    const res = await sim.list('Customer', { fields: ['*'], filters: { name: 'Listed 01' } });
    expect(res.body.data[0]).toMatchObject({ name: 'Listed 01', customer_type: 'Company', docstatus: 0 });
    expect(res.body.data[0]).toHaveProperty('tax_id', null);
  });

  it('answers 500 JSONDecodeError for fields that are not JSON', async () => {
    const res = await sim.get(`${R('Customer')}?fields=[name`);
    expect(res.status).toBe(500);
    expect(res.body.exc_type).toBe('JSONDecodeError');
  });

  it('accepts filters as a dict, as {field: [op, value]}, as 3-element and as 4-element lists', async () => {
    const names = async (filters: unknown) => (await sim.list('Customer', { filters, limit: '0' })).body.data.map((r: { name: string }) => r.name);
    expect(await names({ customer_name: 'Listed 03' })).toEqual(['Listed 03']);
    expect(await names({ customer_name: ['=', 'Listed 04'] })).toEqual(['Listed 04']);
    expect(await names([['customer_name', '=', 'Listed 05']])).toEqual(['Listed 05']);
    expect(await names([['Customer', 'customer_name', '=', 'Listed 06']])).toEqual(['Listed 06']);
  });

  it('supports = != > < >= <= like, not like, in, not in, is set/not set and between', async () => {
    const count = async (filters: unknown) => (await sim.list('Customer', { filters, limit: '0' })).body.data.length;
    const listed = ['customer_name', 'like', 'Listed%'];
    expect(await count([listed, ['customer_type', '!=', 'Company']])).toBe(12);
    expect(await count([listed, ['customer_name', '>', 'Listed 20']])).toBe(5);
    expect(await count([listed, ['customer_name', '<', 'Listed 03']])).toBe(2);
    expect(await count([listed, ['customer_name', '>=', 'Listed 24']])).toBe(2);
    expect(await count([listed, ['customer_name', '<=', 'Listed 02']])).toBe(2);
    expect(await count([listed, ['customer_name', 'not like', '%1%']])).toBe(13);
    expect(await count([['customer_name', 'in', ['Listed 01', 'Listed 02', 'nope']]])).toBe(2);
    expect(await count([listed, ['customer_name', 'not in', 'Listed 01, Listed 02']])).toBe(23);
    expect(await count([listed, ['tax_id', 'is', 'not set']])).toBe(25);
    expect(await count([listed, ['tax_id', 'is', 'set']])).toBe(0);
    expect(await count([listed, ['customer_name', 'between', ['Listed 10', 'Listed 12']]])).toBe(3);
  });

  it('compares strings case-insensitively, like MariaDB utf8mb4_unicode_ci', async () => {
    const res = await sim.list('Customer', { filters: { customer_name: 'listed 07' } });
    expect(res.body.data).toEqual([{ name: 'Listed 07' }]);
  });

  it('ORs or_filters and ANDs them with filters', async () => {
    const res = await sim.list('Customer', {
      filters: [['customer_type', '=', 'Individual']],
      or_filters: [['name', '=', 'Listed 02'], ['name', '=', 'Listed 03']],
    });
    expect(res.body.data).toEqual([{ name: 'Listed 02' }]);
  });

  it('orders by order_by and returns arrays with as_dict=0', async () => {
    const res = await sim.list('Customer', { fields: ['name', 'customer_type'], filters: [['customer_name', 'like', 'Listed 0%']], order_by: 'name asc', as_dict: '0', limit: '2' });
    expect(res.body.data).toEqual([
      ['Listed 01', 'Company'],
      ['Listed 02', 'Individual'],
    ]);
  });

  it('ignores unknown params and answers {"data":[]} when nothing matches', async () => {
    const res = await sim.list('Customer', { filters: { name: 'Nobody' }, colour: 'blue' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });
});

describe('Methods', () => {
  it('answers ping and frappe.ping for a guest with {"message":"pong"}', async () => {
    for (const path of ['/api/method/ping', '/api/method/frappe.ping']) {
      const res = await sim.get(path, { auth: 'none' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"message":"pong"}');
    }
  });

  it('answers frappe.auth.get_logged_user with the user, and 403 for a guest', async () => {
    expect((await sim.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'Administrator' });
    const guest = await sim.get('/api/method/frappe.auth.get_logged_user', { auth: 'none' });
    expect(guest.status).toBe(403);
    expect(guest.body.exc_type).toBe('PermissionError');
    expect(guest.messages[0]).toMatchObject({ title: 'Method Not Allowed' });
    expect(String(guest.messages[0]?.message)).toContain('is not whitelisted.');
  });

  it('lists through frappe.client.get_list', async () => {
    const res = await sim.post('/api/method/frappe.client.get_list', { doctype: 'Company', fields: ['name', 'abbr'] });
    expect(res.body.message).toEqual([{ name: 'Sim Seed Company', abbr: 'SSC' }]);
  });

  it('counts through frappe.client.get_count', async () => {
    const res = await sim.get(`/api/method/frappe.client.get_count?doctype=Company`);
    expect(res.body).toEqual({ message: 1 });
  });

  it('answers frappe.client.get_value with {field: value}, a JSON field list, or {} when nothing matches', async () => {
    const one = await sim.get(`/api/method/frappe.client.get_value?doctype=Company&fieldname=abbr&filters=${encodeURIComponent('{"company_name":"Sim Seed Company"}')}`);
    expect(one.body).toEqual({ message: { abbr: 'SSC' } });
    const many = await sim.post('/api/method/frappe.client.get_value', { doctype: 'Company', fieldname: ['abbr', 'default_currency'], filters: 'Sim Seed Company' });
    expect(many.body).toEqual({ message: { abbr: 'SSC', default_currency: 'USD' } });
    const none = await sim.post('/api/method/frappe.client.get_value', { doctype: 'Company', fieldname: 'abbr', filters: { abbr: 'NOPE' } });
    expect(none.body).toEqual({ message: {} });
  });

  it('inserts through frappe.client.insert (POST/PUT only; GET is 403 "Not permitted")', async () => {
    const res = await sim.post('/api/method/frappe.client.insert', { doc: { doctype: 'Customer', customer_name: 'Client Insert' } });
    expect(res.body.message).toMatchObject({ name: 'Client Insert', doctype: 'Customer' });
    const viaGet = await sim.get(`/api/method/frappe.client.insert?doc=${encodeURIComponent(JSON.stringify({ doctype: 'Customer', customer_name: 'Via Get' }))}`);
    expect(viaGet.status).toBe(403);
    expect(viaGet.messages[0]?.message).toBe('Not permitted');
  });

  it('inserts many through frappe.client.insert_many and refuses more than 200', async () => {
    const docs = [1, 2].map((i) => ({ doctype: 'Customer', customer_name: `Many ${i}` }));
    expect((await sim.post('/api/method/frappe.client.insert_many', { docs })).body.message).toEqual(['Many 1', 'Many 2']);
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ doctype: 'Customer', customer_name: `Too Many ${i}` }));
    const res = await sim.post('/api/method/frappe.client.insert_many', { docs: tooMany });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Only 200 inserts allowed in one request');
  });

  it('sets values through frappe.client.set_value with a field or a dict', async () => {
    await sim.post(R('Customer'), { customer_name: 'Set Value' });
    const one = await sim.post('/api/method/frappe.client.set_value', { doctype: 'Customer', name: 'Set Value', fieldname: 'tax_id', value: 'TX' });
    expect(one.body.message.tax_id).toBe('TX');
    const many = await sim.post('/api/method/frappe.client.set_value', { doctype: 'Customer', name: 'Set Value', fieldname: { tax_id: 'TY', customer_type: 'Individual' } });
    expect(many.body.message).toMatchObject({ tax_id: 'TY', customer_type: 'Individual' });
  });

  it('saves through frappe.client.save with the full document', async () => {
    const doc = (await sim.post(R('Customer'), { customer_name: 'Client Save' })).body.data;
    const res = await sim.post('/api/method/frappe.client.save', { doc: { ...doc, tax_id: 'SAVED' } });
    expect(res.status).toBe(200);
    expect(res.body.message.tax_id).toBe('SAVED');
  });

  it('reports frappe and erpnext 15.x through get_versions', async () => {
    const res = await sim.get('/api/method/frappe.utils.change_log.get_versions');
    expect(res.body.message.frappe).toMatchObject({ title: 'Frappe Framework', branch: 'version-15' });
    expect(res.body.message.frappe.version).toMatch(/^15\./);
    expect(res.body.message.erpnext).toMatchObject({ title: 'ERPNext' });
    expect(res.body.message.erpnext.version).toMatch(/^15\./);
  });

  it('answers /api/method/version with 417 "Failed to get method for command version with \'version\'"', async () => {
    const res = await sim.get('/api/method/version');
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('ValidationError');
    expect(res.messages[0]?.message).toBe("Failed to get method for command version with 'version'");
  });

  it('answers a method of an app that is not installed with 417', async () => {
    const res = await sim.get('/api/method/hrms.api.get_all');
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Failed to get method for command hrms.api.get_all with App hrms is not installed');
  });

  it('answers an existing function that is not whitelisted with 403 "Method Not Allowed"', async () => {
    const res = await sim.get('/api/method/frappe.get_doc');
    expect(res.status).toBe(403);
    expect(res.messages[0]).toMatchObject({ title: 'Method Not Allowed', indicator: 'red' });
    expect(String(res.messages[0]?.message)).toContain('Function <strong>frappe.get_doc</strong> is not whitelisted.');
  });

  it('answers a verb a method does not allow with 403 "Not permitted"', async () => {
    const get = await sim.get('/api/method/frappe.core.doctype.user.user.generate_keys?user=Administrator');
    expect(get.status).toBe(403);
    expect(get.messages[0]?.message).toBe('Not permitted');
  });

  it('answers a method missing a required argument with 500 TypeError', async () => {
    const res = await sim.post('/api/method/frappe.client.get_count', {});
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ exc_type: 'TypeError' });
  });

  it('submits and cancels through frappe.client.submit and frappe.client.cancel', async () => {
    void companyBody;
    const draft = await sim.post(R('POS Opening Entry'), {
      company: 'Sim Seed Company',
      pos_profile: await ensureProfile(),
      user: 'Administrator',
      period_start_date: '2025-01-01 09:00:00',
      balance_details: [{ mode_of_payment: 'Cash', opening_amount: 0 }],
    });
    expect(draft.status).toBe(200);
    const submitted = await sim.post('/api/method/frappe.client.submit', { doc: draft.body.data });
    expect(submitted.body.message).toMatchObject({ docstatus: 1, status: 'Open' });
    const cancelled = await sim.post('/api/method/frappe.client.cancel', { doctype: 'POS Opening Entry', name: draft.body.data.name });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({});
    expect((await sim.get(R('POS Opening Entry', draft.body.data.name))).body.data.docstatus).toBe(2);
  });
});

let profile: string | undefined;
async function ensureProfile(): Promise<string> {
  if (profile) return profile;
  const res = await sim.post(R('POS Profile'), {
    name: 'Methods POS',
    company: 'Sim Seed Company',
    currency: 'USD',
    warehouse: 'Stores - SSC',
    write_off_account: 'Write Off - SSC',
    write_off_cost_center: 'Main - SSC',
    payments: [{ mode_of_payment: 'Cash', default: 1 }],
  });
  expect(res.status).toBe(200);
  profile = res.body.data.name as string;
  return profile;
}
