// `replscope verify`'s pure parts: which values are compared where, how a value is written (the same for the engine
// and for a real server), how the comparison table reads, and how settings map to mariadbd options and SET GLOBAL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { compareObservations, comparisonTable } from '../src/verify/compare';
import { setGlobals, startupOptions } from '../src/verify/real-run';
import { engineObservations, observationKey, probesOf, rowsText, semisyncLogLines } from '../src/verify/values';

const text = [
  'flavor mariadb-10.11',
  'source m1 { semisync timeout=500ms }',
  'replica r1 of m1 { semisync gtid=off }',
  'table t (id int primary key, v varchar(20))',
  'client app on m1',
  "app: insert into t values (2, 'b'), (1, null)",
  'expect m1 Position = 1',
  'wait until r1 caught up',
  'expect r1 has t(id=1)',
  'expect r1 replication running',
  'expect T1 outcome ok',
  'expect no divergence',
].join('\n');

void test('probes: one per expectation that reads a value (not the verdicts), then the end with every server', () => {
  const { scenario } = analyze(text);
  const probes = probesOf(scenario);
  assert.deepEqual(
    probes.map((p) => p.line),
    [7, 9, 10, 11, null],
  );
  assert.deepEqual(
    probes[0].values.map((v) => v.kind),
    ['status'],
  );
  assert.equal(probes[2].values.length, 6, 'replication running reads both threads and both errors');
  const end = probes[probes.length - 1].values;
  assert.ok(end.some((v) => v.kind === 'rows' && v.server === 'r1'));
  assert.ok(end.some((v) => v.kind === 'outcome' && v.txn === 'T1'));
});

void test('engine values at each probe, keyed by line and name; a differing real value is a mismatch', () => {
  const { scenario } = analyze(text);
  const engine = engineObservations(scenario, runScenario(scenario));
  const byKey = new Map(engine.map((o) => [observationKey(o), o.text]));
  assert.equal(byKey.get('9 r1 rows t'), '(1,NULL) (2,"b")', 'rows in key order, NULL as NULL');
  assert.equal(byKey.get('11 T1 outcome'), 'ok');
  assert.equal(byKey.get('end r1 Slave_SQL_Running'), 'Yes');
  assert.equal(byKey.get('end m1 Slave_SQL_Running'), '—', 'a source prints no SHOW SLAVE STATUS');
  const real = Object.fromEntries(engine.map((o) => [observationKey(o), o.text]));
  real['7 m1 Position'] = '12345';
  delete real['end m1 File'];
  const comparisons = compareObservations(engine, real);
  assert.deepEqual(
    comparisons.filter((c) => !c.match).map((c) => [c.value, c.line, c.real]),
    [
      ['m1 Position', 7, '12345'],
      ['m1 File', null, '(not read)'],
    ],
  );
  const table = comparisonTable(comparisons.filter((c) => !c.match));
  assert.match(table, /^line +value +engine +real +match\n/);
  assert.match(table, /\n7 +m1 Position +\d+ +12345 +NO\n/);
  assert.match(table, /\nend +m1 File +mysql-bin\.000001 +\(not read\) +NO\n/);
});

void test('rows: a table without a key is ordered by whole rows, so both sides agree whatever order they read', () => {
  const table = {
    database: 'd',
    name: 'a',
    line: 0,
    columns: [{ name: 'msg', type: { base: 'text' as const }, nullable: true }],
    primaryKey: [],
  };
  assert.equal(rowsText(table, [{ msg: 'b' }, { msg: null }, { msg: 'a' }]), '(NULL) ("a") ("b")');
  assert.equal(rowsText(table, []), '(empty)');
  assert.equal(rowsText(table, undefined), '—');
});

void test('settings become mariadbd options and SET GLOBAL statements; what MariaDB has no variable for is said', () => {
  const { scenario } = analyze(text);
  const m1 = scenario.servers[0];
  const options = startupOptions(m1);
  assert.ok(options.includes('--rpl-semi-sync-master-enabled=ON'));
  assert.ok(options.includes('--rpl-semi-sync-master-timeout=500'));
  assert.ok(options.includes('--rpl-semi-sync-master-wait-point=AFTER_COMMIT'));
  assert.ok(options.includes('--binlog-format=ROW'));
  assert.ok(options.includes('--server-id=1'));
  assert.ok(options.includes('--sync-relay-log-info=10000'));
  assert.ok(options.includes('--sync-master-info=10000'));
  assert.ok(!options.some((o) => o.startsWith('--relay-log-recovery')));
  assert.ok(startupOptions({ ...m1, relayLogRecovery: true }).includes('--relay-log-recovery=ON'));
  assert.deepEqual(setGlobals({ syncRelayLogInfo: 1, syncMasterInfo: 1 }).sql, [
    'SET GLOBAL sync_relay_log_info=1',
    'SET GLOBAL sync_master_info=1',
  ]);
  assert.deepEqual(setGlobals({ semisyncTimeout: 2_000_000, syncBinlog: 1, semisyncMaster: false }), {
    sql: ['SET GLOBAL rpl_semi_sync_master_timeout=2000', 'SET GLOBAL sync_binlog=1', 'SET GLOBAL rpl_semi_sync_master_enabled=OFF'],
    missing: [],
  });
  assert.deepEqual(setGlobals({ semisyncTimeout: null, gtidMode: true }), {
    sql: ['SET GLOBAL rpl_semi_sync_master_timeout=4294967295'],
    missing: ['gtidMode'],
  });
});

void test('the semi-sync lines of a real error log are read whatever the hour (MariaDB pads a one-digit hour with a space)', () => {
  const log = [
    '2026-12-04  8:05:12 0 [Note] Starting MariaDB 10.11.14-MariaDB-0+deb12u2 source revision as process 4242',
    '2026-12-04  8:05:14 8 [Warning] Timeout waiting for reply of binlog (file: mysql-bin.000001, pos: 752), semi-sync up to file mysql-bin.000001, position 540.',
    '2026-12-04  8:05:14 8 [Note] Semi-sync replication switched OFF.',
    '2026-12-04 12:47:53 9 [Note] Semi-sync replication switched ON with slave (server_id: 2) at (mysql-bin.000001, 752)',
    "2026-12-04 12:47:53 9 [Note] Start binlog_dump to slave_server(2), pos(mysql-bin.000001, 752), using_gtid(0), gtid('')",
  ].join('\n');
  assert.deepEqual(semisyncLogLines(log), [
    'Timeout waiting for reply of binlog (file: mysql-bin.000001, pos: 752), semi-sync up to file mysql-bin.000001, position 540.',
    'Semi-sync replication switched OFF.',
    'Semi-sync replication switched ON with slave (server_id: 2) at (mysql-bin.000001, 752)',
  ]);
});
