/**
 * Loop expansion: the pure step between the syntax tree and the checker that writes out `repeat N { … }` and
 * `every D for S { … }` as the plain steps they stand for, so that everything after it (transactions, names, the
 * script, the engine) sees an ordinary script.
 *
 * - Each iteration is a copy of the body's steps, in order, with `$i` replaced by the iteration number (1, 2, …) in
 *   the SQL values and in the statements' text (what a Query event carries).
 * - A transaction the body names (`as beat`) is named with the iteration: `beat_1`, `beat_2`, …; one it does not name
 *   gets the next automatic name (`T4`, `T5`, …), as if the iterations were written out.
 * - `every D for S` runs an iteration at 0, D, 2D, … after the first one started, while that is before S (⌈S/D⌉
 *   iterations): the first step of each carries a `tick` timing; an iteration that overruns delays the next, which
 *   then starts as soon as it ends (no beat is skipped).
 * - A body holds client steps and waits only: no loop inside a loop, no `at`, and no operation (crash, promote, …),
 *   which happens once and is written outside the loop or as a trigger on one iteration's transaction.
 * - The expanded size is capped (`maxExpandedSteps`): a loop past it is refused on its header and expands to nothing.
 */
import type * as A from './ast';
import type { IssueCode, Severity } from './diagnostic';
import { maxExpandedSteps } from './limits';

export interface LoopProblem {
  severity: Extract<Severity, 'error' | 'warning'>;
  code: IssueCode;
  range: A.Range;
  message: string;
}

export interface Expansion {
  items: A.Item[];
  problems: LoopProblem[];
}

/** `100,000,000`: a count as people read it. */
const count = (n: number): string => n.toLocaleString('en-US');

/** The actions a loop body may repeat. */
const REPEATABLE = new Set<A.Action['kind']>(['clientStep', 'wait', 'waitCaughtUp']);

/** The separator between a body's transaction name and the iteration number: `beat_3`. */
export function iterationName(name: string, iteration: number): string {
  return `${name}_${iteration}`;
}

/** How many times a loop runs its body. */
export function iterations(loop: A.Loop): number {
  if (loop.count !== undefined) return loop.count;
  const period = loop.periodMicros ?? 0;
  return period > 0 ? Math.ceil((loop.spanMicros ?? 0) / period) : 0;
}

export function expandLoops(items: readonly A.Item[]): Expansion {
  const problems: LoopProblem[] = [];
  const out: A.Item[] = [];
  let expanded = 0;
  let loopNumber = 0;
  for (const item of items) {
    if (item.kind !== 'loop') {
      reportStrayCounters(item, problems);
      out.push(item);
      continue;
    }
    const loop = item;
    const number = loopNumber++;
    const body = repeatableBody(loop, problems);
    const n = iterations(loop);
    if (loop.periodMicros !== undefined && loop.periodMicros <= 0) {
      problems.push({
        severity: 'error',
        code: 'loop-structure',
        range: loop.header,
        message: '`every` needs a period above 0: `every 100ms for 2s`',
      });
      continue;
    }
    if (n === 0 || loop.body.length === 0) {
      problems.push({
        severity: 'warning',
        code: 'loop-structure',
        range: loop.header,
        message: loop.body.length === 0 ? 'this loop has no steps: it does nothing' : 'this loop runs 0 times: its steps never run',
      });
      continue;
    }
    if (!body) continue;
    // A count past 2^53 has its error already (checkNumbers): it is not refused a second time.
    if (!Number.isSafeInteger(n)) continue;
    const size = n * body.length;
    if (expanded + size > maxExpandedSteps) {
      problems.push({
        severity: 'error',
        code: 'loop-too-large',
        range: loop.header,
        message: `this loop expands to ${count(size)} steps (${count(n)} iterations of ${body.length}); the loops of a file may expand to at most ${count(maxExpandedSteps)} steps in all${expanded > 0 ? ` (${count(expanded)} before this one)` : ''}: run fewer iterations, or a longer period`,
      });
      continue;
    }
    expanded += size;
    for (let i = 1; i <= n; i++) {
      body.forEach((step, j) => {
        const copy = withIteration(step, i);
        if (j === 0 && loop.periodMicros !== undefined)
          copy.timing = { kind: 'tick', micros: (i - 1) * loop.periodMicros, loop: number, range: loop.header };
        out.push(copy);
      });
    }
  }
  return { items: out, problems };
}

