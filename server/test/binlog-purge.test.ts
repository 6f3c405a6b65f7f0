/**
 * Binlog purge and expiry (issue 11, item 2): PURGE BINARY LOGS TO / BEFORE, binlog_expire_logs_seconds and
 * expire_logs_days at rotation and start, SHOW BINARY LOGS (`Binary_logs`), and the 1236 a replica then gets per
 * flavor: file/position ("Could not find first log file name…"), MySQL auto-position (the purged-GTIDs texts, with
 * the sets), MariaDB GTID ("Could not find GTID state requested by slave…").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario, runSummary } from '../src/run';
import type { Flavor } from '../src/model/scenario';
import type { RunSummary } from '../src/trace/trace';
import { problems } from './helpers/snippet';

function checked(text: string) {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(errors, [], 'the snippet checks clean');
  return a.scenario;
}
const run = (text: string): RunSummary => runSummary(checked(text));

/** A replica that stops, two rotations on its source, a purge to the newest file, then the replica starts again. */
function stranded(flavor: Flavor, gtid: boolean): string {
  return [
    `flavor ${flavor}`,
    `source m1 { gtid=${gtid ? 'on' : 'off'} }`,
    `replica r1 of m1 { gtid=${gtid ? 'on' : 'off'} }`,
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    "app: insert into t values (1, 'a')",
    'wait until r1 caught up',
    'stop r1',
    "app: insert into t values (2, 'b')",
    'flush binary logs m1',
    "app: insert into t values (3, 'c')",
    'flush binary logs m1',
    "app: insert into t values (4, 'd')",
    "purge binary logs m1 to 'mysql-bin.000003'",
    'start r1',
    'wait 10ms',
  ].join('\n');
}

for (const [flavor, master] of [
  ['mysql-5.7', 'master'],
  ['mysql-8.0', 'source'],
  ['mariadb-10.11', 'master'],
] as [Flavor, string][]) {
  void test(`${flavor}: a file/position replica that needs a purged file gets 1236 "Could not find first log file name…"`, () => {
    const s = run(stranded(flavor, false));
    assert.equal(s.finalStatus['m1']['Binary_logs'], 'mysql-bin.000003');
    const r1 = s.finalStatus['r1'];
    assert.equal(r1['Last_IO_Errno'], 1236);
    assert.equal(
      r1['Last_IO_Error'],
      `Got fatal error 1236 from ${master} when reading data from binary log: 'Could not find first log file name in binary log index file'`,
    );
    assert.equal(r1['Slave_IO_Running'], 'No');
    assert.ok(
      s.verdicts.some((v) => v.kind === 'replication_stopped' && v.servers[0] === 'r1'),
      'the stranded replica is a replication_stopped verdict',
    );
  });
}

void test('mysql-5.7 and mysql-8.0: an auto-positioning replica that needs purged GTIDs gets the purged-GTIDs 1236 with both sets', () => {
  const uuid = '3e11fa47-71ca-11e1-9e33-000000000001';
  const v57 = run(stranded('mysql-5.7', true)).finalStatus['r1']['Last_IO_Error'];
  assert.equal(
    v57,
    "Got fatal error 1236 from master when reading data from binary log: 'The slave is connecting using CHANGE MASTER TO MASTER_AUTO_POSITION = 1, " +
      'but the master has purged binary logs containing GTIDs that the slave requires. Replicate the missing transactions from elsewhere, or ' +
      "provision a new slave from backup. Consider increasing the master's binary log expiration period. " +
      `The GTID set sent by the slave is '${uuid}:1', and the missing transactions are '${uuid}:2-3'.'`,
  );
  const v80 = run(stranded('mysql-8.0', true)).finalStatus['r1']['Last_IO_Error'];
  assert.equal(
    v80,
    "Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because the source purged required binary logs. " +
      'Replicate the missing transactions from elsewhere, or provision a new replica from backup. ' +
      "Consider increasing the source's binary log expiration period. " +
      `The GTID set sent by the replica is '${uuid}:1', and the missing transactions are '${uuid}:2-3''`,
  );
});

void test('mariadb-10.11: a GTID replica whose position only purged files held gets "Could not find GTID state…"', () => {
  const s = run(stranded('mariadb-10.11', true));
  assert.equal(
    s.finalStatus['r1']['Last_IO_Error'],
    "Got fatal error 1236 from master when reading data from binary log: 'Could not find GTID state requested by slave in any binlog files. " +
      "Probably the slave state is too old and required binlog files have been purged.'",
  );
});

void test('mariadb-10.11: a GTID position equal to the last purged GTID is served from the first remaining file', () => {
  const s = run(
    [
      'flavor mariadb-10.11',
      'source m1 { }',
      'replica r1 of m1 { }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'wait until r1 caught up',
      'stop r1',
      'flush binary logs m1',
      "app: insert into t values (2, 'b')",
      "purge binary logs m1 to 'mysql-bin.000002'",
      'start r1',
      'wait until r1 caught up',
    ].join('\n'),
  );
  assert.equal(s.finalStatus['m1']['Binary_logs'], 'mysql-bin.000002');
  assert.equal(s.finalStatus['r1']['Last_IO_Errno'], 0);
  assert.equal(s.finalStatus['r1']['gtid_slave_pos'], '0-1-2');
});

