/**
 * Every construct of docs/language.md parses into the AST it should (ranges aside), and every example
 * block of that document parses without a syntax error.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { docSnippets, parsedItem, snippet } from './helpers/snippet';

/** One line of the language and the AST item it must give (see `shape`: no ranges, no undefined keys). */
const constructs: [string, unknown][] = [
  // declarations
  ['scenario "it\'s ""quoted"""', { kind: 'scenario', title: 'it\'s "quoted"' }],
  ["scenario 'it''s'", { kind: 'scenario', title: "it's" }],
  ['flavor MySQL-8.0', { kind: 'flavor', flavor: { text: 'mysql-8.0' } }],
  ['seed 7', { kind: 'seed', seed: 7 }],
  ['database d', { kind: 'database', name: { text: 'd' }, inBinlog: false }],
  ['database d in binlog', { kind: 'database', name: { text: 'd' }, inBinlog: true }],
  // servers
  [
    'source m1 { semisync wait_point=after_commit timeout=unbounded sync_binlog=1 }',
    {
      kind: 'server',
      role: 'source',
      name: { text: 'm1' },
      settings: [
        { name: { text: 'semisync' } },
        { name: { text: 'wait_point' }, value: { kind: 'word', text: 'after_commit' } },
        { name: { text: 'timeout' }, value: { kind: 'unbounded' } },
        { name: { text: 'sync_binlog' }, value: { kind: 'int', value: 1 } },
      ],
    },
  ],
  [
    'replica r2 of m1 { flavor=mysql-5.7, server_id=12 }',
    {
      kind: 'server',
      role: 'replica',
      name: { text: 'r2' },
      of: { text: 'm1' },
      settings: [
        { name: { text: 'flavor' }, value: { kind: 'flavor', text: 'mysql-5.7' } },
        { name: { text: 'server_id' }, value: { kind: 'int', value: 12 } },
      ],
    },
  ],
  ['replica r3 of r2 { }', { kind: 'server', role: 'replica', name: { text: 'r3' }, of: { text: 'r2' }, settings: [] }],
  ['source m1', { kind: 'server', role: 'source', name: { text: 'm1' }, settings: [] }],
  [
    "source m1 { timeout=-1 max_binlog_size=4KB server_uuid='3e11fa47-71ca-11e1-9e33-c80aa9429562' semisync=on fsync_latency=1.5s }",
    {
      kind: 'server',
      role: 'source',
      name: { text: 'm1' },
      settings: [
        { name: { text: 'timeout' }, value: { kind: 'int', value: -1 } },
        { name: { text: 'max_binlog_size' }, value: { kind: 'size', bytes: 4096 } },
        { name: { text: 'server_uuid' }, value: { kind: 'string', text: '3e11fa47-71ca-11e1-9e33-c80aa9429562' } },
        { name: { text: 'semisync' }, value: { kind: 'word', text: 'on' } },
        { name: { text: 'fsync_latency' }, value: { kind: 'duration', micros: 1500000 } },
      ],
    },
  ],
  // links
  [
    'link m1 -> r1 latency 2ms jitter 500us',
    {
      kind: 'link',
      from: { text: 'm1' },
      to: { text: 'r1' },
      latency: { kind: 'duration', micros: 2000 },
      jitter: { kind: 'duration', micros: 500 },
      down: false,
    },
  ],
  ['link m1 -> r2 down', { kind: 'link', from: { text: 'm1' }, to: { text: 'r2' }, down: true }],
  [
    'link m1 -> r3 bandwidth 10MB/s latency 40ms',
    {
      kind: 'link',
      from: { text: 'm1' },
      to: { text: 'r3' },
      latency: { kind: 'duration', micros: 40_000 },
      bandwidth: { bytesPerSecond: 10 * 1024 * 1024 },
      down: false,
    },
  ],
  [
    'link m1 -> r3 bandwidth 1.5KB/s',
    { kind: 'link', from: { text: 'm1' }, to: { text: 'r3' }, bandwidth: { bytesPerSecond: 1536 }, down: false },
  ],
  // tables
  [
    'table t (id int primary key, v varchar(20))',
    {
      kind: 'table',
      name: { text: 't' },
      columns: [
        { name: { text: 'id' }, type: { text: 'int' }, notNull: false },
        { name: { text: 'v' }, type: { text: 'varchar' }, length: 20, notNull: false },
      ],
      primaryKeys: [{ columns: [{ text: 'id' }] }],
    },
  ],
  [
    'table pairs (a int not null, b int, primary key (a, b))',
    {
      kind: 'table',
      name: { text: 'pairs' },
      columns: [
        { name: { text: 'a' }, type: { text: 'int' }, notNull: true },
        { name: { text: 'b' }, type: { text: 'int' }, notNull: false },
      ],
      primaryKeys: [{ columns: [{ text: 'a' }, { text: 'b' }] }],
    },
  ],
  // clients
  ['client app on m1', { kind: 'client', name: { text: 'app' }, server: { text: 'm1' }, settings: [] }],
  [
    'client dba on r1 { super }',
    { kind: 'client', name: { text: 'dba' }, server: { text: 'r1' }, settings: [{ name: { text: 'super' } }] },
  ],
  // client steps
  [
    "app: insert into t values (1, 'a'), (2, null)",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'insert',
            table: { table: { text: 't' } },
            rows: [
              [
                { kind: 'int', value: 1 },
                { kind: 'string', value: 'a' },
              ],
              [{ kind: 'int', value: 2 }, { kind: 'null' }],
            ],
            text: "insert into t values (1, 'a'), (2, null)",
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    "app: insert into d.t (id, v) values (-1, 'x')",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'insert',
            table: { database: { text: 'd' }, table: { text: 't' } },
            columns: [{ text: 'id' }, { text: 'v' }],
            rows: [
              [
                { kind: 'int', value: -1 },
                { kind: 'string', value: 'x' },
              ],
            ],
            text: "insert into d.t (id, v) values (-1, 'x')",
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    "app: insert ignore into t values (1, 'a'); replace into t (id) values (2)",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'ignore',
            table: { table: { text: 't' } },
            rows: [
              [
                { kind: 'int', value: 1 },
                { kind: 'string', value: 'a' },
              ],
            ],
            text: "insert ignore into t values (1, 'a')",
          },
          {
            kind: 'insert',
            mode: 'replace',
            table: { table: { text: 't' } },
            columns: [{ text: 'id' }],
            rows: [[{ kind: 'int', value: 2 }]],
            text: 'replace into t (id) values (2)',
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    "app: insert into t values (1, 'a') on duplicate key update v = 'b', n = n + 1",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'insert',
            table: { table: { text: 't' } },
            rows: [
              [
                { kind: 'int', value: 1 },
                { kind: 'string', value: 'a' },
              ],
            ],
            onDuplicate: [
              { column: { text: 'v' }, value: { kind: 'literal', literal: { kind: 'string', value: 'b' } } },
              { column: { text: 'n' }, value: { kind: 'column', column: { text: 'n' }, delta: 1 } },
            ],
            text: "insert into t values (1, 'a') on duplicate key update v = 'b', n = n + 1",
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    'table t (id int primary key auto_increment)',
    {
      kind: 'table',
      name: { text: 't' },
      columns: [
        {
          name: { text: 'id' },
          type: { text: 'int' },
          notNull: false,
          autoIncrement: { start: { line: 0, character: 28 }, end: { line: 0, character: 42 } },
        },
      ],
      primaryKeys: [{ columns: [{ text: 'id' }] }],
    },
  ],
  [
    "app: begin; update t set v = v + 1, w = 'x' where id = 1 and v != 'a'; commit as bump",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          { kind: 'begin', text: 'begin' },
          {
            kind: 'update',
            table: { table: { text: 't' } },
            assignments: [
              { column: { text: 'v' }, value: { kind: 'column', column: { text: 'v' }, delta: 1 } },
              { column: { text: 'w' }, value: { kind: 'literal', literal: { kind: 'string', value: 'x' } } },
            ],
            where: [
              { column: { text: 'id' }, op: '=', values: [{ kind: 'int', value: 1 }] },
              { column: { text: 'v' }, op: '!=', values: [{ kind: 'string', value: 'a' }] },
            ],
            text: "update t set v = v + 1, w = 'x' where id = 1 and v != 'a'",
          },
          { kind: 'commit', text: 'commit' },
        ],
        txnName: { text: 'bump' },
        nowait: false,
      },
    },
  ],
  [
    'app: delete from t where id in (1, 2)',
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'delete',
            table: { table: { text: 't' } },
            where: [
              {
                column: { text: 'id' },
                op: 'in',
                values: [
                  { kind: 'int', value: 1 },
                  { kind: 'int', value: 2 },
                ],
              },
            ],
            text: 'delete from t where id in (1, 2)',
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    'reader: select * from t where id >= 2 for update',
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'reader' },
        statements: [
          {
            kind: 'select',
            table: { table: { text: 't' } },
            count: false,
            where: [{ column: { text: 'id' }, op: '>=', values: [{ kind: 'int', value: 2 }] }],
            forUpdate: true,
            text: 'select * from t where id >= 2 for update',
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    'reader: select count(*) from t',
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'reader' },
        statements: [
          { kind: 'select', table: { table: { text: 't' } }, count: true, where: [], forUpdate: false, text: 'select count(*) from t' },
        ],
        nowait: false,
      },
    },
  ],
  [
    'reader: select id, v from t',
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'reader' },
        statements: [
          {
            kind: 'select',
            table: { table: { text: 't' } },
            columns: [{ text: 'id' }, { text: 'v' }],
            count: false,
            where: [],
            forUpdate: false,
            text: 'select id, v from t',
          },
        ],
        nowait: false,
      },
    },
  ],
  [
    'app: start transaction',
    {
      kind: 'step',
      action: { kind: 'clientStep', client: { text: 'app' }, statements: [{ kind: 'begin', text: 'start transaction' }], nowait: false },
    },
  ],
  [
    "app: insert into t values (5, 'e') as T5 nowait",
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'insert',
            table: { table: { text: 't' } },
            rows: [
              [
                { kind: 'int', value: 5 },
                { kind: 'string', value: 'e' },
              ],
            ],
            text: "insert into t values (5, 'e')",
          },
        ],
        txnName: { text: 'T5' },
        nowait: true,
      },
    },
  ],
  [
    'app: retry T2 as T2_again',
    {
      kind: 'step',
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [{ kind: 'retry', txn: { text: 'T2' }, text: 'retry T2' }],
        txnName: { text: 'T2_again' },
        nowait: false,
      },
    },
  ],
  [
    'app: rollback',
    {
      kind: 'step',
      action: { kind: 'clientStep', client: { text: 'app' }, statements: [{ kind: 'rollback', text: 'rollback' }], nowait: false },
    },
  ],
  // timing
  [
    'at 20ms: crash m1',
    { kind: 'step', timing: { kind: 'at', micros: 20000 }, action: { kind: 'crash', server: { text: 'm1' }, mode: 'process' } },
  ],
  [
    "after 5ms: app: insert into t values (9, 'z')",
    {
      kind: 'step',
      timing: { kind: 'after', micros: 5000 },
      action: {
        kind: 'clientStep',
        client: { text: 'app' },
        statements: [
          {
            kind: 'insert',
            mode: 'insert',
            table: { table: { text: 't' } },
            rows: [
              [
                { kind: 'int', value: 9 },
                { kind: 'string', value: 'z' },
              ],
            ],
            text: "insert into t values (9, 'z')",
          },
        ],
        nowait: false,
      },
    },
  ],
  ['wait 1s', { kind: 'step', action: { kind: 'wait', micros: 1000000 } }],
  ['wait until r1 caught up', { kind: 'step', action: { kind: 'waitCaughtUp', server: { text: 'r1' } } }],
  // triggers
  [
    'on T2 engine_committed: crash m1',
    {
      kind: 'trigger',
      subject: { text: 'T2' },
      state: { text: 'engine_committed' },
      action: { kind: 'crash', server: { text: 'm1' }, mode: 'process' },
    },
  ],
  [
    'on T2 relay_logged by r1: crash m1 host',
    {
      kind: 'trigger',
      subject: { text: 'T2' },
      state: { text: 'relay_logged' },
      by: { text: 'r1' },
      action: { kind: 'crash', server: { text: 'm1' }, mode: 'host' },
    },
  ],
  [
    'on m1 binlog_flushed: stop r1 io_thread',
    {
      kind: 'trigger',
      subject: { text: 'm1' },
      state: { text: 'binlog_flushed' },
      action: { kind: 'threadControl', op: 'stop', server: { text: 'r1' }, thread: 'io_thread', threadName: { text: 'io_thread' } },
    },
  ],
  // faults and operations
  ['crash m1 process', { kind: 'step', action: { kind: 'crash', server: { text: 'm1' }, mode: 'process' } }],
  ['restart m1', { kind: 'step', action: { kind: 'restart', server: { text: 'm1' } } }],
  [
    "restart m1 as replica of r1 from binlog 'mysql-bin.000001':4",
    {
      kind: 'step',
      action: {
        kind: 'restart',
        server: { text: 'm1' },
        asReplicaOf: { text: 'r1' },
        start: { kind: 'file', file: 'mysql-bin.000001', pos: 4 },
      },
    },
  ],
  ['shutdown m1', { kind: 'step', action: { kind: 'shutdown', server: { text: 'm1' } } }],
  ['promote r1', { kind: 'step', action: { kind: 'promote', server: { text: 'r1' } } }],
  [
    'change master r2 to r1 auto_position',
    {
      kind: 'step',
      action: { kind: 'changeMaster', replica: { text: 'r2' }, source: { text: 'r1' }, start: { kind: 'autoPosition' }, options: [] },
    },
  ],
  [
    'change master r2 to r1 from end',
    {
      kind: 'step',
      action: { kind: 'changeMaster', replica: { text: 'r2' }, source: { text: 'r1' }, start: { kind: 'end' }, options: [] },
    },
  ],
  [
    'change master r2 to r1 from start',
    {
      kind: 'step',
      action: { kind: 'changeMaster', replica: { text: 'r2' }, source: { text: 'r1' }, start: { kind: 'start' }, options: [] },
    },
  ],
  [
    'change master r2 to r1 master_use_gtid=slave_pos, master_delay=60',
    {
      kind: 'step',
      action: {
        kind: 'changeMaster',
        replica: { text: 'r2' },
        source: { text: 'r1' },
        options: [
          { name: { text: 'master_use_gtid' }, value: { kind: 'word', text: 'slave_pos' } },
          { name: { text: 'master_delay' }, value: { kind: 'int', value: 60 } },
        ],
      },
    },
  ],
  [
    'start r1 sql_thread',
    {
      kind: 'step',
      action: { kind: 'threadControl', op: 'start', server: { text: 'r1' }, thread: 'sql_thread', threadName: { text: 'sql_thread' } },
    },
  ],
  ['stop r1', { kind: 'step', action: { kind: 'threadControl', op: 'stop', server: { text: 'r1' }, thread: 'both' } }],
  ['partition m1 -> r1', { kind: 'step', action: { kind: 'linkControl', op: 'partition', from: { text: 'm1' }, to: { text: 'r1' } } }],
  ['heal m1 -> r1', { kind: 'step', action: { kind: 'linkControl', op: 'heal', from: { text: 'm1' }, to: { text: 'r1' } } }],
  ['kill app', { kind: 'step', action: { kind: 'kill', client: { text: 'app' } } }],
  ['reset master m1', { kind: 'step', action: { kind: 'reset', what: 'master', server: { text: 'm1' }, spelling: { text: 'master' } } }],
  ['reset slave r1', { kind: 'step', action: { kind: 'reset', what: 'slave', server: { text: 'r1' }, spelling: { text: 'slave' } } }],
  ['reset replica r1', { kind: 'step', action: { kind: 'reset', what: 'slave', server: { text: 'r1' }, spelling: { text: 'replica' } } }],
  [
    'stop slave r1 io_thread',
    {
      kind: 'step',
      action: {
        kind: 'threadControl',
        op: 'stop',
        server: { text: 'r1' },
        thread: 'io_thread',
        threadName: { text: 'io_thread' },
        spelling: { text: 'slave' },
      },
    },
  ],
  [
    'set m1 semisync=off, timeout=500ms',
    {
      kind: 'step',
      action: {
        kind: 'set',
        server: { text: 'm1' },
        settings: [
          { name: { text: 'semisync' }, value: { kind: 'word', text: 'off' } },
          { name: { text: 'timeout' }, value: { kind: 'duration', micros: 500000 } },
        ],
      },
    },
  ],
  ['flush status m1', { kind: 'step', action: { kind: 'flushStatus', server: { text: 'm1' } } }],
  ['app reconnects to r1', { kind: 'step', action: { kind: 'reconnect', client: { text: 'app' }, server: { text: 'r1' } } }],
  // expectations
  ['expect T2 outcome lost_connection', { kind: 'expectOutcome', txn: { text: 'T2' }, outcome: { text: 'lost_connection' } }],
  ['expect T5 outcome error 1062', { kind: 'expectOutcome', txn: { text: 'T5' }, outcome: { text: 'error' }, code: 1062 }],
  [
    'expect m1 has t(id=2)',
    {
      kind: 'expectRows',
      server: { text: 'm1' },
      present: true,
      table: { table: { text: 't' } },
      match: [{ column: { text: 'id' }, value: { kind: 'int', value: 2 } }],
    },
  ],
  [
    'expect r1 lacks d.t(id=2)',
    {
      kind: 'expectRows',
      server: { text: 'r1' },
      present: false,
      table: { database: { text: 'd' }, table: { text: 't' } },
      match: [{ column: { text: 'id' }, value: { kind: 'int', value: 2 } }],
    },
  ],
  [
    "expect r1 has audit(msg='x') count 2",
    {
      kind: 'expectRows',
      server: { text: 'r1' },
      present: true,
      table: { table: { text: 'audit' } },
      match: [{ column: { text: 'msg' }, value: { kind: 'string', value: 'x' } }],
      count: 2,
    },
  ],
  ['expect m1 replication error 1062', { kind: 'expectReplication', server: { text: 'm1' }, errno: 1062 }],
  ['expect r1 replication running', { kind: 'expectReplication', server: { text: 'r1' } }],
  [
    'expect m1 Rpl_semi_sync_master_status = OFF',
    {
      kind: 'expectStatus',
      server: { text: 'm1' },
      variable: { text: 'Rpl_semi_sync_master_status' },
      op: '=',
      value: { kind: 'word', text: 'OFF' },
    },
  ],
  [
    'expect r1 Exec_Master_Log_Pos >= 434',
    {
      kind: 'expectStatus',
      server: { text: 'r1' },
      variable: { text: 'Exec_Master_Log_Pos' },
      op: '>=',
      value: { kind: 'int', value: 434 },
    },
  ],
  [
    "expect r1 Master_Log_File = 'mysql-bin.000002'",
    {
      kind: 'expectStatus',
      server: { text: 'r1' },
      variable: { text: 'Master_Log_File' },
      op: '=',
      value: { kind: 'string', text: 'mysql-bin.000002' },
    },
  ],
  [
    'expect no lost_acknowledged_commit',
    { kind: 'expectVerdict', negated: true, always: false, verdict: { text: 'lost_acknowledged_commit' } },
  ],
  [
    'expect duplicate_by_retry of T2',
    { kind: 'expectVerdict', negated: false, always: false, verdict: { text: 'duplicate_by_retry' }, subject: { text: 'T2' } },
  ],
  [
    'expect always no lost_acknowledged_commit',
    { kind: 'expectVerdict', negated: true, always: true, verdict: { text: 'lost_acknowledged_commit' } },
  ],
  [
    'explore wait_point in (after_sync, after_commit)',
    {
      kind: 'explore',
      setting: { text: 'wait_point' },
      values: [
        { kind: 'word', text: 'after_sync' },
        { kind: 'word', text: 'after_commit' },
      ],
    },
  ],
  [
    'explore timeout in (1s, unbounded)',
    { kind: 'explore', setting: { text: 'timeout' }, values: [{ kind: 'duration', micros: 1_000_000 }, { kind: 'unbounded' }] },
  ],
];

