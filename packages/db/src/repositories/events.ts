import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { events, type EventRow } from '../schema';
import type { EventType, StepKeyValue } from '../schema';

/** Postgres channel on which every appended event is announced, for SSE across processes. */
export const EVENTS_CHANNEL = 'provisioner_events';

export interface NewEvent {
  companyId: string;
  runId?: number | null;
  stepKey?: StepKeyValue | null;
  type: EventType;
  message: string;
  data?: Record<string, unknown> | null;
}

/**
 * Appends to the event log and announces it with pg_notify in the same transaction, so a listener
 * never hears of an event it cannot read (NOTIFY is delivered on commit).
 */
export async function appendEvent(db: DbOrTx, event: NewEvent): Promise<EventRow> {
  const [row] = await db
    .insert(events)
    .values({
      companyId: event.companyId,
      runId: event.runId ?? null,
      stepKey: event.stepKey ?? null,
      type: event.type,
      message: event.message,
      data: event.data ?? null,
    })
    .returning();
  if (!row) throw new Error('event insert returned no row');
  await db.execute(
    // payload stays tiny (8000-byte limit): listeners read the row itself.
    sqlNotify(JSON.stringify({ companyId: row.companyId, eventId: row.id, type: row.type })),
  );
  return row;
}

function sqlNotify(payload: string) {
  return sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`;
}

export async function listEvents(db: DbOrTx, companyId: string, afterId = 0): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), gt(events.id, afterId)))
    .orderBy(asc(events.id));
}
