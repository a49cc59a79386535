import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createErpNextClient, type ErpNextClient } from './client';
import { ErpNextError } from './erpnext-error';

// Transport behaviour against a real HTTP server that answers by script (the simulator's conformance
// suite covers Frappe's semantics; this covers what the client does with a socket).
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let handler: Handler;
const seen: Array<{ method: string; url: string; host: string; auth: string; body: string }> = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', auth: req.headers.authorization ?? '', body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  seen.length = 0;
});

function client(extra: Partial<Parameters<typeof createErpNextClient>[0]> = {}): ErpNextClient {
  return createErpNextClient({ baseUrl, auth: { type: 'token', apiKey: 'k', apiSecret: 's' }, timeoutMs: 500, readRetries: 2, sleep: async () => undefined, ...extra });
}
const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
};

describe('ERPNext client transport', () => {
  it('sends token auth and the site as the Host header', async () => {
    handler = (_req, res) => json(res, 200, { message: 'pong' });
    await expect(client({ siteHost: 'acme.localhost' }).ping()).resolves.toBe(true);
    expect(seen[0]?.host).toBe('acme.localhost');
    expect(seen[0]?.auth).toBe('token k:s');
  });

  it('percent-encodes doctype and names, and sends list params as JSON', async () => {
    handler = (_req, res) => json(res, 200, { data: [] });
    await client().getList('POS Opening Entry', { fields: ['name'], filters: [['user', '=', 'a@b.c']] });
    const url = new URL(seen[0]?.url ?? '', baseUrl);
    expect(url.pathname).toBe('/api/resource/POS%20Opening%20Entry');
    expect(JSON.parse(url.searchParams.get('filters') ?? '')).toEqual([['user', '=', 'a@b.c']]);
    expect(url.searchParams.get('limit_page_length')).toBe('0');
  });

  it('returns null for a document that does not exist', async () => {
    handler = (_req, res) => json(res, 404, { exc_type: 'DoesNotExistError' });
    await expect(client().getDoc('Company', 'Nope')).resolves.toBeNull();
  });

  it('retries a read after a 503 and succeeds', async () => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? json(res, 503, { exc_type: 'SessionStopped' }, { 'Retry-After': '1' }) : json(res, 200, { data: { name: 'X' } }));
    await expect(client().getDoc('Company', 'X')).resolves.toEqual({ name: 'X' });
    expect(seen).toHaveLength(2);
  });

  it('never repeats a write by itself, and calls a dropped write ambiguous', async () => {
    handler = (req) => req.socket.destroy();
    const err = await client().insert('Customer', { customer_name: 'A' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErpNextError);
    expect((err as ErpNextError).code).toBe('ERP_CONNECTION_DROPPED');
    expect((err as ErpNextError).ambiguous).toBe(true);
    expect((err as ErpNextError).retryable).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('gives up on a hung request after the timeout', async () => {
    handler = () => undefined; // never answers
    const err = await client().insert('Customer', { customer_name: 'A' }).catch((e: unknown) => e);
    expect((err as ErpNextError).code).toBe('ERP_TIMEOUT');
    expect((err as ErpNextError).ambiguous).toBe(true);
  });

  it('waits longer for a call made through with({ timeoutMs }) and keeps the other settings', async () => {
    handler = (_req, res) => setTimeout(() => json(res, 200, { message: { status: 'ok' } }), 800);
    const base = client({ siteHost: 'tenant.localhost' });
    const short = await base.callMethod('frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: {} }).catch((e: unknown) => e);
    expect((short as ErpNextError).code).toBe('ERP_TIMEOUT');
    const slow = await base.with({ timeoutMs: 5_000 }).callMethod('frappe.desk.page.setup_wizard.setup_wizard.setup_complete', { args: {} });
    expect(slow).toEqual({ status: 'ok' });
    expect(seen.map((s) => s.host)).toEqual(['tenant.localhost', 'tenant.localhost']);
  });

  it('never sends `modified` in a PUT', async () => {
    handler = (_req, res, body) => json(res, 200, { data: { name: 'Cash', ...JSON.parse(body) } });
    await client().update('Mode of Payment', 'Cash', { accounts: [], modified: '2026-01-01 00:00:00' });
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ accounts: [] });
  });

  it('logs in and then uses the session cookie', async () => {
    handler = (req, res) => {
      if (req.url === '/api/method/login') json(res, 200, { message: 'Logged In' }, { 'Set-Cookie': 'sid=abc123; HttpOnly; Path=/' });
      else json(res, 200, { message: req.headers.cookie });
    };
    const session = await client().login('Administrator', 'pw');
    await expect(session.callMethod('frappe.auth.get_logged_user', {}, 'GET')).resolves.toBe('sid=abc123');
  });

  it('reports a refused connection as unreachable and not ambiguous', async () => {
    const c = createErpNextClient({ baseUrl: 'http://127.0.0.1:1', auth: { type: 'none' }, readRetries: 0 });
    const err = await c.insert('Company', {}).catch((e: unknown) => e);
    expect((err as ErpNextError).code).toBe('ERP_UNREACHABLE');
    expect((err as ErpNextError).ambiguous).toBe(false);
  });
});
