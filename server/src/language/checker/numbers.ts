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

function check(ctx: CheckContext, node: NodeLike, field: string, value: number): void {
  if (field === 'micros') {
    if (!(Math.abs(value) <= maxDurationMicros))
      ctx.error('out-of-range', node.range, 'this duration is too long: at most 1000000s (about 11.6 days)');
  } else if (field === 'bytes') {
    if (!(Math.abs(value) <= maxSizeBytes)) ctx.error('out-of-range', node.range, 'this size is too large: at most 1024GB (1 TiB)');
  } else if (field === 'seed') {
    if (!(value >= 0 && value <= maxSeed)) ctx.error('out-of-range', node.range, `the seed must be between 0 and ${maxSeed}`);
  } else if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) {
    ctx.error(
      'out-of-range',
      node.range,
      `this number is too large: at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest kept exact`,
    );
  }
}

/** Checks every number of the syntax tree (one error per number out of range, on its node). */
export function checkNumbers(ctx: CheckContext, root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [field, v] of Object.entries(value)) {
      if (field === 'range') continue;
      if (typeof v === 'number' && isNode(value)) check(ctx, value, field, v);
      else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
}

/** The script's reach (as the engine's horizon counts it) past `maxScriptMicros`: one error, where it is crossed. */
export function checkScriptReach(ctx: CheckContext, script: Scenario['script']): void {
  let last = 0;
  let sum = 0;
  for (const entry of script) {
    if ('expect' in entry) continue;
    // A duration out of range on its own has its error already (checkNumbers): it is not counted twice.
    const timing = entry.timing && entry.timing.micros <= maxDurationMicros ? entry.timing : undefined;
    if (timing?.kind === 'at') last = Math.max(last, timing.micros);
    if (timing?.kind === 'after') sum += timing.micros;
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
