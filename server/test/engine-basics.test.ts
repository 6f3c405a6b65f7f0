/**
 * The engine's building blocks, table-driven: the seeded PRNG, the (time, seq) queue, GTID sets and MariaDB GTID
 * state, rows with and without primary keys, statement execution with row locks and REPEATABLE READ snapshots,
 * status lookups and expectation messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrng } from '../src/engine/prng';
import { EventQueue } from '../src/engine/event-queue';
import {
  addGtid,
  createMariadbState,
  formatGtidSet,
  hasGtid,
  mariadbCurrentPos,
  formatMariadbPos,
  nextGno,
  nextMariadbSeq,
  recordMariadbApplied,
  recordMariadbBinlogged,
  subtractGtidSets,
  unionGtidSets,
  type MysqlGtidSet,
} from '../src/engine/gtid';
import { applyChange, cloneDatabase, createDatabase, dumpRows, openSnapshot } from '../src/engine/storage';
import { executeSelect, executeWrite, type ExecContext } from '../src/engine/statements';
import { statusAt } from '../src/trace/query';
import { formatMicros, type Trace } from '../src/trace/trace';
import { canonicalStatusName, lookupStatus } from '../src/engine/status';
import { compare } from '../src/engine/expectations';
import { runScenario } from '../src/run';
import type { ResolvedStatement, TableConfig } from '../src/model/scenario';
import { ScenarioBuilder, insert } from './scenario-builder';

void test('the PRNG is a pure function of its seed', () => {
  const a = createPrng(42);
  const b = createPrng(42);
  const xs = Array.from({ length: 20 }, () => a.upTo(1000));
  assert.deepEqual(
    xs,
    Array.from({ length: 20 }, () => b.upTo(1000)),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 20 }, () => createPrng(43).upTo(1000)),
  );
  assert.ok(xs.every((x) => x >= 0 && x <= 1000 && Number.isInteger(x)));
  assert.equal(createPrng(1).upTo(0), 0);
});

void test('the event queue runs by time, then by insertion order; cancelled events stay idle', () => {
  const q = new EventQueue();
  const order: string[] = [];
  q.push(5, () => order.push('c'));
  q.push(1, () => order.push('a'));
  q.push(5, () => order.push('d'));
  q.push(1, () => order.push('b'));
  for (let e = q.pop(); e; e = q.pop()) e.run();
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  const timer = q.push(10, () => undefined);
  q.cancel(timer);
  let canRetry = false;
  q.push(
    20,
    () => undefined,
    undefined,
    () => canRetry,
  );
  assert.ok(q.idle(), 'a cancelled event and a background timer that cannot progress');
  canRetry = true;
  assert.ok(!q.idle(), 'a background timer that can progress');
  canRetry = false;
  const work = q.push(30, () => undefined);
  assert.ok(!q.idle());
  q.cancel(work);
  assert.ok(q.idle());
  q.push(40, () => undefined);
  for (let e = q.pop(); e; e = q.pop()) if (!e.cancelled) e.run();
  assert.ok(q.idle(), 'once everything ran');
});

void test('event queue: cancelled events leave the heap without changing the order of the others', () => {
  const q = new EventQueue();
  const ran: number[] = [];
  const all = Array.from({ length: 5000 }, (_, i) => q.push((i * 7919) % 1000, () => ran.push(i)));
  // Most are cancelled (semi-sync timeouts acknowledged in time): the heap drops them once they are most of it.
  all.forEach((e, i) => i % 10 !== 0 && q.cancel(e));
  assert.ok(q.size < 2000, `the heap was compacted (${q.size} left)`);
  assert.ok(!q.idle());
  for (let e = q.pop(); e; e = q.pop()) if (!e.cancelled) e.run();
  const expected = all
    .map((e, i) => ({ time: e.time, seq: e.seq, i }))
    .filter(({ i }) => i % 10 === 0)
    .sort((a, b) => a.time - b.time || a.seq - b.seq)
    .map(({ i }) => i);
  assert.deepEqual(ran, expected);
  assert.ok(q.idle());
});

void test('MySQL GTID sets: add, merge, subtract, next number, format', () => {
  const u1 = '3e11fa47-71ca-11e1-9e33-000000000001';
  const u2 = '3e11fa47-71ca-11e1-9e33-000000000002';
  const set: MysqlGtidSet = new Map();
  for (const n of [1, 2, 3, 5]) addGtid(set, u1, n);
  addGtid(set, u2, 1);
  assert.equal(formatGtidSet(set), `${u1}:1-3:5,${u2}:1`);
  assert.equal(nextGno(set, u1), 4);
  assert.equal(nextGno(set, u2), 2);
  assert.ok(hasGtid(set, u1, 5) && !hasGtid(set, u1, 4));
  const other: MysqlGtidSet = new Map([[u1, [{ start: 2, end: 5 }]]]);
  assert.equal(formatGtidSet(subtractGtidSets(set, other)), `${u1}:1,${u2}:1`);
  assert.equal(formatGtidSet(unionGtidSets(set, other)), `${u1}:1-5,${u2}:1`);
});

void test('MariaDB GTIDs: binlog pos, slave pos, current pos, and the next own sequence number', () => {
  const s = createMariadbState();
  for (let seq = 1; seq <= 5; seq++) recordMariadbApplied(s, { domain: 0, serverId: 1, seq });
  assert.equal(nextMariadbSeq(s, 0), 6, 'a promoted replica continues after its gtid_slave_pos');
  recordMariadbBinlogged(s, { domain: 0, serverId: 2, seq: 6 });
  assert.equal(formatMariadbPos(s.binlogPos), '0-2-6');
  assert.equal(formatMariadbPos(s.slavePos), '0-1-5');
  assert.equal(formatMariadbPos(mariadbCurrentPos(s)), '0-2-6');
  assert.equal(nextMariadbSeq(s, 0), 7);
});

void test('MariaDB gtid_current_pos: on equal sequence numbers the slave position wins over the own binlog', () => {
  const s = createMariadbState();
  recordMariadbApplied(s, { domain: 0, serverId: 1, seq: 5 });
  recordMariadbBinlogged(s, { domain: 0, serverId: 2, seq: 5 }); // an errant own write with the same number
  assert.equal(formatMariadbPos(mariadbCurrentPos(s)), '0-1-5');
});

const T: TableConfig = {
  database: 'd',
  name: 't',
  line: 0,
  columns: [
    { name: 'id', type: { base: 'int' }, nullable: false },
    { name: 'v', type: { base: 'varchar', length: 20 }, nullable: true },
  ],
  primaryKey: ['id'],
};
const LOG: TableConfig = { ...T, name: 'log', primaryKey: [] };

void test('rows: a primary key refuses a duplicate, a table without one accepts it; a missing row is not found', () => {
  const db = createDatabase([T, LOG]);
  let id = 0;
  const next = () => ++id;
  const t = db.tables.get('t')!;
  const log = db.tables.get('log')!;
  assert.equal(applyChange(t, { kind: 'insert', after: { id: 1, v: 'a' } }, 'T1', next), undefined);
  assert.deepEqual(applyChange(t, { kind: 'insert', after: { id: 1, v: 'b' } }, 'T2', next), { error: 'duplicate', key: '1' });
  assert.equal(applyChange(log, { kind: 'insert', after: { id: 1, v: 'a' } }, 'T1', next), undefined);
  assert.equal(applyChange(log, { kind: 'insert', after: { id: 1, v: 'a' } }, 'T2', next), undefined);
  assert.equal(log.rows.size, 2);
  assert.deepEqual(applyChange(t, { kind: 'update', before: { id: 9, v: 'x' }, after: { id: 9, v: 'y' } }, 'T3', next), {
    error: 'not_found',
  });
  assert.equal(
    applyChange(t, { kind: 'update', before: { id: 1, v: 'zzz' }, after: { id: 1, v: 'c' } }, 'T3', next),
    undefined,
    'by primary key, not by the whole image',
  );
  assert.deepEqual(dumpRows(db)['t'], [{ id: 1, v: 'c' }]);
  const copy = cloneDatabase(db);
  applyChange(t, { kind: 'delete', before: { id: 1, v: 'c' } }, 'T4', next);
  assert.equal(copy.tables.get('t')!.rows.size, 1, 'a clone does not share rows');
});

function ctx(
  db: ReturnType<typeof createDatabase>,
  uid: number,
  locks = new Map<string, number>(),
  flavor: ExecContext['flavor'] = 'mysql-8.0',
): ExecContext {
  let id = 100;
  return { flavor, db, snapshot: undefined, pending: [], locks, uid, nextRowId: () => ++id, autoIncrement: { increment: 1, offset: 1 } };
}

const ins = (id: number, v: string): ResolvedStatement => ({ kind: 'insert', line: 0, text: '', table: 't', rows: [{ id, v }] });

void test('statements: 1062 with the flavor’s key name, a lock held by another transaction blocks, a snapshot hides later commits', () => {
  const db = createDatabase([T]);
  applyChange(db.tables.get('t')!, { kind: 'insert', after: { id: 1, v: 'a' } }, 'T1', () => 1);
  const dup = executeWrite(ctx(db, 1), ins(1, 'x'));
  assert.deepEqual(dup, { kind: 'error', code: 1062, message: "Duplicate entry '1' for key 't.PRIMARY'" });
  assert.deepEqual(executeWrite(ctx(db, 1, new Map(), 'mysql-5.7'), ins(1, 'x')), {
    kind: 'error',
    code: 1062,
    message: "Duplicate entry '1' for key 'PRIMARY'",
  });
  const locks = new Map([['t/[2]', 7]]);
  assert.deepEqual(executeWrite(ctx(db, 1, locks), ins(2, 'x')), { kind: 'blocked', holder: 7, key: 't/[2]' });
  const upd: ResolvedStatement = {
    kind: 'update',
    line: 0,
    text: '',
    table: 't',
    set: [{ column: 'v', fromColumn: 'id', delta: 10 }],
    where: [{ column: 'id', op: '>=', values: [1] }],
  };
  const ok = executeWrite(ctx(db, 1), upd);
  assert.equal(ok.kind, 'ok');
  if (ok.kind === 'ok') assert.deepEqual(ok.changes[0].change, { kind: 'update', before: { id: 1, v: 'a' }, after: { id: 1, v: 11 } });
  const c = ctx(db, 2);
  c.snapshot = openSnapshot(db);
  applyChange(db.tables.get('t')!, { kind: 'insert', after: { id: 3, v: 'c' } }, 'T3', () => 3);
  const sel: ResolvedStatement = { kind: 'select', line: 0, text: '', table: 't', columns: '*', count: false, where: [], forUpdate: false };
  const snap = executeSelect(c, sel);
  assert.equal(snap.kind === 'ok' && snap.rows.length, 1, 'REPEATABLE READ: the snapshot');
  const fresh = executeSelect(ctx(db, 3), sel);
  assert.equal(fresh.kind === 'ok' && fresh.rows.length, 2);
  assert.deepEqual(fresh.kind === 'ok' && fresh.sawWriters, ['T1', 'T3']);
});

void test('formatMicros and status names', () => {
  assert.equal(formatMicros(0), '0 ms');
  assert.equal(formatMicros(250), '250 µs');
  assert.equal(formatMicros(12_400), '12.4 ms');
  assert.equal(formatMicros(3_000_000), '3 s');
  assert.equal(canonicalStatusName('Rpl_semi_sync_source_yes_tx'), 'Rpl_semi_sync_master_yes_tx');
  assert.equal(canonicalStatusName('Replica_IO_Running'), 'Slave_IO_Running');
  assert.equal(canonicalStatusName('Exec_Source_Log_Pos'), 'Exec_Master_Log_Pos');
  assert.equal(canonicalStatusName('Read_Source_Log_Pos'), 'Read_Master_Log_Pos');
  assert.equal(lookupStatus({ Slave_IO_Running: 'Yes' }, 'replica_io_running'), 'Yes');
  assert.ok(compare('ON', '=', 'on'));
  assert.ok(compare(434, '>=', 157));
  assert.ok(compare('434', '=', 434));
  assert.ok(!compare('NULL', '=', 0));
});

void test('statusAt folds the recorded changes: any server at any time', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  const trace: Trace = runScenario(b.build());
  const t1 = trace.transactions[0];
  const flushed = trace.events.find((e) => e.kind === 'binlog_flushed')!;
  assert.equal(statusAt(trace, 'm1', flushed.time - 1)['Position'], 157);
  assert.equal(statusAt(trace, 'm1', flushed.time)['Position'], t1.binlog!.end);
  assert.deepEqual(statusAt(trace, 'm1', trace.endTime), trace.finalStatus['m1']);
  assert.deepEqual(statusAt(trace, 'nobody', 0), {});
});

void test('failed expectations say what was expected and what happened', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.expect({ kind: 'outcome', txn: 'T1', outcome: 'lost_connection' });
  b.expect({ kind: 'rows', server: 'm1', present: false, table: 't', match: { id: 1 } });
  b.expect({ kind: 'rows', server: 'm1', present: true, table: 't', match: { id: 2 } });
  b.expect({ kind: 'status', server: 'm1', variable: 'Position', op: '=', value: 1 });
  b.expect({ kind: 'replication', server: 'm1', errno: 1062 });
  b.expect({ kind: 'verdict', negated: false, verdict: 'divergence' });
  const trace = runScenario(b.build());
  const messages = trace.expectations.map((e) => [e.passed, e.message]);
  assert.deepEqual(messages[0], [false, 'expected T1 outcome lost_connection, but the client got OK at 1.1 ms']);
  assert.deepEqual(messages[1], [false, "expected m1 lacks t(id=1), but it has 1 such row(s): (1, 'a')"]);
  assert.deepEqual(messages[2], [false, "expected m1 has t(id=2), but it has 0 such row(s); rows: (1, 'a')"]);
  assert.deepEqual(messages[3], [false, 'expected m1 Position = 1, but it is 433']);
  assert.deepEqual(messages[4], [
    false,
    'expected m1 replication error 1062, but Slave_IO_Running (not a replica), Slave_SQL_Running (not a replica), Last_IO_Errno 0, Last_SQL_Errno 0',
  ]);
  assert.deepEqual(messages[5], [false, 'expected divergence, but the run has none']);
  const failed = trace.verdicts.filter((v) => v.kind === 'expectation_failed');
  assert.equal(failed.length, 6);
  assert.deepEqual(
    failed.map((v) => v.line),
    trace.expectations.map((e) => e.line),
  );
});
