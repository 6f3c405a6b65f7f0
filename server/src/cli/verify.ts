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
import { exit, readScenario, type CliCommand } from './command';
import type { Output } from './output';

const help = `usage: replscope verify FILE [--json] [--record] [--all]

  Runs the scenario on real MariaDB 10.11 servers (127.0.0.1, temporary data directories, stopped by PID) and
  compares each value with the engine's: a table of value, engine, real, match.
    --json      print { server, comparisons, notReproducible, errorLog } instead
    --record    also write the real values to FILE.real.json (a conformance record)
    --all       list every compared value, not only the expectations' and the mismatches
  Exit 0 when every value matches, 1 on a mismatch or errors in the file, 2 on a usage or input/output problem or
  when no real server can be run.
`;

/** The record file of a scenario file. */
export function recordPath(file: string): string {
  return file.replace(/\.repl$/, '') + '.real.json';
}

/** A record's `varies` notes, written by hand, survive a new recording. */
function previousVaries(path: string): Pick<RealRecord, 'varies'> {
  try {
    const previous = JSON.parse(readFileSync(path, 'utf8')) as Partial<RealRecord>;
    return previous.varies ? { varies: previous.varies } : {};
  } catch {
    return {};
  }
}

/** `replscope verify`, for the command line's dispatch table. */
export const verifyCommand: CliCommand = {
  summary: 'run a MariaDB scenario on real MariaDB 10.11 servers and compare every value with the engine',
  help,
  options: { json: { type: 'boolean' }, record: { type: 'boolean' }, all: { type: 'boolean' } },
  validate: (_values, positionals) => (positionals.length === 1 ? undefined : 'one scenario file'),
  run: (ctx) =>
    verifyFile(
      ctx.positionals[0],
      { json: ctx.values.json === true, record: ctx.values.record === true, all: ctx.values.all === true },
      ctx,
    ),
};

async function verifyFile(
  file: string,
  { json, record, all }: { json: boolean; record: boolean; all: boolean },
  { stdout, stderr }: { stdout: Output; stderr: Output },
): Promise<number> {
  const input = readScenario(file);
  if ('error' in input) {
    await stderr.text(`${input.error}\n`);
    return exit.usage;
  }
  const text = input.text;
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) await stderr.text(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
    await stderr.text(`${file}: not verified: fix the errors first\n`);
    return exit.failed;
  }
  const scenario = analysis.scenario;
  const others = scenario.servers.filter((s) => s.flavor !== 'mariadb-10.11');
  if (others.length > 0) {
    await stderr.text(
      `${file}: ${others.map((s) => `${s.name} is ${s.flavor}`).join(', ')}: only MariaDB 10.11 servers can be verified here (no MySQL server is installed)\n`,
    );
    return exit.usage;
  }
  const bin = findBinaries();
  if (!bin) {
    await stderr.text(`${file}: mariadbd and mariadb-install-db not found: install Debian's mariadb-server\n`);
    return exit.usage;
  }
  const version = serverVersion(bin);
  const trace = runScenario(scenario);
  const engine = engineObservations(scenario, trace);
  let real;
  try {
    real = await runOnMariadb(scenario, bin, version);
  } catch (e) {
    await stderr.text(`${file}: the real run failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return exit.usage;
  }
  const values = recordValues(real.observations);
  const comparisons = compareObservations(engine, values);
  if (record) {
    const rec: RealRecord = { server: version, values, notReproducible: real.notReproducible, ...previousVaries(recordPath(file)) };
    try {
      writeFileSync(recordPath(file), `${JSON.stringify(rec, null, 2)}\n`);
    } catch (e) {
      await stderr.text(`${recordPath(file)}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
      return exit.usage;
    }
  }
  const mismatches = comparisons.filter((c) => !c.match).length;
  if (json) {
    await stdout.json(
      `${JSON.stringify({ server: version, comparisons, notReproducible: real.notReproducible, errorLog: real.semisyncLog }, null, 1)}\n`,
    );
  } else {
    const shown = all ? comparisons : comparisons.filter((c) => !c.match || c.line !== null);
    await stdout.text(`${file}: engine vs MariaDB ${version}\n`);
    await stdout.text(comparisonTable(shown));
    for (const n of real.notReproducible) await stdout.text(`${file}:${n.line}: not reproducible for real: ${n.why}\n`);
    await stdout.text(`${comparisons.length - mismatches} of ${comparisons.length} values match${all ? '' : ' (--all lists them all)'}\n`);
  }
  return mismatches > 0 ? exit.failed : exit.ok;
}
