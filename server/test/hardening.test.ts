// Hostile and pathological input (issue 8): each found case, at its root. The classes of input are fuzzed in
// hardening-fuzz.test.ts.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../src/features/code-actions';
import { analyze } from '../src/language/analyze';
import { closest, editDistance } from '../src/language/checker/closest';
import { maxInputBytes, utf8Length } from '../src/language/limits';
import { codePointOrder, statusOrder } from '../src/model/compare';
import { runScenario, runSummary } from '../src/run';

function run(text: string) {
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return runScenario(analysis.scenario);
}

void test('a text past the input limit is refused with one diagnostic, without being parsed', () => {
  const started = Date.now();
  const analysis = analyze(`source m1 { }\n#${'x'.repeat(maxInputBytes)}`);
  assert.equal(analysis.runnable, false);
  assert.deepEqual(
    analysis.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [['too-large', 'error', 0]],
  );
  assert.match(analysis.diagnostics[0].message, /at most 16777216 bytes/);
  assert.equal(analysis.scenario.servers.length, 0);
  assert.ok(Date.now() - started < 2000);
  // Counted in UTF-8 bytes, as the command line reads files: 6 MiB of 'é' is 12 MiB, of '€' 18 MiB.
  assert.deepEqual(analyze(`#${'é'.repeat(6 * 1024 * 1024)}`).diagnostics[0]?.code === 'too-large', false);
  assert.equal(analyze(`#${'€'.repeat(6 * 1024 * 1024)}`).diagnostics[0]?.code, 'too-large');
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
});

void test('an insert of 130,000 rows runs (no spread of a large array into a call)', () => {
  const rows = Array.from({ length: 130_000 }, (_, i) => `(${i + 1})`).join(', ');
  const text = `flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key)\nclient a on m1\na: insert into t values ${rows}\nwait until r1 caught up\nexpect r1 has t(id=130000)\n`;
  const summary = runSummary(analyze(text).scenario);
  assert.equal(summary.internalError, null);
  assert.deepEqual(
    summary.expectations.map((e) => e.passed),
    [true],
  );
});

void test('string expectations compare code points: NUL, a soft hyphen or a zero-width space make a different string', () => {
  for (const odd of ['mysql-bin.000001\0\0', 'mysql-bin.\u00ad000001', 'mysql-bin.000001\u200b', 'mysql-bın.000001']) {
    assert.notEqual(statusOrder('mysql-bin.000001', odd), 0, JSON.stringify(odd));
  }
  assert.equal(statusOrder('Yes', 'yes'), 0);
  assert.equal(statusOrder('ON', 'on'), 0);
  assert.equal(statusOrder(16, '0x10') === 0, false, '0x10 is a word, not sixteen');
  assert.equal(statusOrder('1000', '1e3') === 0, false);
  assert.equal(statusOrder(844, '844'), 0);
  assert.ok(statusOrder(631, '844') < 0);
  assert.ok(codePointOrder('\uffff', '😀') < 0, 'by code point, not by UTF-16 unit');
  const base = `flavor mysql-8.0\nsource m1 { }\ntable t (id int primary key)\nclient a on m1\na: insert into t values (1)\n`;
  const trace = run(
    `${base}expect m1 File = 'mysql-bin.000001\0\0'\nexpect m1 File = 'mysql-bin.000001\u200b'\nexpect m1 File = 'mysql-bin.000001'\n`,
  );
  assert.deepEqual(
    trace.expectations.map((e) => e.passed),
    [false, false, true],
  );
});

/** `n` servers, each a replica of the one before; with `cycle`, the first is a replica of the last. */
export function chainText(n: number, cycle: boolean): string {
  const lines = [cycle ? `replica s0 of s${n - 1} { }` : 'source s0 { }'];
  for (let i = 1; i < n; i++) lines.push(`replica s${i} of s${i - 1} { }`);
  return `${lines.join('\n')}\n`;
}

