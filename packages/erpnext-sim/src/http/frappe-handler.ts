/**
 * One request to a site, as a Frappe worker behind nginx would answer it: site by
 * X-Frappe-Site-Name or Host, faults (for /api paths), maintenance, form dict, session + auth,
 * the route, then the response envelope. Each request is one transaction: committed on success,
 * rolled back on any error. Requests run concurrently: a timed operation (Company insert, setup
 * wizard, Company delete) waits without blocking others, then applies atomically.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseApiRoute, decodePath, routeIsWrite, runApiRoute, type ApiRoute } from '../frappe/api-v1';
import { validateAuth } from '../frappe/auth';
import { FrappeError } from '../frappe/exceptions';
import { RequestContext } from '../frappe/request-context';
import { encodeServerMessages } from '../frappe/server-messages';
import { resumeSession } from '../frappe/sessions';
import { decideFault, type FaultDecision } from '../faults';
import { isWriteMethod, resolveMethod } from '../methods';
import type { BackgroundJob } from '../model/meta';
import type { Site } from '../sites/site';
import type { RequestLogEntry } from '../types';
import { makeFormDict, readBody } from './request-body';
import { NGINX_502, sendJson, sendText, werkzeugPage, type Headers } from './respond';
import type { SimulatorState } from './simulator-state';
import { TimeNeeded } from './timed-requests';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseCookies(cookieHeader: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep raw */
    }
    if (key && !(key in out)) out[key] = value;
  }
  return out;
}

function retryAfter(state: SimulatorState): string {
  return String(state.faults().retryAfterSeconds ?? 1);
}

function describeRoute(entry: RequestLogEntry, route: ApiRoute | undefined): void {
  if (!route) return;
  if (route.kind === 'method') entry.cmd = route.cmd;
  if ('doctype' in route) entry.doctype = route.doctype;
  if ('name' in route) entry.name = route.name;
}

/** Sends a fault that replaces the request entirely; returns false for faults applied later. */
function sendFault(state: SimulatorState, decision: FaultDecision, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): boolean {
  const kind = decision.kind;
  if (!kind || kind === 'commitThenFail') return false;
  entry.fault = kind;
  switch (kind) {
    case 'hang':
      entry.status = 0;
      state.hang(req.socket, state.faults().hangMs ?? 60_000);
      return true;
    case 'drop':
      entry.status = 0;
      req.socket.destroy();
      return true;
    case 'serverError':
      if (decision.variant < 0.5) {
        entry.status = 502;
        sendText(res, 502, NGINX_502);
      } else {
        entry.status = 500;
        sendJson(res, 500, { exc_type: 'InterfaceError' });
      }
      return true;
    case 'rateLimit': {
      entry.status = 429;
      const seconds = retryAfter(state);
      sendJson(res, 429, { exc_type: 'TooManyRequestsError' }, {
        'Retry-After': seconds,
        'X-RateLimit-Limit': '600000000',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': seconds,
      });
      return true;
    }
    case 'deadlock':
      entry.status = 500;
      sendJson(res, 500, { exc_type: 'QueryDeadlockError' });
      return true;
    case 'maintenance':
      entry.status = 503;
      sendJson(res, 503, { exc_type: 'SessionStopped' }, { 'Retry-After': retryAfter(state) });
      return true;
  }
}

interface Built {
  status: number;
  body?: Record<string, unknown>;
  html?: string;
  headers: Headers;
  committed: boolean;
}

