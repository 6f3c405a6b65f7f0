/**
 * Crash and recovery (replication-semantics.md §4): for each state of the commit pipeline, what a crash of the source
 * leaves after restart, what the client was told and whether the replica had it; process vs host crash with
 * sync_binlog and innodb_flush_log_at_trx_commit; MariaDB's rejoin as a semi-sync replica.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';
import type { Flavor, ServerConfig, TxnState } from '../src/model/scenario';
import { ScenarioBuilder, insert } from './scenario-builder';

const MS = 1_000;

/** m1 → r1 (1 ms), T1 inserted by app, a crash of m1 when T1 reaches `state`, then a restart. */
function crashAt(
  state: TxnState,
  mode: 'process' | 'host',
  source: Partial<ServerConfig> = {},
  flavor: Flavor = 'mysql-8.0',
  by?: string,
): Trace {
  const b = new ScenarioBuilder(flavor);
  b.standardTable('t');
  b.source('m1', { syncBinlog: 1, innodbFlushLogAtTrxCommit: 1, ...source });
  b.replica('r1', 'm1', { semisyncSlave: true });
  b.link('m1', 'r1', MS);
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })], { as: 'T1' });
  b.on({ txn: 'T1' }, state, { kind: 'crash', server: 'm1', mode }, by);
  b.wait(10 * MS);
  b.action({ kind: 'restart', server: 'm1' });
  b.wait(10 * MS);
  return runScenario(b.build());
}

function t1(trace: Trace) {
  return trace.transactions.find((t) => t.id === 'T1')!;
}

const TABLE: [
  TxnState,
  'process' | 'host',
  Partial<ServerConfig>,
  'present' | 'absent',
  'ok' | 'lost_connection',
  'present' | 'absent' | 'any',
][] = [
  ['active', 'process', {}, 'absent', 'lost_connection', 'absent'],
  ['prepared', 'process', {}, 'absent', 'lost_connection', 'absent'],
  ['binlog_flushed', 'process', {}, 'present', 'lost_connection', 'absent'],
  ['binlog_flushed', 'host', {}, 'absent', 'lost_connection', 'absent'],
  ['binlog_synced', 'host', {}, 'present', 'lost_connection', 'any'],
  ['after_sync_wait', 'host', { semisyncMaster: true, waitPoint: 'after_sync' }, 'present', 'lost_connection', 'any'],
  ['engine_committed', 'process', {}, 'present', 'lost_connection', 'any'],
  ['after_commit_wait', 'process', { semisyncMaster: true, waitPoint: 'after_commit' }, 'present', 'lost_connection', 'any'],
  ['client_ok', 'host', {}, 'present', 'ok', 'any'],
];

for (const [state, mode, settings, onSource, client, onReplica] of TABLE) {
  void test(`crash (${mode}) at ${state}, sync_binlog=1: after restart the source ${onSource === 'present' ? 'has' : 'lacks'} it, the client got ${client}`, () => {
    const trace = crashAt(state, mode, settings);
    const t = t1(trace);
    assert.equal(t.presence['m1'], onSource);
    assert.equal(t.outcome.kind, client);
    if (client === 'lost_connection') assert.equal(t.outcome.code, 2013);
    const crash = trace.events.find((e) => e.kind === 'crash')!;
    const hadIt = trace.events.some((e) => e.server === 'r1' && e.kind === 'relay_write' && e.txn === 'T1' && e.time <= crash.time);
    if (onReplica !== 'any') assert.equal(hadIt ? 'present' : 'absent', onReplica, 'the replica at the crash');
    // Once the source is back, the replica reconnects and gets what recovery kept.
    assert.equal(t.presence['r1'], onSource);
    assert.equal(trace.finalStatus['m1']['File'], 'mysql-bin.000002', 'a restart opens the next binlog');
    if (onSource === 'present' && client !== 'ok')
      assert.ok(trace.verdicts.some((v) => v.kind === 'committed_after_error' && v.txn === 'T1'));
  });
}

void test('after_sync_wait: the replica may already have it — the ACK came from its relay log, the source commits it by recovery', () => {
  const trace = crashAt('relay_logged', 'process', { semisyncMaster: true, waitPoint: 'after_sync' }, 'mysql-8.0', 'r1');
  assert.equal(t1(trace).presence['m1'], 'present');
  assert.equal(t1(trace).presence['r1'], 'present');
  assert.ok(trace.events.some((e) => e.kind === 'recovery' && e.label.includes('committed by recovery: T1')));
  assert.ok(trace.errorLog.some((l) => l.server === 'm1' && l.text === 'Found 1 prepared transaction(s) in InnoDB'));
});

