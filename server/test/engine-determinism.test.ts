/**
 * A run is a pure function of (scenario, seed): byte-identical JSON on a second run. And a fuzz-style sweep over
 * many seeds and random latencies checks what must always hold: a replica never reads past its source's binlog end,
 * Exec ≤ Read, every ACKed position was written to the relay log first, yes_tx + no_tx = the transactions binlogged
 * while semi-sync was enabled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/engine/simulation';
import { createPrng, type Prng } from '../src/engine/prng';
import type { Flavor, Scenario } from '../src/model/scenario';
import { checkInvariants } from './helpers/invariants';
import { BEGIN, COMMIT, ScenarioBuilder, del, eq, insert, select, update } from './scenario-builder';

const MS = 1_000;

/** Test scenarios, parameterised by a PRNG for latencies and jitter. */
const SCENARIOS: { name: string; build: (rng: Prng) => Scenario }[] = [
  {
    name: 'semi-sync, two replicas, concurrent clients, an I/O thread stopped and started',
    build: (rng) => {
      const b = new ScenarioBuilder('mysql-8.0');
      b.standardTable('t');
      b.source('m1', { semisyncMaster: true, semisyncTimeout: (50 + rng.upTo(100)) * MS, fsyncLatency: rng.upTo(800) });
      b.replica('r1', 'm1', { semisyncSlave: true, applyLatency: rng.upTo(500), syncRelayLog: rng.upTo(3) });
      b.replica('r2', 'm1', { semisyncSlave: true });
      b.link('m1', 'r1', 100 + rng.upTo(3 * MS), rng.upTo(2 * MS));
      b.link('m1', 'r2', 100 + rng.upTo(3 * MS), rng.upTo(2 * MS));
      b.client('a', 'm1');
      b.client('b', 'm1');
      for (let i = 0; i < 6; i++) {
        b.run('a', [insert('t', { id: i * 2, v: `a${i}` })], { nowait: true });
        b.run('b', [BEGIN, insert('t', { id: i * 2 + 1, v: `b${i}` }), update('t', { v: 'x' }, [eq('id', i * 2 + 1)]), COMMIT], {
          nowait: rng.upTo(1) === 1,
        });
        if (i === 2) b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
        if (i === 4) b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'io_thread' });
        b.wait(rng.upTo(5 * MS));
      }
      b.run('a', [select('t')]);
      b.caughtUp('r2');
      return b.build();
    },
  },
  {
    name: 'async, rotation, deletes, a replica with statement format',
    build: (rng) => {
      const b = new ScenarioBuilder('mysql-5.7');
      b.standardTable('t');
      b.source('m1', { maxBinlogSize: 4096, syncBinlog: rng.upTo(3) });
      b.replica('r1', 'm1', { applyLatency: rng.upTo(2 * MS) });
      b.link('m1', 'r1', 50 + rng.upTo(2 * MS), rng.upTo(MS));
      b.client('app', 'm1');
      for (let i = 0; i < 20; i++) {
        b.run('app', [insert('t', { id: i, v: `row-${i}` })], { nowait: rng.upTo(1) === 1 });
        if (i % 5 === 4) b.run('app', [del('t', [eq('id', i - 2)])]);
      }
      b.caughtUp('r1');
      return b.build();
    },
  },
  {
    name: 'MariaDB AFTER_COMMIT semi-sync with timeouts and a flaky link',
    build: (rng) => {
      const b = new ScenarioBuilder('mariadb-10.11');
      b.standardTable('t');
      b.source('m1', { semisyncMaster: true, semisyncTimeout: (5 + rng.upTo(20)) * MS });
      b.replica('r1', 'm1', { semisyncSlave: true, gtidMode: rng.upTo(1) === 1 });
      b.link('m1', 'r1', 100 + rng.upTo(4 * MS), rng.upTo(3 * MS));
      b.client('app', 'm1');
      for (let i = 0; i < 8; i++) {
        if (i === 3) b.action({ kind: 'linkControl', op: 'partition', from: 'm1', to: 'r1' });
        if (i === 6) b.action({ kind: 'linkControl', op: 'heal', from: 'm1', to: 'r1' });
        b.run('app', [insert('t', { id: i, v: `v${i}` })]);
      }
      b.caughtUp('r1');
      return b.build();
    },
  },
];

void test('every run is byte-identical on a second run (same scenario, same seed)', () => {
  for (const s of SCENARIOS) {
    for (const seed of [1, 7, 123456]) {
      const scenario = s.build(createPrng(seed));
      const first = JSON.stringify(runScenario(scenario, { seed }));
      const second = JSON.stringify(runScenario(scenario, { seed }));
      assert.equal(first, second, `${s.name}, seed ${seed}`);
    }
  }
});

void test('jitter comes from the seed: two seeds give two different runs of the same scenario', () => {
  const scenario = SCENARIOS[0].build(createPrng(3));
  assert.ok(scenario.links.some((l) => l.jitter > 0));
  assert.notEqual(JSON.stringify(runScenario(scenario, { seed: 1 })), JSON.stringify(runScenario(scenario, { seed: 2 })));
});

void test('fuzz: invariants hold over many seeds and random latencies', () => {
  let runs = 0;
  for (const s of SCENARIOS) {
    for (let seed = 1; seed <= 40; seed++) {
      const scenario = s.build(createPrng(seed * 7919));
      const trace = runScenario(scenario, { seed });
      const where = `${s.name}, seed ${seed}`;
      assert.equal(trace.internalError, null, where);
      assert.notEqual(trace.endReason, 'event_limit', where);
      checkInvariants(trace, scenario, where);
      runs++;
    }
  }
  assert.equal(runs, SCENARIOS.length * 40);
});

void test('the default horizon is at least ten minutes of virtual time, and the last scripted time plus 60 s', () => {
  const flavor: Flavor = 'mysql-8.0';
  const b = new ScenarioBuilder(flavor);
  b.standardTable('t');
  b.source('m1');
  b.action({ kind: 'wait', micros: 1 * MS }, { kind: 'at', micros: 900_000_000 });
  const trace = runScenario(b.build());
  assert.equal(trace.horizon, 960_000_000 + 1 * MS);
  const small = new ScenarioBuilder(flavor);
  small.source('m1');
  assert.equal(runScenario(small.build()).horizon, 600_000_000);
});
