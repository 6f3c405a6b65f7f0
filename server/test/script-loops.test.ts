/**
 * Loops and time in the script: `repeat N { … }` and `every D for S { … }` written out as plain steps (`$i` the
 * iteration number, `as NAME` numbered per iteration), `now()` as the session's virtual time (0 = 2025-01-01
 * 00:00:00), the cap on what loops may expand to, the diagnostics of malformed loops on their own lines, and the
 * editor's answers (hover, completion, inlay hints) on the lines of a loop's body.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, errors, problems, runChecked as run, snippet, sourceOf } from './helpers/snippet';
import { runScenario, runSummary } from '../src/run';
import { digestOf, lineHints } from '../src/run-digest';
import { hoverAt } from '../src/features/hover';
import { runHoverSection } from '../src/features/run-view';
import { complete } from '../src/language/complete';
import { expandLoops, iterations, replaceCounter } from '../src/language/expand-loops';
import { maxExpandedSteps } from '../src/language/limits';
import { datetimeAt, nowValue, sessionTimestamp } from '../src/model/session-time';
import type { Trace } from '../src/trace/trace';
import type { Loop } from '../src/language/ast';

const world = [
  'flavor mysql-8.0',
  'source m1 { }',
  'replica r1 of m1 { }',
  'table t (id int primary key, v varchar(20))',
  'table beat (id int primary key, ts char(19), n bigint)',
  'client app on m1',
];
/** The world, then `lines`: the first of `lines` is line 7 (one-based). */
const withWorld = (...lines: string[]) => [...world, ...lines].join('\n');

/** When each transaction's first statement was sent, by transaction. */
function sentAt(trace: Trace): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of trace.events) if (e.kind === 'statement_sent' && e.txn && !out.has(e.txn)) out.set(e.txn, e.time);
  return out;
}

void describe('repeat', () => {
  void test('each iteration is the body with $i replaced, in the values and in the text a Query event carries', () => {
    const scenario = analyze(withWorld('repeat 3 {', "  app: insert into t values ($i, 'x') as w", '}')).scenario;
    const txns = scenario.transactions.filter((t) => !t.readOnly);
    assert.deepEqual(
      txns.map((t) => t.id),
      ['w_1', 'w_2', 'w_3'],
    );
    const statements = txns.map((t) => t.statements[0]);
    assert.deepEqual(
      statements.map((s) => s.text),
      ["insert into t values (1, 'x')", "insert into t values (2, 'x')", "insert into t values (3, 'x')"],
    );
    assert.deepEqual(
      statements.map((s) => (s.kind === 'insert' ? s.rows[0] : undefined)),
      [1, 2, 3].map((id) => ({ id, v: 'x' })),
    );
    // Every copy points back at the body's line.
    assert.deepEqual(new Set(statements.map((s) => s.line)), new Set([7]));
  });

  void test('a $i inside a quoted string is text, not the counter', () => {
    assert.equal(replaceCounter("insert into t values ($i, '$i'), ($index)", 4), "insert into t values (4, '$i'), ($index)");
    const scenario = analyze(withWorld('repeat 2 {', "  app: insert into t values ($i, '$i')", '}')).scenario;
    const rows = scenario.transactions.flatMap((t) => t.statements.flatMap((s) => (s.kind === 'insert' ? s.rows : [])));
    assert.deepEqual(rows, [
      { id: 1, v: '$i' },
      { id: 2, v: '$i' },
    ]);
  });

  void test('sequential loops: automatic names go on counting as if the iterations were written out', () => {
    const text = withWorld(
      "app: insert into t values (100, 'before')",
      'repeat 2 {',
      "  app: insert into t values ($i, 'a')",
      '}',
      'repeat 2 {',
      "  app: update t set v = 'b' where id = $i as upd",
      '}',
      "app: insert into t values (200, 'after')",
    );
    const scenario = analyze(text).scenario;
    assert.deepEqual(
      scenario.transactions.filter((t) => !t.readOnly).map((t) => t.id),
      ['T1', 'T2', 'T3', 'upd_1', 'upd_2', 'T6'],
    );
    const trace = run(`${text}\nwait until r1 caught up\nexpect r1 has t(id=2, v='b')\nexpect r1 has t(id=200)`);
    assert.ok(
      trace.expectations.every((e) => e.passed),
      JSON.stringify(trace.expectations),
    );
  });

  void test('a loop inside a loop is refused on the inner loop’s line', () => {
    const text = withWorld('repeat 3 {', '  repeat 2 {', "    app: insert into t values ($i, 'x')", '  }', '}');
    assert.deepEqual(errors(text), ['8:3 loop-structure']);
  });

  void test('a multi-statement body repeats whole transactions', () => {
    const text = withWorld(
      'repeat 2 {',
      "  app: begin; insert into t values ($i, 'a'); commit as pair",
      "  app: update t set v = 'z' where id = $i",
      '}',
    );
    const scenario = analyze(text).scenario;
    assert.deepEqual(errors(text), []);
    assert.deepEqual(
      scenario.transactions.filter((t) => !t.readOnly).map((t) => `${t.id}:${t.statements.length}`),
      ['pair_1:3', 'T2:1', 'pair_2:3', 'T4:1'],
    );
  });
});

