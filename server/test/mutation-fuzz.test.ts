// Bad input never crashes or hangs anything: the examples, mutated at random (lines dropped, duplicated or
// swapped, text cut or spliced, words replaced by keywords), always analyse without throwing; those that still
// check clean run to an end without an internal error in the engine. FUZZ_RUNS=300 runs more mutations per example.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPrng, type Prng } from '../src/engine/prng';
import { runScenario } from '../src/run';
import { analyze } from '../src/language/analyze';
import { keywords } from '../src/language/tokens';

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.repl'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
const words = [
  ...Object.keys(keywords),
  'm1',
  'r1',
  'T1',
  'T2',
  'app',
  't',
  '{',
  '}',
  '(',
  ')',
  ':',
  ';',
  '->',
  '=',
  "'x'",
  '7',
  '5ms',
  '$i',
  'now()',
];

function pick<T>(rng: Prng, items: readonly T[]): T {
  return items[rng.upTo(items.length - 1)];
}

/** One random edit of the kind a person makes while typing, or worse. */
function mutate(text: string, rng: Prng): string {
  const lines = text.split('\n');
  const i = rng.upTo(lines.length - 1);
  switch (rng.upTo(5)) {
    case 0:
      lines.splice(i, 1);
      return lines.join('\n');
    case 1:
      lines.splice(i, 0, lines[rng.upTo(lines.length - 1)] ?? '');
      return lines.join('\n');
    case 2: {
      const j = rng.upTo(lines.length - 1);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 3:
      return text.slice(0, rng.upTo(text.length));
    case 4: {
      const at = rng.upTo(text.length);
      return text.slice(0, at) + ` ${pick(rng, words)} ` + text.slice(at);
    }
    default: {
      const parts = (lines[i] ?? '').split(' ');
      parts[rng.upTo(Math.max(0, parts.length - 1))] = pick(rng, words);
      lines[i] = parts.join(' ');
      return lines.join('\n');
    }
  }
}

void test('mutated examples: analysis never throws; what still checks clean runs without an internal error', () => {
  let ran = 0;
  let analysed = 0;
  for (const { name, text } of examples) {
    const rng = createPrng(name.length * 7919 + text.length);
    for (let n = 0; n < Number(process.env.FUZZ_RUNS ?? 25); n++) {
      let mutated = text;
      for (let k = 0, edits = 1 + rng.upTo(2); k < edits; k++) mutated = mutate(mutated, rng);
      const analysis = analyze(mutated);
      analysed++;
      for (const d of analysis.diagnostics) {
        assert.ok(d.range.start.line >= 0 && d.range.start.line <= mutated.split('\n').length, `${name} #${n}: a diagnostic off the file`);
        assert.ok(d.message.length > 0);
      }
      if (!analysis.runnable) continue;
      const trace = runScenario(analysis.scenario, { maxEvents: 200_000 });
      ran++;
      assert.equal(trace.internalError, null, `${name} #${n}: ${trace.internalError?.message}\n---\n${mutated}`);
      assert.ok(['settled', 'horizon', 'event_limit'].includes(trace.endReason));
    }
  }
  assert.equal(analysed, examples.length * Number(process.env.FUZZ_RUNS ?? 25));
  assert.ok(ran > examples.length * 5, `only ${ran} mutated files still checked clean`);
});
