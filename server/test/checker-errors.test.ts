/**
 * A corpus of broken snippets, each with exactly the errors it must give, on the right line and column
 * (`line:column code`, one-based as an editor shows them); and the promise that one typo costs one error
 * while the rest of the file is still checked.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, errors, examples, problems } from './helpers/snippet';
import { runScenario } from '../src/run';

/** Lines shared by the snippets that need a server, a table and a client. */
const world = ['source m1 { }', 'table t (id int primary key, v varchar(20))', 'client app on m1'];
const withWorld = (...lines: string[]) => [...world, ...lines].join('\n');

const corpus: { what: string; text: string; errors: string[] }[] = [
  // names
  { what: 'unknown server', text: 'source m1 { }\nreplica r1 of m2 { }', errors: ['2:15 unknown-name'] },
  { what: 'duplicate server', text: 'source m1 { }\nsource m1 { }', errors: ['2:8 duplicate-name'] },
  { what: 'duplicate client', text: withWorld('client app on m1'), errors: ['4:8 duplicate-name'] },
  { what: 'unknown client', text: withWorld("apq: insert into t values (1, 'a')"), errors: ['4:1 unknown-name'] },
  { what: 'client on an unknown server', text: 'source m1 { }\nclient app on m9', errors: ['2:15 unknown-name'] },
  { what: 'duplicate table', text: 'source m1 { }\ntable t (id int)\ntable t (id int)', errors: ['3:7 duplicate-name'] },
  { what: 'unknown table', text: withWorld('app: insert into u values (1)'), errors: ['4:18 unknown-name'] },
  { what: 'duplicate column', text: 'source m1 { }\ntable t (id int, id int)', errors: ['2:18 duplicate-name'] },
  { what: 'unknown column in an update', text: withWorld('app: update t set w = 1 where id = 1'), errors: ['4:19 unknown-name'] },
  { what: 'unknown column in a where', text: withWorld('app: delete from t where idd = 1'), errors: ['4:26 unknown-name'] },
  { what: 'unknown column in an expectation', text: withWorld('expect m1 has t(w=1)'), errors: ['4:17 unknown-name'] },
  { what: 'unknown column in a primary key', text: 'source m1 { }\ntable t (id int, primary key (idd))', errors: ['2:31 unknown-name'] },
  {
    what: 'duplicate transaction name',
    text: withWorld("app: insert into t values (1, 'a') as X", "app: insert into t values (2, 'b') as X"),
    errors: ['5:39 duplicate-name'],
  },
  {
    what: 'unknown transaction',
    text: withWorld("app: insert into t values (1, 'a') as A", 'expect B outcome ok'),
    errors: ['5:8 unknown-name'],
  },
  { what: 'a name of the wrong kind', text: withWorld('crash app'), errors: ['4:7 wrong-kind'] },
  // topology
  { what: 'replica of itself', text: 'source m1 { }\nreplica r1 of r1 { }', errors: ['2:15 self-replication'] },

  { what: 'link to itself', text: 'source m1 { }\nlink m1 -> m1', errors: ['2:12 self-replication'] },
  { what: 'link to an unknown server', text: 'source m1 { }\nlink m1 -> r9', errors: ['2:12 unknown-name'] },
  {
    what: 'change master to itself',
    text: 'source m1 { }\nreplica r1 of m1 { }\nchange master r1 to r1',
    errors: ['3:21 self-replication'],
  },
  { what: 'duplicate server_id', text: 'source m1 { server_id=5 }\nreplica r1 of m1 { server_id=5 }', errors: ['2:20 duplicate-name'] },
  // triggers
  {
    what: 'trigger on an unknown transaction',
    text: withWorld("app: insert into t values (1, 'a') as A", 'on X engine_committed: crash m1'),
    errors: ['5:4 unknown-name'],
  },
  {
    what: 'trigger on an unknown state',
    text: withWorld("app: insert into t values (1, 'a') as A", 'on A engine_comitted: crash m1'),
    errors: ['5:6 unknown-state'],
  },
  {
    what: 'after_sync_wait on mysql-5.5',
    text: [
      'flavor mysql-5.5',
      'source m1 { semisync }',
      'replica r1 of m1 { semisync }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1) as A',
      'on A after_sync_wait: crash m1',
    ].join('\n'),
    errors: ['7:6 impossible-state'],
  },
  {
    what: 'wait_point=after_sync on mysql-5.5',
    text: 'flavor mysql-5.5\nsource m1 { semisync wait_point=after_sync }',
    errors: ['2:22 impossible-state'],
  },
  {
    what: 'wait_for_slave_count on MariaDB (error 1193 there), declared or set',
    text: 'flavor mariadb-10.11\nsource m1 { semisync wait_for_slave_count=2 }\nset m1 wait_for_slave_count=1',
    errors: ['2:22 impossible-state', '3:8 impossible-state'],
  },
  {
    what: 'after_sync_wait with wait_point=after_commit',
    text: [
      'source m1 { semisync wait_point=after_commit }',
      'replica r1 of m1 { semisync }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1) as A',
      'on A after_sync_wait: crash m1',
    ].join('\n'),
    errors: ['6:6 impossible-state'],
  },
  {
    what: 'an ACK wait with semi-sync off',
    text: [
      'source m1 { }',
      'replica r1 of m1 { }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1) as A',
      'on A after_commit_wait: crash m1',
      'on m1 acked: crash m1',
    ].join('\n'),
    errors: ['6:6 impossible-state', '7:7 impossible-state'],
  },
  {
    what: '`by` on a source-side state',
    text: withWorld("app: insert into t values (1, 'a') as A", 'on A prepared by m1: crash m1'),
    errors: ['5:18 impossible-state'],
  },
  // values
  { what: 'a negative timeout', text: 'source m1 { semisync timeout=-1 }', errors: ['1:30 out-of-range'] },
  { what: 'a negative timeout in ms', text: 'source m1 { semisync timeout=-5ms }', errors: ['1:30 out-of-range'] },
  { what: 'max_binlog_size below 4096', text: 'source m1 { max_binlog_size=1024 }', errors: ['1:29 out-of-range'] },
  { what: 'max_binlog_size of 2KB', text: 'source m1 { max_binlog_size=2KB }', errors: ['1:29 out-of-range'] },
  { what: 'wait_for_slave_count 0', text: 'source m1 { semisync wait_for_slave_count=0 }', errors: ['1:43 out-of-range'] },
  { what: 'unknown setting', text: 'source m1 { semisinc }', errors: ['1:13 unknown-setting'] },
  { what: 'a wrong enum value', text: 'source m1 { semisync wait_point=after_sink }', errors: ['1:33 bad-value'] },
  { what: 'unknown flavor', text: 'flavor mysql-5.6\nsource m1 { }', errors: ['1:8 bad-value'] },
  { what: 'a setting SET GLOBAL cannot change', text: 'source m1 { }\nset m1 server_id=3', errors: ['2:8 bad-value'] },
  { what: 'unknown status variable', text: 'source m1 { }\nexpect m1 Rpl_semi_sync_master_stauts = ON', errors: ['2:11 unknown-variable'] },
  { what: 'unknown verdict', text: 'source m1 { }\nexpect no lost_acknowledged_comit', errors: ['2:11 bad-value'] },
  {
    what: 'unknown outcome',
    text: withWorld("app: insert into t values (1, 'a') as A", 'expect A outcome okay'),
    errors: ['5:18 bad-value'],
  },
  // SQL against the schema
  {
    what: 'a string in an int column, a value too long',
    text: withWorld("app: insert into t values ('x', 'abcdefghijklmnopqrstuvwxyz')"),
    errors: ['4:28 type-mismatch', '4:33 type-mismatch'],
  },
  {
    what: 'an int out of range',
    text: 'source m1 { }\ntable t (id tinyint)\nclient app on m1\napp: insert into t values (300)',
    errors: ['4:28 type-mismatch'],
  },
  { what: 'null in a primary key', text: withWorld("app: insert into t values (null, 'a')"), errors: ['4:28 type-mismatch'] },
  { what: 'the wrong number of values', text: withWorld('app: insert into t values (1)'), errors: ['4:28 type-mismatch'] },
  { what: 'arithmetic on a text column', text: withWorld('app: update t set v = v + 1'), errors: ['4:19 type-mismatch'] },
  { what: 'a number compared with text', text: withWorld("app: select * from t where id = 'one'"), errors: ['4:33 type-mismatch'] },
  {
    what: 'a primary key given twice',
    text: 'source m1 { }\ntable t (id int primary key, v int, primary key (v))',
    errors: ['2:37 duplicate-primary-key'],
  },
  {
    what: 'two inline primary keys',
    text: 'source m1 { }\ntable t (id int primary key, v int primary key)',
    errors: ['2:36 duplicate-primary-key'],
  },
  { what: 'an unknown column type', text: 'source m1 { }\ntable t (id integer)', errors: ['2:13 bad-value'] },
  { what: 'varchar without a length', text: 'source m1 { }\ntable t (v varchar)', errors: ['2:12 bad-value'] },
  // transactions
  {
    what: 'retry inside a transaction',
    text: withWorld("app: insert into t values (1, 'a') as A", 'app: begin; retry A'),
    errors: ['5:13 transaction-structure'],
  },
  // syntax
  { what: 'a misspelled keyword', text: 'source m1 { }\nreplica r1 of m1 { }\npromte r1', errors: ['3:1 syntax'] },
  { what: 'an unclosed brace', text: 'source m1 { semisync\nreplica r1 of m1 { }', errors: ['1:21 syntax'] },
  { what: 'an unterminated string', text: "scenario 'oops\nsource m1 { }", errors: ['1:10 syntax'] },
  { what: 'a stray character', text: 'source m1 { } $', errors: ['1:15 syntax'] },
  { what: 'a missing value', text: 'source m1 { timeout= }', errors: ['1:22 syntax'] },
  {
    what: 'a trigger without an action',
    text: withWorld("app: insert into t values (1, 'a') as A", 'on A applied:'),
    errors: ['5:14 syntax'],
  },
];

