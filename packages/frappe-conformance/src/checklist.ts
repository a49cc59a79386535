import type { FactResult } from './fact';

/**
 * Collects the differences a fact finds, so one run reports all of them rather than the first. A
 * fact agrees when nothing was recorded as a difference.
 */
export class Checklist {
  private readonly differences: string[] = [];

  /** Records `difference` unless `ok`; returns `ok`. */
  expect(ok: boolean, difference: string | (() => string)): boolean {
    if (!ok) this.differences.push(typeof difference === 'string' ? difference : difference());
    return ok;
  }

  differ(difference: string): void {
    this.differences.push(difference);
  }

  get clean(): boolean {
    return this.differences.length === 0;
  }

  /** The fact's result: `seen` describes the observation when everything agreed. */
  result(seen: string): FactResult {
    return this.clean ? { agree: true, detail: seen } : { agree: false, detail: this.differences.join('; ') };
  }
}
