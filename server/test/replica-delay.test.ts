/**
 * Delayed replicas (issue 11, item 7): MASTER_DELAY / SOURCE_DELAY declared or given by CHANGE MASTER; the SQL thread
 * sleeps until sql_delay_end (MySQL 8.0: ceil of the immediate source's commit second + N; 5.7 and MariaDB: floor of
 * the event's second + N) while the I/O thread receives at once; SQL_Delay, SQL_Remaining_Delay,
 * Slave_SQL_Running_State and Seconds_Behind_Master per flavor, at any time of a full trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { statusAt } from '../src/trace/query';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { problems } from './helpers/snippet';

const S = 1_000_000;

function run(text: string): Trace {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(errors, [], 'the snippet checks clean');
  return runScenario(a.scenario);
}

const delayed = (flavor: Flavor, delay: string, ...script: string[]) =>
  [
    `flavor ${flavor}`,
    'source m1 { gtid=off }',
    `replica r1 of m1 { gtid=off ${delay} }`,
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    "app: insert into t values (1, 'a') as T",
    ...script,
  ].join('\n');

const appliedAt = (trace: Trace, txn: string) => trace.events.find((e) => e.kind === 'applied' && e.txn === txn && e.server === 'r1')?.time;

for (const [flavor, rounding, waiting, idle] of [
  [
    'mysql-8.0',
    'ceil',
    'Waiting until SOURCE_DELAY seconds after source executed event',
    'Replica has read all relay log; waiting for more updates',
  ],
  [
    'mysql-5.7',
    'floor',
    'Waiting until MASTER_DELAY seconds after master executed event',
    'Slave has read all relay log; waiting for more updates',
  ],
  [
    'mariadb-10.11',
    'floor',
    'Waiting until MASTER_DELAY seconds after master executed event',
    'Slave has read all relay log; waiting for more updates',
  ],
] as [Flavor, 'ceil' | 'floor', string, string][]) {
  void test(`${flavor}: the SQL thread applies ${rounding}(commit second) + MASTER_DELAY, the I/O thread receives at once`, () => {
    const trace = run(delayed(flavor, 'master_delay=10', 'wait 15s'));
    const commit = trace.transactions.find((t) => t.id === 'T')!.states.engine_committed!;
    const received = trace.events.find((e) => e.kind === 'io_receive' && e.txn === 'T')!.time;
    assert.ok(received < 10_000, 'received within milliseconds');
    const applied = appliedAt(trace, 'T')!;
    // The thread reaches the transaction in the commit's second and sleeps (end − that second) seconds.
    const end = (rounding === 'ceil' ? Math.ceil(commit / S) : Math.floor(commit / S)) + 10;
    const reached = trace.events.find((e) => e.kind === 'sql_delay' && e.txn === 'T')!.time;
    assert.equal(applied - reached >= (end - Math.floor(reached / S)) * S, true);
    assert.ok(applied < reached + (end - Math.floor(reached / S)) * S + 10_000, `applied at ${applied} µs`);
    const at = (t: number) => statusAt(trace, 'r1', t);
    assert.equal(at(3 * S)['Slave_SQL_Running_State'], waiting);
    assert.equal(at(3 * S)['SQL_Delay'], 10);
    assert.equal(at(3 * S)['SQL_Remaining_Delay'], end - 3, 'sql_delay_end − now, in whole seconds, at any time');
    assert.equal(at(7 * S)['SQL_Remaining_Delay'], end - 7);
    const written = trace.transactions.find((t) => t.id === 'T')!.states.binlog_flushed!;
    assert.equal(at(7 * S)['Seconds_Behind_Master'], Math.floor((7 * S - written) / S), 'Seconds_Behind_Master counts the delay');
    assert.equal(at(7 * S)['Read_Master_Log_Pos'], trace.transactions.find((t) => t.id === 'T')!.binlog!.end);
    assert.equal(trace.finalStatus['r1']['Slave_SQL_Running_State'], idle);
    assert.equal(trace.finalStatus['r1']['SQL_Remaining_Delay'], 'NULL');
    assert.equal(trace.finalStatus['r1']['Seconds_Behind_Master'], 0);
  });
}

void test('STOP SLAVE SQL_THREAD ends the wait (nothing applied); START SLAVE waits out what is left of the same sql_delay_end', () => {
  const trace = run(delayed('mysql-8.0', 'master_delay=10', 'wait 3s', 'stop r1 sql_thread', 'wait 2s', 'start r1 sql_thread', 'wait 10s'));
  assert.equal(statusAt(trace, 'r1', 4 * S)['Slave_SQL_Running_State'], '');
  assert.equal(statusAt(trace, 'r1', 4 * S)['SQL_Remaining_Delay'], 'NULL');
  assert.equal(statusAt(trace, 'r1', 4 * S)['Exec_Master_Log_Pos'], statusAt(trace, 'r1', 1 * S)['Exec_Master_Log_Pos']);
  const applied = appliedAt(trace, 'T')!;
  assert.ok(applied >= 11 * S && applied < 12 * S, `applied at ${applied} µs, when the first wait would have ended`);
});

void test('change master … master_delay=N sets the delay for later connections; master_delay=0 removes it', () => {
  const trace = run(
    delayed(
      'mariadb-10.11',
      '',
      'wait until r1 caught up',
      'stop r1',
      'change master r1 to m1 from end master_delay=5',
      'start r1',
      "app: insert into t values (2, 'b') as U",
      'wait 1s',
      'expect r1 lacks t(id=2)',
      'expect r1 SQL_Delay = 5',
      'wait 6s',
      'expect r1 has t(id=2)',
      'stop r1',
      'change master r1 to m1 from end master_delay=0',
      'start r1',
      "app: insert into t values (3, 'c') as W",
      'wait 10ms',
      'expect r1 has t(id=3)',
    ),
  );
  assert.deepEqual(
    trace.expectations.map((e) => e.passed),
    [true, true, true, true],
  );
  assert.ok(appliedAt(trace, 'T')! < 10_000, 'no delay before the CHANGE MASTER');
});

void test('checker: master_delay is not on mysql-5.5, is no SET GLOBAL variable, and is what change master takes', () => {
  assert.deepEqual(problems('flavor mysql-5.5\nsource m1 { }\nreplica r1 of m1 { master_delay=60 }', 'error'), ['3:20 impossible-state']);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { source_delay=60 }', 'error'), []);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { }\nset r1 master_delay=60', 'error'), ['4:8 bad-value']);
  assert.deepEqual(
    problems('flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { }\nchange master r1 to m1 from end sync_binlog=1', 'error'),
    ['4:33 unknown-setting'],
  );
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { }\nchange master r1 to m1 master_delay=-1', 'error'), [
    '4:37 out-of-range',
  ]);
});
