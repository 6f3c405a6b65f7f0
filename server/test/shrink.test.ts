// Shrink: a smaller, valid, formatted file whose run still shows the verdict, with a header saying what went.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shrink } from '../src/explore/shrink';
import { analyze } from '../src/language/analyze';
import { formatRepl } from '../src/language/format';
import type { VerdictKind } from '../src/model/scenario';
import { runSummary } from '../src/run';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

function shrunk(text: string, kind: VerdictKind) {
  const result = shrink(text, kind, { source: 'x.repl' });
  if ('error' in result) assert.fail(result.error);
  const analysis = analyze(result.text);
  assert.equal(analysis.runnable, true, result.text);
  assert.equal(formatRepl(result.text), result.text, 'formatted');
  assert.ok(
    runSummary(analysis.scenario).verdicts.some((v) => v.kind === kind),
    `still shows ${kind}:\n${result.text}`,
  );
  return result;
}

void test('S2 shrinks to a few lines that still lose an acknowledged commit', () => {
  const text = example('s02-async-replica-link-dead.repl');
  const result = shrunk(text, 'lost_acknowledged_commit');
  const lines = result.text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.ok(lines.length <= 8, result.text);
  assert.ok(lines.length < analyze(text).parse.file.items.length / 3);
  assert.match(result.text, /^# Shrunk by replscope shrink --verdict lost_acknowledged_commit from x\.repl: removed \d+ of \d+ lines,\n/);
  assert.match(result.text, /\n# What still happens: T\d+: the client got OK/);
});

void test('settings and statements go one by one; a named transaction keeps its name for its trigger and its retry', () => {
  const result = shrunk(example('s04-after-commit-crash-before-ack.repl'), 'duplicate_by_retry');
  assert.ok(result.removed.settings > 0 && result.removed.statements > 0, JSON.stringify(result.removed));
  assert.match(result.text, /^on T2 after_commit_wait: crash m1$/m);
  assert.match(result.text, /^app: retry T2 as T2_redo$/m);
  assert.doesNotMatch(result.text, /sync_binlog|timeout=|latency/);
});

void test('an implicit transaction name is written out before anything is removed, so later ones keep theirs', () => {
  const text = `
source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
app: insert into t values (1)
app: insert into t values (2)
on T2 client_ok: crash m1
promote r1
`;
  const result = shrunk(text, 'lost_acknowledged_commit');
  assert.match(result.text, /^app: insert into t values \(2\) as T2$/m);
  assert.doesNotMatch(result.text, /values \(1\)/);
});

void test('a verdict the run does not show, or a file with errors, cannot be shrunk', () => {
  assert.deepEqual(shrink(example('s01-async-happy-path.repl'), 'duplicate_by_retry'), { error: 'its run shows no duplicate_by_retry' });
  assert.deepEqual(shrink('source m1 { sync_binlog=x }\n', 'divergence'), { error: 'the file has errors: fix them first' });
});