function errorResponse(ctx: RequestContext, error: unknown): Built {
  const headers: Headers = {};
  if (ctx.setCookies.length) headers['Set-Cookie'] = ctx.setCookies;
  if (error instanceof FrappeError && error.excType === 'MethodNotAllowed') {
    return { status: 405, html: werkzeugPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'), headers, committed: false };
  }
  if (error instanceof FrappeError && error.excType === 'NotFound') {
    return {
      status: 404,
      html: werkzeugPage(404, 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'),
      headers,
      committed: false,
    };
  }
  const status = error instanceof FrappeError ? error.httpStatus : 500;
  const excType = error instanceof FrappeError ? error.excType : error instanceof Error ? error.name || 'Exception' : 'Exception';
  const body: Record<string, unknown> = { ...ctx.response, exc_type: excType };
  if (ctx.messages.length) body._server_messages = encodeServerMessages(ctx.messages);
  if (ctx.errorMessage) body._error_message = ctx.errorMessage;
  return { status, body, headers, committed: false };
}

/** One pass over the request in one transaction: a response, or the time it must wait first. */
function runPass(site: Site, ctx: RequestContext, route: ApiRoute, req: IncomingMessage, url: URL, raw: string): Built | TimeNeeded {
  const method = (req.method ?? 'GET').toUpperCase();
  site.store.begin();
  try {
    const formDict = makeFormDict(ctx, header(req, 'content-type'), url.searchParams, raw);
    resumeSession(ctx, parseCookies(header(req, 'cookie')).sid);
    validateAuth(ctx, header(req, 'authorization'));
    const resolution = route.kind === 'method' && route.cmd !== 'login' ? resolveMethod(ctx, route.cmd) : undefined;
    const result = runApiRoute(ctx, route, { method, formDict, rawBody: raw }, resolution);
    site.store.commit();
    const body: Record<string, unknown> = { ...ctx.response };
    if (result.key) body[result.key] = result.value;
    if (ctx.messages.length) body._server_messages = encodeServerMessages(ctx.messages);
    const headers: Headers = {};
    if (ctx.setCookies.length) headers['Set-Cookie'] = ctx.setCookies;
    return { status: result.status, body, headers, committed: true };
  } catch (error) {
    site.store.rollback();
    if (error instanceof TimeNeeded) return error;
    return errorResponse(ctx, error);
  }
}

/**
 * The request as a Frappe worker runs it: one transaction, whose snapshot is taken when processing
 * starts. A timed operation (http/timed-requests.ts) makes it wait and run again on that snapshot.
 */
async function processApiRequest(state: SimulatorState, site: Site, route: ApiRoute, req: IncomingMessage, url: URL, raw: string): Promise<Built> {
  const run = state.activity.startRequest(site);
  let built: Built | undefined;
  try {
    for (;;) {
      const ctx = new RequestContext(site, 'Guest');
      const jobs: BackgroundJob[] = [];
      ctx.snapshotSeq = run.snapshotSeq;
      ctx.spendTime = (op, subject) => run.spend(op, subject);
      ctx.enqueue = (job) => jobs.push(job);
      const pass = runPass(site, ctx, route, req, url, raw);
      if (pass instanceof TimeNeeded) {
        await run.wait(pass);
        continue;
      }
      built = pass;
      if (built.committed) for (const job of jobs) state.activity.enqueue(site, job, ctx.user);
      return built;
    }
  } finally {
    run.end(built?.status ?? 0, built?.committed ?? false);
  }
}

export async function handleSiteRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = decodePath(url.pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  const named = header(req, 'x-frappe-site-name');
  const host = (header(req, 'host') ?? '').replace(/:\d+$/, '').toLowerCase();
  const site = named ? state.registry.get(named) : (state.registry.get(host) ?? state.registry.defaultSite);
  const entry: RequestLogEntry = { at: new Date().toISOString(), site: site?.name ?? named ?? host, method, path, status: 0 };
  const isApi = path === '/api' || path.startsWith('/api/');
  const route = isApi ? parseApiRoute(method, path) : undefined;
  describeRoute(entry, route);
  state.record(entry);
  try {
    await answer(state, req, res, { url, path, site, route, entry, named, host });
  } finally {
    // A hung request has not ended; its socket is held until hangMs or close().
    if (entry.fault !== 'hang') entry.endedAt = new Date().toISOString();
  }
}

interface Incoming {
  url: URL;
  path: string;
  site: Site | undefined;
  route: ApiRoute | undefined;
  entry: RequestLogEntry;
  named: string | undefined;
  host: string;
}

async function answer(state: SimulatorState, req: IncomingMessage, res: ServerResponse, incoming: Incoming): Promise<void> {
  const { url, path, site, route, entry, named, host } = incoming;
  if (!site) {
    entry.status = 404;
    sendText(res, 404, werkzeugPage(404, 'Not Found', `${named ?? host} does not exist`));
    return;
  }
  let decision: FaultDecision = { latencyMs: 0, kind: undefined, variant: 0 };
  if (route) {
    decision = decideFault(state.faults(), state.prng(), { path, isWrite: routeIsWrite(route, isWriteMethod) });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (sendFault(state, decision, req, res, entry)) return;
  }
  if (site.maintenance) {
    entry.status = 503;
    sendJson(res, 503, { exc_type: 'SessionStopped' }, { 'Retry-After': retryAfter(state) });
    return;
  }
  if (!route) {
    entry.status = 404;
    sendText(res, 404, werkzeugPage(404, 'Not Found', 'The requested URL was not found on the server.'));
    return;
  }
  let raw: string;
  try {
    raw = (await readBody(req)).toString('utf8');
  } catch {
    entry.status = 413;
    sendText(res, 413, werkzeugPage(413, 'Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.'));
    return;
  }
  const built = await processApiRequest(state, site, route, req, url, raw);
  if (decision.kind === 'commitThenFail' && built.committed) {
    entry.fault = 'commitThenFail';
    if (decision.variant < 0.5) {
      entry.status = 500;
      sendJson(res, 500, { exc_type: 'InterfaceError' });
    } else {
      entry.status = 0;
      req.socket.destroy();
    }
    return;
  }
  entry.status = built.status;
  if (built.html !== undefined) sendText(res, built.status, built.html, 'text/html; charset=utf-8', built.headers);
  else sendJson(res, built.status, built.body ?? {}, built.headers);
}
