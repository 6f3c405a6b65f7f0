// `replscope explore` end to end (dist/cli.js, built by scripts/build.mjs): the worker pool, slices written by
// `--shard` and joined by `--merge` give the unsharded JSON byte for byte, and a failing property sets the exit status.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Exploration } from '../src/explore/explore';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const s04 = join(root, 'examples', 's04-after-commit-crash-before-ack.repl');
const s02 = join(root, 'examples', 's02-async-replica-link-dead.repl');

function replscope(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'explore', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

void test('slices run on the worker pool merge into exactly the unsharded result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replscope-explore-'));
  const whole = replscope(s04, '--crash', 'm1', '--jobs', '2', '--json');
  assert.equal(whole.status, 0, whole.stderr);
  const inThread = replscope(s04, '--crash', 'm1', '--jobs', '1', '--json');
  assert.equal(inThread.stdout, whole.stdout);
  const slices = [1, 2, 3].map((i) => join(dir, `slice-${i}.json`));
  slices.forEach((out, i) => assert.equal(replscope(s04, '--crash', 'm1', '--shard', `${i + 1}/3`, '-o', out).status, 0));
  const merged = replscope('--merge', ...slices, '--json');
  assert.equal(merged.status, 0, merged.stderr);
  assert.equal(merged.stdout, whole.stdout);
  const text = replscope('--merge', ...slices);
  assert.match(text.stdout, /crash points, \d+ skipped/);
  assert.match(text.stdout, /e\.g\. on T\S+ \S+( by \S+)?: crash m1/);
  assert.equal(replscope('--merge', slices[0], slices[1]).status, 2);
  // A class's example, written out as a file of its own, runs like any scenario.
  const example = (JSON.parse(whole.stdout) as Exploration).classes[0].example;
  const variant = join(dir, 'variant.repl');
  assert.equal(replscope(s04, '--crash', 'm1', '--case', String(example.case), '-o', variant).status, 0);
  assert.match(
    readFileSync(variant, 'utf8'),
    new RegExp(`\\n# Crash point ${example.case} of replscope explore, policy as written:\\non ${example.crashPoint.txn} `),
  );
  const run = spawnSync(process.execPath, [cli, 'check', variant], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout);
});

void test('--vary gives a policy per value, and a broken property gives exit status 1 with its counterexample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replscope-explore-'));
  const file = join(dir, 's02-property.repl');
  writeFileSync(file, `${readFileSync(s02, 'utf8')}\nexpect always no lost_acknowledged_commit\n`);
  const r = replscope(file, '--vary', 'wait_point=after_sync,after_commit', '--crash', 'm1', '--kind', 'process', '--json');
  assert.equal(r.status, 1, r.stderr);
  const result = JSON.parse(r.stdout) as Exploration;
  assert.deepEqual(
    result.policies.map((p) => p.settings),
    [{ wait_point: 'after_sync' }, { wait_point: 'after_commit' }],
  );
  assert.equal(
    result.classes.reduce((n, c) => n + c.count, 0),
    result.cases,
  );
  assert.equal(result.properties[0].holds, false);
  assert.equal(result.properties[0].counterexample?.crashPoint.server, 'm1');
  const text = replscope(file, '--crash', 'm1', '--kind', 'process');
  assert.match(text.stdout, /s02-property\.repl:\d+: error: expect always no lost_acknowledged_commit: broken at `on T\d+ \S+: crash m1`/);
  assert.equal(replscope(file, '--vary', 'wait_point').status, 1);
  assert.equal(replscope(file, '--shard', '3/2').status, 2);
  // The text matrix: every row's cells start under their policy's header, however wide a cell is.
  const matrix = replscope(file, '--vary', 'wait_point=after_sync,after_commit', '--crash', 'm1', '--kind', 'process').stdout;
  const lines = matrix
    .slice(matrix.indexOf('worst outcome by pipeline state'))
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());
  const second = lines[0].indexOf('wait_point=after_commit');
  assert.ok(second > 0, lines[0]);
  for (const line of lines.slice(1).filter((l) => /^\w+ {2,}\S/.test(l))) {
    assert.equal(line[second - 1], ' ', `a cell runs into the next column: ${line}`);
    assert.notEqual(line[second], ' ', `the second cell starts under its header: ${line}`);
  }
});
