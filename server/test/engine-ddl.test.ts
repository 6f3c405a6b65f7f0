/**
 * DDL as client transactions (issue 11, item 1): `create table`, `alter table … add/drop column`, `drop table`,
 * `truncate table`, `create index` anywhere in a client's script. Each is its own transaction after an implicit commit,
 * logged as a GTID event and a Query event; a replica applies it to its own schema, stopping with MySQL's and
 * MariaDB's errors (1050, 1051, 1146, 1060, 1091) where that schema differs, unless MariaDB's slave_ddl_exec_mode
 * (IDEMPOTENT by default) turns CREATE into CREATE OR REPLACE and DROP into DROP IF EXISTS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ddlEvents, loggedDdlText } from '../src/engine/binlog-events';
import type { DdlOperation, Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { runChecked as run } from './helpers/snippet';

function rows(trace: Trace, server: string, table = 't'): unknown[][] {
  return (trace.rows[server]?.[table] ?? []).map((r) => Object.values(r));
}

function outcome(trace: Trace, txn: string): string {
  const o = trace.transactions.find((t) => t.id === txn)?.outcome;
  return o ? `${o.kind}${o.code !== undefined ? ` ${o.code}` : ''}${o.message ? `: ${o.message}` : ''}` : 'none';
}

const header = (flavor: Flavor, replica = '{ }'): string => `flavor ${flavor}
database d in binlog
source m1 { }
replica r1 of m1 ${replica}
table t (id int primary key, v varchar(20))
client app on m1
client dba on r1 { ${flavor === 'mariadb-10.11' ? 'read_only_admin' : 'super'} }
`;

void test('add column: the rows there get the implicit default; rows after carry the new column, on the source and the replica', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as const) {
    const trace = run(`${header(flavor)}
app: insert into t values (1, 'a')
app: alter table t add column n int not null
app: insert into t values (2, 'b', 7)
app: alter table t drop column v
app: update t set n = 8 where id = 1
wait until r1 caught up
`);
    for (const server of ['m1', 'r1'])
      assert.deepEqual(
        rows(trace, server),
        [
          [1, 8],
          [2, 7],
        ],
        `${flavor} ${server}`,
      );
    assert.deepEqual(trace.replicationErrors, [], flavor);
  }
});

void test('create, truncate and drop a table of the script; its rows reach the replica and go with it', () => {
  const trace = run(`${header('mariadb-10.11')}
app: create table u (id int primary key, w varchar(10))
app: insert into u values (1, 'x'), (2, 'y')
wait until r1 caught up
expect r1 has u(id=2, w='y')
app: truncate table u
app: insert into u values (3, 'z')
wait until r1 caught up
expect r1 lacks u(id=2)
expect r1 has u(id=3)
app: drop table u
wait until r1 caught up
`);
  assert.deepEqual(
    trace.expectations.map((e) => e.passed),
    [true, true, true],
  );
  assert.equal(trace.rows.r1?.u, undefined, 'u is gone from r1');
  assert.equal(trace.rows.m1?.u, undefined, 'u is gone from m1');
});

void test('on the source: a table that exists gives the client 1050, a missing one 1146 (drop: 1051), and nothing is logged', () => {
  const trace = run(`${header('mysql-8.0')}
app: create table t (id int primary key, v varchar(20))
app: drop table t
app: drop table t
app: alter table t add column n int
app: insert into t values (1, 'a')
`);
  assert.equal(outcome(trace, 'T1'), "error 1050: Table 't' already exists");
  assert.equal(outcome(trace, 'T2'), 'ok');
  assert.equal(outcome(trace, 'T3'), "error 1051: Unknown table 'd.t'");
  assert.equal(outcome(trace, 'T4'), "error 1146: Table 'd.t' doesn't exist");
  assert.equal(outcome(trace, 'T5'), "error 1146: Table 'd.t' doesn't exist");
  for (const id of ['T1', 'T3', 'T4', 'T5']) assert.equal(trace.transactions.find((t) => t.id === id)?.binlog, undefined, id);
  assert.ok(trace.transactions.find((t) => t.id === 'T2')?.binlog, 'the drop that worked is logged');
});

void test('a replica whose table was dropped by hand stops on the ALTER with 1146, in the Query error format', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as const) {
    const trace = run(`${header(flavor)}
dba: drop table t
app: alter table t add column n int
wait 10ms
`);
    const error = trace.replicationErrors[0];
    assert.equal(error?.errno, 1146, flavor);
    assert.equal(
      error?.message,
      "Error 'Table 'd.t' doesn't exist' on query. Default database: 'd'. Query: 'alter table t add column n int'",
      flavor,
    );
    assert.equal(error?.txn, 'T2');
  }
});

void test('CREATE TABLE of a table the replica has: MySQL stops with 1050; MariaDB IDEMPOTENT replaces it, STRICT stops', () => {
  const script = `
dba: create table u (id int primary key)
dba: insert into u values (9)
app: create table u (id int primary key, w varchar(5))
app: insert into u values (1, 'a')
wait 10ms
`;
  const mysql = run(header('mysql-8.0') + script);
  assert.equal(mysql.replicationErrors[0]?.errno, 1050);
  assert.equal(
    mysql.replicationErrors[0]?.message,
    "Error 'Table 'u' already exists' on query. Default database: 'd'. Query: 'create table u (id int primary key, w varchar(5))'",
  );
  const idempotent = run(header('mariadb-10.11') + script);
  assert.deepEqual(idempotent.replicationErrors, []);
  assert.deepEqual(rows(idempotent, 'r1', 'u'), [[1, 'a']], 'the replica table and its row 9 replaced');
  const strict = run(header('mariadb-10.11', '{ slave_ddl_exec_mode=strict }') + script);
  assert.equal(strict.replicationErrors[0]?.errno, 1050);
});

void test('DROP TABLE of a table the replica lacks: MySQL 1051 with the generated text; MariaDB IDEMPOTENT goes on', () => {
  const script = `
dba: drop table t
app: drop table t
app: create table t (id int primary key)
wait 10ms
`;
  const mysql = run(header('mysql-5.7') + script);
  assert.equal(mysql.replicationErrors[0]?.errno, 1051);
  assert.equal(
    mysql.replicationErrors[0]?.message,
    "Error 'Unknown table 'd.t'' on query. Default database: 'd'. Query: 'DROP TABLE `t` /* generated by server */'",
  );
  const mariadb = run(header('mariadb-10.11') + script);
  assert.deepEqual(mariadb.replicationErrors, []);
  assert.deepEqual(Object.keys(mariadb.rows.r1 ?? {}), ['t']);
  const strict = run(header('mariadb-10.11', '{ slave_ddl_exec_mode=strict }') + script);
  assert.equal(strict.replicationErrors[0]?.errno, 1051);
});

