/**
 * The engine's values beside a real server's, value by value, and the record a conformance scenario keeps of the
 * real values (`replscope verify --record`: FILE.real.json beside FILE.repl).
 */
import { observationKey, type Observation } from './values';

export interface Comparison {
  value: string;
  /** One-based line of the expectation; null for the end of the run. */
  line: number | null;
  engine: string;
  real: string;
  match: boolean;
}

/** What `--record` writes: the real server's values by `observationKey`, and what could not be reproduced. */
export interface RealRecord {
  server: string;
  values: Record<string, string>;
  notReproducible: { line: number; why: string }[];
  /** Values a real server prints differently from run to run (a race between its threads), with why: kept by hand. */
  varies?: Record<string, string>;
}

/** Pairs the engine's and the real observations (the same probes, so the same keys, in the engine's order). */
export function compareObservations(engine: readonly Observation[], real: Record<string, string>): Comparison[] {
  return engine.map((o) => {
    const r = real[observationKey(o)] ?? '(not read)';
    return { value: o.value, line: o.line, engine: o.text, real: r, match: o.text === r };
  });
}

/** Real observations keyed for a record. */
export function recordValues(real: readonly Observation[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of real) out[observationKey(o)] = o.text;
  return out;
}

/** The side-by-side table: line, value, engine, real, match. */
export function comparisonTable(comparisons: readonly Comparison[]): string {
  const rows = comparisons.map((c) => [c.line === null ? 'end' : String(c.line), c.value, c.engine, c.real, c.match ? 'yes' : 'NO']);
  const head = ['line', 'value', 'engine', 'real', 'match'];
  const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
  const all = [head, ...rows].map((r) => r.map(clip));
  const widths = head.map((_, i) => all.reduce((w, r) => Math.max(w, r[i].length), 0));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n') + '\n';
}
