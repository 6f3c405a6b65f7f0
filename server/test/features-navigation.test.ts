/**
 * Go to definition, find references and rename, on the checker's symbol table.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from '../src/language/ast';
import { occurrences, symbolAt } from '../src/language/locate';
import { applyEdits, renameEdits, renameTarget } from '../src/language/rename';
import { analyze, snippet } from './helpers/snippet';

const text = [
  'source m1 { semisync }', // 1
  'replica r1 of m1 { semisync }', // 2
  'link m1 -> r1 latency 2ms', // 3
  'table t (id int primary key, v varchar(20))', // 4
  'client app on m1', // 5
  "app: insert into t values (1, 'a')", // 6
  "app: begin; insert into t values (2, 'b'); commit as T2", // 7
  'on T2 engine_committed: crash m1', // 8
  'promote r1', // 9
  'app reconnects to r1', // 10
  'app: retry T2 as again', // 11
  "app: update t set v = 'c' where id = 1", // 12
  'expect T2 outcome lost_connection', // 13
  "expect r1 has t(id=2, v='b')", // 14
  'expect T1 outcome ok', // 15
].join('\n');

const analysis = analyze(text);
const lines = text.split('\n');

/** The position of the `n`th (0-based) occurrence of `word` as a whole word on one-based `line`. */
function at(line: number, word: string, n = 0): { line: number; character: number } {
  const re = new RegExp(`\\b${word}\\b`, 'g');
  const src = lines[line - 1] ?? '';
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(src))) {
    if (i++ === n) return { line: line - 1, character: m.index + 1 };
  }
  throw new Error(`no ${word} #${n} on line ${line}`);
}

const where = (r: Range) => `${r.start.line + 1}:${r.start.character + 1}`;

void describe('go to definition', () => {
  void test('each kind of name leads to its declaration', () => {
    const cases: [number, string, string][] = [
      [8, 'm1', '1:8'],
      [9, 'r1', '2:9'],
      [10, 'app', '5:8'],
      [12, 't', '4:7'],
      [12, 'v', '4:30'],
      [14, 'id', '4:10'],
      [13, 'T2', '7:54'],
      [11, 'T2', '7:54'],
      [3, 'r1', '2:9'],
    ];
    for (const [line, word, declared] of cases) {
      const hit = symbolAt(analysis.symbols, at(line, word));
      assert.ok(hit, `${word} on line ${line}`);
      assert.equal(where(hit.declaration.name.range), declared, `${word} on line ${line}`);
    }
  });
  void test('an automatic transaction name leads to the statement that begins it', () => {
    const hit = symbolAt(analysis.symbols, at(15, 'T1'));
    assert.ok(hit?.declaration.implicit);
    assert.equal(where(hit.declaration.name.range), '6:6');
  });
  void test('keywords, MySQL’s words and blanks lead nowhere', () => {
    assert.equal(symbolAt(analysis.symbols, at(8, 'crash')), undefined);
    assert.equal(symbolAt(analysis.symbols, at(8, 'engine_committed')), undefined);
    assert.equal(symbolAt(analysis.symbols, { line: 0, character: 21 }), undefined);
  });
});

void describe('find references', () => {
  void test('with and without the declaration', () => {
    const key = symbolAt(analysis.symbols, at(9, 'r1'))?.declaration.key ?? '';
    assert.deepEqual(
      occurrences(analysis.symbols, key, true).map((n) => where(n.range)),
      ['2:9', '3:12', '9:9', '10:19', '14:8'],
    );
    assert.deepEqual(
      occurrences(analysis.symbols, key, false).map((n) => where(n.range)),
      ['3:12', '9:9', '10:19', '14:8'],
    );
  });
  void test('a column is referenced in SQL, in the primary key and in expectations', () => {
    const key = symbolAt(analysis.symbols, at(4, 'id'))?.declaration.key ?? '';
    assert.equal(key, 'column:t.id');
    assert.deepEqual(
      occurrences(analysis.symbols, key, true).map((n) => where(n.range)),
      ['4:10', '12:33', '14:17'],
    );
  });
  void test('a transaction’s name', () => {
    const key = symbolAt(analysis.symbols, at(8, 'T2'))?.declaration.key ?? '';
    assert.deepEqual(
      occurrences(analysis.symbols, key, false).map((n) => where(n.range)),
      ['8:4', '11:12', '13:8'],
    );
  });
});

