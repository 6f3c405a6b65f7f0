/**
 * The formatter: canonical spacing, comments and blank lines kept, idempotent, and never a change of meaning —
 * the formatted text analyses to the same scenario as the original (statement texts compared without spaces).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formattingEdits } from '../src/features/formatting';
import { formatRepl } from '../src/language/format';
import { analyze, docSnippets, documentOf, examples } from './helpers/snippet';

const messy = [
  '#   header comment   ',
  'scenario   "x"',
  'flavor mysql-5.7',
  'source m1{semisync wait_point = after_commit,timeout=-1ms   sync_binlog=1}',
  'replica r1 of m1 {',
  'semisync',
  '    # the replica side',
  '  }',
  '',
  '   ',
  'link m1->r1 latency 2ms',
  'table t(id int primary key,v varchar (20),',
  ' primary key ( id ))',
  'client app on m1',
  "app:insert into t values(1,'a') , ( 2 , -3 )   # trailing",
  "app : begin ;update t set v=v+1 where id=1 and v  !=  'x';commit as T2 nowait",
  'at 20ms :crash m1 host',
  "restart m1 as replica of r1 from binlog 'mysql-bin.000001' : 4",
  'expect m1 has t( id = 2 ) count 2',
  'expect m1 Rpl_semi_sync_master_status=OFF',
  'app: select count ( * ) from t where id in(1,2)',
  'set m1 timeout = 5s , semisync = on',
  'expect r1 Exec_Master_Log_Pos>=434',
].join('\n');

const tidy = [
  '#   header comment',
  'scenario "x"',
  'flavor mysql-5.7',
  'source m1 { semisync wait_point=after_commit, timeout=-1ms sync_binlog=1 }',
  'replica r1 of m1 {',
  '  semisync',
  '  # the replica side',
  '}',
  '',
  '',
  'link m1 -> r1 latency 2ms',
  'table t (id int primary key, v varchar(20),',
  '  primary key (id))',
  'client app on m1',
  "app: insert into t values (1, 'a'), (2, -3)    # trailing",
  "app: begin; update t set v = v + 1 where id = 1 and v != 'x'; commit as T2 nowait",
  'at 20ms: crash m1 host',
  "restart m1 as replica of r1 from binlog 'mysql-bin.000001':4",
  'expect m1 has t(id=2) count 2',
  'expect m1 Rpl_semi_sync_master_status = OFF',
  'app: select count(*) from t where id in (1, 2)',
  'set m1 timeout=5s, semisync=on',
  'expect r1 Exec_Master_Log_Pos >= 434',
].join('\n');

/** The scenario as JSON, with the statements' own text compared without white space. */
function meaning(text: string): unknown {
  const a = analyze(text);
  const json = JSON.parse(
    JSON.stringify(a.scenario, (key, value: unknown) => (key === 'text' && typeof value === 'string' ? value.replace(/\s+/g, '') : value)),
  ) as unknown;
  return { scenario: json, diagnostics: a.diagnostics.map((d) => `${d.range.start.line}:${d.code}:${d.message}`) };
}

void describe('canonical spacing', () => {
  void test('a messy file comes out tidy', () => assert.equal(formatRepl(messy), tidy));
  void test('tidy text is left alone', () => assert.equal(formatRepl(tidy), tidy));
  void test('aligned trailing comments keep their column', () => {
    const aligned = "app: insert into t values (1, 'a')      # T1\napp: commit                              # done\n";
    assert.equal(formatRepl(aligned), aligned);
  });
  void test('a DDL statement writes its column types as a table declaration does', () => {
    assert.equal(
      formatRepl('app:create table u(id int,w varchar (3))\napp: alter table u add column n char( 2)\napp: create index i on u(id)\n'),
      'app: create table u (id int, w varchar(3))\napp: alter table u add column n char(2)\napp: create index i on u (id)\n',
    );
  });
  void test('CRLF line breaks are kept', () => {
    assert.equal(formatRepl('source m1{ }\r\nclient app on m1\r\n'), 'source m1 { }\r\nclient app on m1\r\n');
  });

  void test('a loop: its braces spaced, its body indented as written, now() tight', () => {
    assert.equal(
      formatRepl('repeat 3{\n  app:insert into t values($i,now ())\n  wait 1s\n}\n'),
      'repeat 3 {\n  app: insert into t values ($i, now())\n  wait 1s\n}\n',
    );
  });
});

void describe('never a change of meaning', () => {
  const corpus = [
    { name: 'the messy file', text: messy },
    ...examples().map((e) => ({ name: e.name, text: e.text })),
    ...docSnippets().map((b) => ({ name: `docs/language.md line ${b.line}`, text: b.text })),
  ];
  for (const { name, text } of corpus) {
    void test(`${name}: same analysis, same number of lines, idempotent`, () => {
      const once = formatRepl(text);
      assert.deepEqual(meaning(once), meaning(text));
      assert.equal(once.split('\n').length, text.split('\n').length);
      assert.equal(formatRepl(once), once);
    });
  }

  void test('a line with a lexing error is left as it was; the others are formatted', () => {
    const text = "source m1{ }\nscenario 'unterminated\nclient  app on m1 $ \n";
    assert.equal(formatRepl(text), "source m1 { }\nscenario 'unterminated\nclient  app on m1 $ \n");
  });

  void test('text that would lex differently when tightened is left as it was', () => {
    // `< =` in settings would become `<=` if `=` were made tight there.
    const text = 'source m1 { a < = 1 }\n';
    assert.equal(formatRepl(text), text);
    assert.equal(formatRepl('source m1 { x = 1 . 5 }\n'), 'source m1 { x=1 . 5 }\n');
  });

  void test('garbage stays garbage', () => {
    const garbage = '}{)(,,;;::==->\n  -- - >>=<<\n\t\tcrash crash crash\n';
    const once = formatRepl(garbage);
    assert.deepEqual(meaning(once), meaning(garbage));
    assert.equal(formatRepl(once), once);
  });
});

void describe('edits', () => {
  void test('one edit per changed line, only within the requested lines', () => {
    const document = documentOf('source m1{ }\nclient app on m1\ncrash  m1\n');
    assert.deepEqual(formattingEdits(document), [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, newText: 'source m1 { }' },
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } }, newText: 'crash m1' },
    ]);
    assert.deepEqual(
      formattingEdits(document, 1, 2).map((e) => e.range.start.line),
      [2],
    );
  });
});
