/** Fact sheet §3 (HTTP status per exception) and §4 (error body). */
import { companyBody, startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim({ seedCompanies: [{ company_name: 'Status Co', abbr: 'STC' }] });
});
afterAll(() => sim.close());

describe('Status per exception', () => {
  it('answers a ValidationError with 417', async () => {
    const res = await sim.post(R('Company'), companyBody('Status Clash', 'STC'));
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('ValidationError');
  });

  it('answers a MandatoryError with 417', async () => {
    const res = await sim.post(R('Customer'), {});
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('MandatoryError');
  });

  it('answers a LinkValidationError with 417', async () => {
    const res = await sim.post(R('Customer'), { customer_name: 'Bad Link', customer_group: 'No Such Group' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('LinkValidationError');
  });

  it('answers a TimestampMismatchError with 417', async () => {
    await sim.post(R('Customer'), { customer_name: 'Stale' });
    const res = await sim.put(R('Customer', 'Stale'), { modified: '2000-01-01 00:00:00', tax_id: 'x' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('TimestampMismatchError');
  });

  it('answers a CannotChangeConstantError with 417', async () => {
    const res = await sim.put(R('Company', 'Status Co'), { abbr: 'NEW' });
    expect(res.status).toBe(417);
    expect(res.body.exc_type).toBe('CannotChangeConstantError');
  });

  it('answers a DoesNotExistError with 404', async () => {
    const res = await sim.get(R('Customer', 'Nobody At All'));
    expect(res.status).toBe(404);
    expect(res.body.exc_type).toBe('DoesNotExistError');
    expect(res.messages[0]?.message).toBe('Customer Nobody At All not found');
  });

  it('answers an AuthenticationError with 401', async () => {
    expect((await sim.get('/api/method/ping', { auth: { header: 'token x:y' } })).status).toBe(401);
  });

  it('answers a PermissionError with 403', async () => {
    expect((await sim.get(R('Customer'), { auth: 'none' })).status).toBe(403);
  });

  it('answers a DuplicateEntryError (a NameError, not a ValidationError) with 409', async () => {
    const res = await sim.post(R('Company'), companyBody('Status Co', 'STX'));
    expect(res.status).toBe(409);
    expect(res.body.exc_type).toBe('DuplicateEntryError');
  });

  it('answers a NameError with 409', async () => {
    const res = await sim.post(R('Warehouse Type'), { name: 'Bad <Name>' });
    expect(res.status).toBe(409);
    expect(res.body.exc_type).toBe('NameError');
  });

  it('answers InvalidAuthorizationToken with 400', async () => {
    expect((await sim.get('/api/method/ping', { auth: { header: 'Basic a' } })).status).toBe(400);
  });

  it('answers SessionStopped (maintenance) with 503', async () => {
    sim.handle.site().setMaintenance(true);
    try {
      const res = await sim.get('/api/method/ping');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ exc_type: 'SessionStopped' });
    } finally {
      sim.handle.site().setMaintenance(false);
    }
  });

  it('answers an uncaught Python error with 500 and only exc_type', async () => {
    const res = await sim.post(R('Company'), { default_currency: 'USD', country: 'United States' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ exc_type: 'AttributeError' });
  });
});

describe('Error body', () => {
  it('answers 417 with a double-encoded _server_messages when the abbreviation is taken', async () => {
    const res = await sim.post(R('Company'), companyBody('Another Status Co', 'STC'));
    expect(res.status).toBe(417);
    expect(Object.keys(res.body)).toEqual(['exc_type', '_server_messages']);
    expect(typeof res.body._server_messages).toBe('string');
    const outer = JSON.parse(res.body._server_messages) as unknown[];
    expect(outer).toHaveLength(1);
    expect(typeof outer[0]).toBe('string');
    const message = JSON.parse(outer[0] as string) as Record<string, unknown>;
    expect(Object.keys(message)).toEqual(['message', 'title', 'indicator', 'raise_exception', '__frappe_exc_id']);
    expect(message).toMatchObject({ message: 'Abbreviation already used for another company', title: 'Message', indicator: 'red', raise_exception: 1 });
    expect(message.__frappe_exc_id).toMatch(/^[0-9a-f]{56}$/);
  });

  it('writes inner messages with json.dumps separators and the outer body compactly', async () => {
    const res = await sim.post(R('Company'), companyBody('Third Status Co', 'STC'));
    expect(res.text.startsWith('{"exc_type":"ValidationError","_server_messages":"[\\"{\\\\\\"message\\\\\\": \\\\\\"Abbreviation')).toBe(true);
    expect(res.text).toContain('\\\\\\", \\\\\\"title\\\\\\": \\\\\\"Message\\\\\\"');
  });

  it('escapes non-ASCII characters as \\uXXXX like Python json.dumps', async () => {
    const res = await sim.get(R('Customer', 'Zoë'));
    expect(res.text).toContain('\\\\u00eb');
    expect(res.messages[0]?.message).toBe('Customer Zoë not found');
  });

  it('sends one plain message per missing field for a MandatoryError (title "Message", no indicator)', async () => {
    const res = await sim.post(R('Warehouse'), { warehouse_name: 'Lonely', company: '' });
    expect(res.status).toBe(417);
    expect(res.messages).toEqual([{ message: 'Error: Value missing for Warehouse: Company', title: 'Message' }]);
  });

  it('puts permission details in _error_message', async () => {
    const res = await sim.get(R('Customer'), { auth: 'none' });
    expect(res.body._error_message).toBe('Insufficient Permission for <strong>Customer</strong>');
    expect(res.body).not.toHaveProperty('_server_messages');
  });

  it('never sends tracebacks (exception, exc, _exc_source, _debug_messages)', async () => {
    const res = await sim.post(R('Company'), { default_currency: 'USD', country: 'United States' });
    for (const key of ['exception', 'exc', '_exc_source', '_debug_messages']) expect(res.body).not.toHaveProperty(key);
  });

  it('carries _server_messages on a success', async () => {
    await sim.post(R('Customer'), { customer_name: 'Twice' });
    const res = await sim.post(R('Customer'), { customer_name: 'Twice' });
    expect(res.status).toBe(200);
    expect(res.messages[0]).toMatchObject({ title: 'Note', indicator: 'yellow' });
  });
});
