/**
 * The cards of scenarios.md, as engine runs built in code (the example files run the same stories through the
 * parser): each test checks what the card says must be seen. S7, S9, S11 and S12 are covered in
 * engine-semisync, engine-positions and engine-recovery.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';
import type { Flavor } from '../src/model/scenario';
import { BEGIN, COMMIT, ScenarioBuilder, eq, insert, select } from './scenario-builder';

const MS = 1_000;
const S = 1_000_000;

function txn(trace: Trace, id: string) {
  const t = trace.transactions.find((x) => x.id === id);
  assert.ok(t, `transaction ${id}`);
  return t;
}

function verdicts(trace: Trace, kind: string) {
  return trace.verdicts.filter((v) => v.kind === kind);
}

function event(trace: Trace, pred: (e: Trace['events'][number]) => boolean) {
  const e = trace.events.find(pred);
  assert.ok(e, 'event found');
  return e;
}

void test('S1 async happy path: the OK comes before the replica has anything; every position advances step by step', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.replica('r1', 'm1');
  b.link('m1', 'r1', 2 * MS);
  b.client('app', 'm1');
  b.run('app', [BEGIN, insert('t', { id: 1, v: 'a' }), insert('t', { id: 2, v: 'b' }), COMMIT], { as: 'T1' });
  b.caughtUp('r1');
  const trace = runScenario(b.build());
  const ok = txn(trace, 'T1').outcome.time!;
  const relay = event(trace, (e) => e.kind === 'relay_write' && e.txn === 'T1');
  const applied = event(trace, (e) => e.kind === 'applied' && e.txn === 'T1');
  assert.ok(ok < relay.time && relay.time < applied.time);
  const end = txn(trace, 'T1').binlog!.end;
  const series = (key: string) =>
    trace.statusChanges.filter((c) => c.server === 'r1' && c.set[key] !== undefined).map((c) => [c.time, Number(c.set[key])]);
  const read = series('Read_Master_Log_Pos');
  const exec = series('Exec_Master_Log_Pos');
  assert.equal(read[read.length - 1][1], end);
  assert.equal(exec[exec.length - 1][1], end);
  assert.ok(read[read.length - 1][0] < exec[exec.length - 1][0], 'Read_Master_Log_Pos moves before Exec_Master_Log_Pos');
  assert.equal(trace.verdicts.length, 0);
});

void test('S2 async, link dead: the source keeps committing; after its crash and the promotion, the commits the replica never got are lost acknowledged commits', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.replica('r1', 'm1');
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  b.action({ kind: 'linkControl', op: 'partition', from: 'm1', to: 'r1' });
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.run('app', [insert('t', { id: 3, v: 'c' })]);
  b.expect({ kind: 'status', server: 'r1', variable: 'Read_Master_Log_Pos', op: '<', value: 600 });
  b.action({ kind: 'crash', server: 'm1', mode: 'host' });
  b.action({ kind: 'promote', server: 'r1' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  for (const id of ['T1', 'T2', 'T3']) assert.equal(txn(trace, id).outcome.kind, 'ok');
  const lost = verdicts(trace, 'lost_acknowledged_commit').map((v) => v.txn);
  assert.deepEqual(lost, ['T2', 'T3']);
  assert.ok(verdicts(trace, 'lost_acknowledged_commit')[0].message.includes('r1'));
});

void test('S3 lossless semi-sync (AFTER_SYNC): OK after the relay-log write, yes_tx counts, the source hides the row until the ACK', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, waitPoint: 'after_sync' });
  b.replica('r1', 'm1', { semisyncSlave: true });
  b.link('m1', 'r1', 2 * MS);
  b.client('app', 'm1');
  b.client('reader', 'm1');
  b.run('app', [BEGIN, insert('t', { id: 1, v: 'a' }), COMMIT], { as: 'T1' });
  b.on({ txn: 'T1' }, 'after_sync_wait', b.clientTriggerAction('reader', [select('t', [eq('id', 1)])], 'R'));
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 1 });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  const relay = event(trace, (e) => e.kind === 'relay_write' && e.txn === 'T1');
  assert.ok(txn(trace, 'T1').outcome.time! > relay.time);
  assert.deepEqual(trace.reads[0].rows, []);
  assert.deepEqual(txn(trace, 'T1').ackedBy, ['r1']);
});

void test('S4 AFTER_COMMIT, crash before the ACK: lost connection, the row on the old source only; the redo on the new source is safe; the rejoin hits 1062', () => {
  const b = new ScenarioBuilder('mysql-5.5');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncSlave: true, waitPoint: 'after_commit', semisyncTimeout: 10 * S });
  b.replica('r1', 'm1', { semisyncSlave: true });
  b.link('m1', 'r1', 2 * MS);
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.run('app', [BEGIN, insert('t', { id: 2, v: 'b' }), COMMIT], { as: 'T2' });
  b.on({ txn: 'T2' }, 'engine_committed', { kind: 'crash', server: 'm1', mode: 'process' });
  b.expect({ kind: 'rows', server: 'r1', present: false, table: 't', match: { id: 2 } });
  b.action({ kind: 'promote', server: 'r1' });
  b.action({ kind: 'reconnect', client: 'app', server: 'r1' });
  b.retry('app', 'T2');
  b.action({ kind: 'restart', server: 'm1', asReplicaOf: 'r1', start: { kind: 'file', file: 'mysql-bin.000001', pos: 4 } });
  b.wait(100 * MS);
  b.expect({ kind: 'outcome', txn: 'T2', outcome: 'lost_connection' });
  b.expect({ kind: 'outcome', txn: "T2'", outcome: 'ok' });
  b.expect({ kind: 'rows', server: 'm1', present: true, table: 't', match: { id: 2 } });
  b.expect({ kind: 'replication', server: 'm1', errno: 1062 });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.ok(verdicts(trace, 'committed_after_error').some((v) => v.txn === 'T2' && v.servers.includes('m1')));
  assert.equal(verdicts(trace, 'lost_acknowledged_commit').length, 0, 'failing over is safe for the client');
});

for (const withKey of [false, true]) {
  void test(`S5 crash after the ACK, before the OK: the retry on the promoted replica ${withKey ? 'fails with 1062' : 'adds a second row'}: client unsure, retried, duplicated`, () => {
    const b = new ScenarioBuilder('mysql-8.0');
    if (withKey) b.standardTable('t');
    else
      b.table(
        't',
        [
          ['id', 'int'],
          ['v', 'varchar', 20],
        ],
        [],
      );
    b.source('m1', { semisyncMaster: true, waitPoint: 'after_sync' });
    b.replica('r1', 'm1', { semisyncSlave: true });
    b.link('m1', 'r1', 2 * MS);
    b.client('app', 'm1');
    b.run('app', [BEGIN, insert('t', { id: 2, v: 'b' }), COMMIT], { as: 'T2' });
    b.on({ txn: 'T2' }, 'acked', { kind: 'crash', server: 'm1', mode: 'process' });
    b.action({ kind: 'promote', server: 'r1' });
    b.action({ kind: 'reconnect', client: 'app', server: 'r1' });
    b.retry('app', 'T2');
    const trace = runScenario(b.build());
    assert.equal(txn(trace, 'T2').outcome.kind, 'lost_connection');
    assert.equal(txn(trace, 'T2').presence['r1'], 'present', 'the replica had it: it ACKed it');
    const retry = txn(trace, "T2'");
    if (withKey) {
      assert.equal(retry.outcome.kind, 'error');
      assert.equal(retry.outcome.code, 1062);
      assert.equal(trace.rows['r1']['t'].length, 1);
    } else {
      assert.equal(retry.outcome.kind, 'ok');
      assert.equal(trace.rows['r1']['t'].length, 2);
    }
    const dup = verdicts(trace, 'duplicate_by_retry');
    assert.equal(dup.length, 1);
    assert.ok(dup[0].message.startsWith('client unsure, retried, duplicated'));
  });
}

void test('S6 with semi-sync and an unbounded timeout: positions stay aligned and the old source rejoins without an error', () => {
  const b = new ScenarioBuilder('mysql-5.7');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncSlave: true, semisyncTimeout: null, waitPoint: 'after_sync' });
  b.replica('r1', 'm1', { semisyncSlave: true, logSlaveUpdates: true });
  b.link('m1', 'r1', 1 * MS);
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.action({ kind: 'crash', server: 'm1', mode: 'process' });
  b.action({ kind: 'promote', server: 'r1' });
  b.action({ kind: 'restart', server: 'm1', asReplicaOf: 'r1', start: { kind: 'file', file: 'mysql-bin.000001', pos: 4 } });
  b.wait(50 * MS);
  b.expect({ kind: 'replication', server: 'm1' });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  assert.deepEqual(trace.rows['m1'], trace.rows['r1']);
  assert.equal(trace.verdicts.length, 0);
});

void test('S8 visibility: with AFTER_COMMIT a reader sees the row that a failover then loses (read not durable); with AFTER_SYNC it does not see it', () => {
  for (const waitPoint of ['after_commit', 'after_sync'] as const) {
    const b = new ScenarioBuilder('mysql-8.0');
    b.standardTable('t');
    b.source('m1', { semisyncMaster: true, waitPoint, semisyncTimeout: 10 * S });
    b.replica('r1', 'm1', { semisyncSlave: true });
    b.link('m1', 'r1', 50 * MS);
    b.client('app', 'm1');
    b.client('reader', 'm1');
    b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
    b.run('reader', [select('t', [eq('id', 1)])], { timing: { kind: 'at', micros: 10 * MS } });
    b.action({ kind: 'crash', server: 'm1', mode: 'process' });
    b.action({ kind: 'promote', server: 'r1' });
    const trace = runScenario(b.build());
    const seen = trace.reads[0].rows.length;
    if (waitPoint === 'after_commit') {
      assert.equal(seen, 1);
      const v = verdicts(trace, 'read_not_durable');
      assert.equal(v.length, 1);
      assert.equal(v[0].txn, 'T1');
    } else {
      assert.equal(seen, 0);
      assert.equal(verdicts(trace, 'read_not_durable').length, 0);
    }
  }
});

for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as const satisfies readonly Flavor[]) {
  void test(`S10 GTID rejoin with an errant transaction (${flavor})`, () => {
    const b = new ScenarioBuilder(flavor);
    b.standardTable('t');
    b.source('m1', { gtidMode: true });
    b.replica('r1', 'm1', { gtidMode: true });
    b.link('m1', 'r1', 1 * MS);
    b.client('app', 'm1');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.caughtUp('r1');
    b.action({ kind: 'linkControl', op: 'partition', from: 'm1', to: 'r1' });
    b.run('app', [insert('t', { id: 2, v: 'b' })], { as: 'X' });
    b.action({ kind: 'crash', server: 'm1', mode: 'process' });
    b.action({ kind: 'promote', server: 'r1' });
    b.action({ kind: 'reconnect', client: 'app', server: 'r1' });
    b.run('app', [insert('t', { id: 3, v: 'c' })]);
    b.run('app', [insert('t', { id: 4, v: 'd' })]);
    b.action({ kind: 'linkControl', op: 'heal', from: 'm1', to: 'r1' });
    b.action({ kind: 'restart', server: 'm1', asReplicaOf: 'r1', start: { kind: 'autoPosition' } });
    b.wait(50 * MS);
    const trace = runScenario(b.build());
    const m1 = trace.finalStatus['m1'];
    if (flavor === 'mysql-8.0') {
      assert.equal(m1['Last_IO_Errno'], 0, 'no error: the old uuid’s GTID is kept silently');
      assert.equal(m1['Slave_SQL_Running'], 'Yes');
      assert.ok(String(m1['gtid_executed']).includes(':1-2'), 'the extra GTID stays');
    } else {
      assert.equal(m1['Last_IO_Errno'], 1236);
      assert.equal(
        m1['Last_IO_Error'],
        "Got fatal error 1236 from master when reading data from binary log: 'Error: connecting slave requested to start from GTID 0-1-2, which is not in the master's binlog. Since the master's binlog contains GTIDs with higher sequence numbers, it probably means that the slave has diverged due to executing extra erroneous transactions'",
      );
    }
    assert.ok(verdicts(trace, 'errant_transaction').some((v) => v.txn === 'X' && v.servers[0] === 'm1'));
    assert.ok(verdicts(trace, 'divergence').length > 0);
  });
}
