/**
 * frappe/api/__init__.py + frappe/api/v1.py: `/api/...` and `/api/v1/...` are the same routes,
 * trailing slashes optional, `{name}` a path converter (may contain "/"). An unmatched /api path is
 * DoesNotExistError (404, no message); a matched path with the wrong verb is werkzeug's 405.
 */
import { getList } from '../methods';
import { login } from './auth';
import { executeMethod, resolveMethod, type Resolution } from '../methods/method-registry';
import type { Doc } from '../model/doc';
import { checkDocPermission, deleteDoc, getDoc, insertDoc, requireMeta, serializeDoc, updateDoc } from '../model/document-engine';
import { FrappeError, pythonError } from './exceptions';
import type { DocContext } from '../model/meta';
import { rethrowDoesNotExist } from '../model/permissions';

export type ApiRoute =
  | { kind: 'method'; cmd: string }
  | { kind: 'list'; doctype: string }
  | { kind: 'create'; doctype: string }
  | { kind: 'read' | 'update' | 'delete' | 'docMethod'; doctype: string; name: string }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed'; allow: string[] };

/** Percent-decodes a path like werkzeug does for PATH_INFO (invalid escapes stay as they are). */
export function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : m;
    });
  }
}

/** Matches a decoded path that starts with "/api". */
export function parseApiRoute(method: string, path: string): ApiRoute {
  let rest = path.slice('/api'.length);
  if (rest === '/v1' || rest.startsWith('/v1/')) rest = rest.slice('/v1'.length);
  if (rest.startsWith('/method/')) {
    const cmd = rest.slice('/method/'.length).replace(/\/$/, '');
    return cmd ? { kind: 'method', cmd } : { kind: 'notFound' };
  }
  if (!rest.startsWith('/resource/')) return { kind: 'notFound' };
  const tail = rest.slice('/resource/'.length).replace(/\/$/, '');
  const slash = tail.indexOf('/');
  const doctype = slash === -1 ? tail : tail.slice(0, slash);
  const name = slash === -1 ? '' : tail.slice(slash + 1);
  if (!doctype) return { kind: 'notFound' };
  if (!name) {
    if (method === 'GET' || method === 'HEAD') return { kind: 'list', doctype };
    if (method === 'POST') return { kind: 'create', doctype };
    return { kind: 'methodNotAllowed', allow: ['GET', 'HEAD', 'POST'] };
  }
  if (method === 'GET' || method === 'HEAD') return { kind: 'read', doctype, name };
  if (method === 'PUT') return { kind: 'update', doctype, name };
  if (method === 'DELETE') return { kind: 'delete', doctype, name };
  if (method === 'POST') return { kind: 'docMethod', doctype, name };
  return { kind: 'methodNotAllowed', allow: ['DELETE', 'GET', 'HEAD', 'POST', 'PUT'] };
}

/** True when a route writes (resource POST/PUT/DELETE, login excluded, whitelisted writes). */
export function routeIsWrite(route: ApiRoute, isWriteMethod: (cmd: string) => boolean): boolean {
  if (route.kind === 'create' || route.kind === 'update' || route.kind === 'delete') return true;
  return route.kind === 'method' && isWriteMethod(route.cmd);
}

export interface ApiInput {
  method: string;
  formDict: Record<string, unknown>;
  rawBody: string;
}

export interface ApiResult {
  status: number;
  /** Response key for the value (`data` for resources, `message` for methods); omitted for None. */
  key?: 'data' | 'message';
  value?: unknown;
}

/** `get_request_form_data`: the `data` field (JSON) when present, else the raw body as JSON, else the form. */
function requestFormData(input: ApiInput): Doc {
  let data: unknown = input.formDict.data;
  if (data === undefined || data === null) data = input.rawBody;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return { ...input.formDict };
    }
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) return data as Doc;
  if (data === null || data === undefined) return { ...input.formDict };
  throw pythonError('AttributeError', `'${Array.isArray(data) ? 'list' : typeof data}' object has no attribute 'pop'`);
}

export function runApiRoute(ctx: DocContext, route: ApiRoute, input: ApiInput, resolution?: Resolution): ApiResult {
  try {
    return dispatch(ctx, route, input, resolution);
  } catch (error) {
    // app.handle_exception is wrapped in handle_does_not_exist_error.
    return rethrowDoesNotExist(ctx, error);
  }
}

function dispatch(ctx: DocContext, route: ApiRoute, input: ApiInput, resolution?: Resolution): ApiResult {
  switch (route.kind) {
    case 'notFound':
      throw new FrappeError('DoesNotExistError');
    case 'methodNotAllowed':
      throw new FrappeError('MethodNotAllowed', '', 405);
    case 'method': {
      if (route.cmd === 'login') {
        login(ctx, input.formDict.usr, input.formDict.pwd);
        return { status: 200 };
      }
      const value = executeMethod(ctx, resolution ?? resolveMethod(ctx, route.cmd), input.method, input.formDict);
      return value === undefined ? { status: 200 } : { status: 200, key: 'message', value };
    }
    case 'list': {
      const args: Record<string, unknown> = { ...input.formDict };
      if (args.fields) {
        if (typeof args.fields === 'string') {
          try {
            args.fields = JSON.parse(args.fields);
          } catch {
            throw pythonError('JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)');
          }
        }
      }
      if (!('limit_page_length' in args)) args.limit_page_length = args.limit || 20;
      return { status: 200, key: 'data', value: getList(ctx, { ...args, doctype: route.doctype }) };
    }
    case 'create': {
      const data = requestFormData(input);
      delete data.doctype;
      const doc = insertDoc(ctx, { ...data, doctype: requireMeta(ctx, route.doctype).name });
      return { status: 200, key: 'data', value: serializeDoc(ctx, doc) };
    }
    case 'read': {
      // read_doc: get_doc, then doc.check_permission("read"). A missing document of a doctype the
      // user cannot read answers 403, not 404 (handle_does_not_exist_error, above).
      const meta = requireMeta(ctx, route.doctype);
      const doc = getDoc(ctx, meta.name, route.name);
      checkDocPermission(ctx, meta, 'read', doc.name);
      return { status: 200, key: 'data', value: serializeDoc(ctx, doc) };
    }
    case 'update': {
      const data = requestFormData(input);
      const doc = updateDoc(ctx, route.doctype, route.name, data);
      return { status: 200, key: 'data', value: serializeDoc(ctx, doc) };
    }
    case 'delete':
      deleteDoc(ctx, route.doctype, route.name);
      return { status: 202, key: 'data', value: 'ok' };
    case 'docMethod': {
      const method = input.formDict.run_method ?? input.formDict.method;
      const doc = getDoc(ctx, requireMeta(ctx, route.doctype).name, route.name);
      void doc;
      throw new FrappeError('NotFound', `Method ${String(method)} not found`, 404);
    }
  }
}
