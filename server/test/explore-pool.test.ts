// The worker pool (dist/explore-worker.js, built by scripts/build.mjs) tallies the cases into the result the same
// sweep gives in one thread, reports its progress, and stops when cancelled.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { explore } from '../src/explore/explore';
import { exploreInPool } from '../src/explore/pool';
import { explorePolicies } from '../src/explore/policies';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'explore-worker.js');
const setup = explorePolicies(readFileSync(join(root, 'examples', 's04-after-commit-crash-before-ack.repl'), 'utf8'), ['sync_binlog=0,1']);

void test('two workers give exactly the one-thread result, with progress up to every case', async () => {
  const progress: number[] = [];
  const pooled = await exploreInPool(setup.policies, setup.properties, {
    workerPath,
    jobs: 2,
    batch: 7,
    servers: ['m1'],
    onProgress: (done, total) => progress.push(done / total),
  });
  assert.equal(JSON.stringify(pooled), JSON.stringify(explore(setup.policies, setup.properties, { servers: ['m1'] })));
  assert.equal(progress[progress.length - 1], 1);
  assert.deepEqual(
    progress,
    [...progress].sort((a, b) => a - b),
  );
});

void test('partial results come as the cases do, each a smaller count of the same sweep', async () => {
  const partials: number[] = [];
  const result = await exploreInPool(setup.policies, [], {
    workerPath,
    jobs: 2,
    batch: 2,
    partialEvery: 0,
    onPartial: (partial) => partials.push(partial.classes.reduce((n, c) => n + c.count, 0)),
  });
  assert.ok(partials.length > 3);
  assert.deepEqual(
    partials,
    [...partials].sort((a, b) => a - b),
  );
  assert.ok(partials[partials.length - 1] < result.cases);
});

void test('a cancelled sweep stops its workers and rejects', async () => {
  const controller = new AbortController();
  const run = exploreInPool(setup.policies, [], {
    workerPath,
    jobs: 2,
    batch: 1,
    signal: controller.signal,
    onProgress: (done) => done >= 3 && controller.abort(new Error('stop')),
  });
  await assert.rejects(run, /stop/);
});
