/**
 * Binlog and relay-log positions through the engine (replication-semantics.md §7, mariadb-observations.md §1):
 * SHOW MASTER STATUS after each statement, the replica's coordinates, the first transaction of each flavor,
 * rotation at max_binlog_size, a new file after a restart, the Stop event, MariaDB's GTID continuation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { statusAfterStep, statusAt } from '../src/trace/query';
import type { Trace } from '../src/trace/trace';
import { binlogFileHeader, firstTransactionPosition, stopEvent, transactionEvents } from '../src/engine/binlog-events';
import { BEGIN, COMMIT, ScenarioBuilder, insert } from './scenario-builder';
import type { Flavor } from '../src/model/scenario';

/** SHOW MASTER STATUS Position right after each step. */
function positionsAfterSteps(trace: Trace, server: string): number[] {
  return trace.steps.filter((s) => s.kind !== 'expect').map((s) => Number(statusAfterStep(trace, s.index)[server]?.['Position']));
}

function mariadbObservation(): ScenarioBuilder {
  const b = new ScenarioBuilder('mariadb-10.11');
  b.standardTable('t');
  b.source('P');
  // File/position replication from position 4, as `replscope verify` sets a replica up (MariaDB's `gtid` would
  // connect with master_use_gtid).
  b.replica('R', 'P', { gtidMode: false });
  b.client('app', 'P');
  return b;
}

void test('mariadb-10.11: SHOW MASTER STATUS after each statement is 631 (schema) / 844 / 1057 / 1270 / 1270 (open) / 1623', () => {
  const b = mariadbObservation();
  b.run('app', [insert('t', { id: 1, v: 'v1' })]);
  b.run('app', [insert('t', { id: 2, v: 'v2' })]);
  b.run('app', [insert('t', { id: 3, v: 'v3' })]);
  b.run('app', [BEGIN, insert('t', { id: 4, v: 'v4' })]);
  b.run('app', [insert('t', { id: 5, v: 'v5' }), COMMIT]);
  b.caughtUp('R');
  const trace = runScenario(b.logSchema().build());
  assert.equal(statusAt(trace, 'P', 0)['Position'], 631, 'CREATE DATABASE + CREATE TABLE end at 631');
  assert.deepEqual(positionsAfterSteps(trace, 'P'), [844, 1057, 1270, 1270, 1623, 1623]);
  const t4 = trace.transactions.find((t) => t.id === 'T4')!;
  assert.deepEqual(t4.binlog, { file: 'mysql-bin.000001', start: 1270, end: 1623 });
  assert.equal(trace.transactions.find((t) => t.id === 'T1')!.gtid, '0-1-3');
});

void test('mariadb-10.11: a fresh server is at 328; without the schema in the binlog the first insert ends at 541', () => {
  const b = mariadbObservation();
  b.run('app', [insert('t', { id: 1, v: 'v1' })]);
  const trace = runScenario(b.build());
  assert.equal(statusAt(trace, 'P', 0)['Position'], 328);
  assert.deepEqual(positionsAfterSteps(trace, 'P'), [541]);
});

void test('mariadb-10.11: the replica after catching up: Read/Exec 1623, relay-bin.000002:1647', () => {
  const b = mariadbObservation();
  b.run('app', [insert('t', { id: 1, v: 'v1' })]);
  b.run('app', [insert('t', { id: 2, v: 'v2' })]);
  b.run('app', [insert('t', { id: 3, v: 'v3' })]);
  b.run('app', [BEGIN, insert('t', { id: 4, v: 'v4' }), insert('t', { id: 5, v: 'v5' }), COMMIT]);
  b.caughtUp('R');
  const trace = runScenario(b.logSchema().build());
  const r = trace.finalStatus['R'];
  assert.equal(r['Master_Log_File'], 'mysql-bin.000001');
  assert.equal(r['Read_Master_Log_Pos'], 1623);
  assert.equal(r['Exec_Master_Log_Pos'], 1623);
  assert.equal(r['Relay_Log_File'], 'relay-bin.000002');
  // mariadb-observations.md measured 1575 for a replica set up at 328; from position 4 the source's Gtid_list (29)
  // and Binlog_checkpoint (43) are relay-logged too (conformance c01: 1087 after one insert).
  assert.equal(r['Relay_Log_Pos'], 1647);
  // The source's header starts at relay offset 555 (own Format_desc 4→256, fake Rotate →303, source Format_desc →555),
  // its first transaction at 627.
  const writes = trace.events.filter((e) => e.server === 'R' && e.kind === 'relay_write');
  assert.deepEqual(
    writes.slice(0, 2).map((e) => [e.relay?.start, e.relay?.end]),
    [
      [555, 627],
      [627, 750],
    ],
  );
  assert.deepEqual(trace.rows['R'], trace.rows['P']);
});

