/**
 * A run of a scenario, composed at the top: the engine's simulation (engine/), then the verdicts on what it found,
 * then the expectations that need them. The one entry point for everything that runs a scenario: the editor's worker,
 * the command line, the tests and the benchmarks.
 *
 * Two ways to run, one engine: `runSummary` keeps only what the verdicts, the expectations, the inlay hints and the
 * diagnostics need (the keystroke path, sweeps); `runScenario` keeps the full trace (hovers, the timeline, `--json`).
 */
import { startSimulation, type SimulationOptions } from './engine/simulation';
import type { Scenario } from './model/scenario';
import { formatMicros, type RunLimit, type RunSummary, type Trace } from './trace/trace';
import { computeVerdicts, expectationVerdicts } from './verdicts';
import { checkVerdictExpectation } from './verdicts/verdict-expectations';

/** How a run may be tuned (limits, seed, horizon); what it records is the entry point's choice. */
export type RunOptions = Omit<SimulationOptions, 'record'>;

/** A run in progress: advanced a slice of events at a time, so that its caller can stop it between slices. */
export interface RunInProgress<R extends RunSummary> {
  /** Processes up to `events` more events; true once the run has ended. */
  advance(events: number): boolean;
  /** Ends the run now (a time budget): the result says so. */
  stop(limit: RunLimit): void;
  readonly processed: number;
  /** The result, verdicts and expectations included (ends the run if it has not ended). */
  result(): R;
}

/** Starts a full run (`full`) or a summary run. */
export function startRun(scenario: Scenario, options: RunOptions, record: 'full'): RunInProgress<Trace>;
export function startRun(scenario: Scenario, options: RunOptions, record: 'summary'): RunInProgress<RunSummary>;
export function startRun(scenario: Scenario, options: RunOptions, record: 'full' | 'summary'): RunInProgress<RunSummary> {
  const sim = startSimulation(scenario, { ...options, record });
  let composed: RunSummary | undefined;
  return {
    advance: (events) => sim.advance(events),
    stop: (limit) => sim.stop(limit),
    get processed() {
      return sim.processed;
    },
    result: () => (composed ??= compose(scenario, sim.result())),
  };
}

/** Runs a checked scenario to its end with the full trace; never throws. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Trace {
  const run = startRun(scenario, options, 'full');
  run.advance(Number.POSITIVE_INFINITY);
  return run.result();
}

/** Runs a checked scenario to its end keeping only its summary; never throws. */
export function runSummary(scenario: Scenario, options: RunOptions = {}): RunSummary {
  const run = startRun(scenario, options, 'summary');
  run.advance(Number.POSITIVE_INFINITY);
  return run.result();
}

/** Verdicts, then the verdict expectations, then a verdict for every failed expectation. */
function compose<R extends RunSummary>(scenario: Scenario, result: R): R {
  if (result.internalError) return result;
  result.verdicts = computeVerdicts(result);
  for (const entry of scenario.script) {
    if ('expect' in entry && entry.expect.kind === 'verdict')
      result.expectations.push(checkVerdictExpectation(scenario, entry.expect, result.verdicts, result.endTime));
  }
  // An expectation the script never reached (it was still waiting when the run ended) did not hold either.
  const checked = new Set(result.expectations.map((e) => e.line));
  for (const entry of scenario.script) {
    if (!('expect' in entry) || checked.has(entry.line)) continue;
    const waiting = result.stillWaiting?.waiters[0];
    result.expectations.push({
      line: entry.line,
      kind: entry.expect.kind,
      atEnd: entry.expect.atEnd,
      passed: false,
      time: result.endTime,
      message: `never checked: the run ended at ${formatMicros(result.endTime)} before the script got here${waiting ? ` (${waiting.who}: ${waiting.what})` : ''}`,
    });
  }
  result.expectations.sort((a, b) => a.line - b.line);
  for (const v of expectationVerdicts(result)) result.verdicts.push(v);
  return result;
}
