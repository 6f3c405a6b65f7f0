/**
 * `wait until R caught up` after a repoint by GTID: it ends when R has executed every GTID its new source had, even
 * when the source has nothing to send and R's coordinates never move; it does not end before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';

function run(flavor: string, declare: string, lagging: boolean) {
  const text = [
    `flavor ${flavor}`,
    `source m1 { ${declare} }`,
    `replica r1 of m1 { ${declare} log_slave_updates }`,
    `replica r2 of m1 { ${declare} }`,
    'table t (id int primary key)',
    'client app on m1',
    'app: insert into t values (1)',
    'wait until r2 caught up',
    ...(lagging ? ['stop r2 io_thread'] : []),
    'app: insert into t values (2)',
    'wait until r1 caught up',
    ...(lagging ? [] : ['wait until r2 caught up']),
    'crash m1',
    'promote r1',
    'stop r2',
    'change master r2 to r1 auto_position',
    'start r2',
    'wait until r2 caught up',
    'expect r2 has t(id=2)',
  ].join('\n');
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return runScenario(analysis.scenario);
}

for (const [flavor, declare] of [
  ['mysql-8.0', 'gtid'],
  ['mariadb-10.11', ''],
] as const) {
  void test(`${flavor}: a replica that already has every GTID of its new source is caught up at once`, () => {
    const trace = run(flavor, declare, false);
    assert.equal(trace.stillWaiting, null, JSON.stringify(trace.stillWaiting));
    assert.ok(trace.endTime < 1_000_000, `ended at ${trace.endTime} µs`);
    assert.ok(trace.expectations.every((e) => e.passed));
  });

  void test(`${flavor}: a replica that lacks a GTID of its new source waits until it has applied it`, () => {
    const trace = run(flavor, declare, true);
    assert.equal(trace.stillWaiting, null, JSON.stringify(trace.stillWaiting));
    assert.ok(
      trace.expectations.every((e) => e.passed),
      JSON.stringify(trace.expectations),
    );
  });
}
