/**
 * Completion from the tokens around the cursor, on incomplete lines: keywords where they fit, the names in
 * scope where a name of that kind goes, settings and their values, states, status variables, verdicts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../src/language/complete';
import { FLAVORS } from '../src/model/scenario';
import { TXN_STATES } from '../src/model/states';
import { analyze, snippet } from './helpers/snippet';

const world = [
  'flavor mysql-8.0',
  'source m1 { semisync }',
  'replica r1 of m1 { semisync }',
  'table t (id int primary key, v varchar(20))',
  'table audit (msg text)',
  'client app on m1',
  'client reader on m1',
  "app: insert into t values (1, 'a')",
  "app: begin; insert into t values (2, 'b'); commit as T2",
].join('\n');

/** The labels proposed at the `<|>` of a line appended to the world, and where the replaced word starts. */
function labels(line: string): { labels: string[]; from: number; offset: number } {
  const s = snippet(`${world}\n${line}\n`);
  const c = complete(analyze(s.text), s.text, s.offset);
  return { labels: c.candidates.map((x) => x.label), from: c.from, offset: s.offset };
}

const cases: { line: string; has: string[]; lacks?: string[]; exactly?: boolean }[] = [
  // at the start of a line
  {
    line: '<|>',
    has: ['source', 'replica', 'table', 'client', 'on', 'expect', 'crash', 'promote', 'at', 'app', 'reader'],
    lacks: ['insert into', 'm1', 'T2'],
  },
  { line: 'pro<|>', has: ['promote'] },
  // triggers
  { line: 'on <|>', has: ['T1', 'T2', 'm1', 'r1'], lacks: ['app', 't', 'crash'] },
  { line: 'on T2 <|>', has: TXN_STATES.map((s) => s.name), lacks: ['m1'], exactly: true },
  { line: 'on T2 rel<|>', has: ['relay_logged'] },
  { line: 'on T2 relay_logged <|>', has: ['by'], exactly: true },
  { line: 'on T2 engine_committed <|>', has: [], exactly: true },
  { line: 'on T2 applied by <|>', has: ['r1', 'm1'] },
  { line: 'on T2 engine_committed: <|>', has: ['crash', 'promote', 'app'], lacks: ['source', 'expect'] },
  // client steps: SQL
  {
    line: 'app: <|>',
    has: ['insert into', 'update', 'delete from', 'select', 'begin', 'commit', 'rollback', 'retry'],
    lacks: ['crash', 'source'],
  },
  { line: 'app: ins<|>', has: ['insert into'] },
  { line: 'app: insert into <|>', has: ['t', 'audit'], exactly: true },
  { line: 'app: insert into t <|>', has: ['values'], exactly: true },
  { line: 'app: insert into t (<|>', has: ['id', 'v'], exactly: true },
  { line: 'app: insert into t (id, <|>', has: ['id', 'v'], exactly: true },
  { line: 'app: insert into audit (<|>', has: ['msg'], exactly: true },
  { line: 'app: update <|>', has: ['t', 'audit'], exactly: true },
  { line: 'app: update t set <|>', has: ['id', 'v'], exactly: true },
  { line: 'app: update t set v = 1 where <|>', has: ['id', 'v'], exactly: true },
  { line: "app: update t set v = 'x' <|>", has: ['where'], exactly: true },
  { line: 'app: delete from t where id = 1 and <|>', has: ['id', 'v'], exactly: true },
  { line: 'app: delete from <|>', has: ['t', 'audit'], exactly: true },
  { line: 'app: select <|> from audit', has: ['*', 'count(*)', 'msg'], lacks: ['id'] },
  { line: 'app: select * from <|>', has: ['t', 'audit'], exactly: true },
  { line: 'app: select * from t <|>', has: ['where', 'for update'], exactly: true },
  { line: 'app: retry <|>', has: ['T1', 'T2'], lacks: ['m1'] },
  { line: 'app: begin; insert into t values (3, 1); <|>', has: ['insert into', 'commit', 'as', 'nowait'] },
  { line: 'app: commit <|>', has: ['as', 'nowait'], exactly: true },
  { line: 'app: commit as T9 <|>', has: ['nowait'], exactly: true },
  // operations
  { line: 'crash <|>', has: ['m1', 'r1'], lacks: ['app', 'T2'], exactly: true },
  { line: 'crash m1 <|>', has: ['process', 'host'], exactly: true },
  { line: 'promote <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'kill <|>', has: ['app', 'reader'], exactly: true },
  { line: 'restart m1 <|>', has: ['as'], exactly: true },
  { line: 'restart m1 as replica of <|>', has: ['r1'], lacks: ['m1'] },
  { line: 'restart m1 as replica of r1 <|>', has: ['from', 'auto_position'], exactly: true },
  { line: 'restart m1 as replica of r1 from <|>', has: ['binlog', 'start', 'end'], exactly: true },
  { line: 'change <|>', has: ['master'], exactly: true },
  { line: 'change master r1 to <|>', has: ['m1'], lacks: ['r1'] },
  { line: 'change master r1 to m1 from end <|>', has: ['master_delay', 'master_use_gtid'], exactly: true },
  { line: 'change master r1 to m1 <|>', has: ['from', 'auto_position', 'master_delay', 'master_use_gtid'], exactly: true },
  { line: 'change master r1 to m1 master_use_gtid=<|>', has: ['slave_pos', 'current_pos', 'no'], exactly: true },
  { line: 'change master r1 to m1 master_use_gtid=slave_pos <|>', has: ['master_delay', 'master_use_gtid'], exactly: true },
  { line: 'stop r1 <|>', has: ['io_thread', 'sql_thread'], exactly: true },
  { line: 'partition m1 -> <|>', has: ['r1'], lacks: ['m1'] },
  { line: 'reset <|>', has: ['master', 'slave'], exactly: true },
  { line: 'wait <|>', has: ['until'], exactly: true },
  { line: 'wait until <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'wait until r1 <|>', has: ['caught'], exactly: true },
  { line: 'flush <|>', has: ['status', 'binary logs'], exactly: true },
  { line: 'flush binary <|>', has: ['logs'], exactly: true },
  { line: 'purge <|>', has: ['binary logs', 'master logs'], exactly: true },
  { line: 'purge binary logs m1 <|>', has: ['to', 'before'], exactly: true },
  { line: 'client dba on r1 { <|>', has: ['super', 'read_only_admin', 'sql_log_bin'], exactly: true },
  { line: 'app <|>', has: ['reconnects'], exactly: true },
  { line: 'app reconnects to <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'at 10ms: <|>', has: ['crash', 'app'], lacks: ['source'] },
  // settings
  { line: 'source m2 { <|>', has: ['semisync', 'wait_point', 'timeout', 'sync_binlog', 'flavor'] },
  { line: 'source m2 { semisync <|>', has: ['wait_point'], lacks: ['semisync'] },
  { line: 'source m2 { semisync wait_point=<|>', has: ['after_sync', 'after_commit'], exactly: true },
  { line: 'source m2 { semisync timeout=<|>', has: ['unbounded', '10s'], exactly: true },
  { line: 'source m2 { gtid=<|>', has: ['on', 'off'], exactly: true },
  { line: 'source m2 { binlog_format=<|>', has: ['row', 'statement'], exactly: true },
  { line: 'replica r2 <|>', has: ['of'], exactly: true },
  { line: 'replica r2 of <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'set <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'set m1 <|>', has: ['timeout', 'semisync'], lacks: ['server_id', 'flavor', 'gtid'] },
  { line: 'set m1 semisync=<|>', has: ['on', 'off'], exactly: true },
  // other declarations
  { line: 'link <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'link m1 -> r1 <|>', has: ['latency', 'jitter', 'bandwidth', 'down'], exactly: true },
  { line: 'link m1 -> r1 bandwidth <|>', has: [], exactly: true },
  { line: 'client c2 <|>', has: ['on'], exactly: true },
  { line: 'client c2 on <|>', has: ['m1', 'r1'], exactly: true },
  { line: 'table u (id <|>', has: ['int', 'varchar', 'bigint', 'text'] },
  { line: 'table u (id int <|>', has: ['auto_increment', 'not null', 'primary key'], exactly: true },
  { line: 'app: insert ignore <|>', has: ['into'], exactly: true },
  { line: "app: insert into t values (1, 'a') <|>", has: ['on duplicate key update'], exactly: true },
  { line: "app: replace into t values (1, 'a') <|>", has: [], exactly: true },
  { line: "app: insert into t values (1, 'a') on duplicate key update <|>", has: ['id', 'v'] },
  { line: 'app: <|>', has: ['insert ignore into', 'replace into'] },
  // DDL
  { line: 'app: <|>', has: ['create table', 'create index', 'alter table', 'drop table', 'truncate table'] },
  { line: 'app: create <|>', has: ['table', 'index'], exactly: true },
  { line: 'app: create table <|>', has: [], exactly: true },
  { line: 'app: drop table <|>', has: ['t', 'audit'], exactly: true },
  { line: 'app: truncate <|>', has: ['table', 't', 'audit'], exactly: true },
  { line: 'app: alter table t <|>', has: ['add column', 'drop column'], exactly: true },
  { line: 'app: alter table t drop column <|>', has: ['id', 'v'], exactly: true },
  { line: 'app: create index iv <|>', has: ['on'], exactly: true },
  { line: 'app: create index iv on t (<|>', has: ['id', 'v'], exactly: true },
  { line: 'table u (a int, b int, primary key (<|>', has: ['a', 'b'], exactly: true },
  { line: 'flavor <|>', has: [...FLAVORS], exactly: true },
  { line: 'scenario <|>', has: [], exactly: true },
  // expectations
  {
    line: 'expect <|>',
    has: ['m1', 'r1', 'T1', 'T2', 'no', 'lost_acknowledged_commit', 'divergence'],
    lacks: ['expectation_failed', 'app'],
  },
  { line: 'expect no <|>', has: ['lost_acknowledged_commit', 'semisync_fallback'], lacks: ['no', 'expectation_failed'] },
  { line: 'expect T2 <|>', has: ['outcome'], exactly: true },
  { line: 'expect T2 outcome <|>', has: ['ok', 'error', 'lost_connection', 'pending'], exactly: true },
  {
    line: 'expect m1 <|>',
    has: ['has', 'lacks', 'replication', 'Rpl_semi_sync_master_status', 'Exec_Source_Log_Pos', 'File'],
    lacks: ['outcome', 'Exec_Master_Log_Pos'],
  },
  { line: 'expect r1 replication <|>', has: ['running', 'error'], exactly: true },
  { line: 'expect m1 has <|>', has: ['t', 'audit'], exactly: true },
  { line: 'expect m1 has t(<|>', has: ['id', 'v'], exactly: true },
  { line: 'expect m1 has t(id=1, <|>', has: ['id', 'v'], exactly: true },
  { line: 'expect m1 Rpl_semi_sync_master_status = <|>', has: ['ON', 'OFF'], exactly: true },
  { line: 'expect duplicate_by_retry <|>', has: ['of'], exactly: true },
  // nothing inside comments and strings, nor in numbers
  { line: '# crash <|>', has: [], exactly: true },
  { line: "app: insert into t values (5, 'a<|>", has: [], exactly: true },
  { line: 'wait 1<|>', has: [], exactly: true },
  { line: 'wait 50ms<|>', has: [], exactly: true },
  { line: 'link m1 -> r1 latency 50ms<|>', has: [], exactly: true },
  { line: 'link m1 -> r1 bandwidth 10MB/s<|>', has: [], exactly: true },
  { line: 'link m1 -> r1 latency 2.5s<|>', has: [], exactly: true },
  { line: 'source m2 { semisync timeout=10s<|>', has: [], exactly: true },
  { line: 'source m2 { max_binlog_size=4KB<|>', has: [], exactly: true },
];

void describe('what fits where the cursor is', () => {
  for (const c of cases) {
    void test(c.line, () => {
      const { labels: got } = labels(c.line);
      for (const l of c.has) assert.ok(got.includes(l), `${l} missing from ${JSON.stringify(got)}`);
      for (const l of c.lacks ?? []) assert.ok(!got.includes(l), `${l} should not be in ${JSON.stringify(got)}`);
      if (c.exactly) assert.deepEqual([...got].sort(), [...c.has].sort());
    });
  }
});

void describe('the replaced word', () => {
  void test('a name replaces what was typed of it', () => {
    const r = labels('crash m<|>');
    assert.equal(r.offset - r.from, 1);
  });
  void test('a flavor replaces its dashes and dots too', () => {
    const r = labels('flavor mysql-8.<|>');
    assert.equal(r.offset - r.from, 'mysql-8.'.length);
    assert.deepEqual(r.labels, [...FLAVORS]);
    const s = labels('source m2 { flavor=mariadb-<|>');
    assert.equal(s.offset - s.from, 'mariadb-'.length);
  });
});

void describe('multi-line items and broken files', () => {
  void test('inside a server’s braces on a later line', () => {
    const s = snippet(`${world}\nsource m2 {\n  semisync\n  <|>\n}\n`);
    const got = complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label);
    assert.ok(got.includes('timeout') && !got.includes('semisync'));
  });
  void test('after a closed item, a new line starts a new item', () => {
    const s = snippet(`${world}\nsource m2 {\n  semisync\n}\n<|>`);
    const got = complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label);
    assert.ok(got.includes('crash') && !got.includes('timeout'));
  });
  void test('a broken line above does not matter', () => {
    const s = snippet(`${world}\npromte r1 = ;\non T2 <|>`);
    const got = complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label);
    assert.ok(got.includes('engine_committed'));
    const t = snippet(`${world}\nsource m3 { semisync ((\ncrash <|>`);
    assert.ok(complete(analyze(t.text), t.text, t.offset).candidates.some((c) => c.label === 'r1'));
  });
  void test('names declared further down are in scope', () => {
    const s = snippet(`crash <|>\nsource late { }`);
    assert.deepEqual(
      complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label),
      ['late'],
    );
  });
});
