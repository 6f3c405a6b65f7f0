/**
 * Replicas (replication-semantics.md §5–§6): the applier's 1062/1032 with MySQL's and MariaDB's exact texts,
 * Exec_Master_Log_Pos left at the failed transaction, the I/O thread's 1236 variants, GTID auto-positioning rules,
 * thread stop/start, the relay log's files, tables without a primary key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../src/run';
import { statusAt } from '../src/trace/query';
import type { Trace } from '../src/trace/trace';
import type { Flavor, ServerConfig } from '../src/model/scenario';
import { ScenarioBuilder, del, eq, insert, update } from './scenario-builder';
import { analyze } from '../src/language/analyze';

const MS = 1_000;

function pair(flavor: Flavor, replica: Partial<ServerConfig> = {}, source: Partial<ServerConfig> = {}): ScenarioBuilder {
  const b = new ScenarioBuilder(flavor);
  b.standardTable('t');
  b.source('m1', { gtidMode: false, ...source });
  b.replica('r1', 'm1', { gtidMode: false, ...replica });
  b.link('m1', 'r1', MS);
  b.client('app', 'm1');
  b.client('local', 'r1');
  return b;
}

function txn(trace: Trace, id: string) {
  return trace.transactions.find((t) => t.id === id)!;
}

const DUP: [Flavor, string, string][] = [
  ['mysql-5.7', 'Write_rows', "'PRIMARY'"],
  ['mysql-8.0', 'Write_rows', "'t.PRIMARY'"],
  ['mariadb-10.11', 'Write_rows_v1', "'PRIMARY'"],
];

for (const [flavor, event, key] of DUP) {
  void test(`${flavor}: a re-applied insert stops the SQL thread with 1062 (${event}, key ${key}); Exec_Master_Log_Pos stays at the transaction's start`, () => {
    const b = pair(flavor);
    b.run('app', [insert('t', { id: 10, v: 'a' })]);
    b.caughtUp('r1');
    b.repoint('r1', 'm1', { kind: 'start' });
    b.wait(20 * MS);
    const trace = runScenario(b.build());
    const t1 = txn(trace, 'T1');
    const r1 = trace.finalStatus['r1'];
    // The Write_rows event ends right before the 31-byte Xid.
    const endLogPos = t1.binlog!.end - 31;
    assert.equal(
      r1['Last_SQL_Error'],
      `Could not execute ${event} event on table d.t; Duplicate entry '10' for key ${key}, Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's master log mysql-bin.000001, end_log_pos ${endLogPos}`,
    );
    assert.equal(r1['Last_SQL_Errno'], 1062);
    assert.equal(r1['Slave_SQL_Running'], 'No');
    assert.equal(r1['Slave_IO_Running'], 'Yes', 'the I/O thread keeps running');
    assert.equal(r1['Exec_Master_Log_Pos'], t1.binlog!.start, 'stays at the start of the failed transaction');
    assert.equal(r1['Read_Master_Log_Pos'], t1.binlog!.end);
    assert.equal(r1['Seconds_Behind_Master'], 'NULL');
    assert.ok(trace.verdicts.some((v) => v.kind === 'replication_stopped' && v.servers.includes('r1') && v.message.includes('1062')));
  });
}

for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as const) {
  void test(`${flavor}: an update of a row the replica lacks stops it with 1032 (Can't find record)`, () => {
    const b = pair(flavor);
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.caughtUp('r1');
    b.run('local', [del('t', [eq('id', 1)])]);
    b.run('app', [update('t', { v: 'b' }, [eq('id', 1)])]);
    b.wait(20 * MS);
    b.expect({ kind: 'replication', server: 'r1', errno: 1032 });
    const trace = runScenario(b.build());
    for (const e of trace.expectations) assert.ok(e.passed, e.message);
    const t3 = txn(trace, 'T3');
    const name = flavor === 'mariadb-10.11' ? 'Update_rows_v1' : 'Update_rows';
    assert.equal(
      trace.finalStatus['r1']['Last_SQL_Error'],
      `Could not execute ${name} event on table d.t; Can't find record in 't', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND; the event's master log mysql-bin.000001, end_log_pos ${t3.binlog!.end - 31}`,
    );
    // The local delete is an errant transaction of r1.
    assert.ok(trace.verdicts.some((v) => v.kind === 'errant_transaction' && v.txn === 'T2'));
  });
}

void test('statement format (mysql-5.5): the replayed statement fails with "Error \'Duplicate entry …\' on query"', () => {
  const b = pair('mysql-5.5');
  b.run('local', [insert('t', { id: 1, v: 'x' })]);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.wait(20 * MS);
  const trace = runScenario(b.build());
  assert.equal(
    trace.finalStatus['r1']['Last_SQL_Error'],
    "Error 'Duplicate entry '1' for key 'PRIMARY'' on query. Default database: 'd'. Query: 'INSERT INTO d.t VALUES (1, 'a')'",
  );
  assert.ok(trace.verdicts.some((v) => v.kind === 'divergence'));
});

const BAD_STARTS: [string, { file: string; pos: number }, string][] = [
  ['a file the source does not have', { file: 'mysql-bin.000009', pos: 4 }, 'Could not find first log file name in binary log index file'],
  [
    'a position past the end of the file',
    { file: 'mysql-bin.000001', pos: 100000 },
    'Client requested master to start replication from position > file size',
  ],
  ['a position inside an event', { file: 'mysql-bin.000001', pos: 200 }, 'binlog truncated in the middle of event'],
];

for (const [what, start, reason] of BAD_STARTS) {
  void test(`CHANGE MASTER to ${what}: I/O error 1236 (${reason})`, () => {
    const b = pair('mysql-5.7');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.repoint('r1', 'm1', { kind: 'file', ...start });
    b.wait(20 * MS);
    const trace = runScenario(b.build());
    const r1 = trace.finalStatus['r1'];
    assert.equal(r1['Last_IO_Errno'], 1236);
    assert.equal(r1['Slave_IO_Running'], 'No');
    assert.ok(
      String(r1['Last_IO_Error']).startsWith(`Got fatal error 1236 from master when reading data from binary log: '${reason}`),
      String(r1['Last_IO_Error']),
    );
  });
}

void test("mariadb-10.11: a start past the end or inside an event gets MariaDB's 1236 text with the coordinates it read", () => {
  const texts = [
    { file: 'mysql-bin.000001', pos: 100000 },
    { file: 'mysql-bin.000001', pos: 200 },
  ].map((start) => {
    const b = pair('mariadb-10.11');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.repoint('r1', 'm1', { kind: 'file', ...start });
    b.wait(20 * MS);
    return String(runScenario(b.build()).finalStatus['r1']['Last_IO_Error']);
  });
  assert.equal(
    texts[0],
    "Got fatal error 1236 from master when reading data from binary log: 'Client requested master to start replication from impossible position; " +
      "the first event 'mysql-bin.000001' at 100000, the last event read from 'mysql-bin.000001' at 4, the last byte read from 'mysql-bin.000001' at 4.'",
  );
  assert.equal(
    texts[1],
    "Got fatal error 1236 from master when reading data from binary log: 'binlog truncated in the middle of event; consider out of disk space on master; " +
      "the first event 'mysql-bin.000001' at 200, the last event read from 'mysql-bin.000001' at 200, the last byte read from 'mysql-bin.000001' at 219.'",
  );
});

void test('S6: the old source made a replica of the new one "from where the new master started" hits 1062 on the redone transaction; from the current position nothing fails, yet the servers differ', () => {
  const early = scenarioS6({ kind: 'file', file: 'mysql-bin.000001', pos: 4 });
  const m1 = early.finalStatus['m1'];
  assert.equal(m1['Last_SQL_Errno'], 1062);
  assert.equal(m1['Slave_SQL_Running'], 'No');
  const redo = early.transactions.find((t) => t.id === "T2'")!;
  assert.equal(m1['Exec_Master_Log_Pos'], redo.binlog!.start, 'Exec_Master_Log_Pos stays before the redone transaction');
  assert.ok(String(m1['Last_SQL_Error']).includes("Duplicate entry '2' for key 'PRIMARY'"));
  const current = scenarioS6({ kind: 'end' });
  assert.equal(current.finalStatus['m1']['Last_SQL_Errno'], 0);
  assert.equal(current.finalStatus['m1']['Slave_SQL_Running'], 'Yes');
  assert.ok(
    current.verdicts.some((v) => v.kind === 'divergence' && v.servers.includes('m1')),
    'silently different: m1 keeps T3',
  );

  function scenarioS6(start: { kind: 'file'; file: string; pos: number } | { kind: 'end' }): Trace {
    const b = pair('mysql-5.7', { logSlaveUpdates: true });
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.caughtUp('r1');
    b.action({ kind: 'linkControl', op: 'partition', from: 'm1', to: 'r1' });
    b.run('app', [insert('t', { id: 2, v: 'b' })], { as: 'T2' });
    b.run('app', [insert('t', { id: 3, v: 'c' })], { as: 'T3' });
    b.action({ kind: 'crash', server: 'm1', mode: 'process' });
    b.action({ kind: 'promote', server: 'r1' });
    b.action({ kind: 'reconnect', client: 'app', server: 'r1' });
    b.retry('app', 'T2');
    b.action({ kind: 'linkControl', op: 'heal', from: 'm1', to: 'r1' });
    b.action({ kind: 'restart', server: 'm1', asReplicaOf: 'r1', start });
    b.wait(50 * MS);
    return runScenario(b.build());
  }
});

void test('MySQL GTIDs: a transaction already in gtid_executed is skipped by the applier (no 1062 from a too-early position)', () => {
  const b = pair('mysql-8.0', { gtidMode: true }, { gtidMode: true });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.repoint('r1', 'm1', { kind: 'file', file: 'mysql-bin.000001', pos: 4 });
  b.wait(20 * MS);
  const trace = runScenario(b.build());
  assert.equal(trace.finalStatus['r1']['Last_SQL_Errno'], 0);
  assert.equal(trace.finalStatus['r1']['Exec_Master_Log_Pos'], trace.finalStatus['m1']['Position']);
  assert.ok(trace.events.some((e) => e.server === 'r1' && e.kind === 'applied' && e.label.includes('already in gtid_executed')));
});

void test('MySQL auto-position: a replica with GTIDs of the source’s own uuid that the source lacks gets 1236 (more GTIDs than the source)', () => {
  const b = pair('mysql-5.7', { gtidMode: true }, { gtidMode: true, syncBinlog: 0 });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.action({ kind: 'crash', server: 'm1', mode: 'host' });
  b.action({ kind: 'restart', server: 'm1' });
  b.repoint('r1', 'm1', { kind: 'autoPosition' });
  b.wait(20 * MS);
  const trace = runScenario(b.build());
  const r1 = trace.finalStatus['r1'];
  assert.equal(r1['Last_IO_Errno'], 1236);
  assert.ok(String(r1['Last_IO_Error']).includes("Slave has more GTIDs than the master has, using the master's SERVER_UUID"));
});

void test('MySQL auto-position: a replica that needs GTIDs the source only has in gtid_executed (not in its binlog) gets 1236 (purged)', () => {
  const b = new ScenarioBuilder('mysql-5.7');
  b.standardTable('t');
  b.source('m1', { gtidMode: true });
  b.replica('r1', 'm1', { gtidMode: true, logSlaveUpdates: false });
  b.replica('r2', 'm1', { gtidMode: true });
  b.client('app', 'm1');
  b.action({ kind: 'threadControl', op: 'stop', server: 'r2', thread: 'io_thread' });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.action({ kind: 'promote', server: 'r1' });
  b.repoint('r2', 'r1', { kind: 'autoPosition' });
  b.wait(20 * MS);
  const trace = runScenario(b.build());
  const r2 = trace.finalStatus['r2'];
  assert.equal(r2['Last_IO_Errno'], 1236);
  assert.ok(String(r2['Last_IO_Error']).includes('has purged binary logs containing GTIDs that the slave requires'));
});

void test('thread control: STOP SQL_THREAD lets Exec fall behind Read; START catches up; STOP/START IO_THREAD opens a new relay file', () => {
  const b = pair('mysql-8.0');
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'sql_thread' });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.wait(10 * MS);
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_SQL_Running', op: '=', value: 'No' });
  b.expect({ kind: 'status', server: 'r1', variable: 'Exec_Master_Log_Pos', op: '<', value: 400 });
  b.expect({ kind: 'status', server: 'r1', variable: 'Read_Master_Log_Pos', op: '>', value: 400 });
  b.expect({ kind: 'status', server: 'r1', variable: 'Seconds_Behind_Master', op: '=', value: 'NULL' });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'sql_thread' });
  b.caughtUp('r1');
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 't', match: { id: 1 } });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_IO_Running', op: '=', value: 'No' });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'io_thread' });
  b.wait(10 * MS);
  b.expect({ kind: 'status', server: 'r1', variable: 'Relay_Log_File', op: '=', value: 'relay-bin.000003' });
  b.expect({ kind: 'replication', server: 'r1' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.equal(
    statusAt(trace, 'r1', 0)['Relay_Log_File'],
    'relay-bin.000002',
    'the first I/O start leaves relay-bin.000001 and opens 000002',
  );
});

void test('START SLAVE after a 1062 retries the failed transaction (and fails again while the row is there)', () => {
  const b = pair('mariadb-10.11');
  b.run('local', [insert('t', { id: 1, v: 'x' })]);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.wait(20 * MS);
  b.expect({ kind: 'replication', server: 'r1', errno: 1062 });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'sql_thread' });
  b.wait(20 * MS);
  b.expect({ kind: 'replication', server: 'r1', errno: 1062 });
  b.run('local', [del('t', [eq('id', 1)])]);
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'sql_thread' });
  b.wait(20 * MS);
  b.expect({ kind: 'replication', server: 'r1' });
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 't', match: { id: 1, v: 'a' } });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.equal(trace.events.filter((e) => e.kind === 'sql_error').length, 2);
});

void test('a table without a primary key accepts duplicates: the applier inserts the same row twice without error', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.table(
    'log',
    [
      ['id', 'int'],
      ['v', 'varchar', 20],
    ],
    [],
  );
  b.source('m1');
  b.replica('r1', 'm1');
  b.client('app', 'm1');
  b.run('app', [insert('log', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.repoint('r1', 'm1', { kind: 'start' });
  b.wait(20 * MS);
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 'log', match: { id: 1 }, count: 2 });
  b.expect({ kind: 'replication', server: 'r1' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
});

void test('the I/O thread skips events carrying its own server_id (replicate_same_server_id=0)', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.replica('r1', 'm1', { logSlaveUpdates: true });
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  // m1 now replicates from r1 (a ring): r1's binlog holds m1's own transaction, which m1 must skip.
  b.repoint('m1', 'r1', { kind: 'start' });
  b.wait(20 * MS);
  b.expect({ kind: 'replication', server: 'm1' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.ok(trace.events.some((e) => e.server === 'm1' && e.kind === 'io_receive' && e.label.includes('own server_id')));
});

void test('a partition does not reorder what was in flight when it began: the replica applies T1 before T2', () => {
  const text = [
    'source m1 { }',
    'replica r1 of m1 { }',
    'link m1 -> r1 latency 10ms',
    'table t (id int primary key, v varchar(10))',
    'client app on m1',
    "app: insert into t values (1, 'a') as T1",
    'at 3ms: partition m1 -> r1', // T1's events are on the wire, 7 ms from r1
    "at 4ms: app: insert into t values (2, 'b') as T2",
    'at 100ms: heal m1 -> r1',
    'expect r1 has t(id=2)',
  ].join('\n');
  const analysis = analyze(text);
  assert.equal(analysis.runnable, true, JSON.stringify(analysis.diagnostics));
  const trace = runScenario(analysis.scenario);
  const applied = trace.events.filter((e) => e.server === 'r1' && e.kind === 'applied').map((e) => e.txn);
  assert.deepEqual(applied, ['T1', 'T2']);
  assert.ok(
    trace.expectations.every((e) => e.passed),
    JSON.stringify(trace.expectations),
  );
});

void test('S12: STOP, CHANGE MASTER, START gives one connection and one 1236, not two', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 's12-host-crash-sync-binlog-0.repl'), 'utf8');
  const trace = runScenario(analyze(text).scenario);
  assert.equal(trace.replicationErrors.filter((e) => e.server === 'r1' && e.errno === 1236).length, 1);
  assert.equal(trace.events.filter((e) => e.server === 'm1' && e.kind === 'dump_error').length, 1);
});

void test('START SLAVE on threads that are already running is a note, not a second connection', () => {
  const text = [
    'flavor mysql-8.0',
    'source m1 { }',
    'replica r1 of m1 { }',
    'table t (id int primary key)',
    'client app on m1',
    'app: insert into t values (1)',
    'wait until r1 caught up',
    'start r1',
    'app: insert into t values (2)',
    'wait until r1 caught up',
    'expect r1 has t(id=2)',
  ].join('\n');
  const trace = runScenario(analyze(text).scenario);
  assert.ok(
    trace.events.some((e) => e.server === 'r1' && /Note 3083: Replication thread\(s\) for channel '' are already runnning/.test(e.label)),
  );
  assert.equal(trace.events.filter((e) => e.server === 'r1' && e.kind === 'io_connected').length, 1, 'one connection');
  assert.ok(trace.expectations.every((e) => e.passed));
});

const RUNNING_REFUSALS: [Flavor, string][] = [
  ['mariadb-10.11', "ERROR 1198 (HY000): This operation cannot be performed as you have a running slave ''; run STOP SLAVE '' first"],
  ['mysql-5.5', 'ERROR 1198 (HY000): This operation cannot be performed with a running slave; run STOP SLAVE first'],
  [
    'mysql-5.7',
    "ERROR 3021 (HY000): This operation cannot be performed with a running slave io thread; run STOP SLAVE IO_THREAD FOR CHANNEL '' first.",
  ],
  [
    'mysql-8.0',
    "ERROR 3021 (HY000): This operation cannot be performed with a running replica io thread; run STOP REPLICA IO_THREAD FOR CHANNEL '' first.",
  ],
];

for (const [flavor, refusal] of RUNNING_REFUSALS) {
  void test(`${flavor}: CHANGE MASTER while the replica's threads run is refused; the replica keeps its source`, () => {
    const b = new ScenarioBuilder(flavor);
    b.standardTable('t');
    b.source('m1', { gtidMode: false });
    b.replica('r1', 'm1', { gtidMode: false });
    b.replica('r2', 'm1', { gtidMode: false });
    b.client('app', 'm1');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.caughtUp('r2');
    b.action({ kind: 'changeMaster', replica: 'r2', source: 'r1', start: { kind: 'start' } });
    b.run('app', [insert('t', { id: 2, v: 'b' })]);
    b.caughtUp('r2');
    b.expect({ kind: 'rows', server: 'r2', present: true, table: 't', match: { id: 2 } });
    const trace = runScenario(b.build());
    assert.ok(
      trace.events.some((e) => e.server === 'r2' && e.label === `CHANGE MASTER TO r1 refused: ${refusal}`),
      trace.events
        .filter((e) => e.server === 'r2' && e.kind === 'change_master')
        .map((e) => e.label)
        .join('\n'),
    );
    assert.equal(trace.finalStatus['r2']['Master_Host'], 'm1');
    assert.equal(trace.finalStatus['r2']['Slave_IO_Running'], 'Yes');
    assert.ok(trace.expectations.every((e) => e.passed));
  });
}

void test('CHANGE MASTER after STOP SLAVE starts nothing: the threads stay stopped until START SLAVE', () => {
  const b = pair('mariadb-10.11');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'both' });
  b.action({ kind: 'changeMaster', replica: 'r1', source: 'm1', start: { kind: 'end' } });
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.wait(20 * MS);
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_IO_Running', op: '=', value: 'No' });
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_SQL_Running', op: '=', value: 'No' });
  b.expect({ kind: 'rows', server: 'r1', present: false, table: 't', match: { id: 2 } });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'both' });
  b.caughtUp('r1');
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 't', match: { id: 2 } });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
});

void test('mysql-8.0: with only the SQL thread running, CHANGE MASTER … MASTER_DELAY is refused (3017), a new source is taken', () => {
  const b = pair('mysql-8.0');
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.action({ kind: 'changeMaster', replica: 'r1', source: 'm1', start: { kind: 'end' }, masterDelay: 10 });
  b.expect({ kind: 'status', server: 'r1', variable: 'SQL_Delay', op: '=', value: 0 });
  b.action({ kind: 'changeMaster', replica: 'r1', source: 'm1', start: { kind: 'end' } });
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_SQL_Running', op: '=', value: 'Yes' });
  b.expect({ kind: 'status', server: 'r1', variable: 'Slave_IO_Running', op: '=', value: 'No' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.ok(
    trace.events.some(
      (e) =>
        e.server === 'r1' &&
        e.label ===
          'CHANGE MASTER TO m1 refused: ERROR 3017 (HY000): This operation cannot be performed with a running replica sql thread; run STOP REPLICA SQL_THREAD first',
    ),
  );
});

void test('CHANGE MASTER … auto_position with GTIDs off is refused (1777): the replica keeps its source and position', () => {
  const text = [
    'flavor mysql-8.0',
    'source m1 { }',
    'replica r1 of m1 { }',
    'replica r2 of m1 { }',
    'table t (id int primary key)',
    'client app on m1',
    'app: insert into t values (1)',
    'wait until r2 caught up',
    'stop r2',
    'change master r2 to r1 auto_position',
    'start r2',
    'app: insert into t values (2)',
    'wait until r2 caught up',
    'expect r2 has t(id=2)',
  ].join('\n');
  const analysis = analyze(text);
  assert.equal(analysis.runnable, true, JSON.stringify(analysis.diagnostics));
  const trace = runScenario(analysis.scenario);
  assert.ok(
    trace.events.some(
      (e) =>
        e.server === 'r2' &&
        e.label ===
          'CHANGE MASTER TO r1 refused: ERROR 1777 (HY000): CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1 cannot be executed because @@GLOBAL.GTID_MODE = OFF.',
    ),
  );
  assert.equal(trace.finalStatus['r2']?.['Master_Host'], 'm1');
  assert.ok(
    trace.expectations.every((e) => e.passed),
    JSON.stringify(trace.expectations),
  );
});

void test('STOP SLAVE SQL_THREAD in the middle of applying a transaction rolls it back at once; a promotion then does not wait for it', () => {
  const text = [
    'source m1 { }',
    'replica r1 of m1 { apply_latency=10ms }',
    'link m1 -> r1 latency 1ms',
    'table t (id int primary key)',
    'client app on m1',
    'app: begin; insert into t values (1); insert into t values (2); insert into t values (3); commit as T1',
    'at 3ms: stop r1 sql_thread', // T1 is in r1's relay log since 2.5 ms, 30 ms of applying ahead
    'promote r1',
    'expect r1 lacks t(id=1)',
  ].join('\n');
  const trace = runScenario(analyze(text).scenario);
  const stopped = trace.events.find((e) => e.server === 'r1' && e.kind === 'sql_stop');
  const promoted = trace.events.find((e) => e.server === 'r1' && e.kind === 'promote');
  assert.equal(stopped?.time, 3 * MS);
  assert.equal(promoted?.time, 3 * MS, 'the promotion waited for nothing');
  assert.ok(!trace.events.some((e) => e.server === 'r1' && e.kind === 'applied'));
  assert.ok(
    trace.expectations.every((e) => e.passed),
    JSON.stringify(trace.expectations),
  );
});

void test('a stopped SQL thread started again applies the rolled-back transaction from its start, once', () => {
  const text = [
    'source m1 { }',
    'replica r1 of m1 { apply_latency=10ms }',
    'link m1 -> r1 latency 1ms',
    'table t (id int primary key)',
    'client app on m1',
    'app: begin; insert into t values (1); insert into t values (2); commit as T1',
    'at 3ms: stop r1 sql_thread',
    'at 5ms: start r1 sql_thread',
    'wait until r1 caught up',
    'expect r1 has t(id=2)',
  ].join('\n');
  const trace = runScenario(analyze(text).scenario);
  const applied = trace.events.filter((e) => e.server === 'r1' && e.kind === 'applied');
  assert.equal(applied.length, 1);
  assert.equal(applied[0]?.time, 25 * MS);
  assert.ok(
    trace.expectations.every((e) => e.passed),
    JSON.stringify(trace.expectations),
  );
});
