/**
 * Every number written in the file, range-checked once, wherever it appears: durations (times, latencies, timeouts,
 * waits), sizes, integers (settings, SQL values, positions, counts, error codes) and the seed. Past 2^53 a number
 * is no longer exact in the engine (latencies vanish next to a time of 2^64 µs); the limits are in docs/limits.md.
 */
import type { Range } from '../ast';
import type { Scenario } from '../../model/scenario';
import type { CheckContext } from './context';

/** The longest duration: 1,000,000 s (about 11.6 days) in microseconds; a run's horizon is far shorter. */
export const maxDurationMicros = 1_000_000 * 1_000_000;
/**
 * How far the script may reach: its latest `at` plus every `after` and `wait`, at most 10,000,000 s (about 116
 * days). The run's horizon is that plus a minute, so every time of the run stays far below 2^53 µs.
 */
export const maxScriptMicros = 10_000_000 * 1_000_000;
/** The largest size: 1 TiB. */
export const maxSizeBytes = 1024 ** 4;
/** The largest seed: 2^32 - 1 (the generator keeps 32 bits; the command line's --seed has the same range). */
export const maxSeed = 2 ** 32 - 1;

interface NodeLike {
  range: Range;
  [field: string]: unknown;
}

function isNode(value: unknown): value is NodeLike {
  return typeof value === 'object' && value !== null && 'range' in value;
}

/** What is wrong with `value`, a number in field `field` of a node; undefined when it is in range. */
function problem(field: string, value: number): string | undefined {
  if (field === 'micros')
    return Math.abs(value) <= maxDurationMicros ? undefined : 'this duration is too long: at most 1000000s (about 11.6 days)';
  if (field === 'bytes') return Math.abs(value) <= maxSizeBytes ? undefined : 'this size is too large: at most 1024GB (1 TiB)';
  if (field === 'seed') return value >= 0 && value <= maxSeed ? undefined : `the seed must be between 0 and ${maxSeed}`;
  return Math.abs(value) <= Number.MAX_SAFE_INTEGER
    ? undefined
    : `this number is too large: at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest kept exact`;
}

/** The numbers out of range in one item's tree (where and why), in tree order. */
function outOfRange(item: object): { range: Range; message: string }[] {
  const found: { range: Range; message: string }[] = [];
  const stack: unknown[] = [item];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    const node = isNode(value) ? value : undefined;
    for (const field in value) {
      if (field === 'range') continue;
      const v = (value as Record<string, unknown>)[field];
      if (typeof v === 'number') {
        const message = node && problem(field, v);
        if (message) found.push({ range: node.range, message });
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return found;
}

/**
 * Each item's numbers out of range, kept with the item: the parse hands the next version of a document the very
 * same tree for every item an edit did not touch, and a tree never changes, so its numbers are looked at once.
 */
const checkedItems = new WeakMap<object, { range: Range; message: string }[]>();

/** Checks every number of the items (one error per number out of range, on its node). */
export function checkNumbers(ctx: CheckContext, items: readonly object[]): void {
  for (const item of items) {
    let found = checkedItems.get(item);
    if (!found) checkedItems.set(item, (found = outOfRange(item)));
    for (const { range, message } of found) ctx.error('out-of-range', range, message);
  }
}

/** The script's reach (as the engine's horizon counts it) past `maxScriptMicros`: one error, where it is crossed. */
export function checkScriptReach(ctx: CheckContext, script: Scenario['script']): void {
  let last = 0;
  let sum = 0;
  /** Per `every` loop, the offset of its last beat counted so far: each beat adds what it waits after the one before. */
  const beats = new Map<number, number>();
  for (const entry of script) {
    if ('expect' in entry) continue;
    // A duration out of range on its own has its error already (checkNumbers): it is not counted twice.
    const timing = entry.timing && entry.timing.micros <= maxDurationMicros ? entry.timing : undefined;
    if (timing?.kind === 'at') last = Math.max(last, timing.micros);
    if (timing?.kind === 'after') sum += timing.micros;
    if (timing?.kind === 'tick') {
      sum += timing.micros - (beats.get(timing.loop) ?? 0);
      beats.set(timing.loop, timing.micros);
    }
    if (entry.action.kind === 'wait' && entry.action.micros <= maxDurationMicros) sum += entry.action.micros;
    if (last + sum > maxScriptMicros) {
      const at = { line: entry.line, character: 0 };
      ctx.error(
        'out-of-range',
        { start: at, end: at },
        'the script reaches past 10000000s (about 116 days) of virtual time here: its times add up to too much',
      );
      return;
    }
  }
}
