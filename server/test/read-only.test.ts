/**
 * read_only and super_read_only (issue 11, item 3): which client a read-only server refuses, with each flavor's
 * 1290 text; the replication threads still apply; a COMMIT refused when read_only came on mid-transaction; MariaDB's
 * SELECT … FOR UPDATE; `promote` turning it OFF and a hand-made promotion that forgets (refused_by_read_only); the
 * checker's flavor rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runSummary } from '../src/run';
import type { Flavor } from '../src/model/scenario';
import type { RunSummary } from '../src/trace/trace';
import { problems } from './helpers/snippet';

function run(text: string): RunSummary {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(errors, [], 'the snippet checks clean');
  return runSummary(a.scenario);
}

const outcome = (s: RunSummary, id: string) => s.transactions.find((t) => t.id === id)!.outcome;

function world(flavor: Flavor, replicaSettings: string, clients: string, script: string): string {
  return [
    `flavor ${flavor}`,
    'source m1 { gtid=off }',
    `replica r1 of m1 { gtid=off ${replicaSettings} }`,
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    clients,
    "app: insert into t values (1, 'a')",
    'wait until r1 caught up',
    script,
  ].join('\n');
}

const MYSQL_RO = 'The MySQL server is running with the --read-only option so it cannot execute this statement';
const MYSQL_SRO = 'The MySQL server is running with the --super-read-only option so it cannot execute this statement';
const MARIADB_RO = 'The MariaDB server is running with the --read-only option so it cannot execute this statement';

for (const flavor of ['mysql-5.5', 'mysql-5.7', 'mysql-8.0', 'mysql-8.4'] as Flavor[]) {
  void test(`${flavor}: read_only refuses an ordinary client with 1290 (--read-only) and lets a SUPER client write`, () => {
    const s = run(
      world(
        flavor,
        'read_only',
        'client user on r1\nclient dba on r1 { super }',
        "user: insert into t values (2, 'b') as U\ndba: insert into t values (3, 'c') as D",
      ),
    );
    assert.deepEqual(outcome(s, 'U'), { kind: 'error', code: 1290, message: MYSQL_RO, time: outcome(s, 'U').time });
    assert.equal(outcome(s, 'D').kind, 'ok');
    assert.equal(s.finalStatus['r1']['read_only'], 'ON');
    assert.deepEqual(
      s.rows['r1']['t'].map((r) => r['id']),
      [1, 3],
    );
  });
}

for (const flavor of ['mysql-5.7', 'mysql-8.0'] as Flavor[]) {
  void test(`${flavor}: super_read_only refuses SUPER too, naming --super-read-only; the SQL thread still applies`, () => {
    const s = run(
      world(
        flavor,
        'super_read_only',
        'client user on r1\nclient dba on r1 { super }',
        "dba: insert into t values (3, 'c') as D\nuser: delete from t where id = 1 as U\napp: insert into t values (4, 'd')\nwait until r1 caught up",
      ),
    );
    assert.equal(outcome(s, 'D').code, 1290);
    assert.equal(outcome(s, 'D').message, MYSQL_SRO);
    assert.equal(outcome(s, 'U').message, MYSQL_RO, 'an ordinary client is refused by read_only, which super_read_only implies');
    assert.equal(s.finalStatus['r1']['super_read_only'], 'ON');
    assert.equal(s.finalStatus['r1']['read_only'], 'ON');
    assert.equal(s.finalStatus['r1']['Exec_Master_Log_Pos'], s.finalStatus['m1']['Position'], 'replication applied everything');
    assert.deepEqual(
      s.rows['r1']['t'].map((r) => r['id']),
      [1, 4],
    );
    assert.deepEqual(s.verdicts, [], 'a refusal on a replica is the protection working, not a finding');
  });
}

void test('mariadb-10.11: read_only refuses SUPER (10.11 split READ ONLY ADMIN from it) and SELECT … FOR UPDATE; READ ONLY ADMIN writes', () => {
  const text = world(
    'mariadb-10.11',
    'read_only',
    'client sup on r1 { super }\nclient admin on r1 { read_only_admin }\nclient user on r1',
    "sup: insert into t values (2, 'b') as S\nadmin: insert into t values (3, 'c') as A\nuser: begin; select * from t where id = 1 for update; commit as L",
  );
  assert.deepEqual(problems(text, 'warning'), ['6:20 doubtful-setting'], 'SUPER on MariaDB 10.11 is flagged');
  const s = run(text);
  assert.equal(outcome(s, 'S').code, 1290);
  assert.equal(outcome(s, 'S').message, MARIADB_RO);
  assert.equal(outcome(s, 'A').kind, 'ok');
  assert.equal(outcome(s, 'L').message, MARIADB_RO);
  assert.equal(s.finalStatus['r1']['super_read_only'], undefined, 'MariaDB has no super_read_only');
});

void test('mysql-8.0: SELECT … FOR UPDATE is not a write for read_only', () => {
  const s = run(world('mysql-8.0', 'read_only', 'client user on r1', 'user: begin; select * from t where id = 1 for update; commit as L'));
  assert.equal(outcome(s, 'L').kind, 'ok');
});

for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
  void test(`${flavor}: read_only set while a transaction is open: its COMMIT gets 1290 and it is rolled back`, () => {
    const s = run(
      [
        `flavor ${flavor}`,
        'source m1 { }',
        'table t (id int primary key, v varchar(20))',
        'client app on m1',
        "app: begin; insert into t values (1, 'a')",
        'set m1 read_only=on',
        'app: commit as T',
        'set m1 read_only=off',
        "app: insert into t values (2, 'b') as later",
      ].join('\n'),
    );
    assert.equal(outcome(s, 'T').code, 1290);
    const t = s.transactions.find((x) => x.id === 'T')!;
    assert.equal(t.rolledBack, true);
    assert.deepEqual(
      s.rows['m1']['t'].map((r) => r['id']),
      [2],
      'nothing of T was committed; read_only=off lets the next write in',
    );
  });
}

void test('set: super_read_only=on turns read_only on; read_only=off turns super_read_only off', () => {
  const s = run(
    [
      'flavor mysql-8.0',
      'source m1 { }',
      'table t (id int primary key, v varchar(20))',
      'client dba on m1 { super }',
      'set m1 super_read_only=on',
      "dba: insert into t values (1, 'a') as A",
      'set m1 read_only=off',
      "dba: insert into t values (2, 'b') as B",
      'expect m1 super_read_only = OFF',
    ].join('\n'),
  );
  assert.equal(outcome(s, 'A').message, MYSQL_SRO);
  assert.equal(outcome(s, 'B').kind, 'ok');
  assert.deepEqual(
    s.expectations.map((e) => e.passed),
    [true],
  );
});

void test('promote turns read_only OFF; a hand-made promotion (stop, reset slave) that forgets is caught: refused_by_read_only', () => {
  const lines = (promotion: string) =>
    [
      'flavor mysql-8.0',
      'source m1 { }',
      'replica r1 of m1 { super_read_only }',
      'replica r2 of m1 { super_read_only }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      'wait until r1 caught up',
      'crash m1',
      promotion,
      'app reconnects to r1',
      "app: insert into t values (2, 'b') as W",
    ].join('\n');
  const good = run(lines('promote r1'));
  assert.equal(outcome(good, 'W').kind, 'ok');
  assert.equal(good.finalStatus['r1']['read_only'], 'OFF');
  assert.equal(good.finalStatus['r1']['super_read_only'], 'OFF');
  assert.equal(good.finalStatus['r2']['read_only'], 'ON', 'only the promoted server changes');
  assert.equal(good.verdicts.filter((v) => v.kind === 'refused_by_read_only').length, 0);

  const forgot = run(lines('stop r1\nreset slave r1'));
  assert.equal(outcome(forgot, 'W').code, 1290);
  const v = forgot.verdicts.filter((x) => x.kind === 'refused_by_read_only');
  assert.equal(v.length, 1);
  assert.equal(v[0].txn, 'W');
  assert.equal(v[0].line, 12);
  assert.deepEqual(v[0].servers, ['r1']);
  assert.match(v[0].message, /refused on r1: ERROR 1290, read_only is ON while r1 replicates from no one/);
});

void test('checker: the flavors without super_read_only, and client privileges per flavor', () => {
  assert.deepEqual(problems('flavor mariadb-10.11\nsource m1 { super_read_only }', 'error'), ['2:13 impossible-state']);
  assert.deepEqual(problems('flavor mysql-5.5\nsource m1 { }\nset m1 super_read_only=on', 'error'), ['3:8 impossible-state']);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { read_only, super_read_only }', 'error'), []);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nclient a on m1 { read_only_admin }', 'error'), ['3:18 impossible-state']);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nclient a on m1 { suprr }', 'error'), ['3:18 unknown-setting']);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { }\nclient a on m1 { super=2 }', 'error'), ['3:24 bad-value']);
  assert.deepEqual(problems('flavor mysql-8.0\nsource m1 { read_only=maybe }', 'error'), ['2:23 bad-value']);
});
