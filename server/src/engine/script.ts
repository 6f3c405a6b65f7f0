/**
 * The script: steps run in file order, one after the other. A step starts once the previous one is done, not before
 * its `at` time, or `after` the previous one's end. Expectations in the script are checked when it reaches them;
 * those after the last action are checked when the run has settled. Each step marks where the status and row logs
 * stand right after it, so a hover can ask for every server's state there.
 */
import type { Action, ExpectationPlan, ScriptStep } from '../model/scenario';
import { checkExpectation } from './expectations';
import { recordStatus } from './recording';
import { formatMicros, type TraceStep } from '../trace/trace';
import { schedule, type World } from './world';

/** The script's progress. */
export interface ScriptRun {
  done: boolean;
  /** The step waiting for its action to finish. */
  current: TraceStep | undefined;
  /** Expectations to check at the end. */
  atEnd: ExpectationPlan[];
}

/** Starts running the script; returns its progress record. */
export function startScript(world: World): ScriptRun {
  const run: ScriptRun = { done: false, current: undefined, atEnd: [] };
  /** When each `every` loop's first iteration started: its beats count from there. */
  const loopStarts = new Map<number, number>();
  const entries = world.scenario.script;
  const next = (i: number): void => {
    for (; i < entries.length; i++) {
      const entry = entries[i];
      if (!('expect' in entry)) break;
      // Verdicts are about the whole run: their expectations are checked at its end (simulation.ts), wherever they stand.
      if (entry.expect.kind === 'verdict') continue;
      if (entry.expect.atEnd) run.atEnd.push(entry.expect);
      else {
        world.cause = entry.line;
        world.expectations.push(checkExpectation(world, entry.expect));
        const step = openStep(world, entry.line, 'expect', `expect (line ${entry.line + 1})`);
        closeStep(world, step);
      }
    }
    if (i >= entries.length) {
      run.done = true;
      run.current = undefined;
      return;
    }
    const step = entries[i] as ScriptStep;
    const start = startTime(world, step, loopStarts);
    schedule(world, start, () => {
      world.cause = step.line;
      const trace = openStep(world, step.line, step.action.kind, describeAction(step.action));
      run.current = trace;
      world.hooks.runAction(world, step.action, step.line, () => {
        closeStep(world, trace);
        run.current = undefined;
        // The next step may start synchronously (expectations): keep the cause of whoever called `done`.
        const saved = world.cause;
        next(i + 1);
        world.cause = saved;
      });
    });
  };
  const saved = world.cause;
  next(0);
  world.cause = saved;
  return run;
}

/**
 * When a step starts: now, or not before its `at`, or `after` the previous step's end. A loop's beat (`tick`) starts
 * its offset after the loop's first beat, or at once when the iteration before it ran late.
 */
function startTime(world: World, step: ScriptStep, loopStarts: Map<number, number>): number {
  const timing = step.timing;
  if (!timing) return world.now;
  if (timing.kind === 'tick') {
    const first = loopStarts.get(timing.loop);
    if (first === undefined || timing.micros === 0) {
      loopStarts.set(timing.loop, world.now);
      return world.now;
    }
    return Math.max(world.now, first + timing.micros);
  }
  return timing.kind === 'at' ? Math.max(world.now, timing.micros) : world.now + timing.micros;
}

function openStep(world: World, line: number, kind: string, label: string): TraceStep {
  const step: TraceStep = { index: world.steps.length, line, kind, label, start: world.now, end: null, statusMark: 0, rowMark: 0 };
  world.steps.push(step);
  return step;
}

/** Closes a step: its end time, and where the status and row logs stand right after it. */
export function closeStep(world: World, step: TraceStep): void {
  step.end = world.now;
  markStep(world, step);
}

/** Records every server's status now and marks the logs' ends on the step. */
export function markStep(world: World, step: TraceStep): void {
  recordStatus(world);
  step.statusMark = world.statusChanges.length;
  step.rowMark = world.rowChanges.length;
}

/** A short description of an action, in the file's words. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'client':
      return `${a.client}: ${a.statements.map((s) => s.statement.text).join('; ')}${a.nowait ? ' (nowait)' : ''}`;
    case 'wait':
      return `wait ${formatMicros(a.micros)}`;
    case 'waitCaughtUp':
      return `wait until ${a.server} caught up`;
    case 'crash':
      return `crash ${a.server}${a.mode === 'host' ? ' host' : ''}`;
    case 'restart':
      return `restart ${a.server}${a.asReplicaOf ? ` as replica of ${a.asReplicaOf}` : ''}${a.start?.kind === 'file' ? ` from ${a.start.file}:${a.start.pos}` : a.start ? ` from ${a.start.kind}` : ''}`;
    case 'shutdown':
      return `shutdown ${a.server}`;
    case 'promote':
      return `promote ${a.server}`;
    case 'changeMaster':
      return `change master ${a.replica} to ${a.source}${a.start?.kind === 'file' ? ` from ${a.start.file}:${a.start.pos}` : a.start ? ` (${a.start.kind})` : ''}${a.masterDelay !== undefined ? ` master_delay=${a.masterDelay}` : ''}`;
    case 'threadControl':
      return `${a.op} ${a.server} ${a.thread}${a.until ? ` until ${a.until.kind === 'file' ? `binlog '${a.until.file}':${a.until.pos}` : a.until.kind === 'gtidPos' ? `master_gtid_pos '${a.until.pos}'` : `sql_${a.until.kind}_gtids '${a.until.gtids}'`}` : ''}`;
    case 'linkControl':
      return `${a.op} ${a.from} -> ${a.to}`;
    case 'reset':
      return `reset ${a.what} ${a.server}`;
    case 'set':
      return `set ${a.server} ${Object.entries(a.changes)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`;
    case 'flushStatus':
      return `flush status ${a.server}`;
    case 'flushBinaryLogs':
      return `flush binary logs ${a.server}`;
    case 'purgeLogs':
      return `purge binary logs ${a.server} ${a.to !== undefined ? `to '${a.to}'` : `before ${a.before ?? 0} µs`}`;
    case 'injectEmpty':
      return `inject empty transaction '${a.uuid}:${a.gno}' on ${a.server}`;
    case 'kill':
      return `kill ${a.client}`;
    case 'reconnect':
      return `${a.client} reconnects to ${a.server}`;
  }
}
