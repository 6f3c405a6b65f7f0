// The language server's engine runs: a newer version wins, a stale trace is never delivered, and a closed
// document's run is dropped. These use the real worker bundle (dist/engine-worker.js, built by scripts/build.mjs).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/language/analyze';
import { RunScheduler, type RunResult } from '../src/run-scheduler';

const worker = join(__dirname, '..', '..', 'dist', 'engine-worker.js');

function scenario(rows: number) {
  const inserts = Array.from({ length: rows }, (_, i) => `app: insert into t values (${i + 1}, 'v')`).join('\n');
  const a = analyze(`source m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key, v varchar(10))\nclient app on m1\n${inserts}\n`);
  assert.equal(a.runnable, true, JSON.stringify(a.diagnostics));
  return a.scenario;
}

function collect(): { results: RunResult[]; scheduler: RunScheduler; next: () => Promise<RunResult> } {
  const results: RunResult[] = [];
  const waiting: ((r: RunResult) => void)[] = [];
  const scheduler = new RunScheduler(
    worker,
    (r) => {
      results.push(r);
      waiting.shift()?.(r);
    },
    (_uri, message) => assert.fail(message),
    10,
  );
  return { results, scheduler, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

void test('a newer version replaces an older one that is still waiting or running', async () => {
  const { results, scheduler, next } = collect();
  const done = next();
  scheduler.schedule('file:///a.repl', 1, scenario(40));
  scheduler.schedule('file:///a.repl', 2, scenario(3));
  const result = await done;
  assert.equal(result.version, 2);
  assert.equal(result.trace.transactions.length, 3);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    results.map((r) => r.version),
    [2],
  );
  assert.equal(scheduler.resultFor('file:///a.repl', 1), undefined, 'a stale version has no result');
  assert.equal(scheduler.resultFor('file:///a.repl', 2), result);
  scheduler.dispose();
});

void test('a run already under way is cancelled by a newer version (its answer is never delivered)', async () => {
  const { results, scheduler, next } = collect();
  scheduler.schedule('file:///b.repl', 1, scenario(300));
  await new Promise((r) => setTimeout(r, 40)); // past the debounce: version 1 is running in the worker
  const done = next();
  scheduler.schedule('file:///b.repl', 2, scenario(2));
  const result = await done;
  assert.equal(result.version, 2);
  assert.deepEqual(
    results.map((r) => r.version),
    [2],
  );
  scheduler.dispose();
});

void test('a warm worker serves successive versions, and forget() drops a closed document', async () => {
  const { results, scheduler, next } = collect();
  for (let version = 1; version <= 3; version++) {
    const done = next();
    scheduler.schedule('file:///c.repl', version, scenario(version));
    assert.equal((await done).trace.transactions.length, version);
  }
  scheduler.schedule('file:///c.repl', 4, scenario(4));
  scheduler.forget('file:///c.repl');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    results.map((r) => r.version),
    [1, 2, 3],
  );
  assert.equal(scheduler.resultFor('file:///c.repl', 3), undefined);
  scheduler.dispose();
});
