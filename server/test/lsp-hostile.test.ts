// The language server under hostile requests and documents (issue 8): null, negative, fractional and out-of-range
// positions, missing documents and reversed ranges get the empty answer with no TypeError logged, ranges come back
// clamped into the document; a too-large document gets one diagnostic; a cycle of thousands of servers and a
// megabyte-long name leave the server answering. A seeded fuzz sends malformed requests of every kind.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver';
import { createPrng } from '../src/engine/prng';
import { maxInputBytes } from '../src/language/limits';
import { TestClient } from './helpers/lsp-client';
import { FUZZ_SCALE, FUZZ_SEED } from './helpers/fuzz';

let client: TestClient;
const DOC = 'file:///work/hostile.repl';
const text = [
  'scenario "hostile"',
  'source m1 { semisync }',
  'replica r1 of m1 { semisync }',
  'table t (id int primary key, v varchar(20))',
  'client app on m1',
  "app: insert into t values (1, 'a')",
  'expect r1 has t(id=1)',
].join('\n');

/** Methods that take a document and a position or a range, with the key under which they take it. */
const METHODS: { method: string; extra?: Record<string, unknown>; at: 'position' | 'range' | 'none' }[] = [
  { method: 'textDocument/hover', at: 'position' },
  { method: 'textDocument/completion', at: 'position' },
  { method: 'textDocument/definition', at: 'position' },
  { method: 'textDocument/references', at: 'position', extra: { context: { includeDeclaration: true } } },
  { method: 'textDocument/prepareRename', at: 'position' },
  { method: 'textDocument/rename', at: 'position', extra: { newName: 'zz' } },
  { method: 'textDocument/codeAction', at: 'range', extra: { context: { diagnostics: [] } } },
  { method: 'textDocument/rangeFormatting', at: 'range', extra: { options: { tabSize: 2, insertSpaces: true } } },
  { method: 'textDocument/inlayHint', at: 'range' },
  { method: 'textDocument/formatting', at: 'none', extra: { options: { tabSize: 2, insertSpaces: true } } },
  { method: 'textDocument/documentSymbol', at: 'none' },
  { method: 'textDocument/foldingRange', at: 'none' },
  { method: 'textDocument/semanticTokens/full', at: 'none' },
  { method: 'textDocument/codeLens', at: 'none' },
];

const BAD_POSITIONS: unknown[] = [
  null,
  undefined,
  {},
  { line: null, character: null },
  { line: 0, character: null },
  { line: -1, character: 0 },
  { line: 0, character: -5 },
  { line: 0.5, character: 1 },
  { line: '1', character: '2' },
  [0, 0],
  'here',
];

function errorsLogged(): string[] {
  return client.logs.filter((l) => /failed|TypeError|Error:/.test(l));
}

function send(method: string, params: unknown): Promise<unknown> {
  return client.connection.sendRequest(method, params);
}

void describe('the language server under hostile requests', () => {
  before(async () => {
    client = await TestClient.start();
    await client.open(DOC, text);
  });
  after(async () => {
    await client?.stop();
  });

  void test('null and out-of-range positions: the empty answer, nothing logged', async () => {
    for (const { method, extra, at } of METHODS) {
      if (at === 'none') continue;
      for (const bad of BAD_POSITIONS) {
        const where = at === 'position' ? { position: bad } : { range: { start: bad, end: bad } };
        const answer = await send(method, { textDocument: { uri: DOC }, ...where, ...extra });
        assert.ok(
          answer === null || (Array.isArray(answer) && answer.length === 0),
          `${method} ${JSON.stringify(bad)}: ${JSON.stringify(answer)}`,
        );
      }
      for (const params of [{}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: { uri: 'file:///nope.repl' } }]) {
        const answer = await send(method, params);
        assert.ok(answer === null || (Array.isArray(answer) && answer.length === 0), `${method} ${JSON.stringify(params)}`);
      }
    }
    assert.deepEqual(errorsLogged(), []);
  });

  void test('a position past the end is clamped: completion ranges hold numbers inside the document', async () => {
    const r = (await send('textDocument/completion', { textDocument: { uri: DOC }, position: { line: 4, character: 10_000 } })) as
      CompletionItem[] | CompletionList;
    const items = Array.isArray(r) ? r : r.items;
    assert.ok(items.length > 0);
    for (const item of items) {
      const range = (item.textEdit as TextEdit).range;
      assert.deepEqual(range.end, { line: 4, character: 'client app on m1'.length });
      assert.ok(Number.isInteger(range.start.character) && range.start.character >= 0);
    }
    const reversed = await send('textDocument/rangeFormatting', {
      textDocument: { uri: DOC },
      range: { start: { line: 6, character: 0 }, end: { line: 0, character: 0 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(Array.isArray(reversed));
    assert.deepEqual(errorsLogged(), []);
  });

  void test('fuzz: 300 malformed requests of every kind, then the server still answers a good one', async () => {
    const prng = createPrng(12 + FUZZ_SEED);
    const pick = <T>(xs: readonly T[]): T => xs[prng.upTo(xs.length - 1)];
    const junk = (): unknown =>
      pick([null, -1, 0, 2 ** 31, 1.5, '', 'x', true, [], {}, { line: prng.upTo(20) - 5, character: prng.upTo(200) - 50 }]);
    for (let i = 0; i < 300 * FUZZ_SCALE; i++) {
      const { method, extra } = pick(METHODS);
      const position = prng.next() < 0.5 ? junk() : { line: prng.upTo(12) - 2, character: prng.upTo(80) - 10 };
      const params: Record<string, unknown> = {
        textDocument: prng.next() < 0.9 ? { uri: DOC } : junk(),
        position,
        range: prng.next() < 0.5 ? { start: position, end: junk() } : junk(),
        ...(prng.next() < 0.7 ? extra : { context: junk(), options: junk(), newName: junk() }),
      };
      await send(method, params).catch(() => undefined);
    }
    const hover = (await send('textDocument/hover', { textDocument: { uri: DOC }, position: { line: 1, character: 8 } })) as {
      contents: { value: string };
    } | null;
    assert.match(hover?.contents.value ?? '', /m1/);
    assert.deepEqual(errorsLogged(), []);
  });

  void test('a document past the size limit: one diagnostic; a 5,000-server cycle and a 1 MB name: the server answers', async () => {
    const big = await client.open('file:///work/big.repl', `# ${'x'.repeat(maxInputBytes)}\n`);
    assert.deepEqual(
      big.diagnostics.map((d) => d.code),
      ['too-large'],
    );
    const cycle = ['replica s0 of s4999 { }', ...Array.from({ length: 4999 }, (_, i) => `replica s${i + 1} of s${i} { }`)].join('\n');
    const started = Date.now();
    const cyc = await client.open('file:///work/cycle.repl', cycle);
    assert.equal(cyc.diagnostics.filter((d) => d.code === 'replication-cycle').length, 1);
    const long = await client.open('file:///work/long.repl', `source m1 { }\nreplica r1 of ${'q'.repeat(1 << 20)} { }\n`);
    assert.ok(long.diagnostics.length >= 1);
    const actions = await send('textDocument/codeAction', {
      textDocument: { uri: 'file:///work/long.repl' },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 << 20 } },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions));
    const hover = await send('textDocument/hover', { textDocument: { uri: DOC }, position: { line: 1, character: 8 } });
    assert.ok(hover);
    assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
  });
});
