/** Fact sheet §6: Warehouse, Stock/Selling Settings, Customer, groups, Item, UOM, prices, User, Fiscal Year. */
import { startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

describe('Warehouse', () => {
  it('is named "{warehouse_name} - {abbr}"', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'Main Store', company: 'Sim Seed Company', parent_warehouse: 'All Warehouses - SSC' });
    expect(res.body.data).toMatchObject({ name: 'Main Store - SSC', warehouse_name: 'Main Store', is_group: 0 });
  });

  it('does not double the suffix when the name already ends with it', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'POS Store - SSC', company: 'Sim Seed Company' });
    expect(res.body.data.name).toBe('POS Store - SSC');
  });

  it('answers 409 for a duplicate warehouse', async () => {
    expect((await sim.post(R('Warehouse'), { warehouse_name: 'Main Store', company: 'Sim Seed Company' })).status).toBe(409);
  });

  it('does not check that the parent is a group', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'Under Leaf', company: 'Sim Seed Company', parent_warehouse: 'Stores - SSC' });
    expect(res.status).toBe(200);
  });

  it('requires warehouse_name and company', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'Nameless', company: '' });
    expect(res.messages.map((m) => m.message)).toEqual(['Error: Value missing for Warehouse: Company']);
  });
});

describe('Stock Settings', () => {
  it('holds FIFO, the Stores warehouse and Nos after the wizard', async () => {
    const res = await sim.get(R('Stock Settings', 'Stock Settings'));
    expect(res.body.data).toMatchObject({ valuation_method: 'FIFO', default_warehouse: 'Stores - SSC', stock_uom: 'Nos', item_naming_by: 'Item Code' });
  });

  it('refuses a group default warehouse with "Group Warehouses cannot be used..." titled "Incorrect Warehouse"', async () => {
    const res = await sim.put(R('Stock Settings', 'Stock Settings'), { default_warehouse: 'All Warehouses - SSC' });
    expect(res.status).toBe(417);
    expect(res.messages[0]).toMatchObject({
      message: 'Group Warehouses cannot be used in transactions. Please change the value of <strong>Default Warehouse</strong>',
      title: 'Incorrect Warehouse',
    });
  });

  it('copies its values into the global defaults that new documents read', async () => {
    await sim.put(R('Stock Settings', 'Stock Settings'), { item_group: 'Products', stock_uom: 'Unit' });
    const item = await sim.post(R('Item'), { item_code: 'DEFAULTED-ITEM' });
    expect(item.body.data).toMatchObject({ item_group: 'Products', stock_uom: 'Unit' });
    await sim.put(R('Stock Settings', 'Stock Settings'), { stock_uom: 'Nos' });
  });
});

describe('Selling Settings', () => {
  it('holds cust_master_name "Customer Name" and requires sales_update_frequency (default "Each Transaction")', async () => {
    const res = await sim.get(R('Selling Settings', 'Selling Settings'));
    expect(res.body.data).toMatchObject({ cust_master_name: 'Customer Name', sales_update_frequency: 'Each Transaction' });
    const cleared = await sim.put(R('Selling Settings', 'Selling Settings'), { sales_update_frequency: '' });
    expect(cleared.status).toBe(417);
    expect(cleared.messages[0]?.message).toBe('Error: Value missing for Selling Settings: Sales Update Frequency in Company and Project');
  });

  it('copies customer_group and territory into the defaults a new Customer is pre-filled with', async () => {
    const before = await sim.post(R('Customer'), { customer_name: 'Before Defaults' });
    expect(before.body.data).not.toHaveProperty('customer_group');
    await sim.put(R('Selling Settings', 'Selling Settings'), { customer_group: 'Commercial', territory: 'United States' });
    const after = await sim.post(R('Customer'), { customer_name: 'After Defaults' });
    expect(after.body.data).toMatchObject({ customer_group: 'Commercial', territory: 'United States' });
  });
});

describe('Customer', () => {
  it('defaults customer_type to Company', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Typed' });
    expect(res.body.data.customer_type).toBe('Company');
  });

  it('renames a duplicate to "{name} - {n}" with a Note instead of failing', async () => {
    await sim.post(R('Customer'), { customer_name: 'Walk-in Customer' });
    const second = await sim.post(R('Customer'), { customer_name: 'Walk-in Customer' });
    expect(second.status).toBe(200);
    expect(second.body.data.name).toBe('Walk-in Customer - 1');
    expect(second.messages).toEqual([
      { message: "Changed customer name to 'Walk-in Customer - 1' as 'Walk-in Customer' already exists.", title: 'Note', indicator: 'yellow' },
    ]);
    expect((await sim.post(R('Customer'), { customer_name: 'Walk-in Customer' })).body.data.name).toBe('Walk-in Customer - 2');
  });

  it('requires customer_name', async () => {
    const res = await sim.post(R('Customer'), { customer_type: 'Individual' });
    expect(res.messages.map((m) => m.message)).toEqual(['Error: Value missing for Customer: Customer Name']);
  });
});

describe('Customer Group and Territory', () => {
  it('hangs a new group under the root when no parent is given', async () => {
    const group = await sim.post(R('Customer Group'), { customer_group_name: 'Retail' });
    expect(group.body.data).toMatchObject({ name: 'Retail', parent_customer_group: 'All Customer Groups', is_group: 0 });
    const territory = await sim.post(R('Territory'), { territory_name: 'Lagos' });
    expect(territory.body.data.parent_territory).toBe('All Territories');
  });
});

