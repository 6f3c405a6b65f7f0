// What the editor shows of a run: hover sections, inlay-hint text and run diagnostics, over a real example.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runScenario } from '../src/run';
import { runDiagnostics } from '../src/features/run-diagnostics';
import { runHoverSection, transactionHint } from '../src/features/run-view';
import { analyze } from '../src/language/analyze';

const file = join(__dirname, '..', '..', 'examples', 's04-after-commit-crash-before-ack.repl');
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
const trace = runScenario(analyze(text).scenario);

void test('a step’s hover says what it did and every server’s positions right after it', () => {
  const section = runHoverSection(trace, lineOf("app: insert into t values (1, 'a')")) ?? '';
  assert.match(section, /\*\*T1\*\*: mysql-bin\.000001:107→294 · acked by r1/);
  assert.match(section, /\| server \| .*Position.* \|/);
  assert.match(section, /\| m1 \| running \| mysql-bin\.000001 \| 294 \|/);
});

void test('a crash trigger’s hover says what was on disk and what recovery keeps', () => {
  const section = runHoverSection(trace, lineOf('on T2 after_commit_wait: crash m1')) ?? '';
  assert.match(section, /\*\*Fired\*\* at 6\.4 ms: trigger: T2 after_commit_wait → crash m1/);
  assert.match(section, /m1: m1 crashed \(mysqld killed: page cache kept\): binlog on disk up to mysql-bin\.000001:481/);
});

void test('an inlay hint gives coordinates and fate', () => {
  const t2 = trace.transactions.find((t) => t.id === 'T2');
  assert.ok(t2);
  assert.equal(transactionHint(trace, t2), 'mysql-bin.000001:294→481 · client got lost connection (2013), yet committed');
});

void test('a failed expectation is an error on its line; verdicts are warnings on theirs', () => {
  const broken = text.replace('expect T2 outcome lost_connection', 'expect T2 outcome ok');
  const brokenTrace = runScenario(analyze(broken).scenario);
  const diagnostics = runDiagnostics(brokenTrace, broken.split('\n'));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.range.start.line, lineOf('expect T2 outcome'));
  assert.match(errors[0]?.message ?? '', /expected T2 outcome ok, but/);
  assert.ok(diagnostics.some((d) => d.code === 'verdict' && d.severity === 'warning' && /committed after error/.test(d.message)));
});
