// Markdown injection (issue 8): every user-controlled string that reaches a hover (statements, string values, the
// binlog file of `from binlog '…'`, status values, labels of the run) is escaped or in a code span or block it
// cannot close. The test hovers every word of hostile files, parses each hover as a GFM renderer would (links
// autodetected, HTML allowed) and finds no link, image or HTML, and no table row with more cells than its head.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt } from '../src/features/hover';
import { mdCode, mdCodeBlock, mdText } from '../src/features/markdown';
import { runHoverSection, transactionHoverSection } from '../src/features/run-view';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { createPrng } from '../src/engine/prng';
import { activeParts, md } from './helpers/markdown';
import { FUZZ_SCALE, FUZZ_SEED } from './helpers/fuzz';

/** Strings a file can hold (no line break: the lexer refuses them in strings) that markdown would act on. */
const PAYLOADS = [
  'x](https://evil.example/a) ![i](https://evil.example/i.png)',
  '<img src=https://evil.example/x.png> <a href="command:workbench.action.quit">q</a>',
  'https://evil.example/auto www.evil.example mailto:a@evil.example',
  '``` ` `` <b>bold</b> | cell | cell |',
  '[ref]: https://evil.example/ref',
  '&lt;script&gt; &#91;x&#93;(https://evil.example/e)',
  '\\[esc\\](https://evil.example/b) \\`',
];

function hostileFile(payload: string): string {
  const p = payload.replace(/'/g, "''");
  return [
    `scenario '${p}'`,
    'flavor mysql-8.0',
    'source m1 { }',
    'replica r1 of m1 { }',
    'table t (id int primary key, v varchar(200))',
    'client app on m1',
    `app: insert into t values (1, '${p}')`,
    `app: begin; insert into t values (2, '${p}'); update t set v = '${p}' where id = 1; commit as T2`,
    'wait until r1 caught up',
    'stop r1 io_thread',
    `restart r1 as replica of m1 from binlog '${p}':4`,
    `expect r1 Master_Log_File = '${p}'`,
    `expect m1 has t(v='${p}')`,
    'expect T2 outcome ok',
  ].join('\n');
}

void test('hovering every word of hostile files finds no link, image, HTML or extra table cell', () => {
  for (const payload of PAYLOADS) {
    const text = hostileFile(payload);
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
      payload,
    );
    const document = TextDocument.create('file:///hostile.repl', 'repl', 1, text);
    const trace = runScenario(analysis.scenario);
    const lines = text.split('\n');
    let hovers = 0;
    for (let line = 0; line < lines.length; line++) {
      const run = runHoverSection(trace, line);
      if (run) {
        hovers++;
        assert.deepEqual(activeParts(run), [], `line ${line + 1}, the run's section, payload ${payload}`);
      }
      for (let character = 0; character <= lines[line].length; character++) {
        const hover = hoverAt(analysis, { line, character }, (r) => document.getText(r));
        if (!hover) continue;
        hovers++;
        assert.deepEqual(activeParts(hover.markdown), [], `line ${line + 1}:${character + 1}, payload ${payload}`);
      }
    }
    for (const t of trace.transactions) assert.deepEqual(activeParts(transactionHoverSection(trace, t.id) ?? ''), [], t.id);
    assert.ok(hovers > 50, `${hovers} hovers`);
    // The status table does show the file name (escaped, not dropped).
    const restart = runHoverSection(trace, 10) ?? '';
    assert.ok(restart.includes('| r1 |'), restart);
  }
});

void test('fuzz: text, code spans and code blocks hold any string without markup escaping them', () => {
  const prng = createPrng(7 + FUZZ_SEED);
  const alphabet = [
    '`',
    '``',
    '```',
    '[',
    ']',
    '(',
    ')',
    '!',
    '<',
    '>',
    '|',
    '*',
    '_',
    '\\',
    '&',
    '#',
    ':',
    '/',
    'https://evil.example',
    'www.e.x',
    ' ',
    'a',
    '\n',
    '-',
    '~',
    '=',
  ];
  for (let i = 0; i < 400 * FUZZ_SCALE; i++) {
    let s = '';
    const length = 1 + prng.upTo(30);
    for (let j = 0; j < length; j++) s += alphabet[prng.upTo(alphabet.length - 1)];
    assert.deepEqual(activeParts(`A ${mdText(s)} B`), [], `text ${JSON.stringify(s)}`);
    assert.deepEqual(activeParts(`A ${mdCode(s)} B`), [], `code ${JSON.stringify(s)}`);
    assert.deepEqual(
      activeParts(`${mdCodeBlock(s)}\n\nafter <b>x</b>`),
      ['html <b>', 'html </b>'],
      `block ${JSON.stringify(s)}: only the HTML after it`,
    );
    // Rendered, the text says exactly what it was given (line breaks as spaces).
    const inline = md.parse(mdText(s), {})[1]?.children ?? [];
    const shown = inline.map((t) => (t.type === 'softbreak' ? '\n' : t.content)).join('');
    assert.equal(shown, s.replace(/\n/g, ' ').trim().replace(/ +$/, ''), JSON.stringify(s));
  }
});