/** A replica repointed to `pos` of the source's first file and started again (conformance c18-c20). */
function repointed(pos: number): Record<string, unknown> {
  const analysis = analyze(
    [
      'scenario "repointed"',
      'flavor mariadb-10.11',
      'database d in binlog',
      'source m1 { }',
      'replica r1 of m1 { gtid=off }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'wait until r1 caught up',
      'stop r1',
      `change master r1 to m1 from binlog 'mysql-bin.000001':${pos}`,
      'start r1',
      'wait 300ms',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return runScenario(analysis.scenario).finalStatus['r1'];
}

void test('mariadb-10.11: a start inside an event gets the relay header before the 1236 (relay-bin.000002:555); past the end, nothing (relay-bin.000001:4)', () => {
  for (const pos of [100, 300, 690]) {
    const r = repointed(pos);
    assert.equal(r['Last_IO_Errno'], 1236, `at ${pos}`);
    // relay-bin.000001: own Format_desc and a Rotate; relay-bin.000002: own Format_desc →256, fake Rotate →303, the
    // source's Format_desc →555, all read by the SQL thread.
    assert.equal(r['Relay_Log_File'], 'relay-bin.000002', `at ${pos}`);
    assert.equal(r['Relay_Log_Pos'], 555, `at ${pos}`);
    assert.equal(r['Exec_Master_Log_Pos'], pos, `at ${pos}`);
  }
  const past = repointed(99999);
  assert.equal(past['Last_IO_Errno'], 1236);
  assert.equal(past['Relay_Log_File'], 'relay-bin.000001');
  assert.equal(past['Relay_Log_Pos'], 4);
});

const FIRST: [Flavor, number][] = [
  ['mysql-5.5', 107],
  ['mysql-5.7', 154],
  ['mysql-8.0', 157],
  ['mysql-8.4', 158],
  ['mariadb-10.11', 328],
];

for (const [flavor, first] of FIRST) {
  void test(`${flavor}: a fresh binlog's first transaction starts at ${first}, and each transaction ends where its events say`, () => {
    const b = new ScenarioBuilder(flavor);
    b.standardTable('t');
    b.source('m1');
    b.client('app', 'm1');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.run('app', [insert('t', { id: 2, v: 'b' })]);
    const trace = runScenario(b.build());
    assert.equal(statusAt(trace, 'm1', 0)['Position'], first);
    assert.equal(firstTransactionPosition(flavor, { fileName: 'mysql-bin.000001', gtidState: { kind: 'mysql', sids: [] } }), first);
    const [t1, t2] = trace.transactions;
    assert.equal(t1.binlog!.start, first);
    assert.equal(t2.binlog!.start, t1.binlog!.end);
    const table = b.build().tables[0];
    const events = transactionEvents(flavor, {
      database: 'd',
      format: b.server('m1').binlogFormat,
      gtid: flavor === 'mariadb-10.11' ? { kind: 'mariadb', domain: 0, serverId: 1, seq: 1 } : { kind: 'anonymous' },
      statements: [{ text: "INSERT INTO d.t VALUES (1, 'a')", table, changes: [{ kind: 'insert', after: { id: 1, v: 'a' } }] }],
      xid: 1,
    });
    assert.equal(
      t1.binlog!.end - t1.binlog!.start,
      events.reduce((s, e) => s + e.size, 0),
    );
  });
}

void test('rotation: past max_binlog_size a Rotate closes the file, mysql-bin.000002 starts after its header, the replica follows', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1', { maxBinlogSize: 4096 });
  b.replica('r1', 'm1');
  b.client('app', 'm1');
  for (let i = 1; i <= 18; i++) b.run('app', [insert('t', { id: i, v: `row-${i}` })]);
  b.caughtUp('r1');
  const trace = runScenario(b.build());
  const rotate = trace.events.find((e) => e.kind === 'binlog_rotate')!;
  assert.ok(rotate, 'a Rotate event');
  assert.equal(rotate.log!.file, 'mysql-bin.000001');
  assert.ok(rotate.log!.start >= 4096, 'the file ends past the limit: a transaction is never split');
  const txns = trace.transactions.filter((t) => t.binlog);
  const firstInSecond = txns.find((t) => t.binlog!.file === 'mysql-bin.000002')!;
  const header = binlogFileHeader('mysql-8.0', { fileName: 'mysql-bin.000002', gtidState: { kind: 'mysql', sids: [] } });
  assert.equal(firstInSecond.binlog!.start, 4 + header.reduce((s, e) => s + e.size, 0));
  const lastInFirst = [...txns].reverse().find((t) => t.binlog!.file === 'mysql-bin.000001')!;
  assert.equal(lastInFirst.binlog!.end, rotate.log!.start, 'the Rotate follows the last transaction');
  assert.ok(lastInFirst.binlog!.start < 4096 && lastInFirst.binlog!.end >= 4096, 'the commit that passes the size triggers the rotation');
  const r1 = trace.finalStatus['r1'];
  assert.equal(r1['Master_Log_File'], 'mysql-bin.000002');
  assert.equal(r1['Relay_Master_Log_File'], 'mysql-bin.000002');
  assert.equal(r1['Exec_Master_Log_Pos'], trace.finalStatus['m1']['Position']);
  assert.deepEqual(trace.rows['r1'], trace.rows['m1']);
});

void test('mariadb-10.11 rotation: the next file carries the last GTID in its Gtid_list (first transaction at 342), then a second Binlog_checkpoint', () => {
  const b = new ScenarioBuilder('mariadb-10.11');
  b.standardTable('t');
  b.source('m1', { maxBinlogSize: 4096 });
  b.client('app', 'm1');
  for (let i = 1; i <= 22; i++) b.run('app', [insert('t', { id: i, v: `row-${i}` })]);
  const trace = runScenario(b.build());
  const first2 = trace.transactions.find((t) => t.binlog?.file === 'mysql-bin.000002')!;
  assert.equal(first2.binlog!.start, 342);
  const checkpoint = trace.events.find((e) => e.kind === 'binlog_checkpoint')!;
  assert.equal(checkpoint.log!.file, 'mysql-bin.000002');
  assert.equal(checkpoint.log!.start, first2.binlog!.end, 'placed right after the new file’s first transaction');
});

void test('a restart after a crash opens binlog N+1 with its header; a clean shutdown ends the file with a Stop event', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.action({ kind: 'crash', server: 'm1', mode: 'process' });
  b.action({ kind: 'restart', server: 'm1' });
  b.action({ kind: 'reconnect', client: 'app', server: 'm1' });
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.action({ kind: 'shutdown', server: 'm1' });
  b.action({ kind: 'restart', server: 'm1' });
  const trace = runScenario(b.build());
  const t2 = trace.transactions.find((t) => t.id === 'T2')!;
  assert.equal(t2.binlog!.file, 'mysql-bin.000002');
  assert.equal(t2.binlog!.start, 157);
  const stop = trace.events.find((e) => e.kind === 'binlog_stop_event')!;
  assert.deepEqual(stop.log, { file: 'mysql-bin.000002', start: t2.binlog!.end, end: t2.binlog!.end + stopEvent('mysql-8.0').size });
  assert.equal(stopEvent('mysql-8.0').size, 23);
  assert.equal(trace.finalStatus['m1']['File'], 'mysql-bin.000003');
  // No Stop event after a crash: the first file ends at T1's Xid.
  assert.equal(trace.events.filter((e) => e.kind === 'binlog_stop_event').length, 1);
});

