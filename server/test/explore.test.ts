// The crash-point sweep: which variants a scenario has, how their runs group into outcome classes, policies side by
// side, properties, and slices that merge into exactly the whole.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { crashPoints, crashPointText, withCrashPoint, type CrashPoint } from '../src/explore/crash-points';
import { explore, mergeExplorations, planExploration, runCase } from '../src/explore/explore';
import { classKey, classText, outcomeOf } from '../src/explore/outcome';
import { explorePolicies } from '../src/explore/policies';
import { variantFile } from '../src/explore/variant-file';
import { analyze } from '../src/language/analyze';
import { runSummary } from '../src/run';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');
const S2 = example('s02-async-replica-link-dead.repl');
const S4 = example('s04-after-commit-crash-before-ack.repl');

function setup(text: string, vary: string[] = []) {
  const s = explorePolicies(text, vary);
  assert.deepEqual(s.errors, []);
  return s;
}

/** Three acknowledged commits on an async source whose replica is cut off, then a failover. */
const ASYNC_FAILOVER = `
source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
partition m1 -> r1
app: insert into t values (1)
app: insert into t values (2)
app: insert into t values (3)
crash m1
promote r1
`;

/** Lossless semi-sync as the runbooks have it: AFTER_SYNC, sync_binlog=1, no timeout, failover to the one acknowledging replica. */
const LOSSLESS_FAILOVER = `
flavor mysql-8.0
source m1 { semisync wait_point=after_sync timeout=unbounded sync_binlog=1 }
replica r1 of m1 { semisync }
link m1 -> r1 latency 1ms
table t (id int primary key, v varchar(20))
client app on m1
app: insert into t values (1, 'a')
app: insert into t values (2, 'b')
app: begin; insert into t values (3, 'c'); update t set v = 'z' where id = 1; commit
crash m1
promote r1
app reconnects to r1
app: insert into t values (4, 'd')
expect always no lost_acknowledged_commit
`;

void describe('crash points', () => {
  void test('every state each writing transaction reached, once per replica on the replica side, times every running server and crash kind', () => {
    const scenario = analyze(ASYNC_FAILOVER).scenario;
    const census = crashPoints(scenario);
    const moments = new Set(census.points.map((p) => `${p.txn} ${p.state}${p.by ? ` by ${p.by}` : ''}`));
    // The link is cut: the dump thread sends into it, nothing arrives, and async never waits for an ACK.
    assert.ok(![...moments].some((m) => / (relay_logged|applied|acked|after_sync_wait|after_commit_wait)/.test(m)));
    assert.ok(moments.has('T1 client_ok') && moments.has('T3 binlog_synced') && moments.has('T2 sent by r1'));
    for (const p of census.points) assert.ok(['m1', 'r1'].includes(p.server) && ['process', 'host'].includes(p.mode));
    assert.equal(census.points.length, moments.size * 2 * 2);
    // 3 transactions × (9 source-side states + 3 replica-side states × 1 replica) × 2 servers × 2 kinds.
    assert.equal(census.points.length + census.skipped.notReached + census.skipped.serverDown, 3 * 12 * 2 * 2);
  });

  void test('a server already down at the moment is skipped and counted', () => {
    // S4's own trigger crashes m1 when T2 starts waiting for its ACK: m1 cannot crash again at T2's later moments.
    const census = crashPoints(analyze(S4).scenario, { servers: ['m1'] });
    assert.ok(census.skipped.serverDown > 0);
    assert.ok(!census.points.some((p) => p.txn === 'T2' && p.state === 'client_ok'));
  });

  void test('the filter keeps the servers and kinds asked for', () => {
    const census = crashPoints(analyze(ASYNC_FAILOVER).scenario, { servers: ['r1'], modes: ['host'] });
    assert.ok(census.points.length > 0);
    assert.ok(census.points.every((p) => p.server === 'r1' && p.mode === 'host'));
  });

  void test('a variant is the scenario with one more trigger, written as a file would', () => {
    const scenario = analyze(ASYNC_FAILOVER).scenario;
    const point: CrashPoint = { txn: 'T2', state: 'engine_committed', server: 'm1', mode: 'host' };
    assert.equal(crashPointText(point), 'on T2 engine_committed: crash m1 host');
    const variant = withCrashPoint(scenario, point);
    assert.equal(variant.triggers.length, scenario.triggers.length + 1);
    const outcomes = runSummary(variant).transactions.map((t) => t.outcome.kind);
    assert.deepEqual(outcomes, ['ok', 'lost_connection', 'lost_connection']);
  });
});

