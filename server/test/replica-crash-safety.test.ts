/**
 * Crash safety of replicas (issue 11, item 10): relay_log_info_repository / master_info_repository (FILE or TABLE),
 * relay_log_recovery, sync_relay_log_info and sync_master_info. A replica killed (process or host) and restarted
 * resumes from what its repositories held: a stale relay-log.info re-applies (1062 on a row insert, 1032 on a row
 * delete, nothing on an update by primary key), a stale mysql.slave_master_info fetches events twice without
 * relay_log_recovery, and TABLE + relay_log_recovery, MySQL GTIDs or MariaDB's MASTER_USE_GTID apply nothing twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../src/features/hover';
import { analyze } from '../src/language/analyze';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { analyze as analyzeSnippet, runChecked as run, snippet, sourceOf } from './helpers/snippet';

/** m1 → r1; two rows replicated, a crash of r1 (`host` or a kill of mysqld), a restart, one more row. */
function crashAndRestart(flavor: Flavor, replica: string, mode: 'host' | '', opts: { source?: string; third?: string } = {}): Trace {
  return run(
    [
      `flavor ${flavor}`,
      `source m1 { ${opts.source ?? ''} }`,
      `replica r1 of m1 { ${replica} }`,
      'link m1 -> r1 latency 1ms',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      "app: insert into t values (2, 'b')",
      'wait until r1 caught up',
      'wait 10ms', // any fsync of relay-log.info under way ends
      `crash r1 ${mode}`,
      'restart r1',
      opts.third ?? "app: insert into t values (3, 'c')",
      'wait 100ms',
    ].join('\n') + '\n',
  );
}

const sqlErrors = (trace: Trace) => trace.replicationErrors.filter((e) => e.server === 'r1' && e.thread === 'sql');
const errorLog = (trace: Trace) => trace.errorLog.filter((l) => l.server === 'r1').map((l) => l.text);

void test('MySQL 5.7 (relay-log.info, sync_relay_log_info=10000): a host crash goes back to the last fsync and re-applies T1: 1062', () => {
  const trace = crashAndRestart('mysql-5.7', '', 'host');
  const errors = sqlErrors(trace);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].errno, 1062);
  assert.equal(errors[0].txn, 'T1');
  assert.match(errors[0].message, /^Could not execute Write_rows event on table test\.t; Duplicate entry '1' for key 'PRIMARY'/);
  // The SQL thread resumed from the position CHANGE MASTER recorded (position 4, where the replica was set up) and
  // read the header up to the start of T1.
  assert.equal(errors[0].execPos, 154);
  assert.ok(errorLog(trace).some((l) => l.includes("starting replication in log 'mysql-bin.000001' at position 4")));
});

void test('MySQL 5.7 FILE: a kill of mysqld keeps the page cache, so relay-log.info and master.info are current', () => {
  const trace = crashAndRestart('mysql-5.7', '', '');
  assert.deepEqual(sqlErrors(trace), []);
  // The relay log is kept: the starting server opens relay-bin.000003, the I/O thread rotates to 000004 (as MariaDB
  // does in the conformance scenario c74).
  const opened = trace.events.filter((e) => e.server === 'r1' && e.kind === 'io_connected').map((e) => e.label);
  assert.match(opened[1], /relay log relay-bin\.000004$/);
});

void test('sync_relay_log_info=1: a host crash right after the commit, before the fsync, leaves one transaction behind', () => {
  const text = [
    'flavor mysql-5.7',
    'source m1 { }',
    'replica r1 of m1 { sync_relay_log_info=1 relay_log_recovery }',
    'link m1 -> r1 latency 1ms',
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    "app: insert into t values (1, 'a')",
    'wait until r1 caught up',
    'on T2 applied by r1: crash r1 host',
    "app: insert into t values (2, 'b')",
    'wait 10ms',
    'restart r1',
    'wait 100ms',
  ].join('\n');
  const errors = sqlErrors(run(text + '\n'));
  assert.deepEqual(
    errors.map((e) => [e.errno, e.txn, e.execPos]),
    [[1062, 'T2', 411]],
  );
  // A crash after the fsync (fsync_latency 500us): nothing is applied twice.
  const later = text
    .replace('on T2 applied by r1: crash r1 host\n', '')
    .replace('wait 10ms\n', 'wait until r1 caught up\nwait 1ms\ncrash r1 host\n');
  assert.deepEqual(sqlErrors(run(later + '\n')), []);
});

