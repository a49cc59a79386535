import { ErpNextError } from './erpnext-error';
import { errorFromResponse } from './frappe-error';
import { retryDelayMs, retryAfterOf, type RetryPolicy } from './retry-policy';
import { sendRequest, type RawResponse } from './http-transport';

/**
 * A typed client for the Frappe v15 REST API (FRAPPE_REST_FACTS §1–§4). Token auth, a per-request
 * timeout through AbortSignal, and every failure turned into an ErpNextError in one place.
 *
 * Reads (GET) are safe to repeat, so the client retries transient read failures itself; writes are
 * never repeated here — only the caller knows how to check whether an ambiguous write landed.
 */
export type ErpAuth =
  | { type: 'token'; apiKey: string; apiSecret: string }
  | { type: 'session'; sid: string }
  | { type: 'none' };

export interface ErpLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ErpNextClientOptions {
  baseUrl: string;
  /** Sent as the Host header: selects the site on a multi-site bench (DNS-based multitenancy). */
  siteHost?: string;
  auth: ErpAuth;
  timeoutMs?: number;
  /**
   * The caller's signal (a step's deadline): every request waits on it and on its own timeout
   * (`AbortSignal.any`). A request it aborts rejects with the signal's reason, never as ERP_TIMEOUT,
   * and reads are not retried after it.
   */
  signal?: AbortSignal;
  /** Retries of a failed GET after the first try. */
  readRetries?: number;
  readRetryPolicy?: RetryPolicy;
  logger?: ErpLogger;
  /** For tests: a deterministic source in [0,1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type FrappeFilterValue = string | number | boolean | null | Array<string | number>;
export type FrappeFilters =
  | Record<string, FrappeFilterValue | [string, FrappeFilterValue]>
  | Array<[string, string, FrappeFilterValue] | [string, string, string, FrappeFilterValue]>;

export interface ListOptions {
  fields?: string[];
  filters?: FrappeFilters;
  orFilters?: FrappeFilters;
  /** 0 = no limit. Frappe's default is 20, so callers that need "all" say so. */
  limit?: number;
  start?: number;
  orderBy?: string;
}