void describe('outcome classes', () => {
  void test('"T2 lost" at T2\'s crash point and "T3 lost" at T3\'s fall in one class', () => {
    const scenario = analyze(ASYNC_FAILOVER).scenario;
    const at = (txn: string) => runCase(scenario, { txn, state: 'client_ok', server: 'm1', mode: 'process' });
    assert.equal(classText(at('T2')), 'lost_acknowledged_commit(before; m1,r1) + lost_acknowledged_commit(crashed; m1,r1)');
    assert.equal(classKey(at('T2')), classKey(at('T3')));
    assert.notEqual(classKey(at('T1')), classKey(at('T2')));
  });

  void test('S4: the classes, pinned', () => {
    const result = explore(setup(S4).policies);
    assert.equal(result.cases, 90);
    assert.equal(result.skipped, 54);
    assert.equal(
      result.classes.reduce((n, c) => n + c.count, 0),
      result.cases,
    );
    assert.deepEqual(
      result.classes.map((c) => `${c.count} ${classText(c)}`),
      [
        '2 lost_acknowledged_commit(crashed; r1) + committed_after_error(before; m1) + divergence(before; m1,r1) + errant_transaction(before; m1,r1) + replication_stopped(crashed; m1,r1) + failed expectations on lines 53, 56',
        '1 lost_acknowledged_commit(crashed; r1) + committed_after_error(before; m1) + divergence(before; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 47, 48, 49, 50, 53, 54, 56',
        '14 committed_after_error(crashed; m1) + divergence(crashed; m1,r1) + errant_transaction(crashed; m1,r1) + failed expectations on lines 40, 41, 47, 48, 49, 50, 53, 54',
        '14 committed_after_error(crashed; m1,r1) + failed expectations on lines 29, 47, 48, 49, 52, 53, 54, 55',
        '7 committed_after_error(crashed; m1) + duplicate_by_retry(after; m1,r1) + errant_transaction(crashed; m1,r1) + replication_stopped(after; m1,r1)',
        '6 committed_after_error(before; m1) + divergence(before; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 40, 41, 47, 48, 49, 50, 53, 54',
        '4 committed_after_error(before; m1) + duplicate_by_retry(crashed; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 47, 48, 50, 54',
        '3 committed_after_error(after; m1) + divergence(after; m1,r1) + errant_transaction(after; m1,r1) + failed expectations on lines 40, 41, 47, 48, 49, 50, 53, 54',
        '2 committed_after_error(before; m1) + committed_after_error(crashed; r1) + duplicate_by_retry(crashed; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 40, 41, 47, 48, 49, 50, 54',
        '2 committed_after_error(before; m1) + duplicate_by_retry(crashed; m1,r1) + errant_transaction(before; m1,r1) + replication_stopped(crashed; m1,r1) + failed expectations on line 50',
        '1 committed_after_error(before; m1) + committed_after_error(crashed; r1) + duplicate_by_retry(crashed; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 40, 47, 48, 49, 50, 54',
        '1 committed_after_error(before; m1) + duplicate_by_retry(crashed; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 47, 48, 49, 50, 54',
        '1 committed_after_error(before; m1) + divergence(before; m1,r1) + errant_transaction(before; m1,r1) + failed expectations on lines 40, 47, 48, 49, 50, 53, 54',
        '1 committed_after_error(crashed; m1) + still_waiting(m1,r1) + failed expectations on lines 29, 34, 37, 40, 41, 46, 47, 48, 49, 50, 52, 53, 54, 55',
        '7 failed expectations on lines 29, 47, 48, 49, 52, 53, 54, 55',
        '5 failed expectations on lines 47, 48, 49, 52, 53, 54, 55',
        '16 still_waiting(m1,r1) + semisync_fallback(crashed; m1) + failed expectations on lines 29, 34, 37, 40, 41, 46, 47, 48, 49, 50, 52, 53, 54, 55',
        // A host crash of r1 (MySQL 5.5: relay-log.info, sync_relay_log_info=0) once it applied T1 takes its recorded
        // position back to CHANGE MASTER's: the file's `wait until r1 caught up` never ends.
        '3 still_waiting(m1,r1) + failed expectations on lines 29, 34, 37, 40, 41, 46, 47, 48, 49, 50, 52, 53, 54, 55',
      ],
    );
    // The variant the file itself tells (its own trigger) is among them: T2 crashed while waiting, redone on r1.
    const told = result.classes.find((c) => c.verdicts.length === 4 && c.failedExpectations.length === 0);
    assert.ok(told && told.verdicts.some((v) => v.kind === 'duplicate_by_retry'));
  });
});