void test('PURGE BINARY LOGS TO an unknown file is error 1373 and deletes nothing; the active file is never deleted', () => {
  const trace = runScenario(
    checked(
      [
        'flavor mysql-8.0',
        'source m1 { }',
        'table t (id int primary key, v varchar(20))',
        'client app on m1',
        "app: insert into t values (1, 'a')",
        'flush binary logs m1',
        "purge binary logs m1 to 'mysql-bin.000007'",
        'purge binary logs m1 before 10s',
      ].join('\n'),
    ),
  );
  const purges = trace.events.filter((e) => e.kind === 'binlog_purge').map((e) => e.label);
  assert.deepEqual(purges, [
    "PURGE BINARY LOGS TO 'mysql-bin.000007': ERROR 1373 (HY000): Target log not found in binlog index",
    'PURGE BINARY LOGS BEFORE 10000000 µs: mysql-bin.000001 deleted; SHOW BINARY LOGS starts at mysql-bin.000002',
  ]);
  assert.equal(trace.finalStatus['m1']['Binary_logs'], 'mysql-bin.000002', 'BEFORE a later time still keeps the file being written');
});

void test('PURGE BINARY LOGS BEFORE keeps the files written since', () => {
  const s = run(
    [
      'flavor mysql-8.0',
      'source m1 { }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'flush binary logs m1',
      "at 1s: app: insert into t values (2, 'b')",
      'flush binary logs m1',
      'purge binary logs m1 before 500ms',
    ].join('\n'),
  );
  assert.equal(s.finalStatus['m1']['Binary_logs'], 'mysql-bin.000002, mysql-bin.000003');
});

void test('binlog_expire_logs_seconds: files go at a rotation (max_binlog_size or FLUSH) and at a restart, not while the binlog only grows', () => {
  const s = run(
    [
      'flavor mysql-8.0',
      'source m1 { binlog_expire_logs_seconds=2, max_binlog_size=4KB }',
      'table t (id int primary key, v varchar(200))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'flush binary logs m1',
      'wait 3s',
      "app: insert into t values (2, 'b')",
      "expect m1 Binary_logs = 'mysql-bin.000001, mysql-bin.000002'",
      'flush binary logs m1',
      "expect m1 Binary_logs = 'mysql-bin.000002, mysql-bin.000003'",
      'wait 3s',
      'crash m1',
      'restart m1',
      "expect m1 Binary_logs = 'mysql-bin.000004'",
    ].join('\n'),
  );
  assert.deepEqual(
    s.expectations.map((e) => [e.line + 1, e.passed]),
    [
      [9, true],
      [11, true],
      [15, true],
    ],
  );
});

void test('the MySQL 8.0 default (30 days) and MariaDB 10.11 default (0) delete nothing in a run; expire_logs_days is days', () => {
  const flushes = ['flush binary logs m1', 'wait 10s', 'flush binary logs m1'];
  const base = (flavor: Flavor, settings: string) =>
    [`flavor ${flavor}`, `source m1 { ${settings} }`, 'table t (id int primary key)', 'client app on m1', ...flushes].join('\n');
  assert.equal(run(base('mysql-8.0', '')).finalStatus['m1']['Binary_logs'], 'mysql-bin.000001, mysql-bin.000002, mysql-bin.000003');
  assert.equal(run(base('mariadb-10.11', '')).finalStatus['m1']['Binary_logs'], 'mysql-bin.000001, mysql-bin.000002, mysql-bin.000003');
  const days = checked(base('mysql-5.7', 'expire_logs_days=2'));
  assert.equal(days.servers[0].binlogExpireSeconds, 172_800);
});

void test('mariadb-10.11: the file a rotation just closed stays until the new file has its Binlog_checkpoint', () => {
  const s = run(
    [
      'flavor mariadb-10.11',
      'source m1 { }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'flush binary logs m1',
      "purge binary logs m1 to 'mysql-bin.000002'",
      "expect m1 Binary_logs = 'mysql-bin.000001, mysql-bin.000002'",
      "app: insert into t values (2, 'b')",
      "purge binary logs m1 to 'mysql-bin.000002'",
      "expect m1 Binary_logs = 'mysql-bin.000002'",
    ].join('\n'),
  );
  assert.deepEqual(
    s.expectations.map((e) => e.passed),
    [true, true],
  );
});

void test('checker: the expiry settings per flavor, and a purge target that is not a binlog file name', () => {
  assert.deepEqual(problems('flavor mysql-5.7\nsource m1 { binlog_expire_logs_seconds=60 }', 'error'), ['2:13 impossible-state']);
  assert.deepEqual(problems('flavor mysql-8.4\nsource m1 { expire_logs_days=1 }', 'error'), ['2:13 impossible-state']);
  assert.deepEqual(problems('flavor mariadb-10.11\nsource m1 { expire_logs_days=1, binlog_expire_logs_seconds=60 }', 'warning'), [
    '2:13 doubtful-setting',
  ]);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { expire_logs_days=100 }', 'error'), ['2:30 out-of-range']);
  assert.deepEqual(problems("flavor mysql-8.0\nsource m1 { }\npurge binary logs m1 to 'binlog'", 'error'), ['3:25 bad-value']);
  assert.deepEqual(problems("flavor mysql-8.0\nsource m1 { }\npurge master logs m1 to 'mysql-bin.000002'", 'error'), []);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\npurge binary logs m9 before 1s', 'error'), ['3:19 unknown-name']);
});
