import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { getCompany, lastEventId, listEvents, type CompanyRow, type Database, type EventRow } from '@provisioner/db';
import { isTerminalStatus } from '../companies/company-view';
import { ApiError } from '../http';
import type { EventHub } from './event-hub';

export const HEARTBEAT_MS = 15_000;

/** What one kind of stream (operator or public) sends: the snapshot, and each event row. */
export interface StreamRenderer {
  snapshot(company: CompanyRow): Promise<unknown>;
  /** Called once per batch with the company as read just before the batch's rows. */
  /** Prepares the rendering of a batch of rows (it may look up what they refer to, once). */
  batch(company: CompanyRow, rows: readonly EventRow[]): Promise<(row: EventRow) => unknown>;
}

export interface StreamLimits {
  /** Open streams of one company (operator and public together); one more is 429. */
  perCompany: number;
  /** Open streams of this process; one more is 503. */
  total: number;
}

/** How long a refused stream is told to wait: streams end on a terminal status, or their client leaves. */
const STREAM_RETRY_AFTER_S = 10;

/**
 * Open SSE streams, so shutdown can end them (a server does not close while they are open), and the
 * caps on them. Each stream costs a socket, a heartbeat timer and, when its company has news, a few
 * short queries on the shared pool (it holds no connection in between; LISTEN is one connection for
 * the whole process): the caps bound that cost.
 */
export class StreamRegistry {
  private readonly open = new Map<() => void, string>();
  private readonly perCompany = new Map<string, number>();

  constructor(private readonly limits: StreamLimits = { perCompany: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY }) {}

  /** Registers a stream, or throws the ApiError to answer (429 / 503 TOO_MANY_STREAMS) when a cap is reached. */
  add(companyId: string, close: () => void): () => void {
    const ofCompany = this.perCompany.get(companyId) ?? 0;
    if (ofCompany >= this.limits.perCompany) {
      throw new ApiError(
        429,
        'TOO_MANY_STREAMS',
        `Company ${companyId} already has ${ofCompany} live event streams open, the most allowed; close one or retry in ${STREAM_RETRY_AFTER_S}s`,
        { retry_after_s: STREAM_RETRY_AFTER_S, limit: this.limits.perCompany },
        { 'Retry-After': String(STREAM_RETRY_AFTER_S) },
      );
    }
    if (this.open.size >= this.limits.total) {
      throw new ApiError(
        503,
        'TOO_MANY_STREAMS',
        `The server has the most live event streams it allows open; retry in ${STREAM_RETRY_AFTER_S}s`,
        { retry_after_s: STREAM_RETRY_AFTER_S },
        { 'Retry-After': String(STREAM_RETRY_AFTER_S) },
      );
    }
    this.open.set(close, companyId);
    this.perCompany.set(companyId, ofCompany + 1);
    return () => this.remove(close);
  }

  closeAll(): void {
    for (const close of [...this.open.keys()]) close();
    this.open.clear();
    this.perCompany.clear();
  }

  get size(): number {
    return this.open.size;
  }

  countFor(companyId: string): number {
    return this.perCompany.get(companyId) ?? 0;
  }

  private remove(close: () => void): void {
    const companyId = this.open.get(close);
    if (companyId === undefined) return;
    this.open.delete(close);
    const left = (this.perCompany.get(companyId) ?? 1) - 1;
    if (left > 0) this.perCompany.set(companyId, left);
    else this.perCompany.delete(companyId);
  }
}

export interface CompanyStreamDeps {
  db: Database;
  hub: EventHub;
  registry: StreamRegistry;
  logger: Logger;
  heartbeatMs?: number;
}

