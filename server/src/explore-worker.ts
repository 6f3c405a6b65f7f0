/**
 * A worker of the exploration pool (explore/pool.ts): it keeps the policies' scenarios and runs the cases it is sent,
 * each a summary run, answering with their outcome classes.
 */
import { parentPort } from 'node:worker_threads';
import { runCase } from './explore/explore';
import type { FromExploreWorker, ToExploreWorker } from './explore/pool';
import type { Scenario } from './model/scenario';

let scenarios: Scenario[] = [];

parentPort?.on('message', (message: ToExploreWorker) => {
  let answer: FromExploreWorker;
  if (message.type === 'policies') {
    scenarios = message.scenarios;
    return;
  }
  try {
    answer = { type: 'outcomes', outcomes: message.cases.map((c) => ({ case: c, outcome: runCase(scenarios[c.policy], c.point) })) };
  } catch (e) {
    answer = { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(answer);
});