void describe('the known stories', () => {
  void test('async (S2): some crash points lose acknowledged commits', () => {
    const result = explore(setup(S2).policies);
    const losing = result.classes.filter((c) => c.verdicts.some((v) => v.kind === 'lost_acknowledged_commit'));
    assert.ok(losing.length > 0);
    assert.ok(losing.reduce((n, c) => n + c.count, 0) < result.cases, 'not every crash point loses one');
  });

  void test('AFTER_SYNC, sync_binlog=1, no timeout, failover to the acknowledging replica: no crash of the source process loses one', () => {
    const s = setup(LOSSLESS_FAILOVER);
    const result = explore(s.policies, s.properties, { servers: ['m1'], modes: ['process'] });
    assert.ok(result.cases > 30);
    assert.deepEqual(result.classes.filter((c) => c.verdicts.some((v) => v.kind === 'lost_acknowledged_commit')).map(classText), []);
    assert.deepEqual(
      result.properties.map((p) => p.holds),
      [true],
    );
  });

  void test('the same file under AFTER_COMMIT or async does lose some, and the property names the first counterexample', () => {
    const s = setup(LOSSLESS_FAILOVER, ['semisync=off,on']);
    const result = explore(s.policies, s.properties, { servers: ['m1'], modes: ['process'] });
    const [async, semisync] = result.policies;
    const loses = (p: typeof async) => p.classes.some((c) => c.verdicts.some((v) => v.kind === 'lost_acknowledged_commit'));
    assert.deepEqual([loses(async), loses(semisync)], [true, false]);
    const [property] = result.properties;
    assert.equal(property.holds, false);
    assert.deepEqual(property.counterexample?.settings, { semisync: 'off' });
    const outcome = runCase(s.policies[0].scenario, property.counterexample.crashPoint);
    assert.ok(outcome.verdicts.some((v) => v.kind === 'lost_acknowledged_commit'));
  });
});

void describe('policies', () => {
  void test('--vary wait_point=after_sync,after_commit on S2 gives two policies', () => {
    const s = setup(S2, ['wait_point=after_sync,after_commit']);
    assert.deepEqual(
      s.policies.map((p) => p.settings),
      [{ wait_point: 'after_sync' }, { wait_point: 'after_commit' }],
    );
    assert.deepEqual(
      s.policies.map((p) => p.scenario.servers.map((c) => c.waitPoint)),
      [
        ['after_sync', 'after_sync'],
        ['after_commit', 'after_commit'],
      ],
    );
  });

  void test('explore lines of the file cross with the command line, which wins for the same setting', () => {
    const text = `${ASYNC_FAILOVER}explore sync_binlog in (0, 1)\nexplore semisync in (on, off)\n`;
    const s = setup(text, ['semisync=on']);
    assert.deepEqual(
      s.policies.map((p) => p.settings),
      [
        { sync_binlog: '0', semisync: 'on' },
        { sync_binlog: '1', semisync: 'on' },
      ],
    );
    assert.equal(analyze(text).diagnostics.filter((d) => d.severity === 'error').length, 0);
  });

  void test('a flavor policy takes that flavor’s defaults, as if every server declared it', () => {
    const s = setup(ASYNC_FAILOVER, ['flavor=mysql-5.5,mysql-8.0']);
    assert.deepEqual(
      s.policies.map((p) => [p.scenario.servers[0].flavor, p.scenario.servers[0].syncBinlog, p.scenario.servers[0].binlogFormat]),
      [
        ['mysql-5.5', 0, 'statement'],
        ['mysql-8.0', 1, 'row'],
      ],
    );
  });

  void test('a wrong setting or value is an error, in the file and on the command line', () => {
    assert.match(
      explorePolicies(ASYNC_FAILOVER, ['wait_piont=after_sync']).errors.join('\n'),
      /unknown setting 'wait_piont'; did you mean 'wait_point'/,
    );
    assert.match(explorePolicies(ASYNC_FAILOVER, ['sync_binlog']).errors.join('\n'), /SETTING=VALUE/);
    const diagnostics = analyze(`${ASYNC_FAILOVER}explore timeout in (1s, soon)\nexpect always lost_acknowledged_commit\n`).diagnostics;
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error').map((d) => [d.range.start.line, d.message]),
      [
        [11, 'timeout takes a duration such as 10ms or 2s, or unbounded'],
        [12, 'a property of every crash point reads `expect always no lost_acknowledged_commit`'],
      ],
    );
  });

  void test('a policy that does not suit a server says which', () => {
    const errors = explorePolicies(ASYNC_FAILOVER, ['flavor=mysql-5.5', 'wait_point=after_sync']).errors;
    assert.match(errors.join('\n'), /flavor=mysql-5.5 wait_point=after_sync: mysql-5.5 has no AFTER_SYNC wait point/);
  });
});

