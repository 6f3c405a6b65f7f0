/**
 * The command line: the same pipeline as the editor, without an editor.
 *   replscope check FILE…   `file:line:col: severity: message`; exit 1 on any error, 2 on unreadable input.
 *   replscope run FILE      a text timeline and the verdicts (`--json`: the trace); exit 1 when an
 *                           expectation fails or the file has errors, 2 on unreadable input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyze, type Analysis } from './language/analyze';
import { runScenario } from './run';
import { textTimeline } from './report/text-timeline';
import { renderTimelineFile } from './timeline/export';
import { exploreCommand, exploreUsage } from './cli/explore';
import { shrinkCommand, shrinkUsage } from './cli/shrink';

const usage = `usage: replscope check FILE…
       replscope run FILE [--json] [--seed N] [--html OUT.html] [--svg OUT.svg]
${exploreUsage}${shrinkUsage}
  check FILE…   parse and check scenario files; print one line per problem
  run FILE      run the scenario; print a text timeline, the expectations and the verdicts
    --json      print the trace (docs/trace.md) instead
    --seed N    use seed N instead of the file's
    --html OUT  also write the timeline as a self-contained HTML page (no script, no network)
    --svg OUT   also write the timeline as an SVG image
`;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
}

function printDiagnostics(file: string, analysis: Analysis, stream: NodeJS.WriteStream): boolean {
  let errors = false;
  for (const d of analysis.diagnostics) {
    const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
    stream.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${d.message}\n`);
    errors ||= d.severity === 'error';
  }
  return errors;
}

function check(files: string[]): number {
  let status = 0;
  for (const file of files) {
    const text = read(file);
    if (text === undefined) {
      status = 2;
      continue;
    }
    if (printDiagnostics(file, analyze(text), process.stdout) && status === 0) status = 1;
  }
  return status;
}

function run(args: string[]): number {
  const json = args.includes('--json');
  const valueOf = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? (args[at + 1] ?? '') : undefined;
  };
  const seedText = valueOf('--seed');
  const seed = seedText !== undefined ? Number(seedText) : undefined;
  const outputs = (['html', 'svg'] as const).flatMap((format) => {
    const out = valueOf(`--${format}`);
    return out !== undefined ? [{ format, out }] : [];
  });
  const valued = new Set(['--seed', '--html', '--svg'].map((f) => args.indexOf(f) + 1).filter((i) => i > 0));
  const files = args.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  if (
    files.length !== 1 ||
    (seed !== undefined && !Number.isInteger(seed)) ||
    outputs.some((o) => o.out === '' || o.out.startsWith('--'))
  ) {
    process.stderr.write(usage);
    return 2;
  }
  const file = files[0];
  const text = read(file);
  if (text === undefined) return 2;
  const analysis = analyze(text);
  if (printDiagnostics(file, analysis, process.stderr)) {
    process.stderr.write(`${file}: not run: fix the errors first\n`);
    return 1;
  }
  const trace = runScenario(analysis.scenario, seed !== undefined ? { seed } : {});
  process.stdout.write(json ? `${JSON.stringify(trace, null, 1)}\n` : textTimeline(trace));
  for (const { format, out } of outputs) {
    try {
      writeFileSync(out, renderTimelineFile(trace, format));
      process.stderr.write(`${file}: timeline written to ${out}\n`);
    } catch (e) {
      process.stderr.write(`${out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  const failed = trace.expectations.some((e) => !e.passed) || trace.internalError !== null;
  return failed ? 1 : 0;
}

function main(argv: string[]): number | Promise<number> {
  const [command, ...args] = argv;
  if (command === 'check' && args.length > 0) return check(args);
  if (command === 'run') return run(args);
  if (command === 'explore') return exploreCommand(args);
  if (command === 'shrink') return shrinkCommand(args);
  if (command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  process.stderr.write(usage);
  return 2;
}

void Promise.resolve(main(process.argv.slice(2))).then((status) => (process.exitCode = status));
