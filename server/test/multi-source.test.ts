/**
 * Multi-source replication (issue 11, item 9): a replica with one replication channel per source, MySQL 5.7+'s FOR
 * CHANNEL and MariaDB's connection names. Each channel has its own threads, relay log (`relay-bin-NAME`) and
 * positions; the rows, binlog and GTID state are the server's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runChecked, snippet } from './helpers/snippet';
import { complete } from '../src/language/complete';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';

const errors = (text: string): string[] =>
  analyze(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.range.start.line + 1}: ${d.message}`);

const twoSources = (flavor: Flavor, script: string, replica = 'replica r1 of m1 for channel east, m2 for channel west { gtid }') => `
flavor ${flavor}
source m1 { gtid${flavor === 'mariadb-10.11' ? ', gtid_domain_id=1' : ''} }
source m2 { gtid${flavor === 'mariadb-10.11' ? ', gtid_domain_id=2' : ''} }
${replica}
link m1 -> r1 latency 2ms
link m2 -> r1 latency 3ms
table t (id int primary key, v varchar(20))
client a on m1
client b on m2
a: insert into t values (1, 'a')
b: insert into t values (2, 'b')
wait until r1 caught up
${script}
`;

const status = (trace: Trace, key: string): unknown => trace.finalStatus['r1']?.[key];
const ids = (trace: Trace): unknown[] => (trace.rows['r1']?.['t'] ?? []).map((r) => r['id']);

for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as const) {
  void test(`${flavor}: each channel receives and applies its own source's binlog, into its own relay log`, () => {
    const trace = runChecked(twoSources(flavor, ''));
    assert.deepEqual(ids(trace), [1, 2]);
    const end = flavor === 'mariadb-10.11' ? 540 : 439;
    for (const [channel, source] of [
      ['east', 'm1'],
      ['west', 'm2'],
    ] as const) {
      assert.equal(status(trace, `${channel}:Master_Host`), source);
      assert.equal(status(trace, `${channel}:Exec_Master_Log_Pos`), end);
      assert.equal(status(trace, `${channel}:Relay_Log_File`), `relay-bin-${channel}.000002`);
      assert.equal(status(trace, `${channel}:${flavor === 'mariadb-10.11' ? 'Connection_name' : 'Channel_Name'}`), channel);
      assert.equal(status(trace, `${channel}:Slave_SQL_Running`), 'Yes');
    }
    assert.deepEqual(trace.verdicts, []);
    if (flavor === 'mariadb-10.11') assert.equal(trace.finalStatus['r1']?.['gtid_slave_pos'], '1-1-1,2-2-1');
    else {
      const uuid = (name: string): string => trace.servers.find((s) => s.name === name)?.serverUuid ?? '';
      assert.equal(String(trace.finalStatus['r1']?.['gtid_executed']).replace(/\s/g, ''), `${uuid('m1')}:1,${uuid('m2')}:1`);
    }
  });

  void test(`${flavor}: a channel stopped alone lags while the other goes on, and catches up when started`, () => {
    const trace = runChecked(
      twoSources(
        flavor,
        `stop r1 for channel west
b: insert into t values (3, 'b')
a: insert into t values (4, 'a')
wait 50ms
expect r1 lacks t(id=3)
expect r1 has t(id=4)
expect r1 for channel west Slave_SQL_Running = No
expect r1 for channel east Slave_SQL_Running = Yes
start r1 for channel west
wait until r1 caught up
expect r1 has t(id=3)
expect r1 for channel west Relay_Log_File = '${restartedRelayFile(flavor)}'`,
      ),
    );
    assert.deepEqual(
      trace.expectations.filter((e) => !e.passed).map((e) => e.message),
      [],
    );
    assert.deepEqual(trace.verdicts, []);
  });
}

void test('without FOR CHANNEL, MySQL stops every channel and MariaDB only the default connection', () => {
  const replica = 'replica r1 of m1, m2 for channel west { gtid }';
  const mysql = runChecked(twoSources('mysql-8.0', 'stop r1', replica));
  assert.equal(status(mysql, 'Slave_SQL_Running'), 'No');
  assert.equal(status(mysql, 'west:Slave_SQL_Running'), 'No');
  const mariadb = runChecked(twoSources('mariadb-10.11', 'stop r1', replica));
  assert.equal(status(mariadb, 'Slave_SQL_Running'), 'No');
  assert.equal(status(mariadb, 'west:Slave_SQL_Running'), 'Yes');
  assert.equal(status(mariadb, ':Connection_name'), '');
});

void test('the checker refuses a channel twice, two channels to one source, an unknown source and a flavor without channels', () => {
  const head = 'source m1 { }\nsource m2 { }\n';
  assert.deepEqual(errors(`flavor mysql-8.0\n${head}replica r1 of m1 for channel a, m2 for channel a { }`), [
    "4: channel a is already r1's channel from m1",
  ]);
  assert.deepEqual(errors(`flavor mysql-8.0\n${head}replica r1 of m1, m2 { }`), [
    '4: r1 already replicates from m1 on the default channel: name this one (`m2 for channel NAME`)',
  ]);
  assert.match(errors(`flavor mysql-8.0\n${head}replica r1 of m1, m1 for channel b { }`).join(), /ERROR 3075/);
  assert.match(errors(`flavor mariadb-10.11\n${head}replica r1 of m1, m1 for channel b { }`).join(), /MariaDB refuses a second connection/);
  assert.deepEqual(errors(`flavor mysql-8.0\n${head}replica r1 of m1, zz for channel b { }`), ["4: unknown server 'zz'"]);
  assert.match(errors(`flavor mysql-5.5\n${head}replica r1 of m1, m2 for channel b { }`).join(), /MySQL 5.5 replicates from one source/);
  assert.match(errors(`flavor mysql-5.7\n${head}replica r1 of m1, m2 for channel b { }`).join(), /ERROR 3077/);
  assert.deepEqual(
    errors(`flavor mysql-5.7\n${head}replica r1 of m1, m2 for channel b { master_info_repository=table, relay_log_info_repository=table }`),
    [],
  );
});

void test('the checker names the channels a step or an expectation may use, and the operations not modelled', () => {
  const file = (lines: string) => `flavor mariadb-10.11
source m1 { }
source m2 { }
replica r1 of m1 for channel a, m2 for channel b { }
replica r2 of m1 { }
${lines}`;
  assert.deepEqual(errors(file('stop r1 for channel c')), ['6: r1 has no channel c: its channels are a, b']);
  assert.deepEqual(errors(file('start r1')), [
    "6: MariaDB's START SLAVE acts on the default connection '' (default_master_connection), which r1 does not have: add `for channel a`",
  ]);
  assert.deepEqual(errors(file('expect r1 for channel z Slave_IO_Running = Yes')), ['6: r1 has no channel z: its channels are a, b']);
  assert.deepEqual(errors(file('stop r2 for channel a')), ['6: r2 has no channel a: it replicates on the default channel only']);
  assert.deepEqual(errors(file('crash r1')), [
    '6: r1 replicates through several channels: crash of a multi-source replica is not modelled yet',
  ]);
  assert.deepEqual(errors(file('expect r1 for channel b Connection_name = b')), []);
});

void test('completion offers `for channel` and the channel names of a multi-source replica only', () => {
  const file = (line: string) => `flavor mysql-8.0
source m1 { }
source m2 { }
replica r1 of m1, m2 for channel west { }
replica r2 of m1 { }
${line}
`;
  const labels = (line: string): string[] => {
    const s = snippet(file(line));
    return complete(analyze(s.text), s.text, s.offset).candidates.map((c) => c.label);
  };
  assert.deepEqual(labels('stop r1 <|>'), ['io_thread', 'sql_thread', 'for']);
  assert.deepEqual(labels('stop r2 <|>'), ['io_thread', 'sql_thread']);
  assert.deepEqual(labels('start r1 for <|>'), ['channel']);
  assert.deepEqual(labels('start r1 for channel <|>'), ['west']);
});

/**
 * The west channel's relay file after STOP and START of that channel: MySQL's I/O thread opens the next one; MariaDB's
 * START SLAVE with MASTER_USE_GTID and both threads stopped deletes the channel's relay logs, so the numbering starts
 * again as at the first start.
 */
function restartedRelayFile(flavor: string): string {
  return flavor === 'mariadb-10.11' ? 'relay-bin-west.000002' : 'relay-bin-west.000003';
}
