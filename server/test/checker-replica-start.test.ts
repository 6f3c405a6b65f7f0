/**
 * CHANGE MASTER starts no thread: a `change master` that no later step starts again gets a hint on its line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, problems } from './helpers/snippet';

const world = [
  'source m1 { }',
  'replica r1 of m1 { }',
  'replica r2 of m1 { }',
  'table t (id int primary key)',
  'client app on m1',
  'stop r1',
];
const hints = (...lines: string[]) => {
  assert.deepEqual(problems([...world, ...lines].join('\n'), 'error'), []);
  return problems([...world, ...lines].join('\n'), 'hint');
};

void test('a change master nothing starts again gets a hint on its line', () => {
  assert.deepEqual(hints('change master r1 to m1 from end', 'app: insert into t values (1)'), ['7:1 replica-not-started']);
  const message = analyze([...world, 'change master r1 to m1 from end'].join('\n')).diagnostics.find(
    (d) => d.code === 'replica-not-started',
  )?.message;
  assert.match(message ?? '', /add `start r1`/);
});

void test('no hint when a later step, a timed step, a trigger or a restart starts the replica', () => {
  assert.deepEqual(hints('change master r1 to m1 from end', 'start r1'), []);
  assert.deepEqual(hints('change master r1 to m1 from end', 'start replica r1'), []);
  assert.deepEqual(hints('change master r1 to m1 from end', 'start r1 io_thread'), []);
  assert.deepEqual(hints('change master r1 to m1 from end', 'restart r1'), []);
  assert.deepEqual(hints('at 1s: start r1', 'change master r1 to m1 from end'), []);
  assert.deepEqual(hints('on m1 client_ok: start r1', 'change master r1 to m1 from end', 'app: insert into t values (1)'), []);
});

void test('a start of another replica, or one before the change master, does not count', () => {
  assert.deepEqual(hints('change master r1 to m1 from end', 'start r2'), ['7:1 replica-not-started']);
  assert.deepEqual(hints('start r1', 'change master r1 to m1 from end'), ['8:1 replica-not-started']);
});