void test('a duplicate column stops the replica with 1060, a missing one with 1091 (MariaDB and MySQL word it differently)', () => {
  const added = run(`${header('mariadb-10.11')}
dba: alter table t add column n int
app: alter table t add column n int
wait 10ms
`);
  assert.equal(added.replicationErrors[0]?.errno, 1060);
  assert.match(added.replicationErrors[0]?.message ?? '', /^Error 'Duplicate column name 'n'' on query/);
  for (const [flavor, text] of [
    ['mariadb-10.11', "Can't DROP COLUMN `v`; check that it exists"],
    ['mysql-8.0', "Can't DROP 'v'; check that column/key exists"],
  ] as const) {
    const dropped = run(`${header(flavor)}
dba: alter table t drop column v
app: alter table t drop column v
wait 10ms
`);
    assert.equal(dropped.replicationErrors[0]?.errno, 1091, flavor);
    assert.equal(
      dropped.replicationErrors[0]?.message,
      `Error '${text}' on query. Default database: 'd'. Query: 'alter table t drop column v'`,
    );
  }
});

void test('a DDL commits the open transaction first (implicit commit), which is logged before it', () => {
  const trace = run(`${header('mysql-8.0')}
app: begin; insert into t values (1, 'a'); alter table t add column n int; rollback
wait until r1 caught up
`);
  const txn = trace.transactions.find((t) => t.id === 'T1');
  const ddl = trace.transactions.find((t) => t.id === 'T2');
  assert.ok(txn?.binlog && ddl?.binlog);
  assert.ok(txn.binlog.end <= ddl.binlog.start, 'the open transaction is logged first');
  assert.deepEqual(rows(trace, 'r1'), [[1, 'a', null]], 'the ROLLBACK after the DDL has nothing to roll back');
});

