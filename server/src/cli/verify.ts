/**
 * `replscope verify FILE [--json] [--record] [--all]`: runs the scenario in the engine and on real MariaDB 10.11
 * servers, and compares what both print at each expectation and at the end. Exit 0 when every value matches, 1 on a
 * mismatch or errors in the file, 2 on unreadable input or when no real server can be run.
 *   --json    `{ server, comparisons: [{ value, line, engine, real, match }], notReproducible: [{ line, why }] }`
 *   --record  also write the real values to FILE.real.json (a conformance scenario's record)
 *   --all     print every value, not only the mismatches and the expectations' values
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyze } from '../language/analyze';
import { runScenario } from '../run';
import { compareObservations, comparisonTable, recordValues, type RealRecord } from '../verify/compare';
import { findBinaries, serverVersion } from '../verify/mariadb-server';
import { runOnMariadb } from '../verify/real-run';
import { engineObservations } from '../verify/values';

/** The synopsis line of `replscope --help`. */
export const verifyUsage = '       replscope verify FILE [--json] [--record] [--all]\n';

/** What `replscope --help` says about verify and its options. */
export const verifyHelp = `  verify FILE   run the scenario on real MariaDB 10.11 servers (127.0.0.1, temporary data directories) and
                compare each value with the engine's: a table of value, engine, real, match; exit 1 on a mismatch
    --json      print { comparisons, notReproducible, errorLog } instead
    --record    write the real values to FILE.real.json (a conformance record)
    --all       list every compared value, not only the expectations' and the mismatches
`;

/** The record file of a scenario file. */
export function recordPath(file: string): string {
  return file.replace(/\.repl$/, '') + '.real.json';
}

export async function verify(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const record = args.includes('--record');
  const all = args.includes('--all');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    process.stderr.write(`usage: replscope verify FILE [--json] [--record] [--all]\n\n${verifyHelp}`);
    return 2;
  }
  const file = files[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) process.stderr.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
    process.stderr.write(`${file}: not verified: fix the errors first\n`);
    return 1;
  }
  const scenario = analysis.scenario;
  const others = scenario.servers.filter((s) => s.flavor !== 'mariadb-10.11');
  if (others.length > 0) {
    process.stderr.write(
      `${file}: ${others.map((s) => `${s.name} is ${s.flavor}`).join(', ')}: only MariaDB 10.11 servers can be verified here (no MySQL server is installed)\n`,
    );
    return 2;
  }
  const bin = findBinaries();
  if (!bin) {
    process.stderr.write(`${file}: mariadbd and mariadb-install-db not found: install Debian's mariadb-server\n`);
    return 2;
  }
  const version = serverVersion(bin);
  const trace = runScenario(scenario);
  const engine = engineObservations(scenario, trace);
  let real;
  try {
    real = await runOnMariadb(scenario, bin, version);
  } catch (e) {
    process.stderr.write(`${file}: the real run failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const values = recordValues(real.observations);
  const comparisons = compareObservations(engine, values);
  if (record) {
    const rec: RealRecord = { server: version, values, notReproducible: real.notReproducible };
    writeFileSync(recordPath(file), `${JSON.stringify(rec, null, 2)}\n`);
  }
  const mismatches = comparisons.filter((c) => !c.match).length;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ server: version, comparisons, notReproducible: real.notReproducible, errorLog: real.semisyncLog }, null, 1)}\n`,
    );
  } else {
    const shown = all ? comparisons : comparisons.filter((c) => !c.match || c.line !== null);
    process.stdout.write(`${file}: engine vs MariaDB ${version}\n`);
    process.stdout.write(comparisonTable(shown));
    for (const n of real.notReproducible) process.stdout.write(`${file}:${n.line}: not reproducible for real: ${n.why}\n`);
    process.stdout.write(
      `${comparisons.length - mismatches} of ${comparisons.length} values match${all ? '' : ' (--all lists them all)'}\n`,
    );
  }
  return mismatches > 0 ? 1 : 0;
}
