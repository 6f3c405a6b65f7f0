#!/usr/bin/env node
// Benchmark of the crash-point sweep (`replscope explore`): the generated scenario of the scale tests with 50
// transactions (a semi-sync source, three replicas, a failover in the middle), every crash point of every server, both
// crash kinds, on a pool of worker threads. Prints the crash points, the time and the crash points per second.
// Usage: node bench/explore.mjs [TRANSACTIONS] [JOBS]   (default 50 and the machine's cores)
// Run `node scripts/build.mjs` first for dist/explore-worker.js.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadBundle, root } from './bundle.mjs';

const transactions = Number(process.argv[2] ?? 50);
const jobs = Number(process.argv[3] ?? availableParallelism());
const { explorePolicies, exploreInPool, explore, crashPoints, scaleScenarioText } = await loadBundle(
  'explore-bench',
  `
    export { explorePolicies } from './server/src/explore/policies';
    export { exploreInPool } from './server/src/explore/pool';
    export { explore } from './server/src/explore/explore';
    export { crashPoints } from './server/src/explore/crash-points';
    export { scaleScenarioText } from './server/test/helpers/scale-scenario';
  `,
);

const setup = explorePolicies(scaleScenarioText(transactions));
if (setup.errors.length > 0) throw new Error(setup.errors.join('\n'));
const scenario = setup.policies[0].scenario;
const census = crashPoints(scenario);
const byMode = (mode) => census.points.filter((p) => p.mode === mode).length;
console.log(
  `${transactions} transactions, ${scenario.servers.length} servers: ${census.points.length} crash points ` +
    `(${byMode('process')} process + ${byMode('host')} host), ${census.skipped.notReached + census.skipped.serverDown} skipped`,
);

const started = performance.now();
const cpu = process.cpuUsage();
const result =
  jobs <= 1
    ? explore(setup.policies)
    : await exploreInPool(setup.policies, [], { jobs, workerPath: join(root, 'dist', 'explore-worker.js') });
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
// CPU time of every thread: what the sweep costs whatever else the machine is doing.
const cpuSeconds = (used.user + used.system) / 1e6;
console.log(
  `explored ${result.cases} crash points into ${result.classes.length} outcome classes in ${seconds.toFixed(2)} s ` +
    `on ${Math.max(1, jobs)} thread${jobs > 1 ? 's' : ''}: ${Math.round(result.cases / seconds)} crash points/s ` +
    `(CPU ${cpuSeconds.toFixed(1)} s, ${((cpuSeconds / result.cases) * 1000).toFixed(2)} ms per crash point)`,
);
