import { getRunsByIds, type DbOrTx, type EventRow } from '@provisioner/db';

/** One event as `/logs` and the SSE stream show it: `run_id` is the row id, `run_no` the "Run #N". */
export interface LogEntry {
  id: number;
  at: string;
  run_id: number | null;
  run_no: number | null;
  step: string | null;
  type: string;
  message: string;
  data: Record<string, unknown> | null;
}

/** Renders a batch of events with one query for their runs' numbers. */
export async function logEntries(db: DbOrTx, rows: readonly EventRow[]): Promise<LogEntry[]> {
  const runIds = [...new Set(rows.map((r) => r.runId).filter((r): r is number => r !== null))];
  const runs = runIds.length ? await getRunsByIds(db, runIds) : new Map();
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt.toISOString(),
    run_id: row.runId,
    run_no: row.runId === null ? null : (runs.get(row.runId)?.runNo ?? null),
    step: row.stepKey,
    type: row.type,
    message: row.message,
    data: row.data,
  }));
}
