/**
 * A scenario's expectations as tests: every `expect` line is one test, and so is every `expect always no …`
 * property of the crash-point sweep. Discovery only parses the file (it runs nothing, so an editor can list the
 * tests of a whole workspace on each keystroke); a test run analyses it, runs it once, and explores it only when it
 * declares properties. The command line's `replscope test`, the language server's test request and the editor's
 * Test Explorer all read these results, so they cannot disagree.
 */
import { analyze } from './language/analyze';
import type { Expectation } from './language/ast';
import { parseRepl } from './language/parse';
import { crashPointText } from './explore/crash-points';
import { explore } from './explore/explore';
import { explorePolicies, policyText } from './explore/policies';
import { runSummary, type RunOptions } from './run';

/** One test of a file: an `expect` line (`expect`) or an `expect always no …` property (`property`). */
export interface ExpectationTest {
  /** Zero-based line of the expectation. */
  line: number;
  /** Zero-based columns of the expectation on its line. */
  start: number;
  end: number;
  kind: 'expect' | 'property';
  /** The expectation as written (`expect T2 outcome lost_connection`), without its comment. */
  label: string;
}

/** What became of one test. */
export interface ExpectationTestResult extends ExpectationTest {
  /**
   * `passed` and `failed` are the run's word; `errored` means the file could not be run (it has errors, or a test's
   * line is no longer an expectation), so nothing was checked.
   */
  outcome: 'passed' | 'failed' | 'errored';
  /** What was expected and, when it failed, what happened; for `errored`, why nothing ran. */
  message: string;
  /** Where the message is about when it is not the expectation itself (a file error elsewhere). */
  at?: { line: number; character: number };
}

/** Every test of a file, in line order, from a parse alone (a file with syntax errors still lists what it can). */
export function discoverExpectationTests(text: string): ExpectationTest[] {
  const tests: ExpectationTest[] = [];
  for (const item of parseRepl(text).file.items) {
    if (!item.kind.startsWith('expect')) continue;
    const expectation = item as Expectation;
    tests.push(testOf(text, expectation));
  }
  return tests;
}

function testOf(text: string, e: Expectation): ExpectationTest {
  const { start, end } = e.range;
  const lineText = lineAt(text, start.line);
  const stop = end.line === start.line ? end.character : lineText.length;
  const property = e.kind === 'expectVerdict' && e.always;
  return {
    line: start.line,
    start: start.character,
    end: stop,
    kind: property ? 'property' : 'expect',
    label: lineText.slice(start.character, stop).trim().replace(/\s+/g, ' '),
  };
}

function lineAt(text: string, line: number): string {
  let from = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', from);
    if (next < 0) return '';
    from = next + 1;
  }
  const to = text.indexOf('\n', from);
  return text.slice(from, to < 0 ? text.length : to).replace(/\r$/, '');
}

/**
 * Runs every test of a file: one run for its `expect` lines, and the crash-point sweep for its properties (only when it
 * has some). A file that does not check runs nothing: each of its tests is `errored` with the file's first error.
 */
export function runExpectationTests(text: string, options: RunOptions = {}): ExpectationTestResult[] {
  const tests = discoverExpectationTests(text);
  if (tests.length === 0) return [];
  const analysis = analyze(text);
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error');
  if (!analysis.runnable || firstError) {
    const where = firstError ? `line ${firstError.range.start.line + 1}: ${firstError.message}` : 'the file does not check';
    return tests.map((t) => ({
      ...t,
      outcome: 'errored',
      message: `not run: the file has errors (${where})`,
      ...(firstError ? { at: firstError.range.start } : {}),
    }));
  }
  const byLine = new Map<number, { passed: boolean; message: string }>();
  if (tests.some((t) => t.kind === 'expect')) {
    const summary = runSummary(analysis.scenario, options);
    if (summary.internalError) {
      const message = `the engine failed: ${summary.internalError.message}`;
      return tests.map((t) => ({ ...t, outcome: 'errored', message }));
    }
    for (const e of summary.expectations) byLine.set(e.line, { passed: e.passed, message: e.message });
  }
  if (tests.some((t) => t.kind === 'property')) {
    const setup = explorePolicies(text);
    if (setup.errors.length > 0) {
      const message = `not explored: ${setup.errors[0]}`;
      for (const t of tests) if (t.kind === 'property') byLine.set(t.line, { passed: false, message });
    } else {
      for (const p of explore(setup.policies, setup.properties).properties) {
        const where = p.counterexample
          ? `broken at \`${crashPointText(p.counterexample.crashPoint)}\` (policy ${policyText(p.counterexample.settings)})`
          : 'holds at every crash point';
        byLine.set(p.line, { passed: p.holds, message: `expect always no ${p.verdict}: ${where}` });
      }
    }
  }
  return tests.map((t) => {
    const result = byLine.get(t.line);
    if (!result) return { ...t, outcome: 'errored', message: 'not checked: the run gave no result for this line' };
    return { ...t, outcome: result.passed ? 'passed' : 'failed', message: result.message };
  });
}
