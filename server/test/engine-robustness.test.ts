/**
 * Bounded and honest: every run ends; a run that would wait forever stops at the horizon and says who waits for
 * what; the event cap holds; an engine bug becomes an internal error with the seed instead of an exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import type { Scenario } from '../src/model/scenario';
import { statusAfterStep } from '../src/trace/query';
import { ScenarioBuilder, insert } from './scenario-builder';

const MS = 1_000;

void test('an unbounded semi-sync timeout with no replica: the run stops at the horizon with a still_waiting verdict naming the waiter', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1', { semisyncMaster: true, semisyncTimeout: null });
  b.client('app', 'm1');
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  b.expect({ kind: 'outcome', txn: 'T1', outcome: 'pending' });
  const trace = runScenario(b.build());
  assert.equal(trace.endReason, 'horizon');
  assert.equal(trace.endTime, trace.horizon);
  assert.ok(trace.stillWaiting);
  const waiting = trace.verdicts.filter((v) => v.kind === 'still_waiting');
  assert.ok(waiting.length > 0);
  assert.ok(
    waiting.some((v) => v.message.includes('app (T1) on m1') && v.message.includes('semi-sync ACK') && v.message.includes('unbounded')),
    waiting.map((v) => v.message).join('\n'),
  );
  assert.ok(waiting.some((v) => v.line !== undefined));
  assert.equal(trace.transactions.find((t) => t.id === 'T2')!.statements.length, 0, 'the script never got to T2');
  // The script never reached its expectation: it is reported, as not holding, with who was still waiting.
  assert.equal(trace.expectations.length, 1);
  assert.equal(trace.expectations[0]?.passed, false);
  assert.match(
    trace.expectations[0]?.message ?? '',
    /^never checked: the run ended at 600 s before the script got here \(app \(T1\) on m1: its COMMIT waits/,
  );
  const step = trace.steps.find((s) => s.end === null)!;
  assert.ok(step, 'the step still waiting has no end');
  assert.equal(statusAfterStep(trace, step.index)['m1']['Rpl_semi_sync_master_wait_sessions'], 1);
});

void test('wait until caught up on a broken replica: still waiting, with the replica’s coordinates and error', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.replica('r1', 'm1');
  b.client('app', 'm1');
  b.client('local', 'r1');
  b.run('local', [insert('t', { id: 1, v: 'x' })]);
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.caughtUp('r1');
  const trace = runScenario(b.build(), { horizon: 5_000_000 });
  assert.equal(trace.endReason, 'horizon');
  const v = trace.verdicts.find((x) => x.kind === 'still_waiting')!;
  assert.ok(v.message.includes('r1') && v.message.includes('error 1062'), v.message);
});

void test('the event cap stops a run and reports it', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('app', 'm1');
  for (let i = 0; i < 50; i++) b.run('app', [insert('t', { id: i, v: 'x' })]);
  const trace = runScenario(b.build(), { maxEvents: 20 });
  assert.equal(trace.endReason, 'event_limit');
  assert.equal(trace.processedEvents, 20);
  assert.equal(trace.stillWaiting?.reason, 'event_limit');
});

void test('no exception escapes: an engine failure becomes an internal error that gives the seed', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.action({ kind: 'crash', server: 'nowhere', mode: 'process' });
  const broken: Scenario = b.build();
  const trace = runScenario(broken, { seed: 4242 });
  assert.equal(trace.endReason, 'internal_error');
  assert.ok(trace.internalError);
  assert.equal(trace.internalError.seed, 4242);
  assert.ok(trace.internalError.message.includes('internal error') && trace.internalError.message.includes('4242'));
  assert.doesNotThrow(() => JSON.stringify(trace));
});

void test('a crashed server’s session: the next statement fails at once with 2006 (a lost connection), until the client reconnects', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('app', 'm1');
  b.action({ kind: 'crash', server: 'm1', mode: 'process' });
  b.action({ kind: 'restart', server: 'm1' });
  b.run('app', [insert('t', { id: 1, v: 'a' })]);
  b.action({ kind: 'reconnect', client: 'app', server: 'm1' });
  b.run('app', [insert('t', { id: 2, v: 'b' })]);
  const trace = runScenario(b.build());
  const [t1, t2] = trace.transactions;
  assert.equal(t1.outcome.kind, 'lost_connection');
  assert.equal(t1.outcome.code, 2006);
  assert.equal(t1.outcome.time, t1.statements[0].sentAt, 'at once');
  assert.equal(t2.outcome.kind, 'ok');
  assert.equal(trace.rows['m1']['t'].length, 1);
});

void test('a lock wait ends with 1205 after innodb_lock_wait_timeout; the holder’s commit wakes a waiter', () => {
  const b = new ScenarioBuilder('mysql-8.0');
  b.standardTable('t');
  b.source('m1');
  b.client('a', 'm1');
  b.client('b', 'm1');
  b.run('a', [{ kind: 'begin' }, insert('t', { id: 1, v: 'a' })]);
  b.run('b', [insert('t', { id: 1, v: 'b' })], { nowait: true });
  b.wait(60_000 * MS);
  b.run('a', [{ kind: 'commit' }]);
  b.run('b', [insert('t', { id: 2, v: 'c' })], { nowait: true });
  b.run('a', [{ kind: 'begin' }, { kind: 'update', table: 't', set: { v: 'z' }, where: [{ column: 'id', op: '=', values: [2] }] }]);
  const trace = runScenario(b.build());
  const waiting = trace.transactions.find((t) => t.statements.some((s) => s.result.code === 1205))!;
  assert.ok(waiting, 'a statement got 1205');
  assert.equal(waiting.outcome.message, 'Lock wait timeout exceeded; try restarting transaction');
  assert.ok(trace.events.some((e) => e.kind === 'lock_wait'));
});
