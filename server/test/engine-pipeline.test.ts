/**
 * The commit pipeline of a source, rule by rule (replication-semantics.md §2): states in order, group commit,
 * sync_binlog every N groups, dump threads publishing after FLUSH or after SYNC, visibility at the engine commit,
 * locks, KILL and deadlocks, promotion applying the relay log first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';
import { BEGIN, COMMIT, ScenarioBuilder, eq, insert, select, update } from './scenario-builder';

const MS = 1_000;

function times(trace: Trace, kind: string, txn: string, server = 'm1'): number[] {
  return trace.events.filter((e) => e.kind === kind && e.txn === txn && e.server === server).map((e) => e.time);
}

void test('the states of a commit come in the order of §2, each after the previous one', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, waitPoint: 'after_sync', fsyncLatency: 300 });
  b.replica('r1', 'm1', { semisyncSlave: true });
  b.client('app', 'm1');
  b.run('app', [BEGIN, insert('t', { id: 1, v: 'a' }), COMMIT], { as: 'T1' });
  const trace = runScenario(b.build());
  const states = trace.transactions[0].states;
  const order = ['active', 'prepared', 'binlog_flushed', 'binlog_synced', 'after_sync_wait', 'engine_committed', 'client_ok'] as const;
  for (let i = 1; i < order.length; i++) assert.ok(states[order[i - 1]]! <= states[order[i]]!, `${order[i - 1]} ≤ ${order[i]}`);
  assert.equal(states.binlog_flushed! - states.prepared!, 300, 'the redo fsync of the FLUSH stage (innodb_flush_log_at_trx_commit=1)');
  assert.equal(states.binlog_synced! - states.binlog_flushed!, 300, 'the binlog fsync (sync_binlog=1)');
  assert.ok(states.relay_logged! < states.acked! && states.acked! <= states.engine_committed!);
});

void test('group commit: transactions prepared together are flushed and synced as one group (MariaDB then logs a commit id)', () => {
  const b = new ScenarioBuilder('mariadb-10.11');
  b.standardTable('t');
  b.source('m1', { syncBinlog: 1 });
  b.client('a', 'm1');
  b.client('b', 'm1');
  b.run('a', [insert('t', { id: 1, v: 'v1' })], { nowait: true });
  b.run('b', [insert('t', { id: 2, v: 'v2' })]);
  const trace = runScenario(b.build());
  const [t1, t2] = trace.transactions;
  assert.equal(times(trace, 'binlog_flushed', 'T1')[0], times(trace, 'binlog_flushed', 'T2')[0]);
  assert.equal(trace.events.filter((e) => e.kind === 'binlog_synced').length, 2);
  assert.equal(t1.binlog!.end - t1.binlog!.start, 213 + 2, 'a grouped Gtid event carries an 8-byte commit id (44 bytes, not 42)');
  assert.equal(t2.binlog!.start, t1.binlog!.end);
});

void test('sync_binlog=N fsyncs every Nth group; 0 never', () => {
  for (const [n, expected] of [
    [1, 4],
    [2, 2],
    [0, 0],
  ] as const) {
    const b = new ScenarioBuilder('mysql-8.0');
    b.standardTable('t');
    b.source('m1', { syncBinlog: n });
    b.client('app', 'm1');
    for (let i = 1; i <= 4; i++) b.run('app', [insert('t', { id: i, v: 'x' })]);
    const trace = runScenario(b.build());
    assert.equal(
      trace.events.filter((e) => e.kind === 'binlog_synced' && e.label.includes('fsync of')).length,
      expected,
      `sync_binlog=${n}`,
    );
  }
});

void test('dump threads: with sync_binlog=1 they send after SYNC, otherwise right after FLUSH', () => {
  for (const syncBinlog of [1, 0]) {
    const b = new ScenarioBuilder('mysql-8.0');
    b.standardTable('t');
    b.source('m1', { syncBinlog, fsyncLatency: 5 * MS });
    b.replica('r1', 'm1');
    b.client('app', 'm1');
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    const trace = runScenario(b.build());
    const sent = times(trace, 'dump_send', 'T1')[0];
    const flushed = times(trace, 'binlog_flushed', 'T1')[0];
    const synced = times(trace, 'binlog_synced', 'T1')[0];
    if (syncBinlog === 1) assert.equal(sent, synced);
    else assert.equal(sent, flushed);
  }
});

void test('rows become visible to other sessions at the engine commit, not before', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('w', 'm1');
  b.client('r', 'm1');
  b.run('w', [BEGIN, insert('t', { id: 1, v: 'a' })]);
  b.run('r', [select('t')]);
  b.run('w', [COMMIT]);
  b.run('r', [select('t')]);
  const trace = runScenario(b.build());
  assert.deepEqual(
    trace.reads.map((r) => r.rows.length),
    [0, 1],
  );
  assert.deepEqual(trace.reads[1].sawTxns, ['T1']);
});

void test('KILL of a session inside a transaction rolls it back; a deadlock victim gets 1213', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('a', 'm1');
  b.client('b', 'm1');
  b.run('a', [insert('t', { id: 1, v: 'x' }), insert('t', { id: 2, v: 'y' })]);
  b.run('a', [BEGIN, update('t', { v: 'a1' }, [eq('id', 1)])], { as: 'A' });
  b.run('b', [BEGIN, update('t', { v: 'b2' }, [eq('id', 2)])], { as: 'B' });
  b.run('a', [update('t', { v: 'a2' }, [eq('id', 2)])], { nowait: true });
  b.wait(1 * MS);
  b.run('b', [update('t', { v: 'b1' }, [eq('id', 1)])]);
  b.wait(1 * MS);
  b.action({ kind: 'kill', client: 'a' });
  b.wait(1 * MS);
  const trace = runScenario(b.build());
  const txnB = trace.transactions.find((t) => t.id === 'B')!;
  assert.ok(
    txnB.statements.some((s) => s.result.code === 1213),
    'B closes the cycle: deadlock',
  );
  assert.equal(txnB.rolledBack, true);
  const txnA = trace.transactions.find((t) => t.id === 'A')!;
  assert.equal(txnA.rolledBack, true, 'the KILL rolled A back');
  assert.deepEqual(trace.rows['m1']['t'], [
    { id: 1, v: 'x' },
    { id: 2, v: 'y' },
  ]);
});

void test('promotion lets the SQL thread apply what the relay log holds before the replica becomes a source', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.replica('r1', 'm1', { applyLatency: 50 * MS });
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.wait(2 * MS);
  b.action({ kind: 'promote', server: 'r1' });
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 't', match: { id: 2 } });
  const trace = runScenario(b.build());
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
  const promote = trace.events.find((e) => e.kind === 'promote')!;
  const applied = trace.events.filter((e) => e.kind === 'applied' && e.server === 'r1');
  assert.ok(applied.every((a) => a.time <= promote.time));
  assert.equal(trace.finalStatus['r1']['Master_Host'], undefined, 'SHOW SLAVE STATUS is empty after RESET SLAVE ALL');
});
