#!/usr/bin/env node
// The fidelity figures of the README: for each scenario of the conformance corpus (server/test/conformance/), the
// engine's values against the ones a real MariaDB printed (the scenario's .real.json, written by
// `replscope verify --record`), grouped by area. A value neither side prints (`—` on both, such as SHOW SLAVE STATUS
// on a source) is not counted. `scripts/test-conformance-real.mjs` checks the records against a real server again.
// Usage: node bench/fidelity.mjs [--files]      (--files: one line per scenario too)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle, root } from './bundle.mjs';

const { analyze, runScenario, compareObservations, engineObservations } = await loadBundle(
  'fidelity',
  `
    export { analyze } from './server/src/language/analyze';
    export { runScenario } from './server/src/run';
    export { compareObservations } from './server/src/verify/compare';
    export { engineObservations } from './server/src/verify/values';
  `,
);

/** The README's areas, by scenario number. */
const areas = [
  ['row events and positions (insert, update, delete, NULLs, types, keys)', [1, 2, 3, 4, 5, 6, 7, 8, 9, 41]],
  ['`binlog_format=statement`', [10, 11]],
  ['rollback, two-table transactions', [12, 13]],
  ['DDL under semi-sync, `log_slave_updates`, rotation', [14, 15, 16]],
  ['replica threads and relay logs', [17, 42]],
  ['start positions and 1236 texts', [18, 19, 20]],
  ['1062 and 1032', [21, 22]],
  ['MariaDB GTID (`current_pos`, errant transactions, domains, `gtid_strict_mode`, `gtid_slave_pos`)', [23, 24, 25, 69, 71, 72, 73]],
  ['semi-sync', [26, 27, 28, 29, 30, 31, 32, 33, 34, 38, 39, 43]],
  ['crash, shutdown, failover, RESET SLAVE', [35, 36, 37, 40]],
  ['a replica killed and restarted (`relay-log.info`, `relay_log_recovery`, GTID)', [76, 77, 78, 79]],
  ['client DDL (`create`, `alter`, `truncate`, `drop`; a replica missing a column)', [74, 75]],
  ['`sql_log_bin=0`: a silent divergence', [70]],
  ['`auto_increment` (statement format), `insert ignore`, `replace`, `on duplicate key update`', [44, 45]],
  ['co-masters with `auto_increment_offset`', [46]],
  ['`read_only` and client privileges', [60]],
  ['binlog purge and expiry', [61, 62, 63]],
  ['delayed replica (`MASTER_DELAY`)', [64]],
  ['skip and repair (`sql_slave_skip_counter`, `UNTIL`, `slave_exec_mode`, `slave_skip_errors`)', [65, 66, 67, 68]],
];

const dir = join(root, 'server', 'test', 'conformance');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.repl'))
  .sort();
const perFile = new Map();
for (const file of files) {
  const analysis = analyze(readFileSync(join(dir, file), 'utf8'));
  const record = JSON.parse(readFileSync(join(dir, file.replace(/\.repl$/, '.real.json')), 'utf8'));
  const comparisons = compareObservations(engineObservations(analysis.scenario, runScenario(analysis.scenario)), record.values);
  const printed = comparisons.filter((c) => !(c.engine === '—' && c.real === '—'));
  perFile.set(file, { matching: printed.filter((c) => c.match).length, values: printed.length });
  if (process.argv.includes('--files')) console.log(`${file}: ${perFile.get(file).matching} of ${perFile.get(file).values}`);
}

const numberOf = (file) => Number(/^c(\d+)-/.exec(file)?.[1]);
const placed = new Set();
let total = { scenarios: 0, matching: 0, values: 0 };
console.log('| area | scenarios | values that match |\n|---|---|---|');
for (const [area, numbers] of areas) {
  const mine = files.filter((f) => numbers.includes(numberOf(f)));
  const matching = mine.reduce((n, f) => n + perFile.get(f).matching, 0);
  const values = mine.reduce((n, f) => n + perFile.get(f).values, 0);
  for (const f of mine) placed.add(f);
  total = { scenarios: total.scenarios + mine.length, matching: total.matching + matching, values: total.values + values };
  console.log(`| ${area} | ${mine.length} | ${matching} of ${values} |`);
}
console.log(`| **all** | **${total.scenarios}** | **${total.matching} of ${total.values}** |`);
const unplaced = files.filter((f) => !placed.has(f));
if (unplaced.length > 0) console.log(`\nin no area (add them to bench/fidelity.mjs): ${unplaced.join(', ')}`);
