/**
 * A run's time and memory budget: what a run may spend before it is stopped with a limit that says what it
 * reached, instead of running its process out of memory or its user out of patience. The editor's worker checks
 * it between slices of events; the command line runs a scenario to its end within it.
 */
import { getHeapStatistics } from 'node:v8';
import type { RunInProgress } from './run';
import type { RunLimit, RunSummary } from './trace/trace';

/** What a run may spend. */
export interface RunBudget {
  /** Wall-clock milliseconds. */
  millis: number;
  /** The process's JavaScript heap, in megabytes. */
  heapMb: number;
  /** Processed engine events (the engine's own cap when absent). */
  maxEvents?: number;
}

/** Events processed between two looks at the clock and the heap. */
export const BUDGET_SLICE = 2048;

const heapMb = () => getHeapStatistics().used_heap_size / (1024 * 1024);

/** The limit a run started at `started` (performance.now()) has reached after `processed` events, if any. */
export function budgetReached(processed: number, budget: RunBudget, started: number): RunLimit | undefined {
  const millis = performance.now() - started;
  if (millis > budget.millis)
    return {
      kind: 'time',
      message: `the run took more than ${budget.millis / 1000} s (its time budget) and stopped after ${processed} events; what follows is what happened until then`,
    };
  const heap = heapMb();
  if (heap > budget.heapMb)
    return {
      kind: 'memory',
      message: `the run used more than ${budget.heapMb} MB (its memory budget) and stopped after ${processed} events; what follows is what happened until then`,
    };
  return undefined;
}

/** Stops `run` when it has spent its budget; true if it did. */
export function stopIfOverBudget(run: RunInProgress<RunSummary>, budget: RunBudget, started: number): boolean {
  const limit = budgetReached(run.processed, budget, started);
  if (limit) run.stop(limit);
  return limit !== undefined;
}

/** Advances `run` to its end or to its budget, whichever comes first, and returns its result. */
export function runWithin<R extends RunSummary>(run: RunInProgress<R>, budget: RunBudget): R {
  const started = performance.now();
  while (!run.advance(BUDGET_SLICE)) if (stopIfOverBudget(run, budget, started)) break;
  return run.result();
}