void describe('every', () => {
  void test('iterations start every period from the first, ⌈span/period⌉ of them', () => {
    const text = withWorld('wait 1s', 'every 300ms for 1s {', "  app: insert into t values ($i, 'x') as b", '}');
    const scenario = analyze(text).scenario;
    assert.equal(scenario.transactions.filter((t) => !t.readOnly).length, 4);
    const sent = sentAt(run(text));
    assert.deepEqual(
      ['b_1', 'b_2', 'b_3', 'b_4'].map((id) => sent.get(id)),
      [1_000_000, 1_300_000, 1_600_000, 1_900_000],
    );
  });

  void test('an iteration that overruns delays the next, which starts as soon as it ends: no beat is skipped', () => {
    const text = withWorld('every 100ms for 300ms {', "  app: insert into t values ($i, 'x') as b", '  wait 150ms', '}');
    const trace = run(text);
    const sent = sentAt(trace);
    const ends = trace.steps.filter((s) => s.kind === 'wait').map((s) => s.end);
    assert.equal(sent.get('b_1'), 0);
    assert.equal(sent.get('b_2'), ends[0]);
    assert.equal(sent.get('b_3'), ends[1]);
    assert.ok((sent.get('b_3') ?? 0) > 300_000);
  });

  void test('steps after the loop wait for its last iteration', () => {
    const text = withWorld(
      'every 1s for 3s {',
      "  app: insert into t values ($i, 'x')",
      '}',
      "app: insert into t values (9, 'after') as last",
    );
    const sent = sentAt(run(text));
    assert.ok((sent.get('last') ?? 0) > 2_000_000);
  });

  void test('iterations() counts what the header says', () => {
    const loop = (count?: number, periodMicros?: number, spanMicros?: number): Loop => ({
      kind: 'loop',
      count,
      periodMicros,
      spanMicros,
      body: [],
      header: zero,
      range: zero,
    });
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.equal(iterations(loop(5)), 5);
    assert.equal(iterations(loop(undefined, 100, 1000)), 10);
    assert.equal(iterations(loop(undefined, 300, 1000)), 4);
    assert.equal(iterations(loop(undefined, 0, 1000)), 0);
  });
});

