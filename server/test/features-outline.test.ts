/**
 * The outline (document symbols), folding ranges and semantic tokens.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { outline } from '../src/features/document-symbols';
import { foldingRanges } from '../src/features/folding';
import { classify, legend, semanticTokens } from '../src/features/semantic-tokens';
import { analyze, sourceOf } from './helpers/snippet';

const text = [
  '# Lossless semi-sync', // 0
  '# with a crash before the ACK', // 1
  'scenario "after sync"', // 2
  'flavor mysql-8.0', // 3
  '', // 4
  'source m1 {', // 5
  '  semisync', // 6
  '  timeout=unbounded', // 7
  '}', // 8
  'replica r1 of m1 { semisync }', // 9
  'link m1 -> r1 latency 2ms', // 10
  '', // 11
  'table t (', // 12
  '  id int primary key,', // 13
  '  v varchar(20)', // 14
  ')', // 15
  'client app on m1', // 16
  '', // 17
  "app: insert into t values (1, 'a')", // 18
  "app: begin; insert into t values (2, 'b'); commit as T2", // 19
  'on T2 after_sync_wait: crash m1', // 20
  'expect T2 outcome pending', // 21
  'promote r1', // 22
  '', // 23
  'expect r1 lacks t(id=2)', // 24
  'expect no lost_acknowledged_commit', // 25
].join('\n');

const analysis = analyze(text);

void describe('document symbols', () => {
  const symbols = outline(analysis, sourceOf(text));
  const names = (list: DocumentSymbol[] | undefined) => (list ?? []).map((s) => s.name);

  void test('the file parses cleanly (the outline is of a real scenario)', () => {
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  void test('top level: scenario, flavor, servers, link, table, client, then the script and the end', () => {
    assert.deepEqual(names(symbols), [
      'scenario "after sync"',
      'flavor mysql-8.0',
      'm1',
      'r1',
      'm1 -> r1',
      't',
      'app',
      'script',
      'at the end',
    ]);
  });

  void test('servers with their settings, tables with their columns', () => {
    const m1 = symbols.find((s) => s.name === 'm1');
    assert.equal(m1?.kind, SymbolKind.Module);
    assert.equal(m1?.detail, 'source');
    assert.deepEqual(names(m1?.children), ['semisync', 'timeout']);
    assert.deepEqual(
      m1?.children?.map((c) => c.detail),
      ['on', 'unbounded'],
    );
    assert.deepEqual(m1?.range, { start: { line: 5, character: 0 }, end: { line: 8, character: 1 } });
    assert.deepEqual(m1?.selectionRange, { start: { line: 5, character: 7 }, end: { line: 5, character: 9 } });
    assert.equal(symbols.find((s) => s.name === 'r1')?.detail, 'replica of m1');
    const t = symbols.find((s) => s.name === 't');
    assert.deepEqual(names(t?.children), ['id', 'v']);
    assert.deepEqual(
      t?.children?.map((c) => c.detail),
      ['int', 'varchar(20)'],
    );
  });

  void test('the script in file order, with the transactions of each step; expectations after the last step apart', () => {
    const script = symbols.find((s) => s.name === 'script');
    assert.deepEqual(names(script?.children), [
      "app: insert into t values (1, 'a')",
      "app: begin; insert into t values (2, 'b'); commit as T2",
      'on T2 after_sync_wait: crash m1',
      'expect T2 outcome pending',
      'promote r1',
    ]);
    assert.deepEqual(
      script?.children?.map((c) => c.detail),
      ['T1', 'T2', undefined, undefined, undefined],
    );
    assert.equal(script?.children?.[2]?.kind, SymbolKind.Event);
    const end = symbols.find((s) => s.name === 'at the end');
    assert.deepEqual(names(end?.children), ['expect r1 lacks t(id=2)', 'expect no lost_acknowledged_commit']);
  });

  void test('every symbol’s selection range lies inside its range, and children inside their parent', () => {
    const inside = (a: DocumentSymbol['range'], b: DocumentSymbol['range']) =>
      (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character)) &&
      (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
    const check = (s: DocumentSymbol) => {
      assert.ok(inside(s.selectionRange, s.range), s.name);
      for (const c of s.children ?? []) {
        assert.ok(inside(c.range, s.range), `${c.name} in ${s.name}`);
        check(c);
      }
    };
    symbols.forEach(check);
  });

  void test('a broken file still has an outline of what could be read', () => {
    const broken = 'source m1 { semisync\nreplica r1 of m1 { }\npromte r1\nclient app on m1';
    assert.deepEqual(names(outline(analyze(broken), sourceOf(broken))), ['m1', 'r1', 'app']);
  });
});

void describe('folding ranges', () => {
  const ranges = foldingRanges(analysis);
  void test('multi-line braces and parentheses, comment runs and sections', () => {
    assert.deepEqual(
      ranges.map((r) => [r.startLine, r.endLine, r.kind ?? '']),
      [
        [0, 1, FoldingRangeKind.Comment],
        [5, 7, ''],
        [12, 14, ''],
        [18, 22, FoldingRangeKind.Region],
        [24, 25, FoldingRangeKind.Region],
      ],
    );
  });
  void test('a closing bracket after code on its line folds with it', () => {
    const r = foldingRanges(analyze('table t (\n  id int,\n  v int)\n'));
    assert.deepEqual(
      r.map((x) => [x.startLine, x.endLine]),
      [[0, 2]],
    );
  });
  void test('an unclosed bracket folds nothing and breaks nothing', () => {
    const r = foldingRanges(analyze('source m1 {\n  semisync\nreplica r1 of m1 {\n}\n'));
    assert.deepEqual(
      r.map((x) => [x.startLine, x.endLine]),
      [[0, 3]],
    );
  });
});

void describe('semantic tokens', () => {
  const at = (line: number, character: number) => classify(analysis).find((t) => t.line === line && t.character === character);

  void test('names by what they resolve to, MySQL’s words by role, keywords, literals, comments', () => {
    const expected: [number, number, string][] = [
      [0, 0, 'comment'],
      [2, 0, 'keyword'],
      [2, 9, 'string'],
      [3, 7, 'enumMember'],
      [5, 7, 'server'],
      [6, 2, 'setting'],
      [7, 10, 'enumMember'],
      [9, 14, 'server'],
      [10, 8, 'operator'],
      [10, 22, 'number'],
      [12, 6, 'table'],
      [13, 2, 'column'],
      [13, 5, 'type'],
      [16, 7, 'client'],
      [18, 0, 'client'],
      [18, 17, 'table'],
      [18, 27, 'number'],
      [19, 53, 'transaction'],
      [20, 3, 'transaction'],
      [20, 6, 'state'],
      [21, 18, 'enumMember'],
      [24, 18, 'column'],
      [25, 10, 'enumMember'],
    ];
    for (const [line, character, type] of expected) assert.equal(at(line, character)?.type, type, `${line}:${character}`);
  });

  void test('declarations are marked', () => {
    assert.equal(at(5, 7)?.declaration, true);
    assert.equal(at(9, 14)?.declaration, false);
    assert.equal(at(19, 53)?.declaration, true);
  });

  void test('status variables', () => {
    const a = analyze('source m1 { }\nexpect m1 Rpl_semi_sync_master_yes_tx = 1');
    assert.equal(classify(a).find((t) => t.line === 1 && t.character === 10)?.type, 'statusVariable');
  });

  void test('the encoding is relative, five integers per token, with the legend’s indexes', () => {
    const data = semanticTokens(analysis).data;
    const tokens = classify(analysis);
    assert.equal(data.length, tokens.length * 5);
    let line = 0;
    let character = 0;
    tokens.forEach((t, i) => {
      const [dl, dc, length, type, modifiers] = data.slice(i * 5, i * 5 + 5);
      line += dl ?? 0;
      character = dl === 0 ? character + (dc ?? 0) : (dc ?? 0);
      assert.deepEqual(
        [line, character, length, legend.tokenTypes[type ?? -1], modifiers],
        [t.line, t.character, t.length, t.type, t.declaration ? 1 : 0],
      );
    });
  });
});
