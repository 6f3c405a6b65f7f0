// Seeded fuzz of the classes of hostile input of issue 8: replication cycles and long chains, long tokens, line
// endings (line-endings.test.ts), markdown and terminal payloads in every user string, huge numbers, malformed LSP
// requests (lsp-hostile.test.ts). Bounded for `npm test` (a few seconds); `node scripts/fuzz.mjs` runs the same
// generators longer, with REPLSCOPE_FUZZ_SCALE (how many times more cases) and REPLSCOPE_FUZZ_SEED.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { main } from '../src/cli';
import { createPrng, type Prng } from '../src/engine/prng';
import { quickFixes } from '../src/features/code-actions';
import { hoverAt } from '../src/features/hover';
import { runHoverSection } from '../src/features/run-view';
import { analyze } from '../src/language/analyze';
import { runSummary, runScenario } from '../src/run';
import { activeParts } from './helpers/markdown';
import { FUZZ_SCALE, FUZZ_SEED } from './helpers/fuzz';

const SCALE = FUZZ_SCALE;
const SEED = 8 + FUZZ_SEED;
const examples = readdirSync(join(__dirname, '..', '..', 'examples'))
  .filter((f) => f.endsWith('.repl'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8') }));

const pick = <T>(prng: Prng, xs: readonly T[]): T => xs[prng.upTo(xs.length - 1)];

function randomString(prng: Prng, pieces: readonly string[], max: number): string {
  let s = '';
  const n = 1 + prng.upTo(max - 1);
  for (let i = 0; i < n; i++) s += pick(prng, pieces);
  return s;
}

/** Every string literal of `text` replaced by `payload` (quotes doubled as the language writes them). */
function withStrings(text: string, payload: (i: number) => string): string {
  let i = 0;
  return text.replace(/'(?:[^'\n\r]|'')*'|"(?:[^"\n\r]|"")*"/g, (lit) => {
    const q = lit[0];
    return (
      q +
      payload(i++)
        .split(q)
        .join(q + q) +
      q
    );
  });
}

/** The reference count of cycles: in the graph name → source (each server one source at most). */
function countCycles(sourceOf: Map<string, string | undefined>): number {
  const state = new Map<string, number>();
  let cycles = 0;
  for (const start of sourceOf.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && sourceOf.has(at) && !state.has(at)) {
      state.set(at, 1);
      path.push(at);
      at = sourceOf.get(at);
    }
    if (at !== undefined && state.get(at) === 1 && sourceOf.get(at) !== at) cycles++;
    for (const p of path) state.set(p, 2);
  }
  return cycles;
}

void test('fuzz: random topologies (cycles, chains, unknown sources): one bounded diagnostic per cycle, quickly', () => {
  const prng = createPrng(SEED);
  for (let round = 0; round < 40 * SCALE; round++) {
    const n = 2 + prng.upTo(round % 10 === 0 ? 3000 : 200);
    const sourceOf = new Map<string, string | undefined>();
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = prng.next();
      // Mostly a replica of an earlier server (a chain or a tree), sometimes of a later one (a cycle can close),
      // of an unknown server, or a source.
      const of = r < 0.1 ? undefined : r < 0.75 ? prng.upTo(Math.max(0, i - 1)) : r < 0.95 ? prng.upTo(n - 1) : -1;
      const name = `s${i}`;
      if (of === undefined) lines.push(`source ${name} { }`);
      else lines.push(`replica ${name} of ${of === -1 ? 'nowhere' : `s${of}`} { }`);
      sourceOf.set(name, of === undefined || of === -1 ? undefined : `s${of}`);
    }
    const started = Date.now();
    const diagnostics = analyze(lines.join('\n')).diagnostics;
    const cycles = diagnostics.filter((d) => d.code === 'replication-cycle');
    assert.equal(cycles.length, countCycles(sourceOf), `round ${round}: ${n} servers`);
    for (const c of cycles) assert.ok(c.message.length < 300, c.message);
    assert.ok(Date.now() - started < 5000, `round ${round}: ${Date.now() - started} ms for ${n} servers`);
  }
});

void test('fuzz: long tokens anywhere in the examples: diagnostics, quick fixes and hovers stay fast', () => {
  const prng = createPrng(SEED + 1);
  for (let round = 0; round < 6 * SCALE; round++) {
    const { name, text } = pick(prng, examples);
    const lines = text.split('\n');
    const line = prng.upTo(lines.length - 1);
    const word = pick(prng, ['x', 'relpica', 'T', 'm']).repeat(1 + prng.upTo(200_000));
    const words = lines[line].split(' ');
    words[prng.upTo(words.length - 1)] = word;
    lines[line] = words.join(' ');
    const mutated = lines.join('\n');
    const started = Date.now();
    const analysis = analyze(mutated);
    const document = TextDocument.create('file:///long.repl', 'repl', 1, mutated);
    for (const d of analysis.diagnostics.slice(0, 20)) quickFixes(analysis, document, d.range);
    hoverAt(analysis, { line, character: lines[line].indexOf(word) + 1 }, (r) => document.getText(r));
    assert.ok(Date.now() - started < 4000, `${name} line ${line + 1}, a word of ${word.length}: ${Date.now() - started} ms`);
  }
});

