import { collationKey } from '../util';
import { deepClone, type Doc } from './doc';

/**
 * One site's database. Documents are keyed by their name's collation key (names are
 * case-insensitive primary keys in MariaDB). Every mutation made inside a transaction records an
 * undo step, so a failing request leaves nothing behind (Frappe rolls back on any error) and
 * savepoints work like `frappe.db.savepoint` in the setup wizard's `make_records`.
 *
 * Commits are numbered (`commitSeq`), and each row remembers the commit that created it and the one
 * that last changed it. A request that waited (a timed operation) compares these numbers with the
 * commit it started at, which is how the MariaDB snapshot it would have read shows through
 * (model/snapshot.ts). Doctypes marked non-transactional (MyISAM tables such as Error Log) are
 * written outside the undo log and survive a rollback.
 */
export class SiteStore {
  private readonly tables = new Map<string, Map<string, Doc>>();
  /** Lazily built equality indexes: doctype -> field -> collation key of the value -> row keys. */
  private readonly indexes = new Map<string, Map<string, Map<string, Set<string>>>>();
  private readonly defaults = new Map<string, string>();
  private readonly series = new Map<string, number>();
  private readonly passwords = new Map<string, string>();
  private undoLog: Array<() => void> | null = null;
  /** Rows written in the open transaction, with the undo-log length before the write. */
  private touched: Array<{ rowKey: string; created: boolean; at: number }> = [];
  private readonly createdAt = new Map<string, number>();
  private readonly changedAt = new Map<string, number>();
  private seq = 0;
  /** Doctypes whose table is MyISAM in Frappe: their writes are never rolled back. */
  nonTransactional: ReadonlySet<string> = new Set();

  /** Number of transactions committed so far (a write outside a transaction counts as one). */
  get commitSeq(): number {
    return this.seq;
  }

  /** True when the row was created by a transaction committed after commit number `seq`. */
  createdAfter(doctype: string, name: string, seq: number): boolean {
    return (this.createdAt.get(rowKey(doctype, collationKey(name))) ?? 0) > seq;
  }

  /** True when the row was created or changed by a transaction committed after commit number `seq`. */
  changedAfter(doctype: string, name: string, seq: number): boolean {
    return (this.changedAt.get(rowKey(doctype, collationKey(name))) ?? 0) > seq;
  }

  get inTransaction(): boolean {
    return this.undoLog !== null;
  }

  begin(): void {
    if (this.undoLog) throw new Error('nested transaction');
    this.undoLog = [];
  }

  commit(): void {
    this.undoLog = null;
    const touched = this.touched;
    this.touched = [];
    if (touched.length) this.stamp(touched);
  }

  rollback(): void {
    if (!this.undoLog) return;
    this.rollbackTo(0);
    this.undoLog = null;
    this.touched = [];
  }

  private stamp(touched: ReadonlyArray<{ rowKey: string; created: boolean }>): void {
    const seq = ++this.seq;
    for (const t of touched) {
      if (t.created) this.createdAt.set(t.rowKey, seq);
      this.changedAt.set(t.rowKey, seq);
    }
  }

  /** Remembers a row write for the commit stamp; outside a transaction (or MyISAM) it is its own commit. */
  private touch(doctype: string, key: string, created: boolean): void {
    const entry = { rowKey: rowKey(doctype, key), created };
    if (this.undoLog && !this.nonTransactional.has(doctype)) this.touched.push({ ...entry, at: this.undoLog.length });
    else this.stamp([entry]);
  }

  savepoint(): number {
    return this.undoLog ? this.undoLog.length : 0;
  }

  rollbackTo(savepoint: number): void {
    const log = this.undoLog;
    if (!log) return;
    while (log.length > savepoint) {
      const undo = log.pop();
      undo?.();
    }
    this.touched = this.touched.filter((t) => t.at < savepoint);
  }

  /** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): T {
    if (this.undoLog) return fn();
    this.begin();
    try {
      const result = fn();
      this.commit();
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  private record(undo: () => void): void {
    this.undoLog?.push(undo);
  }

  private table(doctype: string): Map<string, Doc> {
    let t = this.tables.get(doctype);
    if (!t) {
      t = new Map();
      this.tables.set(doctype, t);
    }
    return t;
  }

  /** A copy of the stored document, or undefined. */
  get(doctype: string, name: string): Doc | undefined {
    const doc = this.tables.get(doctype)?.get(collationKey(name));
    return doc ? deepClone(doc) : undefined;
  }

