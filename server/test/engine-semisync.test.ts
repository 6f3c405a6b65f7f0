/**
 * Semi-synchronous replication, rule by rule (replication-semantics.md §3) and the MySQL/MariaDB test-suite outcomes
 * of §8: counters and status, the timeout that returns OK, the switch back ON, wait_for_slave_count, wait_no_slave,
 * visibility at both wait points, KILL of a waiter, a replica asking for a missing file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import { statusAt } from '../src/trace/query';
import type { Trace } from '../src/trace/trace';
import type { Flavor, ServerConfig } from '../src/model/scenario';
import { BEGIN, COMMIT, ScenarioBuilder, eq, insert, select } from './scenario-builder';

const S = 1_000_000;
const MS = 1_000;

/** A semi-sync source m1 with `replicas` semi-sync replicas r1…rN on 1 ms links, and a client app. */
function topology(
  flavor: Flavor,
  replicas: number,
  source: Partial<ServerConfig> = {},
  replica: Partial<ServerConfig> = {},
): ScenarioBuilder {
  const b = new ScenarioBuilder(flavor);
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncTimeout: 5 * S, ...source });
  for (let i = 1; i <= replicas; i++) {
    b.replica(`r${i}`, 'm1', { semisyncSlave: true, ...replica });
    b.link('m1', `r${i}`, MS);
  }
  b.client('app', 'm1');
  b.client('other', 'm1');
  return b;
}

/** How long the client waited for the reply to the transaction's last statement. */
function commitDuration(trace: Trace, txn: string): number {
  const t = trace.transactions.find((x) => x.id === txn)!;
  const last = t.statements[t.statements.length - 1];
  assert.ok(last.result.time !== undefined, `${txn} got a reply`);
  return last.result.time - last.sentAt;
}

function status(trace: Trace, server: string, name: string): string | number | undefined {
  return trace.finalStatus[server]?.[name];
}

function assertExpectations(trace: Trace): void {
  for (const e of trace.expectations) assert.ok(e.passed, e.message);
}

void test('rpl_semi_sync: with no semi-sync replica the first commit waits the whole timeout, returns OK, status OFF, yes_tx 0', () => {
  const b = topology('mysql-5.7', 0);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  const trace = runScenario(b.build());
  assert.equal(trace.transactions[0].outcome.kind, 'ok', 'the timeout returns OK, not an error (the seed is wrong)');
  assert.ok(commitDuration(trace, 'T1') >= 5 * S);
  assert.ok(commitDuration(trace, 'T2') < 10 * MS, 'once OFF, commits do not wait');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_status'), 'OFF');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), 0);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), 2);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_times'), 1);
  assert.ok(trace.errorLog.some((l) => l.text.startsWith('Timeout waiting for reply of binlog (file: mysql-bin.000001, pos: ')));
  assert.ok(trace.errorLog.some((l) => l.text === 'Semi-sync replication switched OFF.'));
  assert.ok(trace.verdicts.some((v) => v.kind === 'semisync_fallback' && v.txn === 'T1'));
});

void test('rpl_semi_sync: with one semi-sync replica each binlogged transaction adds 1 to yes_tx', () => {
  const b = topology('mysql-5.7', 1);
  for (let i = 1; i <= 3; i++) b.run('app', [insert('t', { id: i, v: 'x' })]);
  const trace = runScenario(b.build());
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), 3);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), 0);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_status'), 'ON');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_clients'), 1);
  for (const id of ['T1', 'T2', 'T3']) assert.ok(commitDuration(trace, id) < 10 * MS);
  assert.ok(Number(status(trace, 'm1', 'Rpl_semi_sync_master_tx_avg_wait_time')) > 0);
});

void test('rpl_semi_sync: replica stopped → ON until a commit times out (returns OK), then OFF and no_tx counts; back ON once caught up; FLUSH STATUS zeroes', () => {
  const b = topology('mysql-5.7', 1);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.wait(10 * MS);
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_clients', op: '=', value: 0 });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_status', op: '=', value: 'ON' });
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.expect({ kind: 'outcome', txn: 'T2', outcome: 'ok' });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_status', op: '=', value: 'OFF' });
  b.run('app', [insert('t', { id: 3, v: 'c' })]);
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_no_tx', op: '=', value: 2 });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_no_times', op: '=', value: 1 });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'io_thread' });
  b.caughtUp('r1');
  b.wait(10 * MS);
  // Back ON with no new transaction on the source: the catch-up ACK reached commit_pos.
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_status', op: '=', value: 'ON' });
  b.action({ kind: 'flushStatus', server: 'm1' });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 0 });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_no_tx', op: '=', value: 0 });
  b.run('app', [insert('t', { id: 4, v: 'd' })]);
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 1 });
  const trace = runScenario(b.build());
  assertExpectations(trace);
  const t2 = commitDuration(trace, 'T2');
  assert.ok(t2 >= 5 * S && t2 < 5 * S + 10 * MS, `T2 waited the 5 s timeout (${t2})`);
  assert.ok(commitDuration(trace, 'T3') < 10 * MS);
  assert.ok(
    trace.errorLog.some((l) => l.text.startsWith('Semi-sync replication switched ON with slave (server_id: 2) at (mysql-bin.000001, ')),
  );
});