void test('a stale relay-log.info re-applies an UPDATE by primary key silently and a row DELETE as 1032', () => {
  const trace = run(
    [
      'flavor mysql-5.7',
      'source m1 { }',
      'replica r1 of m1 { sync_relay_log_info=1 relay_log_recovery }',
      'link m1 -> r1 latency 1ms',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a'), (2, 'b')",
      'wait until r1 caught up',
      'set r1 sync_relay_log_info=0', // relay-log.info is fsynced after T1 and never again
      "app: update t set v = 'z' where id = 2",
      'app: delete from t where id = 1',
      'wait until r1 caught up',
      'crash r1 host',
      'restart r1',
      'wait 100ms',
    ].join('\n') + '\n',
  );
  const errors = sqlErrors(trace);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].errno, 1032);
  assert.equal(errors[0].txn, 'T3', 'T2, an update found by its primary key, applied again without error');
  assert.match(errors[0].message, /^Could not execute Delete_rows event on table test\.t; Can't find record in 't'/);
});

void test('MySQL 8.0 defaults (TABLE, relay_log_recovery OFF): the SQL position survives, but mysql.slave_master_info is behind: events fetched twice, 1062', () => {
  for (const mode of ['host', ''] as const) {
    const trace = crashAndRestart('mysql-8.0', '', mode);
    const errors = sqlErrors(trace);
    assert.equal(errors.length, 1, mode);
    assert.equal(errors[0].errno, 1062);
    assert.equal(errors[0].txn, 'T1');
  }
});

void test('MySQL 8.4 sanitizes the kept relay log: after a kill the receiver resumes at its end, nothing is fetched twice', () => {
  const killed = crashAndRestart('mysql-8.4', '', '');
  assert.deepEqual(sqlErrors(killed), []);
  const resumed = killed.events.filter((e) => e.server === 'r1' && e.kind === 'io_start').map((e) => e.label);
  assert.match(resumed[1], /asking for mysql-bin\.000001:722$/);
  // A host crash took the relay log's unsynced tail: the receiver resumes after what is left (the source's header
  // events), behind the applier, and T1 comes again.
  assert.equal(sqlErrors(crashAndRestart('mysql-8.4', '', 'host'))[0]?.errno, 1062);
  assert.deepEqual(sqlErrors(crashAndRestart('mysql-8.4', 'relay_log_recovery', 'host')), []);
});

void test('TABLE with relay_log_recovery: crash-safe; the relay log is discarded and the numbering goes on', () => {
  for (const [flavor, settings] of [
    ['mysql-8.0', 'relay_log_recovery'],
    ['mysql-5.7', 'relay_log_info_repository=table relay_log_recovery'],
  ] as const) {
    const trace = crashAndRestart(flavor, settings, 'host');
    assert.deepEqual(sqlErrors(trace), [], flavor);
    assert.ok(errorLog(trace).some((l) => l.startsWith('Relay log recovery: relay logs discarded')));
    const opened = trace.events.filter((e) => e.server === 'r1' && e.kind === 'io_connected').map((e) => e.label);
    assert.match(opened[1], /relay log relay-bin\.000004$/);
  }
});

void test('relay_log_recovery with a FILE repository still starts from a stale relay-log.info after a host crash', () => {
  const trace = crashAndRestart('mysql-5.7', 'relay_log_recovery', 'host');
  assert.equal(sqlErrors(trace)[0]?.errno, 1062);
});

void test('MySQL GTID auto-positioning: what the replica executed is skipped, whatever the repositories', () => {
  for (const mode of ['host', ''] as const) {
    const trace = crashAndRestart('mysql-5.7', 'gtid', mode, { source: 'gtid' });
    assert.deepEqual(sqlErrors(trace), [], mode);
  }
});

void test('MariaDB 10.11: MASTER_USE_GTID is crash-safe; file positions (relay-log.info) are not', () => {
  assert.deepEqual(sqlErrors(crashAndRestart('mariadb-10.11', '', 'host')), []);
  assert.deepEqual(sqlErrors(crashAndRestart('mariadb-10.11', 'master_use_gtid=slave_pos', 'host')), []);
  const files = sqlErrors(crashAndRestart('mariadb-10.11', 'gtid=off', 'host'));
  assert.equal(files[0]?.errno, 1062);
  assert.match(files[0].message, /^Could not execute Write_rows_v1 event on table test\.t; Duplicate entry '1' for key 'PRIMARY'/);
  assert.deepEqual(sqlErrors(crashAndRestart('mariadb-10.11', 'gtid=off sync_relay_log_info=1 relay_log_recovery', 'host')), []);
});