  /** The stored name (its original case) when a document with this name exists. */
  canonicalName(doctype: string, name: string): string | undefined {
    const doc = this.tables.get(doctype)?.get(collationKey(name));
    return doc ? String(doc.name) : undefined;
  }

  /** Read-only view of every stored document of a doctype, in insertion order. */
  scan(doctype: string): readonly Readonly<Doc>[] {
    return [...(this.tables.get(doctype)?.values() ?? [])];
  }

  count(doctype: string): number {
    return this.tables.get(doctype)?.size ?? 0;
  }

  doctypes(): string[] {
    return [...this.tables.keys()];
  }

  /** The one place rows change, so indexes stay in step (undo included). */
  private setRow(doctype: string, key: string, doc: Doc | undefined): void {
    const table = this.table(doctype);
    const previous = table.get(key);
    const fields = this.indexes.get(doctype);
    if (fields) {
      for (const [field, index] of fields) {
        if (previous) index.get(indexKey(previous[field]))?.delete(key);
        if (doc) {
          const k = indexKey(doc[field]);
          let set = index.get(k);
          if (!set) index.set(k, (set = new Set()));
          set.add(key);
        }
      }
    }
    if (doc) table.set(key, doc);
    else table.delete(key);
  }

  put(doctype: string, doc: Doc): void {
    const key = collationKey(String(doc.name));
    const previous = this.tables.get(doctype)?.get(key);
    this.touch(doctype, key, !previous);
    this.setRow(doctype, key, deepClone(doc));
    if (!this.nonTransactional.has(doctype)) this.record(() => this.setRow(doctype, key, previous));
  }

  remove(doctype: string, name: string): boolean {
    const key = collationKey(name);
    const previous = this.tables.get(doctype)?.get(key);
    if (!previous) return false;
    this.touch(doctype, key, false);
    this.setRow(doctype, key, undefined);
    if (!this.nonTransactional.has(doctype)) this.record(() => this.setRow(doctype, key, previous));
    return true;
  }

  /** Rows whose `field` equals `value` under the collation (an index is built on first use). */
  lookup(doctype: string, field: string, value: unknown): readonly Readonly<Doc>[] {
    const table = this.tables.get(doctype);
    if (!table) return [];
    let fields = this.indexes.get(doctype);
    if (!fields) this.indexes.set(doctype, (fields = new Map()));
    let index = fields.get(field);
    if (!index) {
      index = new Map();
      for (const [key, doc] of table) {
        const k = indexKey(doc[field]);
        let set = index.get(k);
        if (!set) index.set(k, (set = new Set()));
        set.add(key);
      }
      fields.set(field, index);
    }
    const keys = index.get(indexKey(value));
    if (!keys) return [];
    const out: Doc[] = [];
    for (const key of keys) {
      const doc = table.get(key);
      if (doc) out.push(doc);
    }
    return out;
  }

  getDefault(key: string): string | undefined {
    return this.defaults.get(key);
  }

  allDefaults(): ReadonlyMap<string, string> {
    return this.defaults;
  }

  setDefault(key: string, value: string | null | undefined): void {
    const previous = this.defaults.get(key);
    if (value === null || value === undefined || value === '') this.defaults.delete(key);
    else this.defaults.set(key, value);
    this.record(() => {
      if (previous === undefined) this.defaults.delete(key);
      else this.defaults.set(key, previous);
    });
  }

  /** Next value of a naming series counter (`tabSeries`), transactional like the real table. */
  nextSeries(prefix: string): number {
    const previous = this.series.get(prefix);
    const next = (previous ?? 0) + 1;
    this.series.set(prefix, next);
    this.record(() => {
      if (previous === undefined) this.series.delete(prefix);
      else this.series.set(prefix, previous);
    });
    return next;
  }

  getPassword(doctype: string, name: string, field: string): string | undefined {
    return this.passwords.get(passwordKey(doctype, name, field));
  }

  setPassword(doctype: string, name: string, field: string, value: string | undefined): void {
    const key = passwordKey(doctype, name, field);
    const previous = this.passwords.get(key);
    if (value === undefined) this.passwords.delete(key);
    else this.passwords.set(key, value);
    this.record(() => {
      if (previous === undefined) this.passwords.delete(key);
      else this.passwords.set(key, previous);
    });
  }
}

function indexKey(value: unknown): string {
  return value === null || value === undefined ? '' : collationKey(String(value));
}

function rowKey(doctype: string, key: string): string {
  return `${doctype}\u0000${key}`;
}

function passwordKey(doctype: string, name: string, field: string): string {
  return `${doctype}\u0000${collationKey(name)}\u0000${field}`;
}