export type FrappeDoc = Record<string, unknown> & { name: string };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ErpNextClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly readRetries: number;
  private readonly readRetryPolicy: RetryPolicy;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ErpNextClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.readRetries = options.readRetries ?? 4;
    this.readRetryPolicy = options.readRetryPolicy ?? { baseDelayMs: 250, maxDelayMs: 5_000 };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * The same client for another site, with other credentials, or with another per-request timeout
   * (`timeoutMs`: for the few calls that legitimately run long, such as the setup wizard), or bound
   * to a caller's `signal`.
   */
  with(overrides: Partial<Pick<ErpNextClientOptions, 'siteHost' | 'auth' | 'timeoutMs' | 'signal'>>): ErpNextClient {
    return new ErpNextClient({ ...this.options, ...overrides });
  }

  private throwIfCallerAborted(): void {
    const signal = this.options.signal;
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('request aborted by the caller');
  }

  get site(): string | undefined {
    return this.options.siteHost;
  }

  // ---- methods (/api/method) -------------------------------------------------------------------

  async ping(): Promise<boolean> {
    const res = await this.callMethod<string>('ping', {}, 'GET');
    return res === 'pong';
  }

  async getLoggedUser(): Promise<string> {
    return this.callMethod<string>('frappe.auth.get_logged_user', {}, 'GET');
  }

  async getVersions(): Promise<Record<string, { version?: string; title?: string }>> {
    return this.callMethod('frappe.utils.change_log.get_versions', {}, 'GET');
  }

  /**
   * Calls a whitelisted method. Returns `message` (undefined when the method returned None, which
   * Frappe signals by leaving the key out).
   */
  async callMethod<T = unknown>(method: string, params: Record<string, unknown> = {}, httpMethod: 'GET' | 'POST' = 'POST'): Promise<T> {
    const path = `/api/method/${method}`;
    if (httpMethod === 'GET') {
      const body = await this.request('GET', path, { query: encodeParams(params) });
      return (body as { message?: T }).message as T;
    }
    const body = await this.request('POST', path, { json: params });
    return (body as { message?: T }).message as T;
  }

  /** Logs in with a user's password and returns a client on that cookie session. */
  async login(usr: string, pwd: string): Promise<ErpNextClient> {
    const { headers } = await this.requestRaw('POST', '/api/method/login', { json: { usr, pwd } }, { type: 'none' });
    const raw = headers['set-cookie'];
    const cookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const sid = cookies.map((c) => /(?:^|;\s*)sid=([^;]+)/.exec(c)?.[1]).find((v) => v && v !== 'Guest');
    if (!sid) {
      throw new ErpNextError({ code: 'ERP_AUTH_FAILED', message: 'login answered without a session cookie', method: 'POST', path: '/api/method/login' });
    }
    return this.with({ auth: { type: 'session', sid } });
  }

  // ---- resources (/api/resource) ---------------------------------------------------------------

  async getDoc<T extends FrappeDoc = FrappeDoc>(doctype: string, name: string): Promise<T | null> {
    try {
      const body = await this.request('GET', resourcePath(doctype, name));
      return (body as { data: T }).data;
    } catch (err) {
      if (err instanceof ErpNextError && err.code === 'ERP_NOT_FOUND') return null;
      throw err;
    }
  }

  async getSingle<T extends Record<string, unknown> = Record<string, unknown>>(doctype: string): Promise<T> {
    const body = await this.request('GET', resourcePath(doctype, doctype));
    return (body as { data: T }).data;
  }

  async getList<T extends Record<string, unknown> = FrappeDoc>(doctype: string, opts: ListOptions = {}): Promise<T[]> {
    const query: Record<string, string> = {
      fields: JSON.stringify(opts.fields ?? ['name']),
      limit_page_length: String(opts.limit ?? 0),
    };
    if (opts.filters) query.filters = JSON.stringify(opts.filters);
    if (opts.orFilters) query.or_filters = JSON.stringify(opts.orFilters);
    if (opts.start) query.limit_start = String(opts.start);
    if (opts.orderBy) query.order_by = opts.orderBy;
    const body = await this.request('GET', resourcePath(doctype), { query });
    return (body as { data: T[] }).data;
  }

  async insert<T extends FrappeDoc = FrappeDoc>(doctype: string, doc: Record<string, unknown>): Promise<T> {
    const body = await this.request('POST', resourcePath(doctype), { json: doc });
    return (body as { data: T }).data;
  }

  /** MUST NOT carry `modified`: a stale one makes Frappe answer TimestampMismatchError. */
  async update<T extends FrappeDoc = FrappeDoc>(doctype: string, name: string, changes: Record<string, unknown>): Promise<T> {
    const { modified: _dropped, ...rest } = changes;
    const body = await this.request('PUT', resourcePath(doctype, name), { json: rest });
    return (body as { data: T }).data;
  }

  async delete(doctype: string, name: string): Promise<void> {
    await this.request('DELETE', resourcePath(doctype, name));
  }

  // ---- transport -------------------------------------------------------------------------------

  private async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    payload: { query?: Record<string, string>; json?: unknown } = {},
  ): Promise<unknown> {
    const tries = method === 'GET' ? this.readRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const { body } = await this.requestRaw(method, path, payload, this.options.auth);
        return body;
      } catch (err) {
        if (!(err instanceof ErpNextError) || !err.retryable || attempt >= tries) throw err;
        const delay = retryDelayMs({ attempt, policy: this.readRetryPolicy, retryAfterMs: retryAfterOf(err), random: this.random() });
        this.options.logger?.debug({ code: err.code, path, attempt, delay }, 'erpnext read retry');
        await this.sleep(delay);
        this.throwIfCallerAborted();
      }
    }
  }

  private async requestRaw(
    method: string,
    path: string,
    payload: { query?: Record<string, string>; json?: unknown },
    auth: ErpAuth,
  ): Promise<{ body: unknown; headers: RawResponse['headers'] }> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(payload.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.options.siteHost) headers.Host = this.options.siteHost;
    if (auth.type === 'token') headers.Authorization = `token ${auth.apiKey}:${auth.apiSecret}`;
    if (auth.type === 'session') headers.Cookie = `sid=${auth.sid}`;
    let bodyText: string | undefined;
    if (payload.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      bodyText = JSON.stringify(payload.json);
    }
    const displayPath = url.pathname;
    this.throwIfCallerAborted();
    const caller = this.options.signal;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: RawResponse;
    try {
      res = await sendRequest({
        method,
        url,
        headers,
        ...(bodyText !== undefined ? { body: bodyText } : {}),
        signal: caller ? AbortSignal.any([caller, timeout]) : timeout,
      });
    } catch (err) {
      // Aborted by the caller (the deadline), not by our per-request timeout: say so.
      this.throwIfCallerAborted();
      throw transportError(err, method, displayPath, this.timeoutMs);
    }
    const text = res.bodyText;
    if (res.status < 200 || res.status >= 300) {
      const retryAfter = res.headers['retry-after'];
      throw errorFromResponse({ status: res.status, bodyText: text, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, method, path: displayPath });
    }
    try {
      return { body: text.length ? JSON.parse(text) : {}, headers: res.headers };
    } catch {
      throw new ErpNextError({
        code: 'ERP_BAD_RESPONSE',
        message: `${method} ${displayPath}: HTTP ${res.status} with a body that is not JSON`,
        status: res.status,
        ambiguous: method !== 'GET',
        method,
        path: displayPath,
      });
    }
  }
}

/** Node's fetch (undici) reports refused connections, resets and aborts with these shapes. */
function transportError(err: unknown, method: string, path: string, timeoutMs: number): ErpNextError {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const write = method !== 'GET';
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new ErpNextError({ code: 'ERP_TIMEOUT', message: `${method} ${path}: no answer within ${timeoutMs} ms`, ambiguous: write, method, path, cause: err });
  }
  const code = e?.cause?.code ?? e?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
    return new ErpNextError({ code: 'ERP_UNREACHABLE', message: `${method} ${path}: cannot connect (${code})`, ambiguous: false, method, path, cause: err });
  }
  return new ErpNextError({
    code: 'ERP_CONNECTION_DROPPED',
    message: `${method} ${path}: connection closed before a complete answer (${code ?? e?.name ?? 'unknown'})`,
    ambiguous: write,
    method,
    path,
    cause: err,
  });
}

function resourcePath(doctype: string, name?: string): string {
  const base = `/api/resource/${encodeURIComponent(doctype)}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

function encodeParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export function createErpNextClient(options: ErpNextClientOptions): ErpNextClient {
  return new ErpNextClient(options);
}