void test('rpl_semi_sync_after_sync: while T1 waits at AFTER_SYNC the replica already has the row and the source shows nothing', () => {
  const b = topology('mysql-5.7', 1, { waitPoint: 'after_sync' });
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.action({ kind: 'wait', micros: 8 * MS });
  b.expect({ kind: 'rows', server: 'r1', present: true, table: 't', match: { id: 1 } });
  b.expect({ kind: 'rows', server: 'm1', present: false, table: 't', match: { id: 1 } });
  b.run('other', [select('t', [eq('id', 1)])]);
  b.wait(20 * MS);
  b.expect({ kind: 'rows', server: 'm1', present: true, table: 't', match: { id: 1 } });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 1 });
  const built = b.build();
  built.links[0].latency = 5 * MS;
  const trace = runScenario(built);
  assertExpectations(trace);
  assert.deepEqual(trace.reads[0].rows, [], 'another session does not see the row before the ACK');
  const applied = trace.events.find((e) => e.server === 'r1' && e.kind === 'applied' && e.txn === 'T1')!;
  const committed = trace.events.find((e) => e.server === 'm1' && e.kind === 'engine_committed' && e.txn === 'T1')!;
  assert.ok(applied.time < committed.time, 'the replica shows the row before the source does');
  const ack = trace.events.find((e) => e.kind === 'ack_received')!;
  assert.equal(committed.time, ack.time, 'the engine commit follows the ACK');
  assert.equal(statusAt(trace, 'm1', ack.time)['Rpl_semi_sync_master_yes_tx'], 1);
});

void test('AFTER_COMMIT: a reader on the source sees the row while the commit still waits for the ACK', () => {
  const b = topology('mysql-5.5', 1, { waitPoint: 'after_commit' });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.wait(5 * MS);
  b.run('other', [select('t', [eq('id', 1)])]);
  const trace = runScenario(b.build());
  assert.deepEqual(trace.reads[0].rows, [{ id: 1, v: 'a' }]);
  assert.ok(trace.reads[0].time < trace.transactions[0].outcome.time!, 'read before the COMMIT returned');
});

for (const [count, replicas, commits, yes, no, times] of [
  [2, 1, 1, 0, 1, 1],
  [2, 2, 2, 2, 0, 0],
  [3, 2, 2, 0, 2, 1],
] as const) {
  void test(`rpl_semi_sync_wait_slave_count: count ${count} with ${replicas} replica(s), ${commits} commit(s) → yes_tx ${yes}, no_tx ${no}`, () => {
    const b = topology('mysql-5.7', replicas, { waitForSlaveCount: count });
    for (let i = 1; i <= commits; i++) b.run('app', [insert('t', { id: i, v: 'x' })]);
    const trace = runScenario(b.build());
    assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), yes);
    assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), no);
    assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_times'), times);
    if (count === 3) assert.ok(commitDuration(trace, 'T2') < 10 * MS, 'after the first timeout the next commits do not wait');
    if (yes > 0) assert.ok(commitDuration(trace, 'T1') < 10 * MS);
  });
}

void test('S9: three replicas, count 2, one down: the second ACK releases the commit; two down: it times out', () => {
  const b = topology('mysql-8.0', 3, { waitForSlaveCount: 2 });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r3', thread: 'io_thread' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.action({ kind: 'threadControl', op: 'stop', server: 'r2', thread: 'io_thread' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  const built = b.build();
  built.links.find((l) => l.to === 'r2')!.latency = 3 * MS;
  const trace = runScenario(built);
  const t1 = commitDuration(trace, 'T1');
  assert.ok(t1 >= 6 * MS && t1 < 10 * MS, `released by r2's ACK (3 ms each way): ${t1}`);
  assert.deepEqual([...trace.transactions[0].ackedBy].sort(), ['r1', 'r2']);
  assert.ok(commitDuration(trace, 'T2') >= 5 * S, 'with two replicas down the commit times out');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), 1);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), 1);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_status'), 'OFF');
});

