// The incremental parse: a version parsed with the previous version's items gives exactly what a parse from scratch
// gives (trees, ranges, diagnostics, the checked scenario), whatever the edit: typing in a line, adding or removing
// lines, breaking and mending brackets. And the trees it shares between versions are never changed afterwards: the
// checker and the engine run on frozen trees.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPrng, type Prng } from '../src/engine/prng';
import { analyze, type Analysis } from '../src/language/analyze';
import { parseRepl } from '../src/language/parse';
import { checkRepl } from '../src/language/checker/check';
import { runSummary } from '../src/run';
import { FUZZ_SCALE, FUZZ_SEED } from './helpers/fuzz';

const examples = join(__dirname, '..', '..', 'examples');
const texts = readdirSync(examples)
  .filter((f) => f.endsWith('.repl'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(examples, f), 'utf8') }));

const pieces = ['x', ' ', '\n', '{', '}', '(', ')', "'", '#', ';', '1', 'commit', '\nwait 5ms\n', 'T2', ':', '=', 'ms'];

/** One edit, as a person makes them: type or delete a little somewhere, or cut or paste a line. */
function edit(text: string, rng: Prng): string {
  const at = rng.upTo(text.length);
  switch (rng.upTo(2)) {
    case 0:
      return text.slice(0, at) + pieces[rng.upTo(pieces.length - 1)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + rng.upTo(3));
    case 2: {
      const lines = text.split('\n');
      const line = rng.upTo(lines.length - 1);
      if (rng.upTo(1) === 0) lines.splice(line, 1);
      else lines.splice(line, 0, lines[rng.upTo(lines.length - 1)]);
      return lines.join('\n');
    }
    default:
      throw new Error('no such edit');
  }
}

/** What an analysis says, without the parse's own bookkeeping. */
function essence(a: Analysis): unknown {
  return { items: a.parse.file.items, diagnostics: a.diagnostics, scenario: a.scenario, runnable: a.runnable };
}

void test("every version of an edited example parses with its predecessor's items as it parses from scratch", () => {
  for (const { name, text } of texts) {
    const rng = createPrng(FUZZ_SEED + name.length * 131 + text.length);
    let version = text;
    let previous = analyze(version);
    for (let i = 0; i < 40 * FUZZ_SCALE; i++) {
      version = edit(version, rng);
      const incremental = analyze(version, previous);
      assert.deepEqual(essence(incremental), essence(analyze(version)), `${name}, edit ${i + 1}:\n${version}`);
      previous = incremental;
    }
  }
});

void test("an edit inside one line re-parses that item only; the others are the previous version's trees", () => {
  const { text } = texts[0];
  const before = parseRepl(text);
  const line = text.split('\n').findIndex((l) => l.startsWith('source '));
  const lines = text.split('\n');
  lines[line] = lines[line].replace('source m1', 'source m10');
  const after = parseRepl(lines.join('\n'), before.items);
  assert.equal(after.file.items.length, before.file.items.length);
  after.file.items.forEach((item, i) => {
    if (item.range.start.line === line) assert.notEqual(item, before.file.items[i], 'the edited item is parsed again');
    else assert.equal(item, before.file.items[i], `item on line ${item.range.start.line + 1} is reused`);
  });
  // A line added above moves every item below it: those are parsed again, with their new ranges.
  const moved = parseRepl(`# a comment\n${text}`, before.items);
  assert.ok(moved.file.items.every((item, i) => item !== before.file.items[i]));
  assert.deepEqual(
    moved.file.items.map((item) => item.range.start.line),
    before.file.items.map((item) => item.range.start.line + 1),
  );
});

void test('nothing after the parse changes a tree: checking and running every example on frozen trees', () => {
  const freeze = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  };
  for (const { name, text } of texts) {
    const parse = parseRepl(text);
    freeze(parse.file.items);
    const checked = checkRepl(parse.file);
    assert.doesNotThrow(() => runSummary(checked.scenario), name);
    assert.deepEqual(checked.diagnostics, checkRepl(parseRepl(text).file).diagnostics, name);
  }
});
