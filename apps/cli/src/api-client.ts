import type { ApiTarget } from './config';
import type { Envelope, ErrorBody } from './api-types';
import { EXIT, type ExitCode } from './exit-codes';

/**
 * A thin client of the SPEC §3 envelope. A request either yields the API's envelope (success or a
 * refusal the API chose to send) or throws ApiUnavailableError when there is no API answer to show:
 * connection refused, timeout, or a body that is not the envelope (a proxy page, a wrong port).
 */
export class ApiUnavailableError extends Error {
  constructor(
    readonly code: 'API_UNREACHABLE' | 'API_TIMEOUT' | 'API_BAD_RESPONSE',
    message: string,
  ) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

export interface ApiResponse<T> {
  status: number;
  envelope: Envelope<T>;
}

export interface ApiClient {
  readonly baseUrl: string;
  readonly token: string;
  request<T>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** Opens a Server-Sent Events stream; the caller reads `body`. Non-2xx answers are returned as envelopes. */
  stream(path: string, options: { lastEventId?: number; signal?: AbortSignal }): Promise<{ status: number; body: ReadableStream<Uint8Array> | null; envelope?: Envelope<never> }>;
}

function describeFetchError(baseUrl: string, err: unknown): ApiUnavailableError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if ((err as { name?: string })?.name === 'TimeoutError') return new ApiUnavailableError('API_TIMEOUT', `The API at ${baseUrl} did not answer in time`);
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new ApiUnavailableError('API_UNREACHABLE', `Cannot reach the API at ${baseUrl} (${why}); set PROVISION_API_URL or --api-url`);
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { success?: unknown; error?: { code?: unknown } };
  return v.success === true || (v.success === false && typeof v.error?.code === 'string');
}

export function createApiClient(target: ApiTarget, options: { timeoutMs?: number } = {}): ApiClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    Accept: 'application/json',
    'User-Agent': 'provision-cli',
    ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}),
    ...extra,
  });

  return {
    baseUrl: target.baseUrl,
    token: target.token,
    async request<T>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
      let res: Response;
      try {
        res = await fetch(target.baseUrl + path, {
          method,
          headers: headers({ ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers }),
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw describeFetchError(target.baseUrl, err);
      }
      const text = await res.text();
      const parsed = parseJson(text);
      if (!isEnvelope(parsed)) {
        throw new ApiUnavailableError(
          'API_BAD_RESPONSE',
          `${method} ${target.baseUrl}${path} answered ${res.status} with something that is not the provisioner API's JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…)`,
        );
      }
      return { status: res.status, envelope: parsed as Envelope<T> };
    },
    async stream(path, opts) {
      let res: Response;
      try {
        res = await fetch(target.baseUrl + path, {
          headers: headers({ Accept: 'text/event-stream', ...(opts.lastEventId !== undefined ? { 'Last-Event-ID': String(opts.lastEventId) } : {}) }),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } catch (err) {
        throw describeFetchError(target.baseUrl, err);
      }
      if (res.ok && (res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return { status: res.status, body: res.body };
      const text = await res.text();
      const parsed = parseJson(text);
      if (!isEnvelope(parsed)) throw new ApiUnavailableError('API_BAD_RESPONSE', `GET ${target.baseUrl}${path} answered ${res.status} without an event stream`);
      return { status: res.status, body: null, envelope: parsed as Envelope<never> };
    },
  };
}

/** 401/403 and 5xx mean "the API cannot be used as configured" (3); any other refusal is the command failing (1). */
export function exitCodeForRefusal(status: number): ExitCode {
  if (status === 401 || status === 403 || status >= 500) return EXIT.API_UNAVAILABLE;
  return EXIT.FAILED;
}

/** A line of advice for refusals an operator can act on from the command line. */
export function adviceFor(status: number, error: ErrorBody): string | null {
  if (status === 401) return 'Check the token: --token, PROVISION_API_TOKEN, or the first of API_TOKENS must be one the API was started with.';
  if (error.code === 'INVALID_STATE') return 'continue and retry need a Failed or Partial company; `npx provision status ID` shows where it is.';
  return null;
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML page, an empty body). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
