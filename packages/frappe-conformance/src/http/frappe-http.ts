import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { CookieJar } from './cookie-jar';

/**
 * A tiny HTTP client for Frappe's `/api` on node:http/https. Not fetch: the Fetch standard forbids
 * setting `Host` (Node's fetch silently replaces it), and a multi-site bench picks the site by Host
 * (nginx in DNS-multitenant mode) or `X-Frappe-Site-Name`. Every request opens its own connection,
 * so two requests started together really are in flight together (the Company-insert race needs
 * that) and nothing keeps the process alive afterwards.
 */
export type Auth = { kind: 'none' } | { kind: 'token'; key: string; secret: string } | { kind: 'header'; value: string };

export interface FrappeHttpOptions {
  baseUrl: string;
  /** Sent as both `Host` and `X-Frappe-Site-Name`. */
  site?: string;
  auth: Auth;
  /** Per request; a Company delete takes seconds on a real site. Default 120 s. */
  timeoutMs?: number;
  /** Keep `Set-Cookie` values and send them back (login sessions). Default false. */
  keepCookies?: boolean;
}

export interface RequestOptions {
  /** Query parameters; non-strings are JSON-encoded, as Frappe's list params expect. */
  query?: Record<string, unknown>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Overrides the client's Authorization for this request only. */
  auth?: Auth;
}

export interface FrappeResponse {
  method: string;
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** `performance.now()` when the request was sent and when the response had fully arrived. */
  startedAt: number;
  endedAt: number;
  ms: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export function authorizationHeader(auth: Auth): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'token':
      return `token ${auth.key}:${auth.secret}`;
    case 'header':
      return auth.value;
  }
}

/** `/api/resource/{doctype}[/{name}]`, each part percent-encoded (names may hold spaces, `/` or `#`). */
export function resourcePath(doctype: string, name?: string): string {
  return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

export function methodPath(cmd: string): string {
  return `/api/method/${cmd}`;
}

export class FrappeHttp {
  readonly cookies = new CookieJar();
  private readonly base: URL;

  constructor(private readonly options: FrappeHttpOptions) {
    this.base = new URL(options.baseUrl);
  }

  /** A client for the same site with other credentials and its own cookie jar. */
  with(auth: Auth, extra: { keepCookies?: boolean } = {}): FrappeHttp {
    return new FrappeHttp({ ...this.options, auth, keepCookies: extra.keepCookies ?? false });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get(path: string, query?: Record<string, unknown>, options: RequestOptions = {}): Promise<FrappeResponse> {
    return this.request('GET', path, { ...options, ...(query ? { query } : {}) });
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<FrappeResponse> {
    return this.request('POST', path, { ...options, ...(json === undefined ? {} : { json }) });
  }

  put(path: string, json?: unknown, options: RequestOptions = {}): Promise<FrappeResponse> {
    return this.request('PUT', path, { ...options, ...(json === undefined ? {} : { json }) });
  }

  delete(path: string, options: RequestOptions = {}): Promise<FrappeResponse> {
    return this.request('DELETE', path, options);
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<FrappeResponse> {
    // Frappe's routes sit at the site's root: the base URL's own path, if any, is not kept.
    const url = new URL(path, this.base.origin);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const headers: Record<string, string | number> = { Accept: 'application/json', ...(options.headers ?? {}) };
    const authorization = authorizationHeader(options.auth ?? this.options.auth);
    if (authorization) headers.Authorization = authorization;
    if (this.options.site) {
      headers.Host = this.options.site;
      headers['X-Frappe-Site-Name'] = this.options.site;
    }
    const cookie = this.options.keepCookies ? this.cookies.header() : undefined;
    if (cookie) headers.Cookie = cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const label = `${method} ${url.pathname}`;

    return new Promise<FrappeResponse>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const startedAt = performance.now();
      const req = lib.request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(new Error(`${label}: ${error.message}`)));
        res.on('end', () => {
          const endedAt = performance.now();
          const text = Buffer.concat(chunks).toString('utf8');
          const setCookie = res.headers['set-cookie'];
          if (this.options.keepCookies) this.cookies.store(setCookie);
          resolve({ method, path: url.pathname + url.search, status: res.statusCode ?? 0, headers: res.headers, text, body: parseJson(text), startedAt, endedAt, ms: Math.round(endedAt - startedAt) });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => reject(new Error(`${label}: ${error.message}`)));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