void test('rpl_semi_sync_future_logpos: a replica asking for a file the source lacks gets I/O error 1236; the waiting commit returns OK after the timeout', () => {
  const b = topology('mysql-5.7', 1);
  b.repoint('r1', 'm1', { kind: 'file', file: 'mysql-bin.000005', pos: 4 });
  b.wait(10 * MS);
  b.expect({ kind: 'replication', server: 'r1', errno: 1236 });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.expect({ kind: 'outcome', txn: 'T1', outcome: 'ok' });
  const trace = runScenario(b.build());
  assertExpectations(trace);
  assert.equal(
    trace.finalStatus['r1']['Last_IO_Error'],
    "Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'",
  );
  assert.equal(trace.finalStatus['r1']['Slave_IO_Running'], 'No');
  assert.ok(commitDuration(trace, 'T1') >= 5 * S);
});

for (const waitPoint of ['after_commit', 'after_sync'] as const) {
  void test(`MariaDB rpl_semi_sync_wait_point ${waitPoint}: ${waitPoint === 'after_commit' ? 'the blocked row is visible' : 'the blocked row is invisible'}; after KILL the client is disconnected and the row stays`, () => {
    const b = topology('mariadb-10.11', 1, { waitPoint, semisyncTimeout: 10 * S });
    b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
    b.wait(10 * MS);
    b.run('app', [BEGIN, insert('t', { id: 1, v: 'a' }), COMMIT], { as: 'W', nowait: true });
    b.wait(100 * MS);
    b.run('other', [select('t', [eq('id', 1)])]);
    b.action({ kind: 'kill', client: 'app' });
    b.wait(10 * MS);
    b.run('other', [select('t', [eq('id', 1)])]);
    b.expect({ kind: 'outcome', txn: 'W', outcome: 'lost_connection', code: 2013 });
    b.expect({ kind: 'rows', server: 'm1', present: true, table: 't', match: { id: 1 } });
    const trace = runScenario(b.build());
    assertExpectations(trace);
    assert.equal(trace.reads[0].rows.length, waitPoint === 'after_commit' ? 1 : 0);
    assert.equal(trace.reads[1].rows.length, 1);
  });
}

void test('MariaDB rpl_semi_sync_wait_point after_sync: after a crash and restart the blocked rows are there', () => {
  const b = topology('mariadb-10.11', 1, { waitPoint: 'after_sync', semisyncTimeout: 10 * S });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.wait(100 * MS);
  b.run('other', [select('t', [eq('id', 1)])]);
  b.action({ kind: 'crash', server: 'm1', mode: 'process' });
  b.action({ kind: 'restart', server: 'm1' });
  b.expect({ kind: 'rows', server: 'm1', present: true, table: 't', match: { id: 1 } });
  b.expect({ kind: 'outcome', txn: 'T1', outcome: 'lost_connection' });
  const trace = runScenario(b.build());
  assertExpectations(trace);
  assert.equal(trace.reads[0].rows.length, 0);
  assert.ok(trace.events.some((e) => e.kind === 'recovery' && e.label.includes('committed by recovery: T1')));
  assert.ok(trace.verdicts.some((v) => v.kind === 'committed_after_error' && v.txn === 'T1'));
});

void test('wait_no_slave=OFF with no replica: MySQL switches OFF; MariaDB stays ON; neither waits and no_tx counts', () => {
  for (const flavor of ['mysql-5.7', 'mariadb-10.11'] as const) {
    const b = topology(flavor, 0, { waitNoSlave: false });
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    b.run('app', [insert('t', { id: 2, v: 'b' })]);
    const trace = runScenario(b.build());
    assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_status'), flavor === 'mariadb-10.11' ? 'ON' : 'OFF', flavor);
    assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), 2, flavor);
    assert.ok(commitDuration(trace, 'T1') < 10 * MS, flavor);
  }
});

void test('MariaDB: enabling semi-sync with no replica yet gives status ON, clients 0', () => {
  const b = topology('mariadb-10.11', 0);
  b.wait(1 * MS);
  const trace = runScenario(b.build());
  assert.equal(statusAt(trace, 'm1', 0)['Rpl_semi_sync_master_status'], 'ON');
  assert.equal(statusAt(trace, 'm1', 0)['Rpl_semi_sync_master_clients'], 0);
});

void test('the SQL thread stopped does not block commits: the ACK comes from the I/O thread (yes_tx +1)', () => {
  const b = topology('mariadb-10.11', 1, { waitPoint: 'after_sync', semisyncTimeout: 3 * S });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'sql_thread' });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  const trace = runScenario(b.build());
  assert.ok(commitDuration(trace, 'T1') < 10 * MS);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), 1);
  assert.equal(trace.rows['r1']['t'].length, 0, 'not applied');
});

