// The language server's engine runs: a newer version supersedes an older one (the worker gives up the old run at a
// checkpoint; nothing is terminated), a stale result is never delivered, the trace stays in the worker and answers
// questions there, a run stops at its budget, and a worker that dies is replaced. These use the real worker bundle
// (dist/engine-worker.js, built by scripts/build.mjs).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { analyze } from '../src/language/analyze';
import { RunScheduler, type RunResult, type SchedulerOptions } from '../src/run-scheduler';
import { parseTimeline } from '../src/timeline/payload';
import { scaleScenarioText } from './helpers/scale-scenario';

const worker = join(__dirname, '..', '..', 'dist', 'engine-worker.js');

function scenario(rows: number) {
  const inserts = Array.from({ length: rows }, (_, i) => `app: insert into t values (${i + 1}, 'v')`).join('\n');
  const a = analyze(`source m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key, v varchar(10))\nclient app on m1\n${inserts}\n`);
  assert.equal(a.runnable, true, JSON.stringify(a.diagnostics));
  return a.scenario;
}

function big(transactions: number) {
  const a = analyze(scaleScenarioText(transactions));
  assert.equal(a.runnable, true, JSON.stringify(a.diagnostics.slice(0, 3)));
  return a.scenario;
}

interface Collected {
  results: RunResult[];
  started: number[];
  failures: string[];
  scheduler: RunScheduler;
  next: () => Promise<RunResult>;
}

/** Every scheduler a test made, disposed after it whatever happened (a failed assertion must not leave workers behind). */
const made: RunScheduler[] = [];
afterEach(() => {
  for (const s of made.splice(0)) s.dispose();
});

function collect(options: SchedulerOptions = {}): Collected {
  const results: RunResult[] = [];
  const started: number[] = [];
  const failures: string[] = [];
  const waiting: ((r: RunResult) => void)[] = [];
  const scheduler = new RunScheduler(
    worker,
    {
      started: (_uri, version) => started.push(version),
      finished: (r) => {
        results.push(r);
        waiting.shift()?.(r);
      },
      failed: (_uri, version, message) => failures.push(`v${version}: ${message}`),
    },
    options,
  );
  made.push(scheduler);
  return { results, started, failures, scheduler, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

const hints = (r: RunResult) => r.digest.hints.length;

/** Waits until `condition` holds, failing (not hanging) after a minute. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

void test('a newer version replaces an older one that is still waiting or running', async () => {
  const { results, scheduler, next } = collect({ minDelayMs: 10 });
  const done = next();
  scheduler.schedule('file:///a.repl', 1, scenario(40));
  scheduler.schedule('file:///a.repl', 2, scenario(3));
  const result = await done;
  assert.equal(result.version, 2);
  assert.equal(hints(result), 3);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    results.map((r) => r.version),
    [2],
  );
  assert.equal(scheduler.resultFor('file:///a.repl', 1), undefined, 'a stale version has no result');
  assert.equal(scheduler.resultFor('file:///a.repl', 2), result);
  scheduler.dispose();
});

void test('a long run under way is superseded at a checkpoint by a newer version, in the same worker', async () => {
  const { results, started, scheduler, next } = collect();
  scheduler.schedule('file:///b.repl', 1, big(20_000));
  await new Promise((r) => setTimeout(r, 300)); // version 1 is running in the worker
  const done = next();
  scheduler.schedule('file:///b.repl', 2, scenario(2));
  const result = await done;
  assert.equal(result.version, 2);
  assert.ok(result.millis < 5000, `the new version did not wait for the old run to end (${result.millis} ms)`);
  assert.deepEqual(started, [1, 2]);
  assert.deepEqual(
    results.map((r) => r.version),
    [2],
  );
  scheduler.dispose();
});

void test('the worker keeps the trace and answers questions about it; forget() drops a closed document', async () => {
  const { results, scheduler, next } = collect();
  for (let version = 1; version <= 3; version++) {
    const done = next();
    scheduler.schedule('file:///c.repl', version, scenario(version));
    assert.equal(hints(await done), version);
  }
  const hover = await scheduler.query('file:///c.repl', 3, { kind: 'transactionHover', txn: 'T1' });
  assert.match(hover ?? '', /^\*\*T1\*\* in this run: on m1, r1/);
  const line = await scheduler.query('file:///c.repl', 3, { kind: 'lineHover', line: 4 });
  assert.match(line ?? '', /\*\*Ran\*\*/);
  assert.equal(await scheduler.query('file:///c.repl', 2, { kind: 'lineHover', line: 4 }), null, 'an older version has no trace');
  const timeline = await scheduler.query('file:///c.repl', null, { kind: 'timeline', query: {} });
  assert.equal(timeline && parseTimeline(timeline).transactionCount, 3);
  scheduler.schedule('file:///c.repl', 4, scenario(4));
  scheduler.forget('file:///c.repl');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    results.map((r) => r.version),
    [1, 2, 3],
  );
  assert.equal(scheduler.resultFor('file:///c.repl', 3), undefined);
  assert.equal(await scheduler.query('file:///c.repl', null, { kind: 'timeline', query: {} }), null);
  scheduler.dispose();
});