void describe('now()', () => {
  void test('the virtual epoch: time 0 is 2025-01-01 00:00:00, in whole seconds', () => {
    assert.equal(datetimeAt(0), '2025-01-01 00:00:00');
    assert.equal(datetimeAt(2_999_999), '2025-01-01 00:00:02');
    assert.equal(datetimeAt(86_400_000_000 + 61_000_000), '2025-01-02 00:01:01');
    assert.equal(nowValue(3_000_000, 'number'), 20250101000003);
    assert.equal(sessionTimestamp(1_500_000), '1735689601.500000');
  });

  void test('an inserted row holds the time its statement started, as DATETIME text and as a BIGINT', () => {
    const text = withWorld(
      'repeat 3 {',
      '  app: insert into beat values ($i, now(), now())',
      '  wait 1s',
      '}',
      'app: update beat set ts = now() where id = 1',
      'wait until r1 caught up',
      "expect r1 has beat(id=1, ts='2025-01-01 00:00:03')",
      "expect r1 has beat(id=2, ts='2025-01-01 00:00:01', n=20250101000001)",
      "expect r1 has beat(id=3, ts='2025-01-01 00:00:02', n=20250101000002)",
    );
    const trace = run(text);
    assert.equal(trace.expectations.length, 3);
    for (const e of trace.expectations) assert.ok(e.passed, e.message);
  });

  void test('a statement-format replica applying late writes the source’s time, not its own clock', () => {
    const text = [
      'flavor mysql-8.0',
      'source m1 { binlog_format=statement }',
      'replica r1 of m1 { }',
      'link m1 -> r1 latency 2500ms',
      'table beat (id int primary key, ts char(19), n bigint)',
      'client app on m1',
      'app: insert into beat values (1, now(), now())',
      'wait until r1 caught up',
      "expect r1 has beat(id=1, ts='2025-01-01 00:00:00', n=20250101000000)",
    ].join('\n');
    const trace = run(text);
    assert.ok(trace.expectations[0]?.passed, trace.expectations[0]?.message);
  });

  void test('in statement format a Query with now() carries the time zone (and on MariaDB the microseconds)', () => {
    const size = (flavor: string, value: string) => {
      const text = [
        `flavor ${flavor}`,
        'source m1 { binlog_format=statement }',
        'table beat (id int primary key, ts char(19))',
        'client app on m1',
        `app: insert into beat values (1, ${value})`,
      ].join('\n');
      const binlog = run(text).transactions[0]?.binlog;
      return binlog ? binlog.end - binlog.start : 0;
    };
    // Q_TIME_ZONE_CODE 'SYSTEM': 1 + 1 + 6 bytes; MariaDB's Q_HRNOW: 1 + 3 (the literal is as long as `now()` plus 16).
    const literal = "'2025-01-01 00:00:00'";
    assert.equal(size('mysql-8.0', 'now()') - size('mysql-8.0', literal), 8 - (literal.length - 'now()'.length));
    assert.equal(size('mariadb-10.11', 'now()') - size('mariadb-10.11', literal), 12 - (literal.length - 'now()'.length));
  });

  void test('now() where it cannot go: a column too short, a numeric column too small, a WHERE, an expectation', () => {
    const text = [
      'source m1 { }',
      'table t (id int primary key, short varchar(10), i int, ts char(19))',
      'client app on m1',
      'app: insert into t values (1, now(), 0, now())',
      'app: insert into t values (2, null, now(), now())',
      'app: delete from t where ts = now()',
      'expect m1 has t(ts=now())',
    ].join('\n');
    assert.deepEqual(errors(text), ['4:31 type-mismatch', '5:37 type-mismatch', '6:31 type-mismatch', '7:20 type-mismatch']);
    const messages = analyze(text).diagnostics.map((d) => d.message);
    assert.match(messages[0] ?? '', /1406/);
    assert.match(messages[1] ?? '', /1264/);
  });
});

void describe('limits', () => {
  void test('a huge loop is refused on its header, at once, without being written out', () => {
    const started = Date.now();
    const text = withWorld('repeat 100000000 {', "  app: insert into t values ($i, 'x')", '}');
    const analysis = analyze(text);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(errors(text), ['7:1 loop-too-large']);
    assert.match(analysis.diagnostics[0]?.message ?? '', /100,000,000 steps .* at most 100,000/);
    assert.equal(analysis.scenario.transactions.length, 0);
  });

  void test('an `every` with a tiny period is refused the same way', () => {
    assert.deepEqual(errors(withWorld('every 1us for 1000s {', "  app: insert into t values ($i, 'x')", '}')), ['7:1 loop-too-large']);
  });

  void test('the cap is over all the loops of a file: the loop that passes it is the one refused', () => {
    const half = maxExpandedSteps / 2;
    const text = withWorld(`repeat ${half} {`, '  wait 1us', '}', `repeat ${half + 1} {`, '  wait 1us', '}');
    assert.deepEqual(errors(text), ['10:1 loop-too-large']);
    assert.match(analyze(text).diagnostics[0]?.message ?? '', /50,000 before this one/);
  });

  void test('a count past 2^53 is one error, not two', () => {
    assert.deepEqual(errors(withWorld('repeat 99999999999999999999 {', '  wait 1ms', '}')), ['7:1 out-of-range']);
  });
});

