/**
 * Skip and repair (issue 11, item 4): sql_slave_skip_counter counts events and ends at a group's end, with MySQL's
 * 1858 under GTID_MODE=ON and MariaDB's 1198 while the SQL thread runs; START SLAVE UNTIL by position and by GTIDs,
 * with Until_Condition; slave_exec_mode=IDEMPOTENT and slave_skip_errors, and the divergence they leave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { problems } from './helpers/snippet';

function run(text: string): Trace {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(errors, [], 'the snippet checks clean');
  return runScenario(a.scenario);
}

const rows = (trace: Trace, server: string) =>
  (trace.rows[server]?.['t'] ?? []).map((r) => `${String(r['id'])}:${String(r['v'])}`).join(' ');

/** r1 has an errant row 2: T (the source's row 2) stops its SQL thread with 1062. */
const errant = (flavor: Flavor, replicaSettings: string, ...script: string[]) =>
  [
    `flavor ${flavor}`,
    'source m1 { gtid=off }',
    `replica r1 of m1 { gtid=off ${replicaSettings} }`,
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    'client dba on r1',
    "app: insert into t values (1, 'a')",
    'wait until r1 caught up',
    "dba: insert into t values (2, 'errant')",
    "app: insert into t values (2, 'b') as T",
    "app: insert into t values (3, 'c')",
    'wait 100ms',
    ...script,
  ].join('\n');

for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as const) {
  void test(`${flavor}: sql_slave_skip_counter=1 skips the failed transaction whole; the errant row stays and divergence sees it`, () => {
    const trace = run(
      errant(flavor, '', 'stop r1', 'set r1 sql_slave_skip_counter=1', 'start r1', 'wait until r1 caught up', 'wait 100ms'),
    );
    assert.equal(rows(trace, 'r1'), '1:a 2:errant 3:c');
    const s = trace.finalStatus['r1'];
    assert.equal(s['Slave_SQL_Running'], 'Yes');
    assert.equal(s['Skip_Counter'], 0);
    assert.equal(s['Last_SQL_Errno'], 0);
    assert.equal(s['Exec_Master_Log_Pos'], trace.finalStatus['m1']['Position'], 'nothing left to apply');
    assert.ok(trace.events.some((e) => e.kind === 'sql_skip' && e.txn === 'T' && e.server === 'r1'));
    assert.ok(trace.verdicts.some((v) => v.kind === 'divergence'));
  });
}

void test('the counter counts events: 5 skips two MariaDB row transactions (4 events each), 4 skips one', () => {
  const more = (n: number) =>
    [
      'flavor mariadb-10.11',
      'source m1 { }',
      'replica r1 of m1 { gtid=off }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      'stop r1',
      `set r1 sql_slave_skip_counter=${n}`,
      "app: insert into t values (1, 'a')",
      "app: insert into t values (2, 'b')",
      "app: insert into t values (3, 'c')",
      'start r1',
      'wait until r1 caught up',
    ].join('\n');
  assert.equal(rows(run(more(5)), 'r1'), '3:c');
  assert.equal(rows(run(more(4)), 'r1'), '2:b 3:c');
  assert.equal(rows(run(more(1)), 'r1'), '2:b 3:c');
  // A skipped transaction is not one the replica is behind on: its rows differ and divergence says so.
  assert.ok(run(more(4)).verdicts.some((v) => v.kind === 'divergence'));
});

void test('MariaDB refuses the counter while the SQL thread runs (1198); MySQL with GTID_MODE=ON refuses it (1858) and the checker warns', () => {
  const running = run(
    ['flavor mariadb-10.11', 'source m1 { }', 'replica r1 of m1 { }', 'set r1 sql_slave_skip_counter=1', 'expect r1 Skip_Counter = 0'].join(
      '\n',
    ),
  );
  assert.ok(
    running.events.some(
      (e) =>
        e.kind === 'set_global' && /ERROR 1198 \(HY000\): This operation cannot be performed as you have a running slave ''/.test(e.label),
    ),
  );
  assert.equal(running.finalStatus['r1']['Skip_Counter'], 0);
  const gtid = ['flavor mysql-8.0', 'source m1 { gtid }', 'replica r1 of m1 { gtid }', 'stop r1', 'set r1 sql_slave_skip_counter=1'].join(
    '\n',
  );
  assert.deepEqual(problems(gtid, 'warning'), ['5:8 doubtful-setting']);
  const refused = run(gtid);
  assert.ok(
    refused.events.some(
      (e) =>
        e.kind === 'set_global' &&
        e.label.includes(
          'ERROR 1858 (HY000): sql_replica_skip_counter can not be set when the server is running with @@GLOBAL.GTID_MODE = ON.',
        ),
    ),
  );
  assert.equal(refused.finalStatus['r1']['Skip_Counter'], 0);
});

