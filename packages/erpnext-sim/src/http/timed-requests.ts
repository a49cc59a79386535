/**
 * Time on a v15 site, and what requests in flight together do to each other.
 *
 * A Company insert, a `setup_complete` and a Company delete take seconds on a real site
 * (SimulatorOptions.timings). The store keeps one undo log, so a request is still applied in one
 * synchronous, atomic pass; a timed request runs in passes instead:
 *
 *   1. it starts at the current commit number (its MariaDB snapshot, model/snapshot.ts) and runs;
 *   2. where the costly part begins, `ctx.spendTime(op)` throws `TimeNeeded` (nothing outside the
 *      store has happened yet); the handler rolls the pass back, waits the operation's time
 *      without blocking other requests, and runs the request again from the top;
 *   3. that pass keeps the first pass's snapshot, so whatever committed meanwhile shows through as
 *      it would on MariaDB: a Company committed by another insert is in "Cash"'s accounts table
 *      (a locking read) but its account is not (a plain read) — the LinkValidationError race.
 *
 * Hence a timed operation's writes all land at its end, and a check that fails before the costly
 * part (a bad link, a taken abbreviation) answers at once, as it does on a real site.
 *
 * `setup_complete` calls queue behind each other, as the second one blocks on the first one's
 * lock on System Settings; background jobs (`frappe.enqueue`) run one at a time per site, as on a
 * bench with one worker.
 */
import { z } from 'zod';
import { mulberry32, type Prng } from '../faults';
import { RequestContext } from '../frappe/request-context';
import type { BackgroundJob, TimedOperation } from '../model/meta';
import type { Site } from '../sites/site';
import type { SimulatorStats, SimulatorTimings, SiteStats } from '../types';
import { cstr } from '../util';

/** Measured on a 2-vCPU v15 site (FRAPPE_REST_FACTS §10); `SIM_PROFILE=realistic`. */
export const REALISTIC_TIMINGS: SimulatorTimings = {
  companyInsertMs: [1500, 2100],
  setupWizardMs: [15000, 22000],
  companyDeleteMs: [3300, 4000],
};

const ms = z.number().finite().nonnegative();
const timingMs = z.union([ms, z.tuple([ms, ms]).refine(([min, max]) => min <= max, 'min must not exceed max')]);
const timingsSchema = z.strictObject({ companyInsertMs: timingMs.optional(), setupWizardMs: timingMs.optional(), companyDeleteMs: timingMs.optional() });

/** Validates a timing profile (throws a ZodError naming the bad key). */
export function parseTimings(value: unknown): SimulatorTimings {
  return timingsSchema.parse(value);
}

const OPTION: Record<TimedOperation, keyof SimulatorTimings> = {
  companyInsert: 'companyInsertMs',
  setupWizard: 'setupWizardMs',
  companyDelete: 'companyDeleteMs',
};

/** Thrown by `ctx.spendTime`: roll back, wait, run the request again. Never a FrappeError. */
export class TimeNeeded extends Error {
  constructor(
    readonly op: TimedOperation,
    readonly key: string,
  ) {
    super(`time needed for ${op}`);
  }
}

class SiteActivity {
  companyInserts = 0;
  wizardCalls = 0;
  /** Settles once every `setup_complete` that started so far has finished. */
  wizardsDone: Promise<void> = Promise.resolve();
  jobs: Promise<void> = Promise.resolve();
  readonly stats: SiteStats = { maxConcurrentCompanyInserts: 0, companyInsertRaces: [], maxConcurrentWizardCalls: 0 };

  constructor(readonly site: Site) {}
}

export class RequestActivity {
  private readonly sites = new Map<Site, SiteActivity>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private timings: SimulatorTimings;
  private readonly prng: Prng;
  private closed = false;

  constructor(timings: SimulatorTimings, seed: number) {
    this.timings = parseTimings(timings);
    // Its own PRNG: drawing durations must not shift the fault sequence of a seed.
    this.prng = mulberry32(seed ^ 0x5eed7);
  }

  setTimings(timings: SimulatorTimings): void {
    this.timings = parseTimings(timings);
  }

  /** This operation's duration, drawn once per operation. */
  draw(op: TimedOperation): number {
    const value = this.timings[OPTION[op]] ?? 0;
    if (typeof value === 'number') return value;
    const [min, max] = value;
    return Math.round(min + (max - min) * this.prng());
  }

  forSite(site: Site): SiteActivity {
    let activity = this.sites.get(site);
    if (!activity) this.sites.set(site, (activity = new SiteActivity(site)));
    return activity;
  }

