// What the editor shows of a run: hover sections, inlay-hint text and run diagnostics, over a real example.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runScenario } from '../src/run';
import { runDiagnostics } from '../src/features/run-diagnostics';
import { runHoverSection, transactionDetail, transactionHint } from '../src/features/run-view';
import { analyze } from '../src/language/analyze';

const file = join(__dirname, '..', '..', 'examples', 's04-after-commit-crash-before-ack.repl');
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
const trace = runScenario(analyze(text).scenario);

void test('a step’s hover says what it did and every server’s positions right after it', () => {
  const section = runHoverSection(trace, lineOf("app: insert into t values (1, 'a')")) ?? '';
  assert.match(section, /\*\*T1\*\*: on m1, r1 · acked by r1 · mysql-bin\.000001:107→294/);
  assert.match(section, /\| server \| .*Position.* \|/);
  assert.match(section, /\| m1 \| running \| mysql-bin\.000001 \| 294 \|/);
});

void test('a crash trigger’s hover says what was on disk and what recovery keeps', () => {
  const section = runHoverSection(trace, lineOf('on T2 after_commit_wait: crash m1')) ?? '';
  assert.match(section, /\*\*Fired\*\* at 6\.4 ms: trigger: T2 after_commit_wait → crash m1/);
  assert.match(section, /m1: m1 crashed \(mysqld killed: page cache kept\): binlog on disk up to mysql-bin\.000001:481/);
});

void test('an inlay hint gives the fate first, then who acknowledged and the coordinates; the detail says all', () => {
  const t2 = trace.transactions.find((t) => t.id === 'T2');
  assert.ok(t2);
  assert.equal(transactionHint(trace, t2), 'got lost connection (2013), yet committed · mysql-bin.000001:294→481');
  assert.equal(
    transactionDetail(trace, t2),
    [
      'T2: got lost connection (2013), yet committed',
      'client got: lost connection (2013)',
      'binlog: mysql-bin.000001:294→481',
      'at the end: m1 present, r1 absent',
    ].join('\n'),
  );
});

void test('a verdict the file expects is information, one it does not is a warning', () => {
  const verdictOf = (source: string) =>
    runDiagnostics(runScenario(analyze(source).scenario), source.split('\n')).find(
      (d) => d.code === 'verdict' && /committed after error/.test(d.message),
    );
  const expected = verdictOf(text); // the example says `expect committed_after_error of T2`
  assert.equal(expected?.severity, 'information');
  assert.match(expected?.message ?? '', new RegExp(`\\(expected, line ${lineOf('expect committed_after_error of T2') + 1}\\)$`));
  const unexpected = verdictOf(text.replace('expect committed_after_error of T2', ''));
  assert.equal(unexpected?.severity, 'warning');
});

void test('a failed expectation is an error on its line; verdicts are warnings on theirs', () => {
  const broken = text
    .replace('expect T2 outcome lost_connection', 'expect T2 outcome ok')
    .replace('expect committed_after_error of T2', '');
  const brokenTrace = runScenario(analyze(broken).scenario);
  const diagnostics = runDiagnostics(brokenTrace, broken.split('\n'));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.range.start.line, lineOf('expect T2 outcome'));
  assert.match(errors[0]?.message ?? '', /expected T2 outcome ok, but/);
  assert.ok(diagnostics.some((d) => d.code === 'verdict' && d.severity === 'warning' && /committed after error/.test(d.message)));
});
