/**
 * The language side of client DDL: how `create table`, `alter table`, `drop table`, `truncate table` and `create index`
 * parse, and how the checker follows the schema through the script: statements are checked against the shape their
 * table has at that point; what only the server can decide (a table that may or may not be there when the statement
 * runs) is information, not an error; a table nothing declares or creates is still unknown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';

const head = `flavor mariadb-10.11
database d
source m1 { }
table t (id int primary key, v varchar(20))
client app on m1
`;
const headLines = head.split('\n').length - 1;

/** `line severity: message` for every diagnostic, lines counted from the script after the header (1-based). */
function diagnostics(script: string): string[] {
  return analyze(head + script).diagnostics.map((d) => `${d.range.start.line + 1 - headLines} ${d.severity}: ${d.message}`);
}

function statements(script: string) {
  return analyze(head + script).scenario.transactions.flatMap((t) => t.statements);
}

void test('every DDL form parses and resolves to what it changes', () => {
  const resolved = statements(`app: create table u (id int, w char(3) not null, primary key (id))
app: alter table u add column n bigint
app: alter table u add k int not null
app: alter table u drop column w
app: alter table u drop k
app: create index iu on u (id, n)
app: truncate table u
app: truncate u
app: drop table d.u
`);
  assert.deepEqual(
    resolved.map((s) => (s.kind === 'ddl' ? s.ddl.op : s.kind)),
    ['createTable', 'addColumn', 'addColumn', 'dropColumn', 'dropColumn', 'createIndex', 'truncate', 'truncate', 'dropTable'],
  );
  const created = resolved[0];
  assert.ok(created.kind === 'ddl' && created.ddl.op === 'createTable');
  assert.deepEqual(created.ddl.table.primaryKey, ['id']);
  assert.deepEqual(
    created.ddl.table.columns.map((c) => [c.name, c.type.base, c.nullable]),
    [
      ['id', 'int', false],
      ['w', 'char', false],
    ],
  );
  assert.equal(created.text, 'create table u (id int, w char(3) not null, primary key (id))');
  assert.deepEqual(diagnostics(''), []);
});

void test('each DDL is a transaction of its own, after an implicit commit of the open one', () => {
  const a = analyze(`${head}app: begin; insert into t values (1, 'a'); create index iv on t (v); commit\n`);
  assert.deepEqual(
    a.scenario.transactions.map((t) => [t.id, t.statements.map((s) => s.kind), t.autocommit]),
    [
      ['T1', ['begin', 'insert'], false],
      ['T2', ['ddl'], true],
    ],
  );
  assert.deepEqual(
    a.diagnostics.map((d) => `${d.severity}: ${d.message}`),
    [
      'warning: CREATE INDEX inside an open transaction (begun on line 6) commits that one first (implicit commit)',
      'warning: COMMIT with no open transaction does nothing',
    ],
  );
});

void test('rows are checked against the shape at their point of the script', () => {
  assert.deepEqual(
    diagnostics(`app: insert into t values (1, 'a', 5)
app: alter table t add column n int
app: insert into t values (2, 'b', 5)
app: update t set n = 1 where v = 'b'
app: alter table t drop column v
app: update t set v = 'c'
expect m1 has t(id=2, n=1)
`),
    [
      "1 error: column count doesn't match value count: 2 columns, 3 values (error 1136)",
      "6 error: table t has no column 'v' at this point of the script: an alter table drops it before, or adds it after",
    ],
  );
});

void test('what the server decides is information: a table there already, one an earlier DDL dropped', () => {
  assert.deepEqual(
    diagnostics(`app: create table t (id int primary key, v varchar(20))
app: drop table t
app: insert into t values (1, 'a')
app: drop table t
app: alter table t add column n int
`),
    [
      "1 information: table 't' exists at this point (declared or created on line 4): where it still does when this runs, the server answers error 1050 (Table 't' already exists) and logs nothing; the statements after this one are checked against the new shape",
      "3 information: table 't' was dropped on line 7: unless it is created again first, the server answers error 1146 (Table 'd.t' doesn't exist)",
      "4 information: table 't' was dropped on line 7: unless it is created again first, the server answers error 1051 (Unknown table 'd.t')",
      "5 information: table 't' was dropped on line 7: unless it is created again first, the server answers error 1146 (Table 'd.t' doesn't exist)",
    ],
  );
  // Resolved all the same: the engine runs them and the server answers.
  assert.equal(statements(`app: drop table t\napp: insert into t values (1, 'a')\n`).length, 2);
});

void test('a table that nothing declares or creates is still unknown; a created one resolves from then on', () => {
  assert.deepEqual(diagnostics(`app: insert into w values (1)\napp: drop table w\n`), [
    "1 error: unknown table 'w'; did you mean 't'?",
    "2 error: unknown table 'w'; did you mean 't'?",
  ]);
  assert.deepEqual(diagnostics(`app: create table w (id int)\napp: insert into w values (1)\nexpect m1 has w(id=1)\n`), []);
});

void test('the DDL checks MySQL makes that do not depend on the data: types, the key, every column, the index columns', () => {
  assert.deepEqual(
    diagnostics(`app: create table u (id int, id int)
app: alter table t add column n blob
app: alter table t drop column id
app: create index iv on t (nope)
app: create table x.u (id int)
app: alter table t add column k int primary key
`),
    [
      "1 error: duplicate column name 'id' (error 1060)",
      "2 error: unknown column type 'blob': expected one of tinyint, smallint, mediumint, int, bigint, varchar, char, text",
      "3 error: 'id' is in the primary key of t: dropping a key column is not modelled",
      "4 error: unknown column 'nope' in table t",
      "5 error: unknown database 'x': the tables are in 'd' (declared with `database`)",
      '6 error: adding a primary key column is not modelled: declare the key when the table is created',
    ],
  );
});

void test('a duplicate column, a missing column to drop, a second index of the same name: information with the error', () => {
  assert.deepEqual(
    diagnostics(`app: alter table t add column v int
app: alter table t drop column n
app: create index iv on t (v)
app: create index iv on t (id)
`),
    [
      "1 information: table 't' has a column 'v' at this point: the server answers error 1060 (Duplicate column name 'v')",
      "2 information: table 't' has no column 'n' at this point: the server answers error 1091",
      "4 information: table 't' already has an index 'iv': the server answers error 1061 (Duplicate key name 'iv')",
    ],
  );
});

void test('slave_ddl_exec_mode is MariaDB’s', () => {
  const a = analyze(`flavor mysql-8.0
source m1 { }
replica r1 of m1 { slave_ddl_exec_mode=strict }
`);
  assert.deepEqual(
    a.diagnostics.map((d) => d.message),
    ["slave_ddl_exec_mode is MariaDB's (mysql-8.0: error 1193, unknown system variable); MySQL applies DDL strictly"],
  );
});