  /** A timer that close() cancels (the waiting request is then never answered: its socket is gone). */
  sleep(ms: number): Promise<void> {
    if (this.closed) return new Promise<void>(() => undefined);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  startRequest(site: Site): RequestRun {
    return new RequestRun(this, this.forSite(site));
  }

  /** `frappe.enqueue` after commit: the site's worker runs jobs one at a time, as `user`. */
  enqueue(site: Site, job: BackgroundJob, user: string): void {
    const activity = this.forSite(site);
    activity.jobs = activity.jobs.then(async () => {
      if (job.op) await this.sleep(this.draw(job.op));
      if (this.closed) return;
      const ctx = new RequestContext(site, user);
      ctx.inBackgroundJob = true;
      ctx.snapshotSeq = site.store.commitSeq;
      try {
        site.store.transaction(() => job.run(ctx));
      } catch {
        // RQ marks the job failed; the transaction is already rolled back.
      }
    });
  }

  stats(): SimulatorStats {
    const out: SimulatorStats = { sites: {} };
    for (const activity of this.sites.values()) out.sites[activity.site.name] = structuredClone(activity.stats);
    return out;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** One HTTP request's passes (see the file comment). */
export class RequestRun {
  readonly snapshotSeq: number;
  private readonly startedAt = new Date().toISOString();
  private readonly durations = new Map<string, number>();
  private readonly spent = new Set<string>();
  private readonly companies = new Set<string>();
  private insertingCompany = false;
  private runningWizard = false;
  private wizardFinished: (() => void) | undefined;

  constructor(
    private readonly activity: RequestActivity,
    private readonly site: SiteActivity,
  ) {
    this.snapshotSeq = site.site.store.commitSeq;
  }

  /** `ctx.spendTime`: returns when the time is spent (or zero), throws TimeNeeded otherwise. */
  spend(op: TimedOperation, subject: string): void {
    const key = `${op}\u0000${subject}`;
    this.enter(op, subject);
    if (this.spent.has(key)) return;
    let duration = this.durations.get(key);
    if (duration === undefined) this.durations.set(key, (duration = this.activity.draw(op)));
    const queued = op === 'setupWizard' && this.site.wizardCalls > 1;
    if (duration <= 0 && !queued) {
      this.spent.add(key);
      return;
    }
    throw new TimeNeeded(op, key);
  }

  /** Waits what `signal` asked for; the caller then runs the request again. */
  async wait(signal: TimeNeeded): Promise<void> {
    if (signal.op === 'setupWizard') {
      const earlier = this.site.wizardsDone;
      const mine = new Promise<void>((resolve) => (this.wizardFinished = resolve));
      this.site.wizardsDone = Promise.all([earlier, mine]).then(() => undefined);
      await earlier;
      // Another setup_complete committed System Settings while this one waited for its lock: this
      // one now fails check_if_latest at once instead of running its stages.
      if (this.site.site.store.changedAfter('System Settings', 'System Settings', this.snapshotSeq)) {
        this.spent.add(signal.key);
        return;
      }
    }
    await this.activity.sleep(this.durations.get(signal.key) ?? 0);
    this.spent.add(signal.key);
  }

  private enter(op: TimedOperation, subject: string): void {
    const stats = this.site.stats;
    if (op === 'companyInsert') {
      this.companies.add(subject);
      if (this.insertingCompany) return;
      this.insertingCompany = true;
      this.site.companyInserts += 1;
      stats.maxConcurrentCompanyInserts = Math.max(stats.maxConcurrentCompanyInserts, this.site.companyInserts);
    } else if (op === 'setupWizard') {
      if (this.runningWizard) return;
      this.runningWizard = true;
      this.site.wizardCalls += 1;
      stats.maxConcurrentWizardCalls = Math.max(stats.maxConcurrentWizardCalls, this.site.wizardCalls);
    }
  }

  /** The request answered with `status`, its transaction committed or not. */
  end(status: number, committed: boolean): void {
    if (this.insertingCompany) {
      this.site.companyInserts -= 1;
      const store = this.site.site.store;
      const mine = (name: string) => committed && [...this.companies].some((c) => c.toLowerCase() === name.toLowerCase());
      const meanwhile = store
        .scan('Company')
        .map((c) => cstr(c.name))
        .filter((name) => store.createdAfter('Company', name, this.snapshotSeq) && !mine(name));
      if (meanwhile.length) {
        this.site.stats.companyInsertRaces.push({
          startedAt: this.startedAt,
          endedAt: new Date().toISOString(),
          company: [...this.companies].join(', '),
          committedMeanwhile: meanwhile,
          status,
        });
      }
    }
    if (this.runningWizard) this.site.wizardCalls -= 1;
    this.wizardFinished?.();
  }
}
