// The shipped examples, one per scenario card: each checks clean, runs with every expectation met, gives a
// byte-identical trace on a second run, and keeps the engine's invariants under many seeds and random latencies.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPrng } from '../src/engine/prng';
import { runScenario } from '../src/run';
import { analyze } from '../src/language/analyze';
import type { Scenario } from '../src/model/scenario';
import { checkInvariants } from './helpers/invariants';

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.repl'))
  .sort();

void test('there is an example for every card S1–S12', () => {
  for (let card = 1; card <= 12; card++) {
    const prefix = `s${String(card).padStart(2, '0')}-`;
    assert.ok(
      examples.some((f) => f.startsWith(prefix)),
      `no examples/${prefix}….repl`,
    );
  }
});

for (const name of examples) {
  const text = readFileSync(join(dir, name), 'utf8');

  void test(`${name}: checks clean, tells its story in a header, meets every expectation, runs identically twice`, () => {
    assert.match(text, /^# S\d+/, 'a header comment that tells the story');
    const analysis = analyze(text);
    // A co-master example keeps the warning that a cycle gets: it is the point of the story, not a flaw of the file.
    assert.deepEqual(
      analysis.diagnostics
        .filter((d) => !(d.code === 'replication-cycle' && d.severity === 'warning'))
        .map((d) => `${d.range.start.line + 1}: ${d.severity}: ${d.message}`),
      [],
    );
    const trace = runScenario(analysis.scenario);
    assert.equal(trace.internalError, null);
    assert.ok(trace.expectations.length > 0, 'the example states its outcome with expect lines');
    const failed = trace.expectations.filter((e) => !e.passed).map((e) => `line ${e.line + 1}: ${e.message}`);
    assert.deepEqual(failed, []);
    assert.equal(JSON.stringify(runScenario(analysis.scenario)), JSON.stringify(trace));
  });

  void test(`${name}: invariants hold over 12 seeds with random link latencies and jitter`, () => {
    const scenario = analyze(text).scenario;
    // Counters are compared with the binlog only when nothing restarts, resets or reconfigures a source.
    const counters = !scenario.script.some(
      (e) => !('expect' in e) && ['crash', 'restart', 'shutdown', 'set', 'flushStatus', 'reset', 'promote'].includes(e.action.kind),
    );
    for (let seed = 1; seed <= 12; seed++) {
      const rng = createPrng(seed * 104729);
      const shaken: Scenario = {
        ...scenario,
        links: scenario.links.map((l) => ({ ...l, latency: 50 + rng.upTo(4000), jitter: rng.upTo(2000) })),
      };
      const trace = runScenario(shaken, { seed });
      const where = `${name}, seed ${seed}`;
      assert.equal(trace.internalError, null, where);
      assert.notEqual(trace.endReason, 'event_limit', where);
      checkInvariants(trace, shaken, where, counters);
    }
  });
}