void describe('rename', () => {
  const renamed = (word: string, line: number, to: string, n = 0) => {
    const r = renameEdits(analysis, text, at(line, word, n), to);
    assert.ok(r.ok, r.ok ? '' : r.message);
    return applyEdits(text, r.ranges, to);
  };

  void test('renames every occurrence, and the result means the same', () => {
    const after = renamed('r1', 9, 'standby');
    assert.equal(after.match(/\br1\b/g), null);
    assert.equal(after.match(/\bstandby\b/g)?.length, 5);
    const a = analyze(after);
    assert.deepEqual(a.diagnostics, analysis.diagnostics);
    assert.deepEqual(JSON.parse(JSON.stringify(a.scenario).replace(/standby/g, 'r1')), JSON.parse(JSON.stringify(analysis.scenario)));
  });

  void test('a column, a table, a client and a transaction', () => {
    assert.match(renamed('v', 4, 'val'), /val varchar\(20\)[\s\S]*set val = 'c'[\s\S]*t\(id=2, val='b'\)/);
    assert.match(renamed('t', 12, 'orders'), /table orders \(/);
    assert.match(renamed('app', 5, 'web'), /client web on m1[\s\S]*web reconnects to r1/);
    assert.match(renamed('T2', 8, 'big'), /commit as big\non big engine_committed[\s\S]*retry big as again[\s\S]*expect big outcome/);
  });

  void test('prepareRename gives the word and refuses what is not a name of the file', () => {
    const ok = renameTarget(analysis, at(8, 'm1'));
    assert.ok(ok.ok);
    assert.equal(ok.text, 'm1');
    const refusals: [number, string, RegExp][] = [
      [8, 'crash', /keyword/],
      [8, 'engine_committed', /MySQL’s word|MySQL's word/],
      [15, 'T1', /automatic transaction name/],
      [1, 'semisync', /setting/],
    ];
    for (const [line, word, why] of refusals) {
      const r = renameTarget(analysis, at(line, word));
      assert.ok(!r.ok, word);
      assert.match(r.message, why);
    }
  });

  void test('refuses a keyword, an invalid name, a taken name', () => {
    const refused = (word: string, line: number, to: string) => {
      const r = renameEdits(analysis, text, at(line, word), to);
      assert.ok(!r.ok, `${word} → ${to} should be refused`);
      return r.message;
    };
    assert.match(refused('r1', 9, 'source'), /keyword/);
    assert.match(refused('r1', 9, 'SOURCE'), /keyword/);
    assert.match(refused('r1', 9, '9lives'), /not a name/);
    assert.match(refused('r1', 9, 'm1'), /already the server declared on line 1/);
    assert.match(refused('T2', 8, 'app'), /already the client/);
    assert.match(refused('T2', 8, 'T1'), /automatic transaction name/);
    assert.match(refused('v', 4, 'id'), /already the column/);
  });

  void test('refuses a name that would shift the automatic transaction names', () => {
    // The third insert is T4, because T3 is taken by the fourth: renaming T3 away would make it T3.
    const shifted = [
      'source m1 { }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1)',
      'app: insert into t values (2)',
      'app: insert into t values (3)',
      'app: insert into t values (4) as T3',
      'expect T4 outcome ok',
    ].join('\n');
    const a = analyze(shifted);
    const r = renameEdits(a, shifted, { line: 6, character: 34 }, 'fourth');
    assert.ok(!r.ok);
    assert.match(r.message, /automatic transaction names/);
    assert.ok(renameEdits(analysis, text, at(8, 'T2'), 'T3').ok, 'T3 is free in the main text and shifts nothing');
    assert.match((renameEdits(analysis, text, at(8, 'T2'), 'T4') as { message: string }).message, /automatic transaction name/);
  });

  void test('a column may take the name of another table’s column', () => {
    const two = analyze('table a (x int)\ntable b (y int)');
    const r = renameEdits(two, 'table a (x int)\ntable b (y int)', { line: 1, character: 9 }, 'x');
    assert.ok(r.ok);
  });

  void test('the same name changes nothing', () => {
    const r = renameEdits(analysis, text, at(9, 'r1'), 'r1');
    assert.deepEqual(r, { ok: true, ranges: [] });
  });
});

void describe('snippets with cursors', () => {
  void test('a cursor right after a name still finds it', () => {
    const s = snippet('source m1<|> { }\ncrash m1');
    assert.equal(symbolAt(analyze(s.text).symbols, s.position)?.declaration.key, 'server:m1');
  });
});
