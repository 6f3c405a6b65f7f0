/**
 * Co-master and circular topologies (issue 11, item 6): a replica of a replica of itself is allowed with a warning;
 * events keep their originating server_id through log_slave_updates, and a server's I/O thread skips those that
 * carry its own (replicate_same_server_id off), so nothing loops. The MariaDB figures are held by conformance c46.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';

function run(text: string): Trace {
  const a = analyze(text);
  assert.deepEqual(
    a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return runScenario(a.scenario);
}

const rows = (trace: Trace, server: string): unknown[][] => (trace.rows[server]?.['t'] ?? []).map((r) => Object.values(r));
const verdicts = (trace: Trace): string[] => trace.verdicts.map((v) => `${v.kind} ${v.servers.join(',')}`).sort();

const pair = (flavor: Flavor, offsets: boolean, logSlaveUpdates: boolean) => `
flavor ${flavor}
replica m1 of m2 { ${offsets ? 'auto_increment_increment=2, auto_increment_offset=1,' : ''} log_slave_updates=${logSlaveUpdates ? 'on' : 'off'} }
replica m2 of m1 { ${offsets ? 'auto_increment_increment=2, auto_increment_offset=2,' : ''} log_slave_updates=${logSlaveUpdates ? 'on' : 'off'} }
link m1 -> m2 latency 5ms
table t (id int primary key auto_increment, v varchar(20))
client east on m1
client west on m2
east: insert into t (v) values ('a') nowait
west: insert into t (v) values ('b')
east: insert into t (v) values ('c')
wait 100ms
`;

void test('a replication cycle is a warning that names it, and the file runs', () => {
  const a = analyze(pair('mysql-8.0', true, true));
  const cycle = a.diagnostics.filter((d) => d.code === 'replication-cycle');
  assert.deepEqual(
    cycle.map((d) => [d.severity, d.range.start.line, d.message]),
    [['warning', 2, 'replication cycle: m1 → m2 → m1: writes on more than one of them can conflict']],
  );
  assert.equal(a.runnable, true);
  assert.equal(a.scenario.servers.find((s) => s.name === 'm1')?.sourceName, 'm2', 'the cycle is kept, not cut');
});

void test('co-masters with auto_increment_offset: writes on both sides, the same rows everywhere, own events skipped', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    for (const logSlaveUpdates of [false, true]) {
      const trace = run(pair(flavor, true, logSlaveUpdates));
      const expected = [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ];
      assert.deepEqual(rows(trace, 'm1'), expected, `${flavor} lsu=${logSlaveUpdates}`);
      assert.deepEqual(rows(trace, 'm2'), expected, `${flavor} lsu=${logSlaveUpdates}`);
      assert.deepEqual(verdicts(trace), [], `${flavor} lsu=${logSlaveUpdates}`);
      assert.deepEqual(trace.replicationErrors, []);
      // With log_slave_updates each server's writes come back to it, under its own server_id, and are skipped.
      const skips = trace.events.filter((e) => e.kind === 'io_receive' && e.label.includes("this server's own server_id"));
      assert.equal(skips.length, logSlaveUpdates ? 3 : 0, `${flavor} lsu=${logSlaveUpdates}`);
    }
  }
});

void test('co-masters without the offset: both generate id 1, each SQL thread stops on 1062, the servers diverge', () => {
  for (const flavor of ['mysql-8.0', 'mariadb-10.11'] as Flavor[]) {
    const trace = run(pair(flavor, false, true));
    assert.deepEqual(
      trace.replicationErrors.map((e) => [e.server, e.errno]).sort(),
      [
        ['m1', 1062],
        ['m2', 1062],
      ],
      flavor,
    );
    // Writes on a co-master are not errant transactions: the verdicts say replication stopped and the data differ.
    assert.deepEqual(
      verdicts(trace),
      ['divergence m1,m2', 'divergence m2,m1', 'replication_stopped m1,m2', 'replication_stopped m2,m1'],
      flavor,
    );
    assert.deepEqual(rows(trace, 'm2'), [[1, 'b']], flavor);
  }
});

const ring = (lsuOnB: boolean) => `
flavor mysql-8.0
replica a of c { auto_increment_increment=3, auto_increment_offset=1 }
replica b of a { auto_increment_increment=3, auto_increment_offset=2, log_slave_updates=${lsuOnB ? 'on' : 'off'} }
replica c of b { auto_increment_increment=3, auto_increment_offset=3 }
table t (id int primary key auto_increment, v varchar(20))
client ca on a
client cb on b
client cc on c
ca: insert into t (v) values ('from a')
cb: insert into t (v) values ('from b')
cc: insert into t (v) values ('from c')
wait 100ms
`;

void test('a ring of three passes every write round with log_slave_updates; without it on one member, writes stop there', () => {
  const full = run(ring(true));
  const all = [
    [1, 'from a'],
    [2, 'from b'],
    [3, 'from c'],
  ];
  for (const s of ['a', 'b', 'c']) assert.deepEqual(rows(full, s), all, s);
  const warned = analyze(ring(false)).diagnostics.filter((d) => d.message.includes('without log_slave_updates'));
  assert.deepEqual(
    warned.map((d) => d.range.start.line),
    [3],
    'b is the member that passes nothing on',
  );
  const broken = run(ring(false));
  // a's write reaches b, which applies it without logging it: c never gets it.
  assert.deepEqual(rows(broken, 'c'), [
    [2, 'from b'],
    [3, 'from c'],
  ]);
});
