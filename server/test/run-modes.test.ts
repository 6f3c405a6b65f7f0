// Two ways to run, one engine: the summary run and the full trace give the same verdicts, expectations,
// transactions, final status and rows, on every example, on the fuzz corpus and on the generated scale scenario.
// And a full trace records each server's status only when something happened to it: the same status history as
// recording every server at every instant.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPrng } from '../src/engine/prng';
import { analyze } from '../src/language/analyze';
import type { Scenario } from '../src/model/scenario';
import { runScenario, runSummary, type RunOptions } from '../src/run';
import type { RunSummary } from '../src/trace/trace';
import { canonicalStatusChanges } from './helpers/golden';
import { SCENARIOS } from './helpers/random-scenarios';
import { scaleScenarioText } from './helpers/scale-scenario';

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.repl'))
  .sort()
  .map((name) => ({ name, scenario: analyze(readFileSync(join(dir, name), 'utf8')).scenario }));

/** What a summary must share with the full trace. */
function summaryPart(r: RunSummary): unknown {
  const { mode: _mode, ...rest } = r;
  void _mode;
  const keys = Object.keys(rest).filter((k) => !['events', 'messages', 'statusChanges', 'rowChanges', 'steps', 'periods'].includes(k));
  return Object.fromEntries(keys.sort().map((k) => [k, (rest as Record<string, unknown>)[k]]));
}

function sameRun(scenario: Scenario, where: string, options: RunOptions = {}): void {
  const full = runScenario(scenario, options);
  const summary = runSummary(scenario, options);
  assert.equal(summary.mode, 'summary', where);
  assert.equal(full.mode, 'full', where);
  assert.ok(!('events' in summary), `${where}: a summary has no events`);
  assert.deepEqual(summary.verdicts, full.verdicts, `${where}: verdicts`);
  assert.deepEqual(summary.expectations, full.expectations, `${where}: expectations`);
  assert.deepEqual(summaryPart(summary), summaryPart(full), `${where}: the rest of the summary`);
}

for (const { name, scenario } of examples) {
  void test(`${name}: the summary run and the full trace agree`, () => sameRun(scenario, name));

  void test(`${name}: status recorded for the servers that changed equals status recorded for all, every instant`, () => {
    const dirty = runScenario(scenario);
    const every = runScenario(scenario, { statusEveryInstant: true });
    assert.deepEqual(canonicalStatusChanges(dirty), canonicalStatusChanges(every));
  });
}

void test('the fuzz corpus: summary and full agree, and the status history does not depend on how it is recorded', () => {
  for (const s of SCENARIOS) {
    for (let seed = 1; seed <= 12; seed++) {
      const scenario = s.build(createPrng(seed * 104729));
      const where = `${s.name}, seed ${seed}`;
      sameRun(scenario, where, { seed });
      assert.deepEqual(
        canonicalStatusChanges(runScenario(scenario, { seed })),
        canonicalStatusChanges(runScenario(scenario, { seed, statusEveryInstant: true })),
        where,
      );
    }
  }
});

void test('the generated scale scenario (crash, promotion, auto-positioned replicas, rejoin): summary and full agree', () => {
  const analysis = analyze(scaleScenarioText(300));
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  sameRun(analysis.scenario, 'scale 300');
  const full = runScenario(analysis.scenario);
  assert.ok(full.transactions.length >= 300);
  assert.deepEqual(canonicalStatusChanges(full), canonicalStatusChanges(runScenario(analysis.scenario, { statusEveryInstant: true })));
});

void test('limits end a run with a clear reason in both modes: the event cap', () => {
  const scenario = analyze(scaleScenarioText(60)).scenario;
  for (const r of [runScenario(scenario, { maxEvents: 200 }), runSummary(scenario, { maxEvents: 200 })]) {
    assert.equal(r.endReason, 'event_limit');
    assert.equal(r.processedEvents, 200);
    assert.match(r.limit?.message ?? '', /200 events/);
    assert.ok(r.stillWaiting !== null);
  }
  const capped = runScenario(scenario, { maxRecords: 500 });
  assert.equal(capped.endReason, 'budget');
  assert.equal(capped.limit?.kind, 'records');
  assert.ok(capped.events.length + capped.messages.length + capped.statusChanges.length + capped.rowChanges.length <= 520);
});
