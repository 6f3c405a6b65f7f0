/**
 * `replscope run FILE`: runs the scenario and prints a text timeline, the expectations and the verdicts;
 * `--summary` runs without recording events and prints only the expectations and the verdicts; `--json` prints the
 * trace (or, with `--summary`, the summary) as JSON, streamed a value at a time.
 */
import { writeFileSync } from 'node:fs';
import { analyze } from '../language/analyze';
import { startRun, type RunOptions } from '../run';
import { runWithin, type RunBudget } from '../run-budget';
import { textSummaryLines, textTimelineLines } from '../report/text-timeline';
import { exportRefusal, renderTimelineFile } from '../timeline/export';
import type { Scenario } from '../model/scenario';
import type { RunSummary } from '../trace/trace';
import { exit, printDiagnostics, readScenario, type CliCommand } from './command';
import { jsonPieces } from './json-stream';
import type { Output } from './output';

/** A seed as the language writes one: a decimal integer from 0 to 2^32 - 1, no sign, no prefix, no exponent. */
const seedPattern = /^(0|[1-9][0-9]{0,9})$/;
const maxSeed = 2 ** 32 - 1;
/** A limit in whole units: a decimal integer, 0 meaning none. */
const limitPattern = /^(0|[1-9][0-9]{0,8})$/;
/** The command line's budget when none is given: ten minutes, and 3 GB of heap (below Node's own 4 GB default, so
 * a run that would exhaust the process ends with a limit that says so instead). */
const defaultBudget: RunBudget = { millis: 600_000, heapMb: 3072 };

async function writeJson(out: Output, value: unknown): Promise<void> {
  for (const piece of jsonPieces(value, 1)) await out.json(piece);
  await out.json('\n');
}

function failed(result: RunSummary): boolean {
  return result.expectations.some((e) => !e.passed) || result.internalError !== null;
}

/** The budget the flags give (a limit of 0 is none). */
function budgetOf(seconds: unknown, megabytes: unknown): RunBudget {
  const given = (value: unknown, unit: number, fallback: number) =>
    typeof value !== 'string' ? fallback : Number(value) === 0 ? Number.POSITIVE_INFINITY : Number(value) * unit;
  return {
    millis: given(seconds, 1000, defaultBudget.millis),
    heapMb: given(megabytes, 1, defaultBudget.heapMb),
  };
}

