/**
 * A run is a pure function of (scenario, seed): byte-identical JSON on a second run. And a fuzz-style sweep over
 * many seeds and random latencies checks what must always hold: a replica never reads past its source's binlog end,
 * Exec ≤ Read, every ACKed position was written to the relay log first, yes_tx + no_tx = the transactions binlogged
 * while semi-sync was enabled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/run';
import { createPrng } from '../src/engine/prng';
import type { Flavor } from '../src/model/scenario';
import { checkInvariants } from './helpers/invariants';
import { SCENARIOS } from './helpers/random-scenarios';
import { ScenarioBuilder } from './scenario-builder';

const MS = 1_000;

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
