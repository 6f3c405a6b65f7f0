// The run in words (report/run-story.ts): what the timeline's top and `replscope run` say first. Each sentence is
// checked against what the engine did, in the order it happened; the story stays short whatever the run's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/language/analyze';
import { runStory } from '../src/report/run-story';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';
import { cli } from './helpers/cli';

const examples = join(__dirname, '..', '..', 'examples');

function run(text: string): Trace {
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return runScenario(analysis.scenario);
}

function story(trace: Trace): string[] {
  return runStory(trace).map((s) => s.text);
}

void test('S4: the crash comes before the lost connection it causes, then the failover, the retry and the rejoin', () => {
  const trace = run(readFileSync(join(examples, 's04-after-commit-crash-before-ack.repl'), 'utf8'));
  const said = story(trace);
  const at = (pattern: RegExp) => {
    const i = said.findIndex((s) => pattern.test(s));
    assert.ok(i >= 0, `no sentence matches ${pattern}:\n${said.join('\n')}`);
    return i;
  };
  assert.equal(said[0], 'T1 was committed and reached every server.');
  const crash = at(/^m1 crashed while T2 waited for the ACK after committing \(after_commit\)\.$/);
  const lost = at(/^app lost its connection \(2013\) during T2; at the end m1 has it, r1 does not\.$/);
  const promoted = at(/^r1 was promoted to source\.$/);
  const retry = at(/^T2_redo, app's retry of T2, was committed on r1 and reported OK to app;/);
  const stopped = at(/^m1's SQL thread stopped with error 1062 on T2_redo\.$/);
  assert.ok(crash < lost && lost < promoted && promoted < retry && retry < stopped, said.join('\n'));
  // Every moment is told at the time the trace has for it.
  const crashEvent = trace.events.find((e) => e.kind === 'crash' && e.server === 'm1');
  assert.equal(runStory(trace)[crash].time, crashEvent?.time);
  assert.match(
    said[said.length - 1],
    /^At the end r1 is the source\. Verdicts: committed after error \(T2\); duplicate by retry \(T2_redo\);/,
  );
});

void test('a host crash loses an acknowledged commit: the OK, the crash, the verdict', () => {
  const said = story(run(readFileSync(join(examples, 's12-host-crash-sync-binlog-0.repl'), 'utf8')));
  assert.ok(said.includes('T3 was committed on m1 and reported OK to app; at the end r1 has it, m1 does not.'), said.join('\n'));
  assert.ok(said.includes("m1's host crashed (unsynced writes lost)."), said.join('\n'));
  assert.match(said[said.length - 1], /lost acknowledged commit \(T3\)/);
});

void test('a semi-sync timeout: the OK came when the wait timed out, not once the replica acknowledged', () => {
  const said = story(run(readFileSync(join(examples, 's07-semisync-timeout-returns-ok.repl'), 'utf8')));
  assert.ok(said.includes('Semi-sync on m1 fell back to asynchronous.'), said.join('\n'));
  const t2 = said.find((s) => s.startsWith('T2 '));
  assert.match(t2 ?? '', /reported OK to app when its wait for the ACK timed out/);
  assert.doesNotMatch(t2 ?? '', /acknowledged it/);
});

void test('a clean run says so in two sentences', () => {
  const said = story(run(readFileSync(join(examples, 's01-async-happy-path.repl'), 'utf8')));
  assert.equal(said.length, 2, said.join('\n'));
  assert.match(said[0], /were committed and reached every server\.$/);
  assert.equal(said[1], 'No verdict: every acknowledged commit survived, replication ran and the servers agree.');
});

void test('a long run with many faults is told in a bounded number of sentences', () => {
  const lines = [
    'scenario "many crashes"',
    'flavor mysql-8.0',
    'source m1 { gtid }',
    'replica r1 of m1 { gtid }',
    'table t (id int primary key, v int)',
    'client app on m1',
  ];
  for (let i = 1; i <= 60; i++) lines.push(`app: insert into t values (${i}, ${i})`, 'crash r1', 'restart r1');
  const trace = run(lines.join('\n') + '\n');
  const said = story(trace);
  assert.ok(said.length <= 15, `${said.length} sentences`);
  assert.match(said[said.length - 2], /^… and \d+ more moments: the timeline has them all\.$/);
  // The transactions every server ended with are named once, in the opening, as a count past the first few.
  assert.match(said[0], /^T1, T2, T3, T4 and 56 more were committed and reached every server\.$/);
});

void test('replscope run prints the story first, and --only keeps the events of the names given', async () => {
  const file = join(examples, 's04-after-commit-crash-before-ack.repl');
  const all = await cli('run', file);
  assert.equal(all.code, 0, all.err);
  const lines = all.out.split('\n');
  assert.equal(lines[2], 'in short:');
  assert.match(lines[3], /^ {2}T1 was committed and reached every server\.$/);
  const only = await cli('run', file, '--only', 'r1,T2');
  assert.equal(only.code, 0, only.err);
  const events = only.out.split('\n').filter((l) => /^\d[\d.]* (ms|s|µs) /.test(l));
  assert.ok(events.length > 10);
  for (const e of events) assert.ok(/ r1\/| T2 | m1 ↔ r1|@r1/.test(e), e);
  assert.ok(events.length < all.out.split('\n').filter((l) => /^\d[\d.]* (ms|s|µs) /.test(l)).length);
  const unknown = await cli('run', file, '--only', 'r9');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /has no server, client or transaction named 'r9'/);
  const withJson = await cli('run', file, '--only', 'r1', '--json');
  assert.equal(withJson.code, 2);
  assert.match(withJson.err, /--only filters the text timeline/);
});
