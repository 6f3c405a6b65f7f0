// ```repl blocks in Markdown (VS Code's Markdown preview): the plugin, on markdown-it itself, draws the same SVG the
// command line's `run --svg` writes; other fences are left alone; a block with errors is a box of `line N: message`;
// every string from the block is escaped; a block too large, a run stopped by its budget and mangled text give a
// box, never an exception.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { MAX_BLOCK_CHARS, isReplFence, renderReplBlock, replMarkdownItPlugin } from '../../src/markdown-preview';
import { analyze } from '../../../server/src/language/analyze';
import { startRun } from '../../../server/src/run';
import { runWithin } from '../../../server/src/run-budget';
import { EDITOR_BUDGET } from '../../../server/src/run-scheduler';
import { renderTimelineFile } from '../../../server/src/timeline/export';
import { createPrng } from '../../../server/src/engine/prng';
import { FUZZ_SCALE, FUZZ_SEED } from '../../../server/test/helpers/fuzz';
import { type MarkdownItLike } from '../../src/markdown-preview';

const examples = join(__dirname, '..', '..', '..', 'examples');
const example = (prefix: string) => {
  const name = readdirSync(examples).find((f) => f.startsWith(prefix) && f.endsWith('.repl'));
  assert.ok(name, `an example ${prefix}*`);
  return readFileSync(join(examples, name), 'utf8');
};
const fence = (body: string, info = 'repl') => `# Runbook\n\nBefore.\n\n\`\`\`${info}\n${body}\`\`\`\n\nAfter.\n`;
const markdown = () => replMarkdownItPlugin(new MarkdownIt({ html: true }) as unknown as MarkdownItLike) as unknown as MarkdownIt;

void test('a repl block is the timeline the command line exports as SVG, inline', () => {
  const text = example('s04-');
  const html = markdown().render(fence(text));
  const analysis = analyze(text);
  const svgFile = renderTimelineFile(runWithin(startRun(analysis.scenario, {}, 'full'), EDITOR_BUDGET), 'svg');
  const element = svgFile.replace(/^<\?xml[^>]*\?>\n/, '').trimEnd();
  assert.ok(element.startsWith('<svg '), 'the export is an <svg> element after its prolog');
  assert.ok(html.includes(element), 'the preview holds the exported SVG unchanged');
  assert.ok(!html.includes('<?xml'), 'no XML prolog inside HTML');
  assert.match(html, /<div class="replscope-markdown code-line" data-line="4">/);
  assert.match(html, /<p>Before\.<\/p>/);
  assert.match(html, /<p>After\.<\/p>/);
  assert.ok(!html.includes('<pre>'), 'the scenario is drawn, not printed as code');
});

void test('other fences, and an indented block, are rendered as markdown-it renders them', () => {
  const plain = new MarkdownIt({ html: true });
  for (const src of [fence('select 1;\n', 'sql'), fence('source m1 { }\n', ''), '    source m1 { }\n', fence('x\n', 'replay')])
    assert.equal(markdown().render(src), plain.render(src), src);
});

void test('the fence info words that mark a scenario', () => {
  for (const info of ['repl', 'REPL', ' repl title="S4"', '{.repl}', 'replscope']) assert.ok(isReplFence(info), info);
  for (const info of ['', 'sql', 'replica', 'python repl', 'repl-like']) assert.ok(!isReplFence(info), info);
});

void test('a block with errors shows each error as line: message in a box, and no picture', () => {
  const text = 'scenario "broken"\nsource m1 { }\nclient app on m1\napp: insert into d.t values (1)\nexpect m9 File = \'x\'\n';
  const html = markdown().render(fence(text));
  assert.ok(!html.includes('<svg'), html);
  assert.match(html, /class="replscope-block replscope-error" role="alert"/);
  assert.match(html, /line 5: [^<]*unknown server &#39;m9&#39;/);
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length >= 1);
  for (const d of errors) assert.ok(html.includes(`line ${d.range.start.line + 1}: `), d.message);
  assert.match(html, new RegExp(`the scenario has ${errors.length} error`));
});

void test('text from the block is escaped as the export escapes it: in the picture and in the error box', () => {
  const base = example('s01-');
  const hostile = base.replace(/'v1'/, `'<i onclick=f()>'`).replace(/^scenario "[^"]*"/m, 'scenario "<script>alert(2)</script> & co"');
  const drawn = renderReplBlock(hostile);
  assert.match(drawn, /<svg /);
  assert.ok(!/<i |<script/i.test(drawn), 'no markup from the block');
  assert.ok(drawn.includes('&lt;i onclick=f()&gt;'), 'the row value, escaped');
  assert.ok(drawn.includes('&lt;script&gt;alert(2)&lt;/script&gt; &amp; co'), 'the title, escaped');
  const broken = renderReplBlock(`scenario "x"\nflavor "<b>&"\n`);
  assert.ok(!/<b>/.test(broken), broken);
  assert.ok(broken.includes(`line 2: expected a flavor`), broken);
  assert.ok(broken.includes(`&#39;&quot;&lt;b&gt;&amp;&quot;&#39;`), broken);
});

void test('a block past the size cap is not analysed: a box says why', () => {
  const big = `# ${'x'.repeat(MAX_BLOCK_CHARS)}\n`;
  const started = performance.now();
  const html = renderReplBlock(big);
  assert.ok(performance.now() - started < 1000);
  assert.match(html, /a Markdown block draws at most 65536/);
  assert.ok(!html.includes('<svg'));
});

void test('a run stopped by its budget draws what happened until then and says so', () => {
  const inserts = Array.from({ length: 400 }, (_, i) => `app: insert into d.t values (${i + 10}, 'x')\n`).join('');
  const html = renderReplBlock(`${example('s01-')}\n${inserts}`, { budget: { millis: 0, heapMb: 0 } });
  assert.match(html, /<svg /);
  assert.match(html, /the run stopped at a limit/);
  assert.match(html, /its memory budget|its time budget/);
});

void test('mangled scenarios give markup, never an exception', () => {
  const texts = readdirSync(examples)
    .filter((f) => f.endsWith('.repl'))
    .map((f) => readFileSync(join(examples, f), 'utf8'));
  const prng = createPrng(FUZZ_SEED + 12_067);
  const md = markdown();
  for (let i = 0; i < 12 * FUZZ_SCALE; i++) {
    const text = texts[Math.floor(prng.next() * texts.length)] ?? '';
    const at = Math.floor(prng.next() * text.length);
    const cut = text.slice(0, at) + ['```', '<', '"', '\u0000', '{', '}', '\n'][Math.floor(prng.next() * 7)] + text.slice(at + 1);
    const html = md.render(fence(cut));
    assert.ok(html.includes('replscope-'), `case ${i}`);
    assert.ok(!html.includes('\u0000'), `case ${i}: a NUL in the markup`);
  }
});