void test('the ACK follows the relay-log write, not the apply: a slow applier does not slow the commit', () => {
  const b = topology('mysql-8.0', 1, {}, { applyLatency: 2 * S });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  const trace = runScenario(b.build());
  assert.ok(commitDuration(trace, 'T1') < 10 * MS);
  const ack = trace.events.find((e) => e.kind === 'ack_sent')!;
  const write = trace.events.find((e) => e.kind === 'relay_write' && e.txn === 'T1')!;
  const applied = trace.events.find((e) => e.kind === 'applied' && e.txn === 'T1')!;
  assert.ok(write.time <= ack.time && ack.time < applied.time);
});

void test('sync_relay_log=1: the relay-log fsync delays the ACK by the replica’s fsync latency', () => {
  const fast = runScenario(buildOne({ syncRelayLog: 10000 }));
  const synced = runScenario(buildOne({ syncRelayLog: 1 }));
  assert.equal(commitDuration(synced, 'T1') - commitDuration(fast, 'T1'), 7 * MS);
  function buildOne(replica: Partial<ServerConfig>) {
    const b = topology('mysql-8.0', 1, {}, { fsyncLatency: 7 * MS, ...replica });
    b.run('app', [insert('t', { id: 1, v: 'a' })]);
    return b.build();
  }
});

void test('SET GLOBAL rpl_semi_sync_master_enabled=OFF: status OFF, no_times +1', () => {
  const b = topology('mariadb-10.11', 1);
  b.action({ kind: 'set', server: 'm1', changes: { semisyncMaster: false } });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_status', op: '=', value: 'OFF' });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_no_times', op: '=', value: 1 });
  assertExpectations(runScenario(b.build()));
});

void test('a replica that reconnects while a commit waits releases it early (yes_tx +1, status stays ON)', () => {
  const b = topology('mariadb-10.11', 1, { waitPoint: 'after_sync', semisyncTimeout: 10 * S });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'io_thread' }, { kind: 'after', micros: 1500 * MS });
  b.wait(100 * MS);
  const trace = runScenario(b.build());
  const d = commitDuration(trace, 'T1');
  assert.ok(d > 1500 * MS && d < 1600 * MS, `released after ~1.5 s (${d})`);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_yes_tx'), 1);
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_status'), 'ON');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_times'), 0);
});

void test('AFTER_SYNC: a later engine commit queues behind a waiting one, though its FLUSH and SYNC proceed', () => {
  // MariaDB with wait_no_slave=OFF: once no replica is connected T2 does not wait itself, yet it cannot engine-commit
  // before T1, which still waits for its ACK (binlog order is commit order).
  const b = topology('mariadb-10.11', 1, { waitPoint: 'after_sync', waitNoSlave: false, semisyncTimeout: 1 * S });
  b.run('app', [insert('t', { id: 1, v: 'a' })], { nowait: true });
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' }, { kind: 'at', micros: 1 * MS });
  b.run('other', [insert('t', { id: 2, v: 'b' })], { timing: { kind: 'at', micros: 60 * MS } });
  const built = b.build();
  built.links[0].latency = 20 * MS;
  const trace = runScenario(built);
  const c1 = trace.events.find((e) => e.kind === 'engine_committed' && e.txn === 'T1')!;
  const c2 = trace.events.find((e) => e.kind === 'engine_committed' && e.txn === 'T2')!;
  const f2 = trace.events.find((e) => e.kind === 'binlog_synced' && e.txn === 'T2')!;
  assert.ok(f2.time < 100 * MS && f2.time < c1.time, 'T2 is flushed and synced while T1 waits');
  assert.ok(c1.time >= 1 * S, 'T1 waits its timeout');
  assert.ok(c2.time >= c1.time, 'T2 commits in the engine only after T1');
  assert.equal(status(trace, 'm1', 'Rpl_semi_sync_master_no_tx'), 2);
});

void test('RESET MASTER starts the semi-sync source state again: counters zeroed, status ON, no stale position to wait for', () => {
  const b = topology('mariadb-10.11', 1, { semisyncTimeout: 1 * S });
  for (let i = 1; i <= 3; i++) b.run('app', [insert('t', { id: i, v: 'x' })]);
  b.caughtUp('r1');
  b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'both' });
  b.action({ kind: 'reset', what: 'master', server: 'm1' });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 0 });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_status', op: '=', value: 'ON' });
  b.repoint('r1', 'm1', { kind: 'start' });
  b.wait(10 * MS);
  b.run('app', [insert('t', { id: 10, v: 'y' })]);
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_yes_tx', op: '=', value: 1 });
  b.expect({ kind: 'status', server: 'm1', variable: 'Rpl_semi_sync_master_no_tx', op: '=', value: 0 });
  const trace = runScenario(b.build());
  assertExpectations(trace);
  assert.ok(commitDuration(trace, 'T4') < 10 * MS, `T4 was acknowledged at once (${commitDuration(trace, 'T4')} µs)`);
});