void describe('malformed loops', () => {
  const body = "  app: insert into t values ($i, 'x')";
  const cases: { what: string; lines: string[]; expected: string[] }[] = [
    { what: 'a missing closing brace', lines: ['repeat 3 {', body, 'expect m1 has t(id=1)'], expected: ['8:38 syntax'] },
    { what: 'a missing opening brace', lines: ['repeat 3', body, '}'], expected: ['7:9 syntax', '8:30 loop-structure', '9:1 syntax'] },
    { what: 'a count that is not a number', lines: ['repeat x {', body, '}'], expected: ['7:8 syntax'] },
    { what: 'a negative count', lines: ['repeat -1 {', body, '}'], expected: ['7:8 syntax'] },
    { what: '`every` without its span', lines: ['every 1s {', body, '}'], expected: ['7:10 syntax'] },
    { what: '`every` with a zero period', lines: ['every 0ms for 1s {', body, '}'], expected: ['7:1 loop-structure'] },
    { what: '$i outside a loop', lines: ["app: insert into t values ($i, 'x')"], expected: ['7:28 loop-structure'] },
    { what: 'an operation in the body', lines: ['repeat 2 {', '  crash m1', '}'], expected: ['8:3 loop-structure'] },
    { what: '`at` in the body', lines: ['repeat 2 {', `  at 1s: ${body.trim()}`, '}'], expected: ['8:3 loop-structure'] },
    {
      what: 'a timing on the first step of an `every`',
      lines: ['every 1s for 3s {', `  after 1ms: ${body.trim()}`, '}'],
      expected: ['8:3 loop-structure'],
    },
    {
      what: 'an error in the body, said once for all its iterations',
      lines: ['repeat 5 {', "  app: insert into t values ($i, 'x', 3)", '}'],
      expected: ['8:30 type-mismatch'],
    },
  ];
  for (const c of cases)
    void test(c.what, () => {
      assert.deepEqual(errors(withWorld(...c.lines)), c.expected);
    });

  void test('a loop that runs no iteration, or has no step, is a warning on its header', () => {
    assert.deepEqual(problems(withWorld('repeat 0 {', body, '}'), 'warning'), ['7:1 loop-structure']);
    assert.deepEqual(problems(withWorld('every 1s for 2s {', '}'), 'warning'), ['7:1 loop-structure']);
  });
});

void describe('expansion', () => {
  void test('a loop that is refused expands to nothing, and the rest of the file stays as it was', () => {
    const analysis = analyze(withWorld("app: insert into t values (1, 'a')", 'repeat 2 {', '  crash m1', '}'));
    const { items, problems: found } = expandLoops(analysis.parse.file.items);
    assert.equal(found.length, 1);
    assert.equal(items.filter((i) => i.kind === 'step').length, 1);
    assert.equal(
      items.some((i) => i.kind === 'loop'),
      false,
    );
  });
});