void test('semi-sync waits for a DDL like for any commit; log_slave_updates logs it again on the replica', () => {
  const trace = run(`flavor mysql-8.0
database d in binlog
source m1 { semisync=on timeout=1s }
replica r1 of m1 { semisync=on }
replica r2 of r1 { }
link m1 -> r1 latency 5ms
table t (id int primary key)
client app on m1
app: create table u (id int primary key)
wait until r2 caught up
`);
  const ddl = trace.events.filter((e) => e.txn === 'T1');
  assert.ok(
    ddl.some((e) => e.kind === 'after_sync_wait'),
    'the DDL waits for the ACK at AFTER_SYNC',
  );
  assert.equal(trace.finalStatus.m1?.Rpl_semi_sync_master_yes_tx, 1, 'and r1 acknowledges it');
  assert.equal(trace.semisyncFallbacks.length, 0);
  assert.ok(
    ddl.some((e) => e.kind === 'applied' && e.server === 'r2'),
    'r2 applies it from r1’s binlog (log_replica_updates is on in 8.0)',
  );
  assert.deepEqual(Object.keys(trace.rows.r2 ?? {}).sort(), ['t', 'u']);
});

void test('a crash keeps the committed DDL: the recovered tables have its shape', () => {
  const trace = run(`${header('mariadb-10.11')}
app: alter table t add column n int
app: insert into t values (1, 'a', 3)
crash m1
restart m1
`);
  assert.deepEqual(rows(trace, 'm1'), [[1, 'a', 3]]);
});

void test('Query event sizes: the text as logged, MySQL 8.0 atomic DDL xid and sql_require_primary_key, MariaDB Q_XID', () => {
  const gtidOf = (flavor: Flavor) =>
    flavor === 'mariadb-10.11' ? ({ kind: 'mariadb', domain: 0, serverId: 1, seq: 5 } as const) : ({ kind: 'anonymous' } as const);
  const size = (flavor: Flavor, operation: DdlOperation, text: string): number => {
    const events = ddlEvents(flavor, {
      statement: { kind: 'client', operation, text, database: 'd' },
      database: 'd',
      gtid: gtidOf(flavor),
      xid: 7,
    });
    return events[events.length - 1].size;
  };
  const alter: DdlOperation = { op: 'addColumn', table: 't', column: { name: 'n', type: { base: 'int' }, nullable: true } };
  const index: DdlOperation = { op: 'createIndex', table: 't', index: 'i', columns: ['v'] };
  const alterText = 'alter table t add column n int';
  const indexText = 'create index i on t (v)';
  const diff = alterText.length - indexText.length;
  // MySQL 8.0 writes Q_SQL_REQUIRE_PRIMARY_KEY (2 bytes) for ALTER TABLE, not for CREATE INDEX.
  assert.equal(size('mysql-8.0', alter, alterText) - size('mysql-8.0', index, indexText), diff + 2);
  for (const flavor of ['mysql-5.7', 'mariadb-10.11'] as const)
    assert.equal(size(flavor, alter, alterText) - size(flavor, index, indexText), diff, flavor);
  // Every byte of the text counts.
  assert.equal(size('mariadb-10.11', alter, `${alterText} null`) - size('mariadb-10.11', alter, alterText), 5);
  // MariaDB logs TRUNCATE without Q_XID (conformance c74): 9 bytes less than another DDL of the same length.
  const truncate: DdlOperation = { op: 'truncate', table: 't' };
  const same = 'x'.repeat(20);
  assert.equal(size('mariadb-10.11', alter, same) - size('mariadb-10.11', truncate, same), 9);
  assert.equal(size('mysql-8.0', index, same), size('mysql-8.0', truncate, same));
  const drop: DdlOperation = { op: 'dropTable', table: 't' };
  assert.equal(loggedDdlText(drop, 'drop table t', 'd', 'd', true), 'DROP TABLE IF EXISTS `t` /* generated by server */');
  assert.equal(loggedDdlText(drop, 'drop table t', 'd', 'd'), 'DROP TABLE `t` /* generated by server */');
  assert.equal(loggedDdlText(alter, alterText, 'd', 'd'), alterText);
  const dropInfo = ddlEvents('mysql-8.0', {
    statement: { kind: 'client', operation: drop, text: 'drop table t', database: 'd' },
    database: 'd',
    gtid: { kind: 'anonymous' },
    xid: 7,
  })[1].info;
  assert.equal(dropInfo, 'use `d`; DROP TABLE `t` /* generated by server */ /* xid=7 */');
});

void test('a MariaDB replica logs the DROP TABLE it ran under IDEMPOTENT again as DROP TABLE IF EXISTS (10 bytes more)', () => {
  const trace = run(`flavor mariadb-10.11
database d in binlog
source m1 { }
replica r1 of m1 { log_slave_updates }
replica r2 of r1 { }
table t (id int primary key)
client app on m1
app: drop table t
wait until r2 caught up
`);
  const m1 = trace.finalStatus.m1?.Position;
  const r1 = trace.finalStatus.r1?.Position;
  assert.equal(Number(r1) - Number(m1), 10);
  assert.deepEqual(trace.replicationErrors, []);
});