void test('the counter is set at run time only, slave_skip_errors at startup only', () => {
  assert.deepEqual(problems('source m1 { }\nreplica r1 of m1 { sql_slave_skip_counter=1 }', 'error'), ['2:20 bad-value']);
  assert.deepEqual(problems("source m1 { }\nreplica r1 of m1 { }\nset r1 slave_skip_errors='1062'", 'error'), ['3:8 bad-value']);
  assert.deepEqual(problems("source m1 { }\nreplica r1 of m1 { slave_skip_errors='10x' }", 'error'), ['2:38 bad-value']);
  assert.deepEqual(problems('source m1 { }\nreplica r1 of m1 { slave_skip_errors=all, slave_exec_mode=idempotent }', 'error'), []);
});

const untilRun = (flavor: Flavor, until: string, gtid = false) =>
  run(
    [
      `flavor ${flavor}`,
      `source m1 { ${gtid ? 'gtid' : 'gtid=off'} }`,
      `replica r1 of m1 { ${gtid ? 'gtid' : 'gtid=off'} }`,
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      'stop r1 sql_thread',
      "app: insert into t values (1, 'a')",
      "app: insert into t values (2, 'b')",
      "app: insert into t values (3, 'c')",
      'wait 100ms',
      `start r1 sql_thread ${until}`,
      'wait 100ms',
    ].join('\n'),
  );

void test('START SLAVE UNTIL MASTER_LOG_POS: every group that starts before the position is applied, and the thread stops without error', () => {
  const probe = untilRun('mariadb-10.11', "until binlog 'mysql-bin.000001':4");
  const t2 = probe.transactions.find((t) => t.id === 'T2')!.binlog!;
  const inside = untilRun('mariadb-10.11', `until binlog 'mysql-bin.000001':${t2.start + 10}`);
  assert.equal(rows(inside, 'r1'), '1:a 2:b');
  const s = inside.finalStatus['r1'];
  assert.equal(s['Slave_SQL_Running'], 'No');
  assert.equal(s['Last_SQL_Errno'], 0);
  assert.equal(s['Until_Condition'], 'Master');
  assert.equal(s['Until_Log_File'], 'mysql-bin.000001');
  assert.equal(s['Until_Log_Pos'], t2.start + 10);
  assert.equal(s['Exec_Master_Log_Pos'], t2.end);
  // At the start of T2: T2 is not applied (it starts at the position).
  assert.equal(rows(untilRun('mariadb-10.11', `until binlog 'mysql-bin.000001':${t2.start}`), 'r1'), '1:a');
  assert.ok(inside.events.some((e) => e.kind === 'sql_until'));
});