void test('mariadb-10.11: a promoted replica has only its header (328) and its first own GTID continues the sequence (0-1-5 → 0-2-6)', () => {
  const b = new ScenarioBuilder('mariadb-10.11');
  b.standardTable('t');
  b.source('P');
  b.replica('R', 'P');
  b.client('app', 'P');
  for (let i = 1; i <= 5; i++) b.run('app', [insert('t', { id: i, v: `v${i}` })]);
  b.caughtUp('R');
  b.action({ kind: 'crash', server: 'P', mode: 'process' });
  b.action({ kind: 'promote', server: 'R' });
  b.expect({ kind: 'status', server: 'R', variable: 'Position', op: '=', value: 328 });
  b.expect({ kind: 'status', server: 'R', variable: 'gtid_slave_pos', op: '=', value: '0-1-5' });
  b.action({ kind: 'reconnect', client: 'app', server: 'R' });
  b.run('app', [insert('t', { id: 6, v: 'v6' })]);
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  const t6 = trace.transactions.find((t) => t.id === 'T6')!;
  assert.equal(t6.gtid, '0-2-6');
  assert.equal(t6.binlog!.start, 328);
});

void test('§7 MySQL 8.0.33 single-row insert through the engine (USE db1; db1.tb1 (a INT, b INT)): 157 → 434', () => {
  const b = new ScenarioBuilder('mysql-8.0', 'db1');
  b.table(
    'tb1',
    [
      ['a', 'int'],
      ['b', 'int'],
    ],
    [],
  );
  b.source('m1');
  b.client('app', 'm1');
  b.run('app', [{ kind: 'insert', table: 'tb1', rows: [{ a: 1, b: 1 }], text: 'INSERT INTO tb1 VALUES (1, 1)' }]);
  const trace = runScenario(b.build());
  assert.deepEqual(trace.transactions[0].binlog, { file: 'mysql-bin.000001', start: 157, end: 434 });
  assert.equal(trace.finalStatus['m1']['Position'], 434);
});