/** The body's steps if every one may be repeated; reports each that may not. */
function repeatableBody(loop: A.Loop, problems: LoopProblem[]): A.Step[] | undefined {
  let ok = true;
  const refuse = (range: A.Range, message: string) => {
    problems.push({ severity: 'error', code: 'loop-structure', range, message });
    ok = false;
  };
  loop.body.forEach((entry, j) => {
    if (entry.kind === 'loop') {
      refuse(entry.header, 'loops do not nest: write the inner loop after this one, or its steps out in the body');
      return;
    }
    if (entry.timing?.kind === 'at')
      refuse(
        entry.timing.range,
        '`at` is an absolute time: every iteration would run at that same moment; use `after DURATION:` or `wait`',
      );
    if (j === 0 && loop.periodMicros !== undefined && entry.timing)
      refuse(
        entry.timing.range,
        'the first step of an `every` loop starts on the beat: to start later in each iteration, put a `wait` before it',
      );
    if (!REPEATABLE.has(entry.action.kind))
      refuse(
        entry.action.range,
        'a loop repeats client steps and waits only: an operation happens once; write it before or after the loop, or as a trigger on one iteration (`on beat_3 engine_committed: crash m1`)',
      );
  });
  return ok ? loop.body.filter((e): e is A.Step => e.kind === 'step') : undefined;
}

/** A deep copy of a body step for iteration `i`: `$i` becomes `i`, `as NAME` becomes `NAME_i`. */
function withIteration(step: A.Step, i: number): A.Step {
  const copy = substitute(step, i) as A.Step;
  if (copy.action.kind === 'clientStep' && copy.action.txnName)
    copy.action.txnName = { ...copy.action.txnName, text: iterationName(copy.action.txnName.text, i) };
  return copy;
}

function substitute(node: unknown, i: number): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, i));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (o['kind'] === 'counter' && 'range' in o) return { kind: 'int', value: i, range: o['range'] };
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'range') copy[k] = v;
    else if (k === 'text' && typeof v === 'string' && 'kind' in o) copy[k] = replaceCounter(v, i);
    else copy[k] = substitute(v, i);
  }
  return copy;
}

/** `insert into t values ($i, 'x')` → `insert into t values (3, 'x')`; a `$i` inside a quoted string stays. */
export function replaceCounter(text: string, i: number): string {
  let out = '';
  let quote: string | undefined;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      out += c;
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '$' && text[k + 1] === 'i' && !/[A-Za-z0-9_]/.test(text[k + 2] ?? '')) {
      out += String(i);
      k++;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * `$i` written outside a loop: it has no value there. Kept with the item, as the numbers' checks are: an item an
 * edit did not touch is the very same tree in the next version, so it is walked once.
 */
function reportStrayCounters(item: A.Item, problems: LoopProblem[]): void {
  let found = strayCounters.get(item);
  if (!found) {
    found = [];
    reportNestedCounters(item, found, false);
    strayCounters.set(item, found);
  }
  for (const p of found) problems.push(p);
}

const strayCounters = new WeakMap<A.Item, LoopProblem[]>();

function reportNestedCounters(node: unknown, problems: LoopProblem[], inLoop: boolean): void {
  if (Array.isArray(node)) {
    for (const n of node) reportNestedCounters(n, problems, inLoop);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o['kind'] === 'counter' && 'range' in o) {
    if (!inLoop)
      problems.push({
        severity: 'error',
        code: 'loop-structure',
        range: o['range'] as A.Range,
        message: '`$i` is the iteration number of a loop (`repeat N { … }`, `every D for S { … }`): outside one it has no value',
      });
    return;
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'range') reportNestedCounters(v, problems, inLoop);
}
