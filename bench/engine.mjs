#!/usr/bin/env node
// Benchmark of what the editor does after a keystroke on a 200-line scenario:
//   1. analyze (lex, parse, check) the text;
//   2. run the engine on the checked scenario (runScenario);
//   3. the whole editor path: the RunScheduler's worker thread (dist/engine-worker.js), from schedule() to the
//      run's digest back in the server: the first run (which starts the worker) and later ones.
// Usage: node bench/engine.mjs [LINES]      (default 200; the median of 9 runs is printed, after 2 warm-up runs)
// Run `node scripts/build.mjs` first for dist/engine-worker.js.
import { join } from 'node:path';
import { loadBundle, root } from './bundle.mjs';

const lines = Number(process.argv[2] ?? 200);
const { analyze, runScenario, runSummary, RunScheduler } = await loadBundle(
  'engine-bench',
  `
    export { analyze } from './server/src/language/analyze';
    export { runScenario, runSummary } from './server/src/run';
    export { RunScheduler } from './server/src/run-scheduler';
  `,
);

/** A realistic scenario of about `n` lines: semi-sync source, three replicas, four clients, faults, expectations. */
function scenarioText(n) {
  const out = [
    'scenario "benchmark"',
    'flavor mysql-8.0',
    'database d',
    'source m1 { semisync timeout=2s sync_binlog=1 }',
    'replica r1 of m1 { semisync }',
    'replica r2 of m1 { semisync }',
    'replica r3 of r1 { }',
    'link m1 -> r1 latency 1ms jitter 200us',
    'link m1 -> r2 latency 3ms',
    'table t (id int primary key, v varchar(20), n int)',
    'table audit (msg varchar(100))',
    'client app on m1',
    'client batch on m1',
    'client reader on m1',
  ];
  let id = 1;
  while (out.length < n - 12) {
    const k = out.length % 6;
    if (k === 0) out.push(`app: insert into t values (${id}, 'v${id}', ${id})`);
    else if (k === 1) out.push(`batch: begin; insert into t values (${id}, 'b', 0); insert into audit values ('row ${id}'); commit`);
    else if (k === 2) out.push(`app: update t set n = n + 1 where id = ${id - 1}`);
    else if (k === 3) out.push(`reader: select * from t where id = ${id - 1}`);
    else if (k === 4) out.push(`app: delete from t where id = ${id - 2}`);
    else out.push(`app: insert into t values (${id}, 'w', 1) as X${id} nowait`);
    id++;
  }
  out.push(
    'stop r2 io_thread',
    `app: insert into t values (${id + 1}, 'late', 0)`,
    'start r2 io_thread',
    'wait until r1 caught up',
    `on m1 engine_committed: stop r3 sql_thread`,
    'crash m1',
    'promote r1',
    'app reconnects to r1',
    `app: insert into t values (${id + 2}, 'after', 0)`,
    'stop r2',
    'change master r2 to r1 from end',
    'start r2',
    'expect no divergence',
    'expect r1 replication running',
  );
  return out.join('\n') + '\n';
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs = 9, warmups = 2) {
  for (let i = 0; i < warmups; i++) fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const text = scenarioText(lines);
const analysis = analyze(text);
const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  console.error(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'));
  process.exit(1);
}
const trace = runScenario(analysis.scenario);
console.log(
  `scenario: ${text.split('\n').length - 1} lines, ${analysis.scenario.transactions.length} transactions, ` +
    `${trace.processedEvents} engine events, ${trace.events.length} trace events, ${(JSON.stringify(trace).length / 1e6).toFixed(1)} MB of trace JSON`,
);
console.log(`analyze (lex, parse, check):      ${time(() => analyze(text)).toFixed(1)} ms`);
console.log(`engine run, full trace (runScenario): ${time(() => runScenario(analysis.scenario)).toFixed(1)} ms`);
console.log(`engine run, summary (runSummary):     ${time(() => runSummary(analysis.scenario)).toFixed(1)} ms`);

// The editor's path: the language server's RunScheduler and its pool of workers (a fast run is not delayed).
const worker = join(root, 'dist', 'engine-worker.js');
const perRun = [];
let resolveRun;
const scheduler = new RunScheduler(worker, {
  started: () => {},
  finished: (r) => resolveRun(r),
  failed: (_uri, _version, message) => console.error(message),
});
for (let version = 1; version <= 9; version++) {
  const t0 = performance.now();
  await new Promise((resolve) => {
    resolveRun = resolve;
    scheduler.schedule('bench://scenario', version, analysis.scenario);
  });
  perRun.push(performance.now() - t0);
}
scheduler.dispose();
console.log(`editor path, first run (new worker): ${perRun[0].toFixed(1)} ms`);
console.log(`editor path, later runs (warm):      ${median(perRun.slice(2)).toFixed(1)} ms`);