void describe('shards', () => {
  void test('the slices of --shard I/N merge into exactly the unsharded result', () => {
    const s = setup(S4, ['sync_binlog=0,1']);
    const whole = explore(s.policies, s.properties);
    for (const count of [2, 3]) {
      const slices = Array.from({ length: count }, (_, i) => explore(s.policies, s.properties, { shard: { index: i + 1, count } }));
      assert.equal(
        slices.reduce((n, p) => n + p.cases, 0),
        whole.cases,
      );
      // In any order, through JSON as the slices travel between CI jobs.
      const merged = mergeExplorations(slices.reverse().map((p) => JSON.parse(JSON.stringify(p)) as typeof p));
      assert.equal(JSON.stringify(merged), JSON.stringify(whole));
    }
  });

  void test('each case is in exactly one slice, the same whatever the slice count', () => {
    const s = setup(ASYNC_FAILOVER);
    const all = planExploration(s.policies).cases.map((c) => c.index);
    const sliced = [1, 2, 3].flatMap((index) => planExploration(s.policies, { shard: { index, count: 3 } }).cases.map((c) => c.index));
    assert.deepEqual(
      sliced.sort((a, b) => a - b),
      all,
    );
  });

  void test('slices that do not make a whole are refused', () => {
    const s = setup(ASYNC_FAILOVER);
    const one = explore(s.policies, [], { shard: { index: 1, count: 2 } });
    assert.throws(() => mergeExplorations([one]), /expected shards 1…2 of 2, got 1/);
    assert.throws(() => mergeExplorations([one, one]), /got 1, 1/);
    const other = explore(setup(ASYNC_FAILOVER, ['sync_binlog=0']).policies, [], { shard: { index: 2, count: 2 } });
    assert.throws(() => mergeExplorations([one, other]), /different explorations/);
  });
});

void describe('a variant as a file', () => {
  void test('each class’s example, written as a .repl file, runs into that class', () => {
    const s = setup(S4, ['sync_binlog=0,1']);
    const result = explore(s.policies, [], { servers: ['m1'] });
    for (const c of result.classes) {
      const text = variantFile(S4, c.example);
      const analysis = analyze(text);
      assert.equal(analysis.runnable, true, text);
      const outcome = outcomeOf(analysis.scenario, c.example.crashPoint, runSummary(analysis.scenario));
      assert.equal(classKey(outcome), classKey(c), text);
    }
  });

  void test('the policy goes into every server’s braces, the explore lines go, the crash point is a trigger at the end', () => {
    const text = 'source m1\nreplica r1 of m1 { semisync }\nexplore sync_binlog in (0, 1)\nclient app on m1\n';
    const file = variantFile(text, {
      case: 7,
      settings: { sync_binlog: '0' },
      crashPoint: { txn: 'T1', state: 'sent', by: 'r1', server: 'r1', mode: 'host' },
    });
    assert.equal(
      file,
      'source m1 { sync_binlog=0 }\nreplica r1 of m1 { semisync sync_binlog=0 }\nclient app on m1\n' +
        '# Crash point 7 of replscope explore, policy sync_binlog=0:\non T1 sent by r1: crash r1 host\n',
    );
  });
});