void test('§7 MySQL 5.7.26 with the schema logged (USE testdb): CREATE DATABASE 154→319, CREATE TABLE →541, the insert 541→813', () => {
  const b = new ScenarioBuilder('mysql-5.7', 'testdb');
  b.table(
    'tb1',
    [
      ['id', 'int'],
      ['name', 'varchar', 20],
      ['age', 'int'],
    ],
    ['id'],
  );
  b.source('m1');
  b.client('app', 'm1');
  b.run('app', [
    { kind: 'insert', table: 'tb1', rows: [{ id: 3, name: 'alice', age: 30 }], text: "INSERT INTO tb1 VALUES (3, 'alice', 30)" },
  ]);
  const trace = runScenario(b.logSchema().build());
  assert.equal(statusAt(trace, 'm1', 0)['Position'], 541);
  assert.deepEqual(trace.transactions[0].binlog, { file: 'mysql-bin.000001', start: 541, end: 813 });
});

void test('mariadb-10.11: FLUSH BINARY LOGS with a replica following: the second Binlog_checkpoint before the next transaction, two relay files per source rotation (as measured)', () => {
  const analysis = analyze(
    [
      'scenario "flush with a replica"',
      'flavor mariadb-10.11',
      'database d in binlog',
      'source m1 { }',
      'replica r1 of m1 { gtid=off }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'wait until r1 caught up',
      'flush binary logs m1',
      'wait 1ms',
      "app: insert into t values (2, 'b')",
      'wait until r1 caught up',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const trace = runScenario(analysis.scenario);
  // At the FLUSH: Format_desc →256, Gtid_list [0-1-3] →299, Binlog_checkpoint mysql-bin.000001 →342; the background
  // thread's Binlog_checkpoint mysql-bin.000002 →385 comes before the next transaction.
  const positions = positionsAfterSteps(trace, 'm1');
  assert.deepEqual(positions.slice(2, 4), [342, 385]);
  // Measured with `insert into d.t values (2,'b')`, one byte longer in its Annotate_rows (not relay-logged): 595.
  assert.equal(trace.finalStatus['m1']['Position'], 594);
  // relay-bin.000003 holds r1's Format_desc and the source's Rotate (then a Rotate to 000004); relay-bin.000004 the
  // fake Rotate naming mysql-bin.000002, its header from 303 and T2 from 684.
  const r = trace.finalStatus['r1'];
  assert.equal(r['Relay_Log_File'], 'relay-bin.000004');
  assert.equal(r['Relay_Log_Pos'], 841);
  assert.equal(r['Exec_Master_Log_Pos'], 594);
  const writes = trace.events
    .filter((e) => e.server === 'r1' && e.kind === 'relay_write' && e.relay && e.relay.file !== 'relay-bin.000002')
    .map((e) => `${e.relay!.file}:${e.relay!.start}-${e.relay!.end}`);
  assert.deepEqual(writes, [
    'relay-bin.000003:256-303',
    'relay-bin.000004:256-303',
    'relay-bin.000004:303-641',
    'relay-bin.000004:641-684',
    'relay-bin.000004:684-841',
  ]);
});
