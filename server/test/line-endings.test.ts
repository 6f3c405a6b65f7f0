// Line breaks: CRLF, a lone CR and LF are one and the same line break everywhere (LSP counts all three), and no
// string holds one. A file written with any mix of them gives the same diagnostics at the same positions, the same
// formatting and the same renames.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formattingEdits } from '../src/features/formatting';
import { analyze } from '../src/language/analyze';
import { applyEdits } from '../src/language/rename';
import { createPrng } from '../src/engine/prng';
import { FUZZ_SCALE, FUZZ_SEED } from './helpers/fuzz';

const examples = join(__dirname, '..', '..', 'examples');

function diagnosticsAt(text: string): string[] {
  return analyze(text).diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`,
  );
}

function format(text: string): string {
  const document = TextDocument.create('file:///f.repl', 'repl', 1, text);
  return TextDocument.applyEdits(document, formattingEdits(document));
}

/**
 * The text with each LF replaced by LF, CRLF or CR, drawn from the seeded generator (a CR right before an LF
 * would make one CRLF of two breaks: after a CR on an empty line, the next break starts with CR as well).
 */
function mixBreaks(text: string, next: () => number): string {
  const lines = text.split('\n');
  let out = lines[0];
  let last = '';
  for (let i = 1; i < lines.length; i++) {
    const choices = last === '\r' && lines[i - 1] === '' ? ['\r\n', '\r'] : ['\n', '\r\n', '\r'];
    last = choices[Math.floor(next() * choices.length)];
    out += last + lines[i];
  }
  return out;
}

void test('a lone CR inside a string is a line break, refused: the string is unterminated, the next lines stay', () => {
  const text = 'scenario "a\rb"\nsource m1 { }\n';
  const d = analyze(text).diagnostics.filter((x) => x.severity === 'error');
  assert.deepEqual(
    d.map((x) => [x.range.start.line, x.message]),
    [
      [0, 'unterminated string'],
      [1, 'unterminated string'],
    ],
  );
  const formatted = format(text);
  assert.match(formatted, /^source m1 \{ \}$/m, 'formatting keeps the following line');
  assert.equal((formatted.match(/"/g) ?? []).length, 2, 'and both quotes');
  assert.equal(format('scenario "a\r\nb"\nsource m1 { }\n').split(/\r\n|\r|\n/)[2], 'source m1 { }');
});

void test('renaming keeps every kind of line break and edits the line LSP means', () => {
  const text = 'source m1 { }\rreplica r1 of m1 { }\r\nlink m1 -> r1 latency 1ms\n';
  const edited = applyEdits(text, [{ start: { line: 2, character: 5 }, end: { line: 2, character: 7 } }], 'src');
  assert.equal(edited, 'source m1 { }\rreplica r1 of m1 { }\r\nlink src -> r1 latency 1ms\n');
});

void test('fuzz: every example with its line breaks mixed gives the same diagnostics and the same formatting', () => {
  const prng = createPrng(8 + FUZZ_SEED);
  const next = () => prng.next();
  const files = readdirSync(examples).filter((f) => f.endsWith('.repl'));
  for (const name of files) {
    const lf = readFileSync(join(examples, name), 'utf8').replace(/\r\n?/g, '\n');
    // A string with a line break in it, and a broken line, so that there are diagnostics to compare.
    const text = lf.replace(/^scenario "/m, 'scenario "x\ny').concat('source\n');
    const expected = diagnosticsAt(text);
    const formatted = format(text).split(/\r\n|\r|\n/);
    for (let round = 0; round < 3 * FUZZ_SCALE; round++) {
      const mixed = mixBreaks(text, next);
      assert.deepEqual(diagnosticsAt(mixed), expected, `${name}, round ${round}`);
      assert.deepEqual(format(mixed).split(/\r\n|\r|\n/), formatted, `${name}, round ${round}: formatting`);
    }
  }
});