void describe('each construct parses into the expected AST', () => {
  for (const [source, expected] of constructs) {
    void test(source, () => assert.deepEqual(parsedItem(source), expected));
  }
});

void describe('ranges', () => {
  void test('every name points at its word', () => {
    const { text, offsets } = snippet(
      'replica <|>r1 of <|>m1 { <|>semisync <|>timeout=<|>5s }\n<|>app: begin; insert into <|>t values (1) as <|>T2\non <|>T2 <|>applied by <|>r1: crash <|>m1',
    );
    const items = analyze(text).parse.file.items;
    const server = items[0];
    const step = items[1];
    const trigger = items[2];
    assert.ok(server?.kind === 'server' && step?.kind === 'step' && trigger?.kind === 'trigger');
    assert.ok(step.action.kind === 'clientStep' && trigger.action.kind === 'crash');
    const insert = step.action.statements[1];
    assert.ok(insert?.kind === 'insert');
    const names = [
      server.name,
      server.of,
      server.settings[0]?.name,
      server.settings[1]?.name,
      server.settings[1]?.value,
      step.action.client,
      insert.table.table,
      step.action.txnName,
      trigger.subject,
      trigger.state,
      trigger.by,
      trigger.action.server,
    ];
    const lineStarts = [0, ...[...text].flatMap((c, i) => (c === '\n' ? [i + 1] : []))];
    names.forEach((n, i) => {
      assert.ok(n, `name ${i} is missing`);
      const offset = (lineStarts[n.range.start.line] ?? 0) + n.range.start.character;
      assert.equal(offset, offsets[i], `name ${i} starts at the wrong place`);
    });
  });

  void test('a multi-line item spans its lines', () => {
    const items = analyze('table t (\n  id int primary key,\n  v varchar(20)\n)\nsource m1 {\n  semisync\n}\n').parse.file.items;
    assert.deepEqual(
      items.map((i) => [i.range.start.line, i.range.end.line]),
      [
        [0, 3],
        [4, 6],
      ],
    );
  });
});

void describe('docs/language.md', () => {
  const blocks = docSnippets();
  void test('has example blocks', () => assert.ok(blocks.length >= 10, `only ${blocks.length} repl blocks found`));
  for (const block of blocks) {
    void test(`the block on line ${block.line} parses without a syntax error`, () => {
      const syntax = analyze(block.text).parse.diagnostics.map(
        (d) => `${block.line + d.range.start.line}:${d.range.start.character + 1} ${d.message}`,
      );
      assert.deepEqual(syntax, []);
    });
  }
  void test('the opening example checks without any error', () => {
    const first = blocks[0];
    assert.ok(first);
    assert.deepEqual(
      analyze(first.text)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.message),
      [],
    );
  });
});
