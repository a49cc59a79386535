/**
 * A tiny HTTP client for the simulator's own tests (and other packages' tests that want raw
 * Frappe responses): real HTTP through global fetch, with the site chosen by X-Frappe-Site-Name.
 */
import { request } from 'node:http';
import { startSimulator } from '../simulator';
import type { SimulatorHandle, SimulatorOptions } from '../types';

// Response bodies are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CallOptions {
  /** JSON body (sent with Content-Type: application/json). */
  json?: unknown;
  /** urlencoded form body. */
  form?: Record<string, string>;
  /** Raw body with an explicit content type. */
  raw?: { body: string; contentType: string };
  /** "token" (default key), "none", or a literal Authorization header value. */
  auth?: 'token' | 'none' | { header: string };
  site?: string;
  /** A Host header (sent through node:http, since fetch cannot set Host): how nginx routing picks a site. */
  host?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
  /** `_server_messages` decoded twice. */
  messages: Array<Record<string, unknown>>;
}

export const DEFAULT_AUTH = 'token sim-key:sim-secret';

/** A fetch-like response over node:http, which (unlike fetch) sends the Host header it is given. */
function viaHttp(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) out.append(k, item);
        resolve(new Response(Buffer.concat(chunks).length ? Buffer.concat(chunks) : null, { status: res.statusCode ?? 0, headers: out }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function decodeServerMessages(body: Json): Array<Record<string, unknown>> {
  if (!body || typeof body !== 'object' || typeof body._server_messages !== 'string') return [];
  const outer = JSON.parse(body._server_messages) as string[];
  return outer.map((m) => JSON.parse(m) as Record<string, unknown>);
}

export class TestSim {
  constructor(readonly handle: SimulatorHandle) {}

  get url(): string {
    return this.handle.url;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const auth = options.auth ?? 'token';
    if (auth === 'token') headers.Authorization = DEFAULT_AUTH;
    else if (auth !== 'none') headers.Authorization = auth.header;
    if (options.site) headers['X-Frappe-Site-Name'] = options.site;
    if (options.cookie) headers.Cookie = options.cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.raw) {
      headers['Content-Type'] = options.raw.contentType;
      body = options.raw.body;
    }
    const res = options.host ? await viaHttp(this.url + path, method, { ...headers, Host: options.host }, body) : await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: Json = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed, messages: decodeServerMessages(parsed) };
  }

  get(path: string, options?: CallOptions) {
    return this.call('GET', path, options);
  }

  post(path: string, json?: unknown, options: CallOptions = {}) {
    return this.call('POST', path, { ...options, json });
  }

  put(path: string, json?: unknown, options: CallOptions = {}) {
    return this.call('PUT', path, { ...options, json });
  }

  delete(path: string, options?: CallOptions) {
    return this.call('DELETE', path, options);
  }

  /** `/api/resource/{doctype}[/{name}]` with the name percent-encoded. */
  static resource(doctype: string, name?: string): string {
    return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  /** GET /api/resource list with JSON-encoded params. */
  list(doctype: string, params: Record<string, unknown> = {}, options?: CallOptions) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) query.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const qs = query.toString();
    return this.get(`${TestSim.resource(doctype)}${qs ? `?${qs}` : ''}`, options);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  return new TestSim(await startSimulator({ port: 0, ...options }));
}

/** Minimal valid Company body for the default (wizard-complete, USD) site. */
export function companyBody(name: string, abbr?: string): Record<string, unknown> {
  return { company_name: name, ...(abbr ? { abbr } : {}), default_currency: 'USD', country: 'United States' };
}