void test('UNTIL by GTIDs: sql_before_gtids stops before the set, sql_after_gtids after it (MySQL); master_gtid_pos (MariaDB)', () => {
  const uuid = '3e11fa47-71ca-11e1-9e33-000000000001';
  assert.equal(rows(untilRun('mysql-8.0', `until sql_before_gtids '${uuid}:2'`, true), 'r1'), '1:a');
  assert.equal(rows(untilRun('mysql-8.0', `until sql_after_gtids '${uuid}:1-2'`, true), 'r1'), '1:a 2:b');
  assert.equal(untilRun('mysql-8.0', `until sql_after_gtids '${uuid}:1-2'`, true).finalStatus['r1']['Until_Condition'], 'SQL_AFTER_GTIDS');
  const maria = untilRun('mariadb-10.11', "until master_gtid_pos '0-1-2'", true);
  assert.equal(rows(maria, 'r1'), '1:a 2:b');
  assert.equal(maria.finalStatus['r1']['Until_Condition'], 'Gtid');
  // Both threads started with it: the source sends nothing after the position and the I/O thread stops too.
  const both = run(
    [
      'flavor mariadb-10.11',
      'source m1 { }',
      'replica r1 of m1 { }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      'stop r1',
      "app: insert into t values (1, 'a')",
      "app: insert into t values (2, 'b')",
      "app: insert into t values (3, 'c')",
      "start r1 until master_gtid_pos '0-1-2'",
      'wait 100ms',
    ].join('\n'),
  );
  assert.equal(rows(both, 'r1'), '1:a 2:b');
  assert.equal(both.finalStatus['r1']['Slave_IO_Running'], 'No');
  assert.equal(both.finalStatus['r1']['Last_IO_Errno'], 0);
  assert.deepEqual(
    problems(`flavor mariadb-10.11\nsource m1 { }\nreplica r1 of m1 { }\nstart r1 until sql_before_gtids '${uuid}:1'`, 'error'),
    ['4:16 impossible-state'],
  );
  assert.deepEqual(
    problems("flavor mysql-8.0\nsource m1 { gtid }\nreplica r1 of m1 { gtid }\nstart r1 until sql_befor_gtids 'x'", 'error'),
    ['4:16 bad-value'],
  );
  assert.deepEqual(problems("source m1 { }\nreplica r1 of m1 { }\nstop r1 until binlog 'mysql-bin.000001':4", 'error'), ['3:9 bad-value']);
});

void test('slave_exec_mode=IDEMPOTENT: a duplicate is overwritten with the event image, a missing row skipped; STRICT stops', () => {
  const script = ['dba: delete from t where id = 1', "app: update t set v = 'A' where id = 1", 'wait 100ms'];
  const idem = run(errant('mysql-8.0', 'slave_exec_mode=idempotent', ...script));
  assert.equal(rows(idem, 'r1'), '2:b 3:c');
  assert.equal(idem.finalStatus['r1']['Slave_SQL_Running'], 'Yes');
  assert.ok(
    idem.events.some(
      (e) => e.kind === 'sql_skip' && /error 1062 \(slave_exec_mode=IDEMPOTENT\): the existing row overwritten/.test(e.label),
    ),
  );
  assert.ok(
    idem.events.some((e) => e.kind === 'sql_skip' && /error 1032 \(slave_exec_mode=IDEMPOTENT\): that row change skipped/.test(e.label)),
  );
  assert.ok(
    idem.verdicts.some((v) => v.kind === 'divergence'),
    'the missing row 1 is a divergence',
  );
  const strict = run(errant('mysql-8.0', ''));
  assert.equal(strict.finalStatus['r1']['Last_SQL_Errno'], 1062);
  // Statement format: IDEMPOTENT does not apply.
  const statement = run(
    errant('mysql-5.7', 'slave_exec_mode=idempotent binlog_format=statement').replace(
      'source m1 { gtid=off }',
      'source m1 { gtid=off binlog_format=statement }',
    ),
  );
  assert.equal(statement.finalStatus['r1']['Last_SQL_Errno'], 1062);
});

void test('slave_skip_errors: the rest of the row event is dropped, the transaction commits; an error not listed still stops', () => {
  const text = [
    'flavor mysql-8.0',
    'source m1 { gtid=off }',
    "replica r1 of m1 { gtid=off, slave_skip_errors='1062' }",
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    'client dba on r1',
    "dba: insert into t values (2, 'errant')",
    "app: begin; insert into t values (1, 'a'), (2, 'b'), (3, 'c'); insert into t values (4, 'd'); commit",
    'wait 100ms',
    'dba: delete from t where id = 4',
    "app: update t set v = 'D' where id = 4",
    'wait 100ms',
  ].join('\n');
  const trace = run(text);
  assert.equal(rows(trace, 'r1'), '1:a 2:errant');
  assert.equal(trace.finalStatus['r1']['Last_SQL_Errno'], 1032);
  assert.ok(trace.events.some((e) => e.kind === 'sql_skip' && /the rest of the row event dropped \(2 row change/.test(e.label)));
  const all = run(text.replace("slave_skip_errors='1062'", 'slave_skip_errors=all'));
  assert.equal(all.finalStatus['r1']['Slave_SQL_Running'], 'Yes');
  assert.ok(all.verdicts.some((v) => v.kind === 'divergence'));
});
