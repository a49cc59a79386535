import { performance } from 'node:perf_hooks';
import type { Fact } from './fact';
import type { DocRef, Leftover, RunContext } from './run-context';

export type Outcome = 'agree' | 'differ' | 'error';

export interface FactOutcome {
  id: string;
  section: string;
  title: string;
  outcome: Outcome;
  /** One line, never a stack trace. */
  detail: string;
  ms: number;
}

export interface RunReport {
  /** What was tested, e.g. the URL (and site) or "embedded simulator". */
  target: string;
  tag: string;
  outcomes: FactOutcome[];
  /** Documents the run created and deleted again. */
  deleted: DocRef[];
  /** Documents the run created and the site would not delete. */
  leftovers: Leftover[];
}

/** The first line of an error's message: the table holds one line per fact. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}

/** Runs one fact; an exception is an "error" outcome, never a crash of the run. */
export async function runFact(fact: Fact, context: RunContext): Promise<FactOutcome> {
  const started = performance.now();
  const base = { id: fact.id, section: fact.section, title: fact.title };
  try {
    const result = await fact.run(context);
    const detail = result.detail.replace(/\s+/g, ' ').trim();
    return { ...base, outcome: result.agree ? 'agree' : 'differ', detail, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ...base, outcome: 'error', detail: errorLine(error), ms: Math.round(performance.now() - started) };
  }
}

export interface RunOptions {
  facts: readonly Fact[];
  context: RunContext;
  target: string;
  /** Called after each fact, e.g. to print progress. */
  onOutcome?: (outcome: FactOutcome) => void;
}

/**
 * Runs the facts one after another (they share the throwaway Company and user, and the race fact
 * must not overlap with other inserts), then deletes what the run created.
 */
export async function runConformance(options: RunOptions): Promise<RunReport> {
  const outcomes: FactOutcome[] = [];
  for (const fact of options.facts) {
    const outcome = await runFact(fact, options.context);
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  const leftovers = await options.context.cleanup();
  return { target: options.target, tag: options.context.tag, outcomes, deleted: [...options.context.deleted], leftovers };
}

/** 0 when every fact agrees, 1 otherwise. */
export function exitCodeOf(report: RunReport): 0 | 1 {
  return report.outcomes.length > 0 && report.outcomes.every((o) => o.outcome === 'agree') ? 0 : 1;
}
