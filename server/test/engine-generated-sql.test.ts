/**
 * Idempotent and generated SQL (issue 11, item 5): AUTO_INCREMENT with auto_increment_increment/offset, INSERT
 * IGNORE, REPLACE and INSERT … ON DUPLICATE KEY UPDATE, per binlog format and flavor: the values generated, what the
 * binlog gets (Intvar INSERT_ID and Q_AUTO_INCREMENT in statement format, Update_rows for a replaced row in row
 * format), and what a replica makes of it. The MariaDB figures are also held by conformance c44 and c45.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { transactionEvents, type StatementChanges } from '../src/engine/binlog-events';
import { nextAutoIncrementValue } from '../src/engine/auto-increment';
import type { Flavor, TableConfig } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';

function run(text: string): Trace {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
  );
  return runScenario(a.scenario);
}

function rows(trace: Trace, server: string, table = 't'): unknown[][] {
  return (trace.rows[server]?.[table] ?? []).map((r) => Object.values(r));
}

function binlogSize(trace: Trace, txn: string): number | undefined {
  const b = trace.transactions.find((t) => t.id === txn)?.binlog;
  return b ? b.end - b.start : undefined;
}

const table: TableConfig = {
  database: 'd',
  name: 't',
  line: 0,
  columns: [
    { name: 'id', type: { base: 'int' }, nullable: false, autoIncrement: true },
    { name: 'v', type: { base: 'varchar', length: 20 }, nullable: true },
  ],
  primaryKey: ['id'],
};

void test('the series offset + k × increment above the largest value, an offset above the increment ignored', () => {
  assert.equal(nextAutoIncrementValue(0, { increment: 1, offset: 1 }), 1);
  assert.equal(nextAutoIncrementValue(0, { increment: 2, offset: 2 }), 2);
  assert.equal(nextAutoIncrementValue(2, { increment: 2, offset: 2 }), 4);
  assert.equal(nextAutoIncrementValue(7, { increment: 2, offset: 2 }), 8);
  assert.equal(nextAutoIncrementValue(9, { increment: 3, offset: 1 }), 10);
  assert.equal(nextAutoIncrementValue(0, { increment: 10, offset: 5 }), 5);
  assert.equal(nextAutoIncrementValue(5, { increment: 10, offset: 5 }), 15);
  assert.equal(nextAutoIncrementValue(0, { increment: 2, offset: 5 }), 1, 'offset 5 > increment 2: ignored');
});

void test('statement format: an Intvar INSERT_ID event (32 bytes; 28 without a checksum) precedes the Query, per flavor', () => {
  const st: StatementChanges = { text: "insert into t (v) values ('a')", table, changes: [], insertId: 5 };
  for (const [flavor, size] of [
    ['mysql-5.5', 28],
    ['mysql-5.7', 32],
    ['mysql-8.0', 32],
    ['mariadb-10.11', 32],
  ] as [Flavor, number][]) {
    const gtid = flavor === 'mariadb-10.11' ? { kind: 'mariadb' as const, domain: 0, serverId: 1, seq: 1 } : { kind: 'anonymous' as const };
    const events = transactionEvents(flavor, { database: 'd', format: 'statement', gtid, statements: [st], xid: 1 });
    const i = events.findIndex((e) => e.type === 'Intvar');
    assert.ok(i >= 0, flavor);
    assert.equal(events[i].size, size, flavor);
    assert.equal(events[i].info, 'INSERT_ID=5');
    assert.equal(events[i + 1].type, 'Query', `${flavor}: the statement follows its Intvar`);
  }
});

void test('Q_AUTO_INCREMENT: every Query event grows by 5 bytes when the increment is not 1 (MySQL’s BEGIN too), not for an offset alone', () => {
  const st: StatementChanges = { text: "insert into t values (1, 'a')", table, changes: [] };
  const sizes = (flavor: Flavor, autoIncrement?: { increment: number; offset: number }): number[] => {
    const gtid = flavor === 'mariadb-10.11' ? { kind: 'mariadb' as const, domain: 0, serverId: 1, seq: 1 } : { kind: 'anonymous' as const };
    return transactionEvents(flavor, { database: 'd', format: 'statement', gtid, statements: [st], xid: 1, autoIncrement })
      .filter((e) => e.type === 'Query')
      .map((e) => e.size);
  };
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    const plain = sizes(flavor);
    assert.deepEqual(
      sizes(flavor, { increment: 2, offset: 2 }),
      plain.map((s) => s + 5),
      flavor,
    );
    assert.deepEqual(sizes(flavor, { increment: 1, offset: 2 }), plain, `${flavor}: increment 1`);
  }
  assert.equal(sizes('mysql-8.0').length, 2, 'MySQL: Query BEGIN and the statement');
});

const coMasterValues = (flavor: Flavor, format: 'row' | 'statement'): string => `
flavor ${flavor}
source m1 { binlog_format=${format}, auto_increment_increment=2, auto_increment_offset=2 }
replica r1 of m1 { auto_increment_increment=5, auto_increment_offset=3 }
table t (id int primary key auto_increment, v varchar(20))
client app on m1
app: insert into t (v) values ('a')
app: insert into t values (null, 'b'), (7, 'c'), (null, 'd')
app: begin; insert into t (v) values ('rolled back'); rollback
app: insert into t (v) values ('e')
wait until r1 caught up
`;

void test('AUTO_INCREMENT values per server settings, an explicit value moving the series, a rollback leaving a gap; the replica gets the same keys', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    for (const format of ['row', 'statement'] as const) {
      const trace = run(coMasterValues(flavor, format));
      const expected = [
        [2, 'a'],
        [4, 'b'],
        [7, 'c'],
        [8, 'd'],
        [12, 'e'],
      ];
      assert.deepEqual(rows(trace, 'm1'), expected, `${flavor} ${format}: source`);
      // In statement format the replica generates them itself, from INSERT_ID and the source's Q_AUTO_INCREMENT, not its own 5/3.
      assert.deepEqual(rows(trace, 'r1'), expected, `${flavor} ${format}: replica`);
    }
  }
});

void test('statement format: an insert that generated keys is 32 + 5 bytes per Query larger; one with its keys written is not', () => {
  const text = (inc: number) => `
flavor mysql-8.0
source m1 { binlog_format=statement, auto_increment_increment=${inc} }
table t (id int primary key auto_increment, v varchar(20))
client app on m1
app: insert into t (v) values ('a')
app: insert into t (id, v) values (9, 'b')
`;
  const one = run(text(1));
  const two = run(text(2));
  // MySQL 8.0: Gtid + Query BEGIN + [Intvar] + Query + Xid; with increment 2 both Query events carry Q_AUTO_INCREMENT.
  assert.equal(binlogSize(two, 'T1')! - binlogSize(one, 'T1')!, 10);
  assert.equal(binlogSize(two, 'T2')! - binlogSize(one, 'T2')!, 10);
  const explicit = run(text(1).replace("insert into t (v) values ('a')", "insert into t (id, v) values (1, 'a')"));
  const longer = "insert into t (id, v) values (1, 'a')".length - "insert into t (v) values ('a')".length;
  assert.equal(binlogSize(one, 'T1')! - binlogSize(explicit, 'T1')!, 32 - longer, 'the Intvar INSERT_ID event, less the longer text');
});

void test('a crash forgets the values rolled back on MySQL 5.7 (the counter is read from the rows), not on 8.0 or MariaDB', () => {
  const text = (flavor: Flavor) => `
flavor ${flavor}
source m1 { }
table t (id int primary key auto_increment, v varchar(20))
client app on m1
app: insert into t (v) values ('a')
app: begin; insert into t (v) values ('b'); rollback
crash m1
restart m1
app reconnects to m1
app: insert into t (v) values ('c')
`;
  assert.deepEqual(rows(run(text('mysql-5.7')), 'm1'), [
    [1, 'a'],
    [2, 'c'],
  ]);
  for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as Flavor[])
    assert.deepEqual(
      rows(run(text(flavor)), 'm1'),
      [
        [1, 'a'],
        [3, 'c'],
      ],
      flavor,
    );
});

const conflicts = (flavor: Flavor, format: 'row' | 'statement'): string => `
flavor ${flavor}
source m1 { binlog_format=${format} }
replica r1 of m1 { }
table t (id int primary key, v varchar(20), n int)
client app on m1
app: insert into t values (1, 'a', 1), (2, 'b', 1)
app: insert ignore into t values (1, 'x', 9) as ignored
app: insert ignore into t values (1, 'x', 9), (3, 'c', 1) as partly
app: replace into t values (2, 'B', 2) as replaced
app: update t set v = 'A', n = 2 where id = 1 as updated
app: replace into t values (2, 'B', 2) as same
app: insert into t values (3, 'c', 1) on duplicate key update n = n + 1 as bumped
app: insert into t values (3, 'z', 0) on duplicate key update n = 2 as unchanged
wait until r1 caught up
`;

void test('insert ignore: OK with a warning, nothing binlogged in row format when every row was a duplicate', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    const trace = run(conflicts(flavor, 'row'));
    const ignored = trace.transactions.find((t) => t.id === 'ignored')!;
    assert.equal(ignored.outcome.kind, 'ok');
    assert.equal(ignored.binlog, undefined, `${flavor}: a row-format insert ignore of a duplicate writes nothing`);
    assert.ok(binlogSize(trace, 'partly')! > 0);
    assert.deepEqual(rows(trace, 'r1'), rows(trace, 'm1'));
    assert.deepEqual(rows(trace, 'm1'), [
      [1, 'A', 2],
      [2, 'B', 2],
      [3, 'c', 2],
    ]);
  }
  const statement = run(conflicts('mysql-8.0', 'statement'));
  assert.ok(binlogSize(statement, 'ignored')! > 0, 'statement format logs the statement anyway');
});

void test('replace and on duplicate key update of an existing row: an Update_rows event, the size of the same UPDATE; nothing for an unchanged row', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    const trace = run(conflicts(flavor, 'row'));
    const replaced = binlogSize(trace, 'replaced')!;
    const updated = binlogSize(trace, 'updated')!;
    // Same table, same before/after image lengths: only the statement text (MariaDB's Annotate_rows) differs.
    const textDelta =
      flavor === 'mariadb-10.11' ? "replace into t values (2, 'B', 2)".length - "update t set v = 'A', n = 2 where id = 1".length : 0;
    assert.equal(replaced - updated, textDelta, `${flavor}: REPLACE of an existing row is logged like an UPDATE`);
    assert.equal(trace.transactions.find((t) => t.id === 'same')!.binlog, undefined, `${flavor}: replaced by an identical row`);
    assert.equal(trace.transactions.find((t) => t.id === 'unchanged')!.binlog, undefined, `${flavor}: n = 2 already`);
    assert.ok(binlogSize(trace, 'bumped')! > 0);
  }
});

void test('a replica without the replaced row stops on 1032 in row format; in statement format it inserts it', () => {
  const text = (format: 'row' | 'statement') => `
flavor mysql-8.0
source m1 { binlog_format=${format} }
replica r1 of m1 { }
table t (id int primary key, v varchar(20))
client app on m1
client local on r1
app: insert into t values (1, 'a')
wait until r1 caught up
local: delete from t where id = 1
app: replace into t values (1, 'b')
wait 10ms
`;
  const row = run(text('row'));
  assert.deepEqual(
    row.replicationErrors.map((e) => e.errno),
    [1032],
  );
  const statement = run(text('statement'));
  assert.deepEqual(statement.replicationErrors, []);
  assert.deepEqual(rows(statement, 'r1'), [[1, 'b']]);
});

void test('checker: auto_increment needs an integer column that leads the primary key (1063, 1075); conflicts on a keyless table are plain inserts', () => {
  const messages = (text: string) =>
    analyze(`source m1 { }\nclient app on m1\n${text}`).diagnostics.map((d) => `${d.severity}: ${d.message}`);
  assert.match(messages('table t (id int primary key, v varchar(9) auto_increment)').join('\n'), /error: .*1063/);
  assert.match(messages('table t (id int primary key, n int auto_increment)').join('\n'), /error: .*1075/);
  assert.match(messages('table t (a int, id int auto_increment, primary key (a, id))').join('\n'), /error: .*1075/);
  assert.deepEqual(messages('table t (id int auto_increment, a int, primary key (id, a))'), []);
  assert.deepEqual(messages("table t (id int primary key auto_increment, v varchar(9) not null)\napp: insert into t (v) values ('x')"), []);
  assert.match(
    messages("table t (id int, v varchar(9))\napp: replace into t values (1, 'x')").join('\n'),
    /warning: table t has no primary key: .*`replace` always inserts/,
  );
  assert.match(messages("table t (id int primary key, v varchar(9))\napp: insert into t (v) values ('x')").join('\n'), /error: .*1364/);
  assert.match(
    analyze('source m1 { auto_increment_increment=2, auto_increment_offset=3 }')
      .diagnostics.map((d) => `${d.severity}: ${d.message}`)
      .join('\n'),
    /warning: auto_increment_offset 3 is greater than auto_increment_increment 2: MySQL ignores it/,
  );
});