void test('a run past its time budget ends with a limit that says so', async () => {
  const { scheduler, next } = collect({ budget: { millis: 50, heapMb: 512 } });
  const done = next();
  scheduler.schedule('file:///d.repl', 1, big(20_000));
  const result = await done;
  assert.equal(result.digest.limit?.kind, 'time');
  assert.match(result.digest.limit?.message ?? '', /more than 0\.05 s .* stopped after \d+ events/);
  assert.ok(result.digest.processedEvents > 0);
  scheduler.dispose();
});

void test('a run past its memory budget ends with a limit that says so', async () => {
  const { scheduler, next, failures } = collect({ budget: { millis: 60_000, heapMb: 8 } });
  const done = next();
  scheduler.schedule('file:///e.repl', 1, big(5_000));
  const result = await done;
  assert.equal(result.digest.limit?.kind, 'memory');
  assert.deepEqual(failures, []);
  scheduler.dispose();
});

void test('two documents run side by side on the pool, each answering for itself', async () => {
  const { scheduler, results } = collect({ workers: 2 });
  scheduler.schedule('file:///f.repl', 1, scenario(5));
  scheduler.schedule('file:///g.repl', 1, scenario(7));
  await until(() => results.length >= 2, 'both runs');
  assert.equal(hints(scheduler.resultFor('file:///f.repl', 1)!), 5);
  assert.equal(hints(scheduler.resultFor('file:///g.repl', 1)!), 7);
  const f = await scheduler.query('file:///f.repl', 1, { kind: 'timeline', query: {} });
  const g = await scheduler.query('file:///g.repl', 1, { kind: 'timeline', query: {} });
  assert.equal(f && parseTimeline(f).transactionCount, 5);
  assert.equal(g && parseTimeline(g).transactionCount, 7);
  scheduler.dispose();
});

void test('a worker that dies is reported for the version it was running, and replaced for the next', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replscope-worker-'));
  const dying = join(dir, 'dying-worker.js');
  writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const failures: string[] = [];
  let starts = 0;
  const scheduler = new RunScheduler(dying, {
    started: () => starts++,
    finished: () => assert.fail('a dying worker never finishes'),
    failed: (_uri, version, message) => failures.push(`v${version}: ${message}`),
  });
  made.push(scheduler);
  scheduler.schedule('file:///h.repl', 1, scenario(1));
  await until(() => failures.length >= 1, 'the first failure');
  assert.match(failures[0] ?? '', /^v1: .*exited \(code 3\)/);
  assert.equal(await scheduler.query('file:///h.repl', 1, { kind: 'timeline', query: {} }), null);
  scheduler.schedule('file:///h.repl', 2, scenario(1));
  await until(() => failures.length >= 2, 'the second failure');
  assert.match(failures[1] ?? '', /^v2: /);
  assert.equal(starts, 2);
  scheduler.dispose();
  rmSync(dir, { recursive: true, force: true });
});