describe('Item', () => {
  it('is named by item_code, with item_name and description defaulting to it', async () => {
    const res = await sim.post(R('Item'), { item_code: 'WIDGET-1', item_group: 'Products' });
    expect(res.body.data).toMatchObject({ name: 'WIDGET-1', item_name: 'WIDGET-1', description: 'WIDGET-1', stock_uom: 'Nos', is_stock_item: 1, is_sales_item: 1 });
    expect(res.body.data.uoms).toEqual([expect.objectContaining({ uom: 'Nos', conversion_factor: 1 })]);
  });

  it('answers 409 for a duplicate item_code', async () => {
    expect((await sim.post(R('Item'), { item_code: 'WIDGET-1', item_group: 'Products' })).status).toBe(409);
  });

  it('creates an Item Price in "Standard Selling" from standard_rate', async () => {
    await sim.post(R('Item'), { item_code: 'PRICED', item_group: 'Products', standard_rate: 12.5 });
    const prices = await sim.list('Item Price', { filters: { item_code: 'PRICED' }, fields: ['price_list', 'price_list_rate', 'currency', 'selling'] });
    expect(prices.body.data).toEqual([{ price_list: 'Standard Selling', price_list_rate: 12.5, currency: 'USD', selling: 1 }]);
  });

  it('refuses opening_stock without a rate: "Valuation Rate is mandatory if Opening Stock entered"', async () => {
    const res = await sim.post(R('Item'), { item_code: 'STOCKED', item_group: 'Products', opening_stock: 5 });
    expect(res.status).toBe(417);
    expect(res.messages[0]?.message).toBe('Valuation Rate is mandatory if Opening Stock entered');
    expect(sim.handle.site().get('Item', 'STOCKED')).toBeUndefined();
  });

  it('requires an item group that exists', async () => {
    const res = await sim.post(R('Item'), { item_code: 'ORPHAN', item_group: 'Gadgets' });
    expect(res.messages[0]?.message).toBe('Could not find Item Group: Gadgets');
  });
});

describe('Price List and UOM', () => {
  it('has the wizard lists "Standard Buying" and "Standard Selling" and UOM "Nos"', async () => {
    expect((await sim.get(R('Price List', 'Standard Selling'))).body.data).toMatchObject({ selling: 1, buying: 0, currency: 'USD', enabled: 1 });
    expect((await sim.get(R('Price List', 'Standard Buying'))).body.data).toMatchObject({ buying: 1 });
    expect((await sim.get(R('UOM', 'Nos'))).body.data).toMatchObject({ must_be_whole_number: 1 });
  });

  it('requires a price list to be for buying or selling', async () => {
    const res = await sim.post(R('Price List'), { price_list_name: 'Neither', currency: 'USD' });
    expect(res.messages[0]?.message).toBe('Price List must be applicable for Buying or Selling');
  });
});

describe('User', () => {
  it('is named by the lower-cased email and can log in with new_password', async () => {
    const res = await sim.post(R('User'), { email: 'Cashier@Example.com', first_name: 'Cashier', new_password: 'violet-harbor-lantern-27', roles: [{ role: 'Sales User' }] });
    expect(res.body.data).toMatchObject({ name: 'cashier@example.com', full_name: 'Cashier', enabled: 1 });
    expect(res.body.data.roles).toEqual([expect.objectContaining({ role: 'Sales User', doctype: 'Has Role' })]);
    const login = await sim.post('/api/method/login', { usr: 'cashier@example.com', pwd: 'violet-harbor-lantern-27' }, { auth: 'none' });
    expect(login.body.message).toBe('Logged In');
  });

  it('refuses an invalid email', async () => {
    const res = await sim.post(R('User'), { email: 'not-an-email', first_name: 'X' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('InvalidEmailAddressError');
  });
});

describe('Fiscal Year', () => {
  it('exists after the wizard and must span one year', async () => {
    const year = new Date().getUTCFullYear();
    expect((await sim.get(R('Fiscal Year', String(year)))).status).toBe(200);
    const res = await sim.post(R('Fiscal Year'), { year: 'Odd', year_start_date: '2030-01-01', year_end_date: '2030-06-30' });
    expect(res.messages[0]?.message).toBe('Fiscal Year End Date should be one year after Fiscal Year Start Date');
  });
});

// Not in the fact sheet; from Frappe v15's user_permission.py (see doctypes/user-permission.ts).
describe('User Permission', () => {
  const perm = { user: 'admin@sim.localhost', allow: 'Company', for_value: 'Sim Seed Company' };

  it('restricts a user to a company, named by hash, applying to all doctypes by default', async () => {
    const res = await sim.post(R('User Permission'), perm);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ...perm, apply_to_all_doctypes: 1 });
    expect(String(res.body.data.name)).toMatch(/^[0-9a-z]{10}$/);
  });

  it('refuses the same permission twice with 409 "User permission already exists"', async () => {
    const res = await sim.post(R('User Permission'), perm);
    expect(res.status).toBe(409);
    expect(res.body.exc_type).toBe('DuplicateEntryError');
    expect(res.messages.map((m) => m.message)).toEqual(['User permission already exists']);
  });

  it('validates the dynamic link against the doctype named in `allow`', async () => {
    const res = await sim.post(R('User Permission'), { ...perm, for_value: 'No Such Company' });
    expect(res.status).toBe(417);
    expect(res.messages.map((m) => m.message)).toEqual(['Could not find For Value: No Such Company']);
    const badType = await sim.post(R('User Permission'), { ...perm, allow: 'Nonexistent Doctype' });
    expect(badType.messages.map((m) => m.message)).toEqual(['Could not find Allow: Nonexistent Doctype']);
  });
});
