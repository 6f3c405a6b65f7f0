// The timeline model on the wire (server/src/timeline/wire.ts): what the engine worker sends to the panel is the
// model the worker built, column for column, once through JSON as the messages carry it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { buildTimeline, type TimelineModel } from '../src/timeline/model';
import { parseTimeline, payloadOf, timelinePayload, type TimelinePayload } from '../src/timeline/payload';
import { TRANSACTIONS_LISTED, decodeTimeline } from '../src/timeline/wire';
import type { Trace } from '../src/trace/trace';
import { scaleScenarioText } from './helpers/scale-scenario';
import { bigTrace, hostileTrace, s04Trace } from './timeline-fixtures';

/** The model through the payload and JSON, and what it must equal: the model, its transaction list cut to the first ones. */
function roundTrip(model: TimelineModel): void {
  // Through JSON once more, as LSP carries the payload.
  const payload = JSON.parse(JSON.stringify(payloadOf(model))) as TimelinePayload;
  const { transactionCount, ...received } = decodeTimeline(parseTimeline(payload));
  assert.equal(transactionCount, model.transactions.length);
  assert.deepEqual(received, { ...model, transactions: model.transactions.slice(0, TRANSACTIONS_LISTED) });
}

function scaleTrace(transactions: number): Trace {
  const analysis = analyze(scaleScenarioText(transactions));
  assert.ok(analysis.runnable);
  return runScenario(analysis.scenario);
}

void test('a hand-made trace, a hostile one and a generated big one come through the wire unchanged', () => {
  roundTrip(buildTimeline(s04Trace()));
  roundTrip(buildTimeline(hostileTrace()));
  roundTrip(buildTimeline(bigTrace(3_000)));
});

void test('a real engine trace with a crash, a failover and more transactions than are listed comes through unchanged', () => {
  const trace = scaleTrace(TRANSACTIONS_LISTED + 20);
  const model = buildTimeline(trace);
  assert.ok(model.transactions.length > TRANSACTIONS_LISTED);
  assert.ok(model.marks.some((m) => m.kind === 'crash'));
  roundTrip(model);
});

void test('the payload is the model in its columns, far smaller than the trace', () => {
  const trace = scaleTrace(60);
  const payload = JSON.stringify(timelinePayload(trace, {}));
  const whole = JSON.stringify(trace);
  assert.ok(payload.length * 2 < whole.length, `payload ${payload.length} bytes, trace ${whole.length}`);
  assert.ok(!('trace' in JSON.parse(payload)));
  // Asked again for the same run (the panel shown again), the worker answers what it made.
  assert.equal(timelinePayload(trace, {}), timelinePayload(trace, {}));
});
