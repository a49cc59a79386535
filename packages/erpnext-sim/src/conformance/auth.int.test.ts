/** Fact sheet §2: authentication. */
import { startTestSim, TestSim } from '../testing';

const R = TestSim.resource;
let sim: TestSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

const header = (value: string) => ({ auth: { header: value } as const });

describe('Auth', () => {
  it('accepts "token KEY:SECRET"', async () => {
    const res = await sim.get('/api/method/frappe.auth.get_logged_user', header('token sim-key:sim-secret'));
    expect(res.body).toEqual({ message: 'Administrator' });
  });

  it('accepts "Basic base64(KEY:SECRET)"', async () => {
    const res = await sim.get('/api/method/frappe.auth.get_logged_user', header(`Basic ${Buffer.from('sim-key:sim-secret').toString('base64')}`));
    expect(res.body).toEqual({ message: 'Administrator' });
  });

  it('reads the scheme case-insensitively', async () => {
    expect((await sim.get('/api/method/frappe.auth.get_logged_user', header('TOKEN sim-key:sim-secret'))).status).toBe(200);
    expect((await sim.get('/api/method/frappe.auth.get_logged_user', header(`bAsIc ${Buffer.from('sim-key:sim-secret').toString('base64')}`))).status).toBe(200);
  });

  it('answers an unknown key with 401 {"exc_type":"AuthenticationError"} and no _server_messages', async () => {
    const res = await sim.get('/api/method/frappe.auth.get_logged_user', header('token nobody:sim-secret'));
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"exc_type":"AuthenticationError"}');
  });

  it('answers a wrong secret with 401 AuthenticationError', async () => {
    const res = await sim.get('/api/method/ping', header('token sim-key:wrong'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ exc_type: 'AuthenticationError' });
  });

  it('answers any two-word header that leaves the caller a Guest with 401', async () => {
    const res = await sim.get('/api/method/ping', header('Bearer not-an-oauth-token'));
    expect(res.status).toBe(401);
    expect(res.body.exc_type).toBe('AuthenticationError');
  });

  it('answers bad base64 in a Basic header with 400 "Failed to decode token..."', async () => {
    const res = await sim.get('/api/method/ping', header('Basic abcde'));
    expect(res.status).toBe(400);
    expect(res.body.exc_type).toBe('InvalidAuthorizationToken');
    expect(res.messages[0]?.message).toBe('Failed to decode token, please provide a valid base64-encoded token.');
  });

  it('treats a request without a header as Guest: a list is 403 "Insufficient Permission for **{doctype}**" (DatabaseQuery)', async () => {
    const res = await sim.get(R('Company'), { auth: 'none' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ exc_type: 'PermissionError', _error_message: 'Insufficient Permission for <strong>Company</strong>' });
  });

  it('answers a Guest reading a document with 403 "No permission for {doctype}" and the permission log (check_doctype_permission)', async () => {
    const res = await sim.get(R('Company', 'Sim Seed Company'), { auth: 'none' });
    expect(res.status).toBe(403);
    expect(res.body._error_message).toBe('No permission for Company');
    expect(res.messages).toEqual([
      { message: 'User <strong>Guest</strong> does not have doctype access via role permission for document <strong>Company</strong>', title: 'Message' },
    ]);
  });

  it('issues keys with generate_keys: a new secret each call, the existing key kept', async () => {
    await sim.post(TestSim.resource('User'), { email: 'keys@example.com', first_name: 'Keys', roles: [{ role: 'System Manager' }] });
    const first = await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'keys@example.com' });
    const second = await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'keys@example.com' });
    expect(first.status).toBe(200);
    expect(second.body.message.api_key).toBe(first.body.message.api_key);
    expect(second.body.message.api_secret).not.toBe(first.body.message.api_secret);
    const old = await sim.get('/api/method/frappe.auth.get_logged_user', header(`token ${first.body.message.api_key}:${first.body.message.api_secret}`));
    expect(old.status).toBe(401);
    const fresh = await sim.get('/api/method/frappe.auth.get_logged_user', header(`token ${second.body.message.api_key}:${second.body.message.api_secret}`));
    expect(fresh.body.message).toBe('keys@example.com');
  });

  it('refuses generate_keys to a user without System Manager with a bare 403', async () => {
    await sim.post(TestSim.resource('User'), { email: 'plain@example.com', first_name: 'Plain', roles: [{ role: 'Sales User' }] });
    const keys = (await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'plain@example.com' })).body.message;
    const res = await sim.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: 'plain@example.com' }, header(`token ${keys.api_key}:${keys.api_secret}`));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ exc_type: 'PermissionError' });
  });

  it('logs in with usr/pwd: "Logged In", home_page, full_name and an HttpOnly sid cookie', async () => {
    const res = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'admin' }, { auth: 'none' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Logged In', home_page: '/app', full_name: 'Administrator' });
    const cookies = res.headers.getSetCookie();
    const sid = cookies.find((c) => c.startsWith('sid='));
    expect(sid).toMatch(/^sid=[0-9a-f]{56};/);
    expect(sid).toContain('HttpOnly');
    expect(sid).toContain('Path=/');
  });

  it('answers a wrong password with 401 AuthenticationError', async () => {
    const res = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'nope' }, { auth: 'none' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid login credentials', exc_type: 'AuthenticationError' });
  });

  it('authenticates later requests with the sid cookie, until logout', async () => {
    const login = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'admin' }, { auth: 'none' });
    const sid = login.headers.getSetCookie().find((c) => c.startsWith('sid='))?.split(';')[0] ?? '';
    const me = await sim.get('/api/method/frappe.auth.get_logged_user', { auth: 'none', cookie: sid });
    expect(me.body).toEqual({ message: 'Administrator' });
    await sim.post('/api/method/logout', {}, { auth: 'none', cookie: sid });
    const after = await sim.get('/api/method/frappe.auth.get_logged_user', { auth: 'none', cookie: sid });
    expect(after.status).toBe(403);
    expect(after.body.session_expired).toBe(1);
  });

  it('accepts a form-urlencoded login', async () => {
    const res = await sim.call('POST', '/api/method/login', { auth: 'none', form: { usr: 'Administrator', pwd: 'admin' } });
    expect(res.body.message).toBe('Logged In');
  });
});