void test('sync_binlog=1: a replica never receives unsynced events (a crash before SYNC: the replica does not have it)', () => {
  const trace = crashAt('binlog_flushed', 'process', { fsyncLatency: 5 * MS });
  const crash = trace.events.find((e) => e.kind === 'crash')!;
  assert.ok(!trace.events.some((e) => e.kind === 'dump_send' && e.txn === 'T1' && e.time <= crash.time));
});

void test('S12: sync_binlog=0 and a host crash after the replica received the transaction: the source comes back behind its replica', () => {
  const trace = crashAt('applied', 'host', { syncBinlog: 0 }, 'mysql-8.0', 'r1');
  const t = t1(trace);
  assert.equal(t.outcome.kind, 'ok');
  assert.equal(t.presence['m1'], 'absent');
  assert.equal(t.presence['r1'], 'present');
  assert.ok(trace.events.some((e) => e.kind === 'crash' && e.label.includes('lost from the binlog: T1')));
  const lost = trace.verdicts.find((v) => v.kind === 'lost_acknowledged_commit')!;
  assert.equal(lost.txn, 'T1');
  assert.ok(lost.message.includes('only r1 has it'));
});

void test('sync_binlog=0 and a process crash: the page cache survives, the transaction is kept', () => {
  const trace = crashAt('client_ok', 'process', { syncBinlog: 0 });
  assert.equal(t1(trace).presence['m1'], 'present');
});

void test('innodb_flush_log_at_trx_commit=2 and a host crash within the second: the binlog keeps it but InnoDB lost it', () => {
  const trace = crashAt('client_ok', 'host', { innodbFlushLogAtTrxCommit: 2 });
  assert.equal(t1(trace).presence['m1'], 'absent');
  assert.ok(trace.events.some((e) => e.kind === 'crash' && e.label.includes('committed but lost: T1')));
  assert.equal(trace.finalStatus['m1']['File'], 'mysql-bin.000002');
});

void test('innodb_flush_log_at_trx_commit=2 and a process crash: the OS has the redo, the transaction is kept', () => {
  const trace = crashAt('client_ok', 'process', { innodbFlushLogAtTrxCommit: 2 });
  assert.equal(t1(trace).presence['m1'], 'present');
});

void test('a clean shutdown loses nothing, even a transaction waiting for its ACK (the client loses its connection)', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncTimeout: null });
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.wait(10 * MS);
  b.action({ kind: 'shutdown', server: 'm1' });
  b.action({ kind: 'restart', server: 'm1' });
  const trace = runScenario(b.build());
  assert.equal(t1(trace).presence['m1'], 'present');
  assert.equal(t1(trace).outcome.kind, 'lost_connection');
  assert.ok(trace.events.some((e) => e.kind === 'binlog_stop_event'));
});

void test('MariaDB: an old source restarted as a semi-sync replica rolls back and truncates what was only prepared (rpl_semi_sync_fail_over)', () => {
  const b = new ScenarioBuilder('mariadb-10.11');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncSlave: true, waitPoint: 'after_sync' });
  b.replica('r1', 'm1', { semisyncSlave: true, semisyncMaster: true, waitPoint: 'after_sync' });
  b.link('m1', 'r1', MS);
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 2, v: 'b' })], { nowait: true });
  b.wait(10 * MS);
  b.action({ kind: 'crash', server: 'm1', mode: 'process' });
  b.action({ kind: 'promote', server: 'r1' });
  b.action({ kind: 'restart', server: 'm1', asReplicaOf: 'r1', start: { kind: 'autoPosition' } });
  b.wait(50 * MS);
  const trace = runScenario(b.build());
  const t2 = trace.transactions.find((t) => t.id === 'T2')!;
  assert.equal(t2.presence['m1'], 'absent', 'rolled back instead of committed by recovery');
  assert.ok(trace.errorLog.some((l) => l.server === 'm1' && l.text.startsWith('Truncated binlog file')));
  assert.equal(trace.finalStatus['m1']['Last_IO_Errno'], 0, 'no divergence left to trip on');
  assert.deepEqual(trace.rows['m1'], trace.rows['r1']);
});

void test('MariaDB: kill -9 right after the client got OK: "Found 1 prepared transaction(s) in InnoDB", binlog recovery commits it, a new file opens', () => {
  const trace = crashAt('client_ok', 'process', {}, 'mariadb-10.11');
  assert.equal(t1(trace).presence['m1'], 'present');
  assert.ok(trace.errorLog.some((l) => l.server === 'm1' && l.text === 'Found 1 prepared transaction(s) in InnoDB'));
  assert.ok(trace.errorLog.some((l) => l.server === 'm1' && l.text === 'Recovering after a crash using mysql-bin'));
  assert.ok(!trace.events.some((e) => e.kind === 'binlog_stop_event' || (e.kind === 'binlog_rotate' && e.server === 'm1')));
  assert.equal(trace.finalStatus['m1']['File'], 'mysql-bin.000002');
  assert.equal(trace.finalStatus['m1']['Position'], 342);
});
