/**
 * MariaDB's GTID controls (issue 11, item 11): master_use_gtid=slave_pos|current_pos|no, gtid_domain_id,
 * gtid_strict_mode, SET GLOBAL gtid_slave_pos and a client's sql_log_bin=0. The checker's rules, the positions and
 * the texts; the real MariaDB figures are held by conformance c69–c73.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';

function run(text: string): Trace {
  const a = analyze(text);
  assert.deepEqual(
    a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return runScenario(a.scenario);
}

const errors = (text: string): [number, string][] =>
  analyze(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.range.start.line, d.message]);
const ids = (trace: Trace, server: string): unknown[] => (trace.rows[server]?.['t'] ?? []).map((r) => r['id']);
const status = (trace: Trace, server: string, name: string): unknown => trace.finalStatus[server]?.[name];
const labels = (trace: Trace, kind: string): string[] => trace.events.filter((e) => e.kind === kind).map((e) => e.label);

const errantThenReconnect = (use: string) => `
flavor mariadb-10.11
source m1 { }
replica r1 of m1 { ${use} }
table t (id int primary key)
client app on m1
client ops on r1
app: insert into t values (1)
wait until r1 caught up
stop r1
ops: insert into t values (100)
app: insert into t values (2)
app: insert into t values (3)
start r1
wait 100ms
`;

void test('master_use_gtid=current_pos asks for the errant GTID and gets 1236 with the diverged text; slave_pos goes on', () => {
  const current = run(errantThenReconnect('master_use_gtid=current_pos'));
  assert.equal(status(current, 'r1', 'Using_Gtid'), 'Current_Pos');
  assert.equal(status(current, 'r1', 'Last_IO_Errno'), 1236);
  assert.equal(
    status(current, 'r1', 'Last_IO_Error'),
    "Got fatal error 1236 from master when reading data from binary log: 'Error: connecting slave requested to start from GTID 0-2-2, which is not in the master's binlog. Since the master's binlog contains GTIDs with higher sequence numbers, it probably means that the slave has diverged due to executing extra erroneous transactions'",
  );
  assert.equal(status(current, 'r1', 'Gtid_IO_Pos'), '0-2-2', 'the position it asked for');
  assert.deepEqual(ids(current, 'r1'), [1, 100]);

  const slave = run(errantThenReconnect('master_use_gtid=slave_pos'));
  assert.equal(status(slave, 'r1', 'Using_Gtid'), 'Slave_Pos');
  assert.equal(status(slave, 'r1', 'Last_IO_Errno'), 0);
  assert.deepEqual(ids(slave, 'r1'), [1, 2, 3, 100], 'the errant row stays, silently');
  assert.equal(status(slave, 'r1', 'gtid_slave_pos'), '0-1-3');
  assert.equal(status(slave, 'r1', 'gtid_binlog_pos'), '0-2-2');
  assert.equal(status(slave, 'r1', 'gtid_current_pos'), '0-1-3', 'equal sequence numbers: the slave position');
});

void test('the gtid flag keeps its meaning: on is current_pos, off is MASTER_USE_GTID=no by file and position', () => {
  assert.equal(status(run(errantThenReconnect('gtid')), 'r1', 'Using_Gtid'), 'Current_Pos');
  const no = run(errantThenReconnect('master_use_gtid=no'));
  assert.equal(status(no, 'r1', 'Using_Gtid'), 'No');
  assert.equal(status(no, 'r1', 'Gtid_IO_Pos'), '');
  assert.deepEqual(ids(no, 'r1'), [1, 2, 3, 100]);
  assert.equal(status(run(errantThenReconnect('gtid=off')), 'r1', 'Using_Gtid'), 'No');
});

void test('change master … master_use_gtid switches the position a replica sends, and is kept', () => {
  const text = errantThenReconnect('master_use_gtid=current_pos').replace(
    'start r1\n',
    'change master r1 to m1 master_use_gtid=slave_pos\nstart r1\n',
  );
  const trace = run(text);
  assert.equal(status(trace, 'r1', 'Using_Gtid'), 'Slave_Pos');
  assert.deepEqual(ids(trace, 'r1'), [1, 2, 3, 100]);
  const back = run(
    errantThenReconnect('master_use_gtid=slave_pos').replace('start r1\n', 'change master r1 to m1 master_use_gtid=no\nstart r1\n'),
  );
  assert.equal(status(back, 'r1', 'Using_Gtid'), 'No');
});

void test('gtid_domain_id: own GTIDs in the server domain, one position per domain down a chain', () => {
  const trace = run(`
flavor mariadb-10.11
source m1 { gtid_domain_id=1 }
replica r1 of m1 { gtid_domain_id=2, log_slave_updates }
replica r2 of r1 { }
table t (id int primary key)
client app on m1
client local on r1
app: insert into t values (1)
app: insert into t values (2)
wait until r1 caught up
local: insert into t values (100)
wait until r2 caught up
`);
  assert.equal(status(trace, 'm1', 'gtid_binlog_pos'), '1-1-2');
  assert.equal(status(trace, 'r1', 'gtid_binlog_pos'), '1-1-2,2-2-1', 'its own domain starts at 1');
  assert.equal(status(trace, 'r1', 'gtid_slave_pos'), '1-1-2');
  assert.equal(status(trace, 'r2', 'gtid_slave_pos'), '1-1-2,2-2-1');
  assert.equal(status(trace, 'r2', 'Gtid_IO_Pos'), '1-1-2,2-2-1');
  assert.equal(trace.transactions.find((t) => t.id === 'T3')?.gtid, '2-2-1');
});

void test('gtid_strict_mode: the applier refuses an out-of-order GTID with 1950; without it the GTID is logged after the errant one', () => {
  const text = (strict: boolean) => `
flavor mariadb-10.11
source m1 { }
replica r1 of m1 { log_slave_updates, master_use_gtid=slave_pos${strict ? ', gtid_strict_mode' : ''} }
table t (id int primary key)
client app on m1
client ops on r1
app: insert into t values (1)
wait until r1 caught up
ops: insert into t values (100)
app: insert into t values (2)
wait 100ms
`;
  const strict = run(text(true));
  assert.equal(status(strict, 'r1', 'Last_SQL_Errno'), 1950);
  assert.equal(
    status(strict, 'r1', 'Last_SQL_Error'),
    'An attempt was made to binlog GTID 0-1-2 which would create an out-of-order sequence number with existing GTID 0-2-2, and gtid strict mode is enabled',
  );
  assert.deepEqual(ids(strict, 'r1'), [1, 100], 'nothing of the refused transaction is applied');
  const loose = run(text(false));
  assert.equal(status(loose, 'r1', 'Last_SQL_Errno'), 0);
  assert.equal(status(loose, 'r1', 'gtid_binlog_pos'), '0-1-2');
  assert.deepEqual(ids(loose, 'r1'), [1, 2, 100]);
});

void test('gtid_strict_mode without log_slave_updates binlogs nothing on the applier: no refusal', () => {
  const trace = run(`
flavor mariadb-10.11
source m1 { }
replica r1 of m1 { gtid_strict_mode, master_use_gtid=slave_pos }
table t (id int primary key)
client app on m1
client ops on r1
app: insert into t values (1)
wait until r1 caught up
ops: insert into t values (100)
app: insert into t values (2)
wait 100ms
`);
  assert.equal(status(trace, 'r1', 'Last_SQL_Errno'), 0);
});

void test('set gtid_slave_pos: 1198 while the slave runs; taken when stopped, with warning 1947 against a newer binlog GTID', () => {
  const trace = run(`
flavor mariadb-10.11
source m1 { }
replica r1 of m1 { master_use_gtid=slave_pos }
table t (id int primary key)
client app on m1
client ops on r1
app: insert into t values (1)
app: insert into t values (2)
wait until r1 caught up
ops: insert into t values (100)
set r1 gtid_slave_pos='0-1-1'
stop r1
set r1 gtid_slave_pos='0-1-1'
start r1
wait 100ms
`);
  assert.deepEqual(labels(trace, 'set_global'), [
    "SET GLOBAL gtid_slave_pos='0-1-1': ERROR 1198 (HY000): This operation cannot be performed as you have a running slave ''; run STOP SLAVE '' first",
    "SET GLOBAL gtid_slave_pos='0-1-1': gtid_slave_pos is '0-1-1'; Warning 1947: Specified GTID 0-1-1 conflicts with the binary log which contains a more recent GTID 0-2-3. If MASTER_GTID_POS=CURRENT_POS is used, the binlog position will override the new value of @@gtid_slave_pos",
  ]);
  assert.equal(status(trace, 'r1', 'Last_SQL_Errno'), 1062, '0-1-2 comes again');
});

void test('sql_log_bin=0: the session commits outside the binlog, no GTID, never replicated; the timeline says so', () => {
  const trace = run(`
flavor mariadb-10.11
source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
client dba on m1 { sql_log_bin=0 }
app: insert into t values (1)
dba: insert into t values (2) as quiet
app: insert into t values (3)
wait until r1 caught up
`);
  assert.deepEqual(ids(trace, 'm1'), [1, 2, 3]);
  assert.deepEqual(ids(trace, 'r1'), [1, 3]);
  const quiet = trace.transactions.find((t) => t.id === 'quiet');
  assert.equal(quiet?.outcome.kind, 'ok');
  assert.equal(quiet?.gtid, undefined);
  assert.equal(quiet?.binlog, undefined);
  assert.equal(quiet?.unlogged, true);
  assert.equal(trace.transactions.find((t) => t.id === 'T3')?.gtid, '0-1-2', 'the next GTID follows on');
  assert.deepEqual(labels(trace, 'not_binlogged'), ['quiet not written to the binlog (sql_log_bin=0): no GTID, no replica will get it']);
  assert.ok(trace.verdicts.some((v) => v.kind === 'divergence' && v.message.includes('(m1 has quiet, never binlogged: sql_log_bin=0)')));
});

void test('the checker: MariaDB-only settings, run-time-only gtid_slave_pos, CHANGE MASTER options, bad values', () => {
  assert.deepEqual(errors('flavor mysql-8.0\nsource m1 { gtid_domain_id=1 }\nreplica r1 of m1 { master_use_gtid=slave_pos }'), [
    [
      1,
      "gtid_domain_id is MariaDB's (mysql-8.0: error 1193, unknown system variable); MySQL's GTIDs are uuid:n, positioned by auto_position",
    ],
    [
      2,
      "master_use_gtid is MariaDB's (mysql-8.0: error 1193, unknown system variable); MySQL's GTIDs are uuid:n, positioned by auto_position",
    ],
  ]);
  assert.deepEqual(errors("flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { gtid_slave_pos='0-1-5' }"), [
    [
      2,
      "gtid_slave_pos is set at run time, with the replica stopped: write `stop SERVER`, `set SERVER gtid_slave_pos='0-1-5'`, then `start SERVER`",
    ],
  ]);
  assert.deepEqual(errors("flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nset r1 gtid_slave_pos='0-1'"), [
    [
      3,
      "gtid_slave_pos is a MariaDB GTID list, one domain-server-seq per domain ('0-1-5,1-2-3'), or '' (MariaDB: error 1941, could not parse GTID list)",
    ],
  ]);
  assert.deepEqual(errors("flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nset r1 gtid_slave_pos=''"), []);
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nset r1 master_use_gtid=slave_pos'), [
    [3, 'MASTER_USE_GTID is not a global variable: write `change master REPLICA to SOURCE … master_use_gtid=…`'],
  ]);
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nset m1 gtid_domain_id=3'), [
    [3, 'gtid_domain_id cannot be changed while the server runs'],
  ]);
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nset r1 gtid_strict_mode=on'), []);
  assert.deepEqual(
    errors(
      "flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nchange master r1 to m1 from binlog 'mysql-bin.000001':4 master_use_gtid=slave_pos",
    ),
    [[3, 'MASTER_USE_GTID=slave_pos takes its position from the GTID state: a binlog file and position go with master_use_gtid=no']],
  );
  assert.deepEqual(
    errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nchange master r1 to m1 auto_position master_use_gtid=no'),
    [[3, 'auto_position asks for GTID positioning: master_use_gtid=no contradicts it']],
  );
  assert.deepEqual(
    errors('flavor mysql-8.0\nsource m1 { gtid }\nreplica r1 of m1 { gtid }\nchange master r1 to m1 master_use_gtid=slave_pos'),
    [
      [
        3,
        "master_use_gtid is MariaDB's (mysql-8.0: error 1193, unknown system variable); MySQL's GTIDs are uuid:n, positioned by auto_position",
      ],
    ],
  );
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nchange master r1 to m1 gtid_strict_mode=on'), [
    [3, "CHANGE MASTER takes master_delay (source_delay) or master_use_gtid here, not 'gtid_strict_mode'"],
  ]);
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nclient dba on m1 { sql_log_bin=2 }'), [
    [2, 'sql_log_bin is 0 or 1 (off or on): `sql_log_bin=0` keeps the session out of the binlog'],
  ]);
  assert.deepEqual(errors('flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { master_use_gtid=own_pos }').length, 1);
});

void test('START SLAVE with master_use_gtid and both threads stopped deletes the relay logs: relay-bin.000002 again; by file and position the numbering goes on', () => {
  const relayFileAfterRestart = (gtid: string) =>
    run(
      [
        'flavor mariadb-10.11',
        'source m1 { }',
        `replica r1 of m1 { ${gtid} }`,
        'table t (id int primary key, v varchar(20))',
        'client app on m1',
        "app: insert into t values (1, 'a')",
        'wait until r1 caught up',
        'stop r1',
        "app: insert into t values (2, 'b')",
        'start r1',
        'wait until r1 caught up',
        '',
      ].join('\n'),
    ).finalStatus['r1'];
  const gtid = relayFileAfterRestart('gtid');
  assert.equal(gtid['Relay_Log_File'], 'relay-bin.000002');
  assert.equal(gtid['Using_Gtid'], 'Current_Pos');
  assert.equal(relayFileAfterRestart('gtid=off')['Relay_Log_File'], 'relay-bin.000003');
});