function onlyNames(list: string): string[] {
  return list
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

/** The names `--only` accepts: the scenario's servers, clients and transactions. */
function nameOf(scenario: Scenario): Set<string> {
  return new Set([
    ...scenario.servers.map((s) => s.name),
    ...scenario.clients.map((c) => c.name),
    ...scenario.transactions.map((t) => t.id),
  ]);
}

export const runCommand: CliCommand = {
  summary: 'run a scenario; print a text timeline, the expectations and the verdicts',
  help: `usage: replscope run FILE [--summary] [--json] [--seed N] [--time-limit S] [--memory-limit MB]
                         [--only NAME[,NAME…]] [--html OUT.html] [--svg OUT.svg] [--time-scale]

  Runs the scenario and prints the run in a few sentences, a text timeline, then the expectations and the verdicts.
    --summary   run without recording events; print only the expectations and the verdicts
    --json      print the trace (docs/trace.md) instead; with --summary, the run's summary
    --only NAMES  print only the events of these servers, clients and transactions (comma-separated)
    --seed N    use seed N (a decimal integer, 0 to ${maxSeed}) instead of the file's
    --time-limit S     stop the run after S seconds of wall-clock time (default ${defaultBudget.millis / 1000}; 0: none)
    --memory-limit MB  stop the run when the heap passes MB megabytes (default ${defaultBudget.heapMb}; 0: none)
                       a run stopped at a limit reports what happened until then; its unchecked expectations fail
    --html OUT  also write the timeline as a self-contained HTML page (no script, no network)
    --svg OUT   also write the timeline as an SVG image
    --time-scale  draw those with time to scale (long pauses compressed) instead of one row per event
  Exit 0 when every expectation holds, 1 when one fails or the file has errors, 2 on a usage or input/output problem.
`,
  options: {
    summary: { type: 'boolean' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    seed: { type: 'string' },
    'time-limit': { type: 'string' },
    'memory-limit': { type: 'string' },
    html: { type: 'string' },
    svg: { type: 'string' },
    'time-scale': { type: 'boolean' },
  },
  validate(values, positionals) {
    if (positionals.length !== 1) return 'run needs exactly one FILE';
    const seed = values.seed;
    if (typeof seed === 'string' && (!seedPattern.test(seed) || Number(seed) > maxSeed))
      return `--seed: expected a decimal integer from 0 to ${maxSeed}, got '${seed}'`;
    for (const flag of ['time-limit', 'memory-limit'] as const) {
      const value = values[flag];
      if (typeof value === 'string' && !limitPattern.test(value))
        return `--${flag}: expected a decimal integer (0 for no limit), got '${value}'`;
    }
    if (typeof values.only === 'string') {
      if (values.summary || values.json) return '--only filters the text timeline: it cannot go with --summary or --json';
      if (onlyNames(values.only).length === 0) return '--only: expected names of servers, clients or transactions';
    }
    for (const flag of ['html', 'svg'] as const) {
      if (values[flag] === '') return `--${flag}: expected a file name`;
      if (values.summary && values[flag] !== undefined) return `--${flag} needs the events: it cannot go with --summary`;
    }
    if (values['time-scale'] && values.html === undefined && values.svg === undefined)
      return '--time-scale draws the --html or --svg file: give one of them';
    return undefined;
  },
  async run({ values, positionals, stdout, stderr }) {
    const file = positionals[0];
    const input = readScenario(file);
    if ('error' in input) {
      await stderr.text(`${input.error}\n`);
      return exit.usage;
    }
    const analysis = analyze(input.text);
    if (await printDiagnostics(file, analysis, stderr)) {
      await stderr.text(`${file}: not run: fix the errors first\n`);
      return exit.failed;
    }
    const options: RunOptions = typeof values.seed === 'string' ? { seed: Number(values.seed) } : {};
    const budget = budgetOf(values['time-limit'], values['memory-limit']);
    if (values.summary) {
      const summary = runWithin(startRun(analysis.scenario, options, 'summary'), budget);
      if (values.json) await writeJson(stdout, summary);
      else for (const line of textSummaryLines(summary)) await stdout.text(line);
      return failed(summary) ? exit.failed : exit.ok;
    }
    const only = typeof values.only === 'string' ? onlyNames(values.only) : undefined;
    const unknown = only?.filter((name) => !nameOf(analysis.scenario).has(name)) ?? [];
    if (unknown.length > 0) {
      await stderr.text(`--only: ${file} has no server, client or transaction named ${unknown.map((n) => `'${n}'`).join(', ')}\n`);
      return exit.usage;
    }
    const trace = runWithin(startRun(analysis.scenario, options, 'full'), budget);
    if (values.json) await writeJson(stdout, trace);
    else for (const line of textTimelineLines(trace, { only: only && new Set(only) })) await stdout.text(line);
    for (const format of ['html', 'svg'] as const) {
      const out = values[format];
      if (typeof out !== 'string') continue;
      const refused = exportRefusal(trace);
      if (refused) {
        await stderr.text(`${out}: not written: ${refused}\n`);
        return exit.usage;
      }
      try {
        writeFileSync(out, renderTimelineFile(trace, format, { scale: values['time-scale'] ? 'time' : 'events' }));
        await stderr.text(`${file}: timeline written to ${out}\n`);
      } catch (e) {
        await stderr.text(`${out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
        return exit.usage;
      }
    }
    return failed(trace) ? exit.failed : exit.ok;
  },
};
