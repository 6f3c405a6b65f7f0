/**
 * Noticing a dead source (issue 11, item 8): slave_net_timeout as the connection's read and connect timeout, the dump
 * thread's heartbeats on an idle binlog, MASTER_CONNECT_RETRY between attempts, master_retry_count giving up; the
 * Last_IO_Errno 2003 texts per flavor; a healed partition or a restarted source picked up by the next attempt. And a
 * link's bandwidth (item 12): messages serialised by size on the wire.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { statusAt } from '../src/trace/query';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { problems } from './helpers/snippet';

const S = 1_000_000;

function run(text: string): Trace {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(errors, [], 'the snippet checks clean');
  return runScenario(a.scenario);
}

const scenario = (flavor: Flavor, replica: string, ...script: string[]) =>
  [
    `flavor ${flavor}`,
    'source m1 { }',
    `replica r1 of m1 { ${replica} }`,
    'link m1 -> r1 latency 1ms',
    'table t (id int primary key)',
    'client app on m1',
    'app: insert into t values (1)',
    'wait until r1 caught up',
    ...script,
  ].join('\n');

const io = (trace: Trace, t: number) => statusAt(trace, 'r1', t);
const partitionAt = (trace: Trace) => trace.events.find((e) => e.kind === 'link_partition')!.time;

const texts: [Flavor, string, string][] = [
  [
    'mariadb-10.11',
    "error reconnecting to master 'repl@m1:3306' - retry-time: 60  maximum-retries: 100000  message: Can't connect to server on 'm1' (110 \"Connection timed out\")",
    "error reconnecting to master 'repl@m1:3306' - retry-time: 60  maximum-retries: 100000  message: Can't connect to server on 'm1' (111 \"Connection refused\")",
  ],
  [
    'mysql-8.0',
    "Error reconnecting to source 'repl@m1:3306'. This was attempt 1/86400, with a delay of 60 seconds between attempts. Message: Can't connect to MySQL server on 'm1:3306' (110)",
    "Error reconnecting to source 'repl@m1:3306'. This was attempt 1/86400, with a delay of 60 seconds between attempts. Message: Can't connect to MySQL server on 'm1:3306' (111)",
  ],
  [
    'mysql-5.7',
    "error reconnecting to master 'repl@m1:3306' - retry-time: 60  retries: 1",
    "error reconnecting to master 'repl@m1:3306' - retry-time: 60  retries: 1",
  ],
];

for (const [flavor, timedOut, refused] of texts) {
  void test(`${flavor}: a partition is noticed after slave_net_timeout; the reconnect times out with 2003`, () => {
    const trace = run(scenario(flavor, '', 'partition m1 -> r1', 'app: insert into t values (2)', 'wait 200s'));
    const cut = partitionAt(trace);
    assert.equal(io(trace, cut + 59 * S)['Slave_IO_Running'], 'Yes', 'nothing noticed before the timeout');
    const lost = trace.events.find((e) => e.kind === 'io_connection_lost' && e.server === 'r1')!;
    // The last packet was T1's events (or the answer to the connect): the read timer counts 60 s from it.
    assert.ok(lost.time > cut + 59 * S && lost.time <= cut + 60 * S, `lost at ${lost.time}`);
    const after = io(trace, lost.time);
    assert.equal(after['Slave_IO_Running'], 'Connecting');
    assert.equal(after['Last_IO_Errno'], 0, 'the failed read itself sets no error: the reconnection does');
    assert.ok(trace.errorLog.some((l) => l.server === 'r1' && /Failed reading log event, reconnecting to retry/.test(l.text)));
    // The reconnection gets no answer: it fails after the connect timeout, slave_net_timeout again.
    const failed = io(trace, lost.time + 60 * S);
    assert.equal(failed['Last_IO_Errno'], 2003);
    assert.equal(failed['Last_IO_Error'], timedOut);
    assert.equal(failed['Slave_IO_Running'], 'Connecting');
  });

  void test(`${flavor}: a killed source resets the connection: the replica retries at once and gets 2003 (111)`, () => {
    const trace = run(scenario(flavor, '', 'crash m1', 'wait 10s'));
    const crash = trace.events.find((e) => e.kind === 'crash')!.time;
    const s = io(trace, crash + 10 * 1000);
    assert.equal(s['Slave_IO_Running'], 'Connecting');
    assert.equal(s['Last_IO_Errno'], 2003);
    assert.equal(s['Last_IO_Error'], refused);
  });
}

void test('defaults per flavor: slave_net_timeout 3600 in MySQL 5.5, 60 after; master_retry_count 86400, MariaDB 100000', () => {
  const t55 = run(scenario('mysql-5.5', '', 'partition m1 -> r1', 'wait 100s'));
  assert.equal(io(t55, partitionAt(t55) + 100 * S)['Slave_IO_Running'], 'Yes', '5.5 waits an hour');
  assert.equal(t55.events.filter((e) => e.kind === 'io_connection_lost').length, 0);
  const maria = run(scenario('mariadb-10.11', '', 'wait 1s'));
  assert.equal(io(maria, maria.endTime)['Connect_Retry'], 60);
  assert.equal(io(maria, maria.endTime)['Master_Retry_Count'], undefined, 'MariaDB shows no Master_Retry_Count');
  const mysql = run(scenario('mysql-8.0', '', 'wait 1s'));
  assert.equal(io(mysql, mysql.endTime)['Master_Retry_Count'], 86400);
  assert.equal(io(mysql, mysql.endTime)['Slave_heartbeat_period'], 30);
});

void test('after a failed attempt the next one comes MASTER_CONNECT_RETRY later; master_retry_count failures stop the thread', () => {
  const trace = run(
    scenario('mariadb-10.11', 'slave_net_timeout=10, master_connect_retry=5, master_retry_count=3', 'crash m1', 'wait 60s'),
  );
  const attempts = trace.events.filter((e) => e.kind === 'io_start' && e.server === 'r1').map((e) => e.time);
  const crash = trace.events.find((e) => e.kind === 'crash')!.time;
  const after = attempts.filter((t) => t >= crash);
  assert.equal(after.length, 3, 'three attempts after the crash');
  assert.equal(after[1] - after[0] > 5 * S && after[1] - after[0] < 5 * S + 10_000, true, `${after[1] - after[0]} µs apart`);
  const end = io(trace, trace.endTime);
  assert.equal(end['Slave_IO_Running'], 'No', 'the thread gave up');
  assert.equal(end['Last_IO_Errno'], 2003);
  assert.match(String(end['Last_IO_Error']), /maximum-retries: 3 {2}message: Can't connect to server on 'm1' \(111/);
  assert.ok(trace.verdicts.some((v) => v.kind === 'replication_stopped' && v.message.includes('2003')));
});

void test('a restarted source is picked up by the next retry, and replication resumes from the replica position', () => {
  const trace = run(
    scenario(
      'mariadb-10.11',
      'gtid=off, master_connect_retry=10',
      'crash m1',
      'wait 3s',
      'restart m1',
      'app reconnects to m1',
      'app: insert into t values (2) as T2',
      'wait 15s',
      'expect r1 Slave_IO_Running = Yes',
      'expect r1 Last_IO_Errno = 0',
      'expect r1 has t(id=2)',
    ),
  );
  assert.deepEqual(
    trace.expectations.filter((e) => !e.passed).map((e) => e.message),
    [],
  );
  const reconnected = trace.events.find((e) => e.kind === 'io_connected' && e.label.startsWith('reconnected'))!;
  const crash = trace.events.find((e) => e.kind === 'crash')!.time;
  assert.ok(reconnected.time >= crash + 10 * S, 'not before MASTER_CONNECT_RETRY');
});

void test('a partition healed before the timeout goes unnoticed; healed later, the next attempt reconnects and resumes', () => {
  const short = run(
    scenario('mysql-8.0', '', 'partition m1 -> r1', 'app: insert into t values (2)', 'wait 30s', 'heal m1 -> r1', 'wait 1s'),
  );
  assert.equal(short.events.filter((e) => e.kind === 'io_connection_lost').length, 0);
  assert.equal(io(short, short.endTime)['Read_Master_Log_Pos'], io(short, short.endTime)['Exec_Master_Log_Pos']);
  const long = run(
    scenario(
      'mysql-8.0',
      'slave_net_timeout=10, master_connect_retry=5',
      'partition m1 -> r1',
      'app: insert into t values (2)',
      'wait 60s',
      'expect r1 Slave_IO_Running = Connecting',
      'expect r1 Last_IO_Errno = 2003',
      'heal m1 -> r1',
      'wait 30s',
      'expect r1 Slave_IO_Running = Yes',
      'expect r1 Last_IO_Errno = 0',
      'expect r1 has t(id=2)',
    ),
  );
  assert.deepEqual(
    long.expectations.filter((e) => !e.passed).map((e) => e.message),
    [],
  );
  // The attempt given up during the partition is not answered after it heals: one dump thread, one connection.
  const heal = long.events.find((e) => e.kind === 'link_heal')!.time;
  assert.equal(long.events.filter((e) => e.kind === 'io_connected' && e.time > heal).length, 1);
});

void test('heartbeats keep an idle connection alive; without them an idle source looks dead', () => {
  const idle = run(scenario('mariadb-10.11', 'slave_net_timeout=10', 'wait 100s'));
  assert.equal(idle.events.filter((e) => e.kind === 'io_connection_lost').length, 0);
  const count = io(idle, idle.endTime)['Slave_received_heartbeats'] as number;
  // One every 5 s (half of slave_net_timeout) while the binlog is idle.
  assert.ok(count >= 19 && count <= 20, `${count} heartbeats`);
  assert.equal(io(idle, idle.endTime)['Slave_IO_Running'], 'Yes');
  const none = run(scenario('mariadb-10.11', 'slave_net_timeout=10, master_heartbeat_period=0', 'wait 35s'));
  const lost = none.events.filter((e) => e.kind === 'io_connection_lost').length;
  assert.ok(lost >= 3, `the replica gave up and reconnected ${lost} times`);
  assert.equal(io(none, none.endTime)['Last_IO_Errno'], 0, 'each reconnection succeeds at once');
});

void test('bandwidth: a transaction of N bytes takes N / bandwidth on the wire, behind the one before it', () => {
  const text = [
    'flavor mysql-8.0',
    'source m1 { }',
    'replica r1 of m1 { }',
    'link m1 -> r1 latency 1ms bandwidth 1KB/s',
    'table t (id int primary key, v varchar(200))',
    'client a on m1',
    'client b on m1',
    `a: insert into t values (1, '${'x'.repeat(150)}') as T1`,
    `b: insert into t values (2, '${'y'.repeat(150)}') as T2 nowait`,
    'wait 5s',
  ].join('\n');
  const trace = run(text);
  const sends = trace.messages.filter((m) => m.kind === 'events' && m.txn !== undefined && m.to.server === 'r1');
  const [m1, m2] = ['T1', 'T2'].map((id) => sends.find((m) => m.txn === id)!);
  const bytes = (m: (typeof sends)[number]) => m.log!.end - m.log!.start;
  const wire = (n: number) => Math.ceil((n * S) / 1024);
  assert.equal(m1.receiveTime! - m1.sendTime, wire(bytes(m1)) + 1000, 'T1: its size over 1 KB/s, plus the latency');
  const t2Start = Math.max(m2.sendTime, m1.receiveTime! - 1000);
  assert.equal(m2.receiveTime! - t2Start, wire(bytes(m2)) + 1000, 'T2 waits for T1 to leave the wire');
  const fast = run(text.replace(' bandwidth 1KB/s', ''));
  const f1 = fast.messages.find((m) => m.kind === 'events' && m.txn === 'T1')!;
  assert.equal(f1.receiveTime! - f1.sendTime, 1000, 'without a bandwidth only the latency counts');
});

void test('checker: bandwidth, heartbeat period and connection options have clear diagnostics', () => {
  const base = 'flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { }\n';
  assert.deepEqual(problems(`${base}link m1 -> r1 bandwidth 10MB`, 'error'), ['4:25 bad-value']);
  assert.deepEqual(problems(`${base}link m1 -> r1 bandwidth 0B/s`, 'error'), ['4:25 out-of-range']);
  assert.deepEqual(problems(`${base}link m1 -> r1 bandwidth 10MB/s latency 2ms`, 'error'), []);
  const replica = (settings: string) => `flavor mysql-8.0\nsource m1 { }\nreplica r1 of m1 { ${settings} }`;
  assert.deepEqual(problems(replica('master_heartbeat_period=500us'), 'error'), ['3:20 out-of-range']);
  assert.deepEqual(problems(replica('slave_net_timeout=10, master_heartbeat_period=20'), 'warning'), ['3:42 doubtful-setting']);
  assert.deepEqual(problems(replica('slave_net_timeout=0'), 'error'), ['3:38 out-of-range']);
  assert.deepEqual(problems(replica('source_connect_retry=10, source_retry_count=0, replica_net_timeout=30'), 'error'), []);
  assert.deepEqual(problems(`${base}set r1 master_connect_retry=5`, 'error'), ['4:8 bad-value']);
  assert.deepEqual(problems(`${base}set r1 slave_net_timeout=5`, 'error'), []);
  const message = analyze(`${base}set r1 master_retry_count=5`).diagnostics[0]?.message ?? '';
  assert.match(message, /not a global variable/);
});

void test('a dead host closes nothing: the replica notices after slave_net_timeout, and its attempts time out (110)', () => {
  const trace = run(scenario('mysql-8.0', 'slave_net_timeout=10, master_connect_retry=5', 'crash m1 host', 'wait 40s'));
  const crash = trace.events.find((e) => e.kind === 'crash')!.time;
  assert.equal(io(trace, crash + 9 * S)['Slave_IO_Running'], 'Yes', 'no reset: nothing noticed yet');
  const lost = trace.events.find((e) => e.kind === 'io_connection_lost' && e.server === 'r1')!;
  assert.ok(lost.time > crash + 9 * S && lost.time <= crash + 10 * S);
  const s = io(trace, lost.time + 10 * S);
  assert.equal(s['Last_IO_Errno'], 2003);
  assert.match(String(s['Last_IO_Error']), /Can't connect to MySQL server on 'm1:3306' \(110\)$/);
  assert.ok(trace.errorLog.some((l) => l.text.startsWith('Replica I/O thread: Error reconnecting to source')));
});