void describe('broken snippets give exactly their errors, on the right line and column', () => {
  for (const c of corpus) {
    void test(c.what, () =>
      assert.deepEqual(errors(c.text), c.errors, `${c.text}\n→ ${JSON.stringify(analyze(c.text).diagnostics.map((d) => d.message))}`),
    );
  }
});

void describe('warnings carry their reason', () => {
  void test('semi-sync settings without semi-sync', () => {
    assert.deepEqual(problems('source m1 { timeout=5s }', 'warning'), ['1:13 doubtful-setting']);
    assert.match(analyze('source m1 { timeout=5s }').diagnostics[0]?.message ?? '', /semi-sync is off on m1/);
  });
  void test('a transaction never committed', () => {
    assert.deepEqual(problems(withWorld('app: begin', "app: insert into t values (1, 'a')"), 'warning'), ['4:6 transaction-structure']);
  });
  void test('a semi-sync source whose replicas have it off', () => {
    assert.deepEqual(problems('source m1 { semisync }\nreplica r1 of m1 { }', 'warning'), ['1:8 doubtful-setting']);
  });
});

void describe('one typo gives one error, and the rest of the file is still checked', () => {
  void test('a typo on line 3 and an unknown server on line 9 give exactly those two errors', () => {
    const text = [
      'scenario "typo"',
      'source m1 { semisync }',
      'replica r1 of m1 { semisync wait_point=after_commit, }}',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      "app: begin; insert into t values (2, 'b'); commit as T2",
      'on T2 engine_committed: crash m1',
      'promote r2',
      'expect T2 outcome lost_connection',
    ].join('\n');
    assert.deepEqual(errors(text), ['3:55 syntax', '9:9 unknown-name']);
  });

  void test('a misspelled keyword costs its line only', () => {
    const text = ['source m1 { }', 'replica r1 of m1 { }', 'crsh m1', 'client app on m1', 'crash m9'].join('\n');
    assert.deepEqual(errors(text), ['3:1 syntax', '5:7 unknown-name']);
  });

  void test('an unclosed bracket does not swallow the next lines', () => {
    const text = [
      'source m1 { semisync',
      'table t (id int primary key',
      'client app on m1',
      'app: insert into t values (1)',
      'crash m2',
    ].join('\n');
    assert.deepEqual(errors(text), ['1:21 syntax', '2:28 syntax', '5:7 unknown-name']);
  });

  void test('every error of a file of errors is reported, each on its own line', () => {
    const lines = corpus.filter((c) => !c.text.includes('\n')).map((c) => c.text);
    const all = errors(lines.join('\n'));
    assert.deepEqual(
      [...new Set(all.map((e) => Number(e.split(':')[0])))],
      lines.map((_, i) => i + 1),
    );
  });
});