const MARKDOWN_PIECES = [
  '[',
  ']',
  '(',
  ')',
  '!',
  '<',
  '>',
  '`',
  '```',
  '|',
  '*',
  '_',
  '#',
  '&',
  ';',
  ':',
  '/',
  '\\',
  'https://evil.example/',
  'www.evil.example',
  'a@evil.example',
  'img src=x',
  'a href=',
  'x',
  ' ',
  '-',
  '~',
  '$',
  '{',
  '}',
];

void test('fuzz: markdown payloads in every string of the examples: no hover holds a link, image, HTML or extra cell', () => {
  const prng = createPrng(SEED + 2);
  let runs = 0;
  // Payloads often make a file unrunnable (too long for a column): go on, within a bound, until one has run.
  for (let round = 0; round < 4 * SCALE || (runs === 0 && round < 40 * SCALE); round++) {
    const { name, text } = pick(prng, examples);
    const mutated = withStrings(text, () => randomString(prng, MARKDOWN_PIECES, 8));
    const analysis = analyze(mutated);
    // A payload may be too long for its column: the file then has errors and no run, but hovers all the same.
    const trace = analysis.runnable ? runScenario(analysis.scenario) : undefined;
    if (trace) runs++;
    const document = TextDocument.create('file:///md.repl', 'repl', 1, mutated);
    const lines = mutated.split('\n');
    for (let line = 0; line < lines.length; line++) {
      if (!/['"]/.test(lines[line]) && prng.next() < 0.7) continue;
      const run = trace && runHoverSection(trace, line);
      if (run) assert.deepEqual(activeParts(run), [], `${name} line ${line + 1}: the run's hover`);
      for (let character = 0; character < lines[line].length; character += 3) {
        const hover = hoverAt(analysis, { line, character }, (r) => document.getText(r));
        if (hover) assert.deepEqual(activeParts(hover.markdown), [], `${name} ${line + 1}:${character + 1}`);
      }
    }
  }
  assert.ok(runs > 0, 'some mutated files ran');
});

const TERMINAL_PIECES = [
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u001b]8;;https://evil.example\u001b\\',
  '\u009b31m',
  '\u0008',
  '\u0000',
  '\u007f',
  '\u202e',
  '\u2066',
  '\u0085',
  'x',
  ' ',
];
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

void test('fuzz: terminal payloads in every string of the examples: nothing the CLI prints holds a control character', async () => {
  const prng = createPrng(SEED + 3);
  const dir = mkdtempSync(join(tmpdir(), 'replscope-fuzz-'));
  for (let round = 0; round < 4 * SCALE; round++) {
    const { name, text } = pick(prng, examples);
    const file = join(dir, `${round}.repl`);
    writeFileSync(
      file,
      withStrings(text, () => randomString(prng, TERMINAL_PIECES, 12)),
    );
    for (const argv of [
      ['check', file],
      ['run', file],
      ['run', file, '--summary'],
    ]) {
      const out = new PassThrough();
      const err = new PassThrough();
      let printed = '';
      out.on('data', (d: Buffer) => (printed += d.toString()));
      err.on('data', (d: Buffer) => (printed += d.toString()));
      await main(argv, { stdout: out, stderr: err });
      assert.doesNotMatch(printed, UNSAFE, `${name}: ${argv[0]} ${argv[2] ?? ''}`);
    }
  }
});

void test('fuzz: huge and odd numbers in every number of the examples: checked, and every run time below 2^53 µs', () => {
  const prng = createPrng(SEED + 4);
  const huge = () => pick(prng, ['18446744073709551616', '9'.repeat(1 + prng.upTo(400)), '9007199254740993', '1000001', '0', '4294967296']);
  let runs = 0;
  let refused = 0;
  for (let round = 0; round < 12 * SCALE; round++) {
    const { name, text } = pick(prng, examples);
    // One number of the file (not in a comment) replaced: by one past a limit, or by one just inside it.
    const numbers = [...text.matchAll(/^[^#\n]*?\b(\d+)(?=(?:\.\d+)?(?:us|ms|s|KB|MB|GB)?\b)/gm)];
    if (numbers.length === 0) continue;
    const m = pick(prng, numbers);
    const at = (m.index ?? 0) + m[0].length - m[1].length;
    const mutated = text.slice(0, at) + huge() + text.slice(at + m[1].length);
    const analysis = analyze(mutated);
    if (!analysis.runnable) {
      refused++;
      continue;
    }
    runs++;
    const summary = runSummary(analysis.scenario);
    assert.equal(summary.internalError, null, `${name}: ${summary.internalError?.message ?? ''}`);
    assert.ok(Number.isSafeInteger(summary.endTime) && summary.endTime <= 2 ** 53, `${name}: ended at ${summary.endTime}`);
  }
  assert.ok(runs > 0 && refused > 0, `${runs} ran, ${refused} refused`);
});
