/**
 * `replscope test [FILE|DIR…]`: every expectation of every scenario as a test. A directory stands for the `.repl`
 * files below it (no `node_modules`, no hidden folders), in name order; none given is the current directory. One
 * line per test that did not pass (`file:line:col: error: …`, as `check` prints problems), then a summary line;
 * `--junit FILE` writes a JUnit XML report, `--tap` prints TAP instead of those lines.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExpectationTests } from '../expectation-tests';
import { countTests, failureLines, junitXml, summaryLine, tapLines, type FileTestResults } from '../report/test-report';
import { exit, readScenario, type CliCommand } from './command';

/** The `.repl` files a command-line argument stands for, or why it stands for none. */
function scenarioFiles(arg: string): { files: string[] } | { error: string } {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(arg).isDirectory();
  } catch (e) {
    return { error: `${arg}: cannot read: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isDirectory) return { files: [arg] };
  const files: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.repl')) files.push(path);
    }
  };
  try {
    walk(arg);
  } catch (e) {
    return { error: `${arg}: cannot read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { files };
}

export const testCommand: CliCommand = {
  summary: "run every expectation as a test; one line per failure and a summary ('N passed, N failed')",
  help: `usage: replscope test [FILE|DIR…] [--junit OUT.xml] [--tap]

  Runs every expectation of each scenario file (a directory: the .repl files below it; none: the current
  directory). Each \`expect\` line is one test, each \`expect always no …\` property one more (checked over the
  crash-point sweep). Prints \`file:line:col: error: expectation: message\` for each test that did not pass,
  then \`N passed, N failed in N files\`.
    --junit OUT  also write a JUnit XML report: a testsuite per file, a testcase per expectation
    --tap        print TAP (version 13) instead, one line per test, the summary as its last comment
  Exit 0 when every test passes, 1 when one fails or a file has errors, 2 when a file cannot be read or written.
`,
  options: {
    junit: { type: 'string' },
    tap: { type: 'boolean' },
  },
  validate(values) {
    if (values.junit === '') return '--junit: expected a file name';
    return undefined;
  },
  async run({ values, positionals, stdout, stderr }) {
    let status: number = exit.ok;
    const files: string[] = [];
    for (const arg of positionals.length > 0 ? positionals : ['.']) {
      const found = scenarioFiles(arg);
      if ('error' in found) {
        await stderr.text(`${found.error}\n`);
        status = exit.usage;
      } else for (const f of found.files) files.push(f);
    }
    const results: FileTestResults[] = [];
    for (const file of files) {
      const input = readScenario(file);
      if ('error' in input) {
        await stderr.text(`${input.error}\n`);
        status = exit.usage;
        continue;
      }
      const started = performance.now();
      const tested: FileTestResults = { file, results: runExpectationTests(input.text), millis: 0 };
      tested.millis = performance.now() - started;
      results.push(tested);
      if (!values.tap) for (const line of failureLines(tested)) await stdout.text(line);
    }
    const counts = countTests(results);
    if (values.tap) for (const line of tapLines(results)) await stdout.text(line);
    else await stdout.text(summaryLine(counts));
    if (typeof values.junit === 'string') {
      try {
        writeFileSync(values.junit, junitXml(results));
      } catch (e) {
        await stderr.text(`${values.junit}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
        return exit.usage;
      }
    }
    if (status !== exit.ok) return status;
    return counts.failed + counts.errored > 0 ? exit.failed : exit.ok;
  },
};