void test('a 20,000-server cycle: one diagnostic, a bounded message, linear time; a 20,000-server chain checks quickly', () => {
  let started = Date.now();
  const cycle = analyze(chainText(20_000, true)).diagnostics.filter((d) => d.code === 'replication-cycle');
  assert.equal(cycle.length, 1);
  assert.ok(cycle[0].message.length < 200, cycle[0].message);
  assert.match(
    cycle[0].message,
    /^replication cycle: s0 → s19999 → .* → … \(20000 servers\) → s0: writes on more than one of them can conflict$/,
  );
  assert.equal(cycle[0].range.start.line, 0, 'on the member declared first');
  assert.ok(Date.now() - started < 10_000, `the cycle took ${Date.now() - started} ms`);
  started = Date.now();
  const chain = analyze(chainText(20_000, false));
  assert.deepEqual(
    chain.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.equal(chain.scenario.servers.length, 20_000);
  assert.ok(Date.now() - started < 10_000, `the chain took ${Date.now() - started} ms`);
});

void test('cycles: one warning per cycle, a tail into a cycle is not one, a small cycle is named in full', () => {
  const text = [
    'replica a of c { }',
    'replica b of a { }',
    'replica c of b { }',
    'replica x of y { }',
    'replica y of x { }',
    'replica tail of a { }',
    'source m { }',
    'replica r of m { }',
  ].join('\n');
  const cycles = analyze(text).diagnostics.filter((d) => d.code === 'replication-cycle');
  assert.deepEqual(
    cycles.map((d) => [d.range.start.line, d.message]),
    [
      [0, 'replication cycle: a → c → b → a: writes on more than one of them can conflict'],
      [3, 'replication cycle: x → y → x: writes on more than one of them can conflict'],
    ],
  );
  assert.ok(
    cycles.every((d) => d.severity === 'warning'),
    'a cycle is allowed, as MySQL allows it',
  );
});

void test('a 1 MB word: diagnostics and quick fixes answer at once (suggestions consider bounded lengths)', () => {
  const word = 'x'.repeat(1024 * 1024);
  for (const text of [
    `${word} m1 { }\nsource m1 { }`,
    `source m1 { }\nreplica r1 of ${word} { }`,
    `source m1 { ${word}=1 }`,
    `flavor ${word}\nsource m1 { }`,
    `source m1 { }\nreplica ${word} of m1 { }\nreplica r2 of ${word}y { }`,
  ]) {
    const started = Date.now();
    const analysis = analyze(text);
    for (const d of analysis.diagnostics) assert.ok(d.message.length <= 500, `a message of ${d.message.length} characters`);
    const document = TextDocument.create('file:///long.repl', 'repl', 1, text);
    for (let line = 0; line < 3; line++)
      quickFixes(analysis, document, { start: { line, character: 0 }, end: { line, character: word.length + 20 } });
    assert.ok(Date.now() - started < 3000, `${text.slice(0, 20)}…: ${Date.now() - started} ms`);
  }
  assert.equal(closest('relpica', ['replica', 'source']), 'replica');
  assert.equal(closest('x'.repeat(65), ['x'.repeat(64)]), undefined);
  assert.equal(editDistance('abc', 'acb'), 1);
});

void test('20,000 references to unknown names among 20,000 servers: the suggestions stay within a budget', () => {
  const lines = ['source s0 { }'];
  for (let i = 1; i < 20_000; i++) lines.push(`replica s${i} of q${i} { }`);
  const started = Date.now();
  const unknown = analyze(lines.join('\n')).diagnostics.filter((d) => d.code === 'unknown-name');
  assert.equal(unknown.length, 19_999);
  assert.match(unknown[0].message, /did you mean 's1'/);
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
});

void test('numbers are range-checked: durations, sizes, integers, seeds and the script reach', () => {
  const world = 'source m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key)\nclient a on m1\n';
  const outOfRange = (text: string) =>
    analyze(text)
      .diagnostics.filter((d) => d.code === 'out-of-range')
      .map((d) => d.range.start.line);
  assert.deepEqual(outOfRange(`${world}at 18446744073709551616s: crash m1`), [4]);
  assert.deepEqual(outOfRange(`${world}after 1000001s: crash m1`), [4]);
  assert.deepEqual(outOfRange(`${world}at 1000000s: crash m1`), []);
  assert.deepEqual(outOfRange(`${world}link m1 -> r1 latency 99999999999999999999ms`), [4]);
  assert.deepEqual(outOfRange(`${world}wait 1e400s`).length > 0 || analyze(`${world}wait 1e400s`).runnable === false, true);
  assert.deepEqual(outOfRange(`seed 4294967296\n${world}`), [0]);
  assert.deepEqual(outOfRange(`seed 4294967295\n${world}`), []);
  assert.deepEqual(outOfRange(`${world}a: insert into t values (18446744073709551616)`).includes(4), true);
  assert.deepEqual(outOfRange(`${world}a: insert into t values (9007199254740991)`), []);
  assert.ok(outOfRange(`${world.replace('source m1 { }', 'source m1 { max_binlog_size=99999999GB }')}`).includes(0));
  assert.ok(outOfRange(`${world}restart r1 as replica of m1 from binlog 'mysql-bin.000001':99999999999999999999`).includes(4));
  // Each `after` is in range, their sum is not: the run's horizon (and so every time of it) would pass 2^53 µs.
  const steps = Array.from({ length: 12 }, (_, i) => `after 1000000s: a: insert into t values (${i})`).join('\n');
  assert.deepEqual(outOfRange(`${world}${steps}`), [4 + 10]);
});
