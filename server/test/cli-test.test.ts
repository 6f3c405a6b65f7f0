// `replscope test`: every expect line of every example is one JUnit testcase (counted from the files' own lines, not
// from the parser), failures carry their message at the expectation's line, XML and TAP are escaped, and the exit
// codes are the other commands' (0 all pass, 1 a failure or a file with errors, 2 usage or input/output).
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverExpectationTests } from '../src/expectation-tests';
import { xmlEscape } from '../src/report/test-report';
import { cli } from './helpers/cli';

const root = join(__dirname, '..', '..');
const examples = join(root, 'examples');
const tmp = mkdtempSync(join(tmpdir(), 'replscope-test-'));

/** The 1-based numbers of the lines that start with `expect`, read from the text alone. */
function expectLines(text: string): number[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, i) => (/^\s*expect\b/.test(line) ? i + 1 : 0))
    .filter((n) => n > 0);
}

/** The `testcase` elements of a JUnit report, with their attributes and whether they failed. */
function testcases(xml: string): { file: string; line: number; name: string; failure: string | undefined }[] {
  const cases = [];
  for (const m of xml.matchAll(
    /<testcase name="([^"]*)" classname="[^"]*" file="([^"]*)" line="(\d+)"(\/>|>\s*<(?:failure|error) message="([^"]*)")/g,
  ))
    cases.push({ name: m[1], file: m[2], line: Number(m[3]), failure: m[5] });
  return cases;
}

/** A very small well-formedness check: every element closed in order, no raw `<` or `&` outside markup. */
function assertWellFormed(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const stack: string[] = [];
  for (const m of xml.slice(xml.indexOf('?>') + 2).matchAll(/<(\/?)([a-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g)) {
    if (m[5] !== undefined) {
      assert.doesNotMatch(m[5], /&(?!(amp|lt|gt|quot|apos|#\d+);)/, 'an unescaped & in text');
      continue;
    }
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes what it opened`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no character XML cannot hold');
}

void test('test examples --junit: one testcase per expect line of every example, all passing', async () => {
  const junit = join(tmp, 'examples.xml');
  const r = await cli('test', examples, '--junit', junit);
  assert.equal(r.code, 0, r.out + r.err);
  const xml = readFileSync(junit, 'utf8');
  assertWellFormed(xml);
  const cases = testcases(xml);
  const files = readdirSync(examples).filter((f) => f.endsWith('.repl'));
  assert.ok(files.length >= 12);
  let total = 0;
  for (const f of files) {
    const lines = expectLines(readFileSync(join(examples, f), 'utf8'));
    assert.ok(lines.length > 0, `${f} has expectations`);
    total += lines.length;
    const mine = cases.filter((c) => c.file === join(examples, f));
    assert.deepEqual(
      mine.map((c) => c.line),
      lines,
      `${f}: one testcase per expect line, in order`,
    );
  }
  assert.equal(cases.length, total);
  assert.ok(cases.every((c) => c.failure === undefined));
  assert.match(xml, new RegExp(`<testsuites name="replscope" tests="${total}" failures="0" errors="0"`));
  assert.equal(r.out, `${total} passed, 0 failed in ${files.length} files\n`);
});

const failing = `scenario "one wrong expectation"
flavor mysql-8.0
source m1 { }
replica r1 of m1 { }
table t (id int primary key, v varchar(20))
client app on m1
app: insert into t values (1, 'a<b & "c"')
expect r1 has t(id=2)        # wrong: only row 1 was written
expect r1 has t(id=1)
expect always no lost_acknowledged_commit
`;

void test('a failed expectation: a file:line:col line, a failure in JUnit and TAP, exit 1', async () => {
  const dir = join(tmp, 'one');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const path = join(dir, 'nested', 'wrong.repl');
  writeFileSync(path, failing);
  writeFileSync(join(dir, 'node_modules', 'ignored.repl'), failing);
  const junit = join(tmp, 'one.xml');
  const r = await cli('test', dir, '--junit', junit);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    `${path}:8:1: error: expect r1 has t(id=2): expected r1 has t(id=2), but it has 0 such row(s); rows: (1, 'a<b & "c"')\n` +
      '2 passed, 1 failed in 1 file\n',
  );
  const xml = readFileSync(junit, 'utf8');
  assertWellFormed(xml);
  const cases = testcases(xml);
  assert.deepEqual(
    cases.map((c) => [c.line, c.name, c.failure]),
    [
      [
        8,
        'line 8: expect r1 has t(id=2)',
        'expected r1 has t(id=2), but it has 0 such row(s); rows: (1, &apos;a&lt;b &amp; &quot;c&quot;&apos;)',
      ],
      [9, 'line 9: expect r1 has t(id=1)', undefined],
      [10, 'line 10: expect always no lost_acknowledged_commit', undefined],
    ],
  );
  const tap = await cli('test', path, '--tap');
  assert.equal(tap.code, 1);
  const lines = tap.out.split('\n');
  assert.deepEqual(lines.slice(0, 3), ['TAP version 13', '1..3', `not ok 1 - ${path}:8: expect r1 has t(id=2)`]);
  assert.ok(lines.includes(`ok 2 - ${path}:9: expect r1 has t(id=1)`));
  assert.ok(lines.includes(`ok 3 - ${path}:10: expect always no lost_acknowledged_commit`));
  assert.equal(lines.at(-2), '# 2 passed, 1 failed in 1 file');
});

void test('a file with errors runs nothing: its tests are not run, pointing at the error, exit 1', async () => {
  const path = join(tmp, 'broken.repl');
  writeFileSync(path, 'source m1 { }\nreplica r1 of nowhere { }\nexpect r1 replication running\n');
  const r = await cli('test', path);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error: expect r1 replication running: not run: the file has errors \\(line 2: `,
    ),
  );
  assert.match(r.out, /\n0 passed, 0 failed, 1 not run in 1 file\n$/);
  const junit = join(tmp, 'broken.xml');
  await cli('test', path, '--junit', junit);
  assert.match(readFileSync(junit, 'utf8'), /<error message="not run: the file has errors/);
});

void test('usage and input/output problems exit 2', async () => {
  assert.equal((await cli('test', examples, '--bogus')).code, 2);
  assert.equal((await cli('test', examples, '--junit')).code, 2);
  assert.equal((await cli('test', examples, '--junit', '')).code, 2);
  const missing = await cli('test', join(tmp, 'nowhere.repl'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nowhere\.repl: cannot read/);
  const unwritable = await cli('test', join(examples, 's01-async-happy-path.repl'), '--junit', join(tmp, 'no', 'such', 'dir.xml'));
  assert.equal(unwritable.code, 2);
  assert.match(unwritable.err, /cannot write/);
});

void test('XML escaping: the five special characters, line breaks in attributes, what XML cannot hold at all', () => {
  assert.equal(xmlEscape(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  assert.equal(xmlEscape('a\nb\tc'), 'a&#10;b&#9;c');
  assert.equal(xmlEscape('\u001b[31m\u0000'), '\\x1b[31m\\x00');
  assert.equal(xmlEscape('\ud800x'), '\\ud800x');
  assert.equal(xmlEscape('😀'), '😀');
});

void test('discovery parses only: a file with a syntax error still lists its expectations, a run is not needed', () => {
  const tests = discoverExpectationTests('source m1 {\nexpect m1 replication running   # a comment\nexpect always no divergence\n');
  assert.deepEqual(
    tests.map((t) => [t.line, t.kind, t.label]),
    [
      [1, 'expect', 'expect m1 replication running'],
      [2, 'property', 'expect always no divergence'],
    ],
  );
});