void test('MySQL 5.5: sync_relay_log_info=0 by default, so a host crash goes back to CHANGE MASTER', () => {
  const errors = sqlErrors(crashAndRestart('mysql-5.5', '', 'host'));
  assert.equal(errors[0]?.errno, 1062);
  assert.equal(errors[0].execPos, 107);
});

void test('a clean shutdown writes both positions: nothing applied twice, the relay log kept', () => {
  const trace = run(
    [
      'flavor mysql-8.0',
      'source m1 { }',
      'replica r1 of m1 { }',
      'table t (id int primary key)',
      'client app on m1',
      'app: insert into t values (1)',
      'wait until r1 caught up',
      'shutdown r1',
      'restart r1',
      'app: insert into t values (2)',
      'wait 100ms',
    ].join('\n') + '\n',
  );
  assert.deepEqual(sqlErrors(trace), []);
});

void test('the checker: repositories per flavor, deprecation, startup-only settings, values', () => {
  const check = (flavor: Flavor, replica: string, script = '') =>
    analyze(`flavor ${flavor}\nsource m1 { }\nreplica r1 of m1 { ${replica} }\n${script}`).diagnostics.map(
      (d) => `${d.severity === 'error' ? 'E' : 'W'} ${d.range.start.line + 1}: ${d.message}`,
    );
  assert.match(check('mariadb-10.11', 'relay_log_info_repository=table')[0], /^E 3: MariaDB has no relay_log_info_repository/);
  assert.match(check('mysql-5.5', 'master_info_repository=file')[0], /^E 3: mysql-5.5 has no master_info_repository/);
  assert.match(check('mysql-8.4', 'relay_log_info_repository=table')[0], /^E 3: MySQL 8.4 removed relay_log_info_repository/);
  assert.match(
    check('mysql-8.0', 'relay_log_info_repository=file')[0],
    /^W 3: relay_log_info_repository=FILE is deprecated since MySQL 8\.0\.23/,
  );
  assert.deepEqual(check('mysql-8.0', 'relay_log_info_repository=table master_info_repository=TABLE relay_log_recovery'), []);
  assert.deepEqual(check('mysql-5.7', 'relay_log_info_repository=table relay_log_recovery sync_master_info=1'), []);
  assert.match(
    check('mysql-5.7', 'relay_log_recovery')[0],
    /^W 3: relay_log_recovery starts the I\/O thread from the SQL thread's recorded position/,
  );
  assert.deepEqual(check('mysql-5.7', 'relay_log_recovery gtid', ''), []);
  assert.match(check('mysql-5.7', 'relay_log_info_repository=disk')[0], /^E 3: /);
  assert.match(check('mysql-5.7', 'sync_relay_log_info=-1')[0], /^E 3: /);
  assert.match(
    check('mysql-5.7', '', 'set r1 relay_log_recovery=on')[0],
    /^E 4: relay_log_recovery cannot be changed while the server runs/,
  );
  assert.deepEqual(check('mysql-5.7', '', 'set r1 sync_relay_log_info=1, sync_master_info=1'), []);
});

void test('hover: a replica says whether it is crash-safe, the settings say what they do and their default per flavor', () => {
  const hover = (marked: string) => {
    const s = snippet(marked);
    return hoverAt(analyzeSnippet(s.text), s.position, sourceOf(s.text))?.markdown ?? '';
  };
  assert.match(
    hover('flavor mysql-5.7\nsource m1 { }\nreplica <|>r1 of m1 { }'),
    /not crash-safe: `relay-log\.info` is fsynced every 10000 transactions/,
  );
  assert.match(
    hover('flavor mysql-8.0\nsource m1 { }\nreplica <|>r1 of m1 { relay_log_recovery }'),
    /crash-safe: relay_log_recovery, and the SQL position is committed with each transaction/,
  );
  assert.match(
    hover('flavor mariadb-10.11\nsource m1 { }\nreplica <|>r1 of m1 { }'),
    /crash-safe: MASTER_USE_GTID resumes from gtid_slave_pos/,
  );
  const setting = hover('flavor mysql-5.7\nsource m1 { }\nreplica r1 of m1 { <|>relay_log_info_repository=table }');
  assert.match(setting, /mysql\.slave_relay_log_info/);
  assert.match(setting, /Default \(mysql-5\.7\): `file`/);
  assert.match(hover('flavor mysql-5.5\nsource m1 { }\nreplica r1 of m1 { <|>sync_relay_log_info=1 }'), /Default \(mysql-5\.5\): `0`/);
});
