// The `$replscope` problem matcher (package.json) against the command line's real output: every problem line of
// `check` and every failure line of `test` is matched with the right file, line, column and severity; the summary
// line is not a problem.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './helpers/cli';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replscope-matcher-'));

interface Matcher {
  name: string;
  owner: string;
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number };
}
interface TaskDefinition {
  type: string;
  required: string[];
  properties: { command: { enum: string[] } };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { problemMatchers: Matcher[]; taskDefinitions: TaskDefinition[] };
};
const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'replscope');

function match(line: string) {
  assert.ok(matcher);
  const m = new RegExp(matcher.pattern.regexp).exec(line);
  if (!m) return undefined;
  const p = matcher.pattern;
  return { file: m[p.file], line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity], message: m[p.message] };
}

void test('the task definition names the two commands the matcher reads', () => {
  const definition = manifest.contributes.taskDefinitions.find((t) => t.type === 'replscope');
  assert.deepEqual(definition?.required, ['command']);
  assert.deepEqual(definition?.properties.command.enum, ['check', 'test']);
});

void test('$replscope matches every problem line of replscope check, with file, line, column and severity', async () => {
  const file = join(tmp, 'problems.repl');
  // An error (an unknown source), a warning (an ACK wait with semi-sync off) and the rest of the file still checked.
  writeFileSync(file, 'source m1 { wait_point=after_sync }\nreplica r1 of nowhere { }\nclient app on m2\n');
  const r = await cli('check', file);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.ok(lines.length >= 2, r.out);
  for (const line of lines) {
    const m = match(line);
    assert.ok(m, `matched: ${line}`);
    assert.equal(m.file, file);
    assert.ok(m.line >= 1 && m.line <= 3, line);
    assert.ok(m.column >= 1, line);
    assert.ok(['error', 'warning', 'note'].includes(m.severity), line);
    assert.ok(m.message.length > 0);
  }
  const unknown = lines.map(match).find((m) => m?.line === 2);
  assert.equal(unknown?.severity, 'error');
  assert.match(unknown?.message ?? '', /nowhere/);
});

void test('$replscope matches each failure of replscope test at its expectation, and not the summary line', async () => {
  const file = join(tmp, 'failing.repl');
  writeFileSync(
    file,
    'source m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key)\nclient app on m1\napp: insert into t values (1)\n' +
      'expect r1 has t(id=2)\nexpect r1 has t(id=1)\n  expect m1 lacks t(id=1)\n',
  );
  const r = await cli('test', file);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.at(-1), '1 passed, 2 failed in 1 file');
  assert.equal(match(lines.at(-1) ?? ''), undefined, 'the summary is not a problem');
  const problems = lines.slice(0, -1).map(match);
  assert.deepEqual(
    problems.map((m) => m && [m.file, m.line, m.column, m.severity]),
    [
      [file, 6, 1, 'error'],
      [file, 8, 3, 'error'],
    ],
  );
  assert.match(problems[0]?.message ?? '', /^expect r1 has t\(id=2\): expected r1 has t\(id=2\), but it has 0 such row/);
});