function parseLastEventId(req: Request): number | null {
  const raw = req.headers['last-event-id'];
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

function frame(fields: { id?: number; event?: string; data: unknown }): string {
  let out = '';
  if (fields.id !== undefined) out += `id: ${fields.id}\n`;
  if (fields.event) out += `event: ${fields.event}\n`;
  // JSON.stringify never emits a raw newline, so one data line always suffices.
  return `${out}data: ${JSON.stringify(fields.data)}\n\n`;
}

/**
 * Serves one company's Server-Sent Events: `snapshot` first, then every event row appended after it
 * (from any process: the worker writes them, Postgres NOTIFY wakes us), each with `id:` = the event
 * id so a reconnecting client resumes with Last-Event-ID. The stream ends once the company is seen in
 * a terminal status (right after the snapshot if it already is).
 *
 * Returns false, having written nothing, when the company does not exist (the caller answers 404).
 *
 * Ordering contract: LISTEN is active before the last event id is read, and that id is read before
 * the snapshot, so every event committed after the snapshot's id is either announced to us or found
 * by the first read. Within a batch the company row is read AFTER the event rows (so the status sent
 * with them is never older than they are); when it says terminal, the rows are read once more before
 * the stream ends: the worker commits a status change and its event together, so that read holds it.
 */
export async function serveCompanyStream(
  req: Request,
  res: Response,
  companyId: string,
  renderer: StreamRenderer,
  deps: CompanyStreamDeps,
): Promise<boolean> {
  const log = deps.logger.child({ companyId, stream: 'sse' });
  let closed = false;
  let pumping = false;
  let again = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastSent = 0;
  // Notifications before the snapshot is written are ignored: the first pump after it reads every row.
  let started = false;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    unregister();
    if (!res.writableEnded) res.end();
  };

  const write = (chunk: string) => {
    if (!closed && !res.writableEnded && !res.destroyed) res.write(chunk);
  };

  const pump = async (): Promise<void> => {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const rows = await listEvents(deps.db, companyId, lastSent);
        // Read after the rows, so the status/progress sent with them is at least as new as they are.
        const company = await getCompany(deps.db, companyId);
        if (closed) return;
        if (!company) {
          close();
          return;
        }
        const send = async (batch: EventRow[]) => {
          if (batch.length === 0) return;
          const render = await renderer.batch(company, batch);
          for (const row of batch) {
            write(frame({ id: row.id, event: row.type, data: render(row) }));
            lastSent = row.id;
          }
        };
        await send(rows);
        if (isTerminalStatus(company.status)) {
          // The terminal status and its event were committed together before the company read
          // above, so this last read holds that event if the first one missed it.
          await send(await listEvents(deps.db, companyId, lastSent));
          close();
          return;
        }
      } while (again && !closed);
    } catch (err) {
      log.error({ err }, 'sse: reading events failed; ending the stream (the client reconnects with Last-Event-ID)');
      close();
    } finally {
      pumping = false;
    }
  };

  // First, so a stream over the caps is refused before it subscribes to anything.
  const unregister = deps.registry.add(companyId, close);
  const unsubscribe = deps.hub.subscribe(companyId, () => {
    if (started) void pump();
  });
  try {
    try {
      await deps.hub.ready();
    } catch {
      throw new ApiError(503, 'EVENTS_UNAVAILABLE', 'Live events are unavailable right now; retry shortly');
    }
    const resumeFrom = parseLastEventId(req);
    lastSent = resumeFrom ?? (await lastEventId(deps.db, companyId));
    const company = await getCompany(deps.db, companyId);
    if (!company) {
      closed = true;
      unsubscribe();
      unregister();
      return false;
    }
    const snapshot = await renderer.snapshot(company);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.on('close', close);
    res.on('close', close);

    write('retry: 3000\n\n');
    write(frame({ id: lastSent, event: 'snapshot', data: snapshot }));
    heartbeat = setInterval(() => write(': heartbeat\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    started = true;
    await pump();
    return true;
  } catch (err) {
    if (!res.headersSent) {
      closed = true;
      unsubscribe();
      unregister();
      throw err;
    }
    log.error({ err }, 'sse: stream failed');
    close();
    return true;
  }
}