void describe('the examples', () => {
  for (const e of examples()) {
    void test(`${e.name} checks without errors`, () => assert.deepEqual(errors(e.text), []));
  }
});

void test('set back to the declared value after a runtime change takes effect (every SET GLOBAL is a change)', () => {
  const text = [
    'flavor mariadb-10.11',
    'source m1 { semisync timeout=2s }',
    'replica r1 of m1 { semisync }',
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    'set m1 timeout=300ms',
    'set m1 timeout=2s',
    'stop r1 io_thread',
    "app: insert into t values (1, 'a')",
  ].join('\n');
  const analysis = analyze(text);
  const sets = analysis.scenario.script.flatMap((e) => ('action' in e && e.action.kind === 'set' ? [e.action.changes] : []));
  assert.deepEqual(sets, [{ semisyncTimeout: 300_000 }, { semisyncTimeout: 2_000_000 }]);
  const trace = runScenario(analysis.scenario);
  const t1 = trace.transactions.find((t) => t.id === 'T1');
  assert.ok(
    t1?.outcome.time !== undefined && t1.outcome.time >= 2_000_000,
    `T1 answered at ${t1?.outcome.time}: the 2 s timeout was not restored`,
  );
});

void test("MySQL's words No and NULL compare status values: Slave_IO_Running = No, Seconds_Behind_Master = NULL", () => {
  const text = [
    'flavor mariadb-10.11',
    'source m1 { }',
    'replica r1 of m1 { }',
    'table t (id int primary key)',
    'stop r1 io_thread',
    'expect r1 Slave_IO_Running = No',
    'expect r1 Seconds_Behind_Master = NULL',
    'start r1 io_thread',
    'wait 10ms',
    'expect r1 Seconds_Behind_Master != NULL',
  ].join('\n');
  const analysis = analyze(text);
  assert.deepEqual(errors(text), []);
  const trace = runScenario(analysis.scenario);
  assert.deepEqual(
    trace.expectations.map((e) => [e.line + 1, e.passed]),
    [
      [6, true],
      [7, true],
      [10, true],
    ],
  );
  assert.deepEqual(errors(text.replace('= NULL', '< NULL')), ['7:1 type-mismatch']);
});