void describe('the editor on a loop', () => {
  const text = withWorld('every 100ms for 1s {', "  app: insert into t values ($i, 'x') as beat", '}', 'wait until r1 caught up');

  void test('the run’s steps and transactions point at the body’s line', () => {
    const trace = runScenario(analyze(text).scenario);
    const lines = new Set(trace.steps.filter((s) => s.kind === 'client').map((s) => s.line));
    assert.deepEqual(lines, new Set([7]));
    assert.deepEqual(new Set(trace.transactions.map((t) => t.endLine)), new Set([7]));
  });

  void test('a loop line gets one inlay hint for all its transactions', () => {
    const digest = digestOf(runSummary(analyze(text).scenario));
    assert.equal(digest.hints.length, 1);
    assert.equal(digest.hints[0]?.line, 7);
    assert.match(digest.hints[0]?.label ?? '', /^beat_1 … beat_10 \(10\): 10 on m1, r1$/);
    assert.match(digest.hints[0]?.tooltip ?? '', /… 4 more …/);
    const one = lineHints(3, [{ id: 'T1', fate: 'on m1', hint: 'on m1 · x', detail: 'd' }]);
    assert.deepEqual(one, [{ line: 3, label: 'T1: on m1 · x', tooltip: 'd' }]);
  });

  void test('the run hover of a loop line tells its first and last runs and counts the rest', () => {
    const section = runHoverSection(runScenario(analyze(text).scenario), 7) ?? '';
    assert.match(section, /… 4 more runs …/);
    assert.match(section, /… 4 more transactions …/);
    assert.match(section, /beat_10/);
  });

  void test('hover explains repeat, every, $i and now()', () => {
    const hover = (marked: string) => {
      const s = snippet(marked);
      return hoverAt(analyze(s.text), s.position, sourceOf(s.text))?.markdown ?? '';
    };
    assert.match(hover(withWorld('rep<|>eat 3 {', '  wait 1ms', '}')), /times/);
    assert.match(hover(withWorld('ev<|>ery 1s for 3s {', '  wait 1ms', '}')), /period/);
    assert.match(hover(withWorld('repeat 3 {', "  app: insert into t values ($<|>i, 'x')", '}')), /1 to 3/);
    assert.match(hover(withWorld("app: insert into t values ($<|>i, 'x')")), /outside a loop/);
    assert.match(hover(withWorld('table u (id int, ts char(19))', 'app: insert into u values (1, no<|>w())')), /2025-01-01 00:00:00/);
  });

  void test('a hover contributor gets the body’s step under the cursor, not the whole loop', () => {
    const s = snippet(withWorld('repeat 3 {', "  app: insert into t <|>values ($i, 'x')", '}'));
    let kind: string | undefined;
    hoverAt(analyze(s.text), s.position, sourceOf(s.text), [
      ({ item }) => {
        kind = item?.kind;
        return [];
      },
    ]);
    assert.equal(kind, 'step');
  });

  void test('completion: the loop keywords at a line start, `for` after the period, a step inside the body', () => {
    const labels = (marked: string) => {
      const s = snippet(marked);
      return complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label);
    };
    assert.ok(labels(withWorld('<|>')).includes('repeat'));
    assert.ok(labels(withWorld('<|>')).includes('every'));
    assert.deepEqual(labels(withWorld('every 1s <|>')), ['for']);
    const inBody = labels(withWorld('repeat 3 {', '  <|>', '}'));
    assert.ok(inBody.includes('app') && inBody.includes('wait'), inBody.join(','));
    const inStatement = labels(withWorld('repeat 3 {', '  app: <|>', '}'));
    assert.ok(inStatement.includes('insert into'), inStatement.join(','));
  });

  void test('every prefix of a loop, as it is typed, analyses, hovers and completes without throwing', () => {
    const full = withWorld(
      'every 100ms for 1s {',
      '  app: insert into beat values ($i, now(), $i) as b',
      '  wait 10ms',
      '}',
      'repeat 2 { app: update beat set ts = now() where id = $i }',
    );
    const start = withWorld().length;
    for (let end = start; end <= full.length; end++) {
      const text = full.slice(0, end);
      const analysis = analyze(text);
      const lines = text.split('\n');
      const position = { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length };
      hoverAt(analysis, position, sourceOf(text));
      complete(analysis, text, text.length);
      if (analysis.diagnostics.every((d) => d.severity !== 'error')) runScenario(analysis.scenario);
    }
  });
});
