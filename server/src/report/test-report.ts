/**
 * The results of `replscope test` for people and for CI: one `file:line:col: error: message` line per failure (the
 * format of `replscope check`, which the `$replscope` problem matcher reads), a summary line, a JUnit XML report (one
 * `testcase` per expectation) and TAP. Pure: results in, text out.
 */
import type { ExpectationTestResult } from '../expectation-tests';

/** The tests of one file, as run. */
export interface FileTestResults {
  /** The file's name as given on the command line (or found under a directory given there). */
  file: string;
  results: ExpectationTestResult[];
  /** Wall-clock milliseconds the file took. */
  millis: number;
}

export interface TestCounts {
  passed: number;
  failed: number;
  /** Tests of files that could not be run (they have errors). */
  errored: number;
  files: number;
}

export function countTests(files: readonly FileTestResults[]): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, errored: 0, files: files.length };
  for (const f of files) for (const r of f.results) counts[r.outcome]++;
  return counts;
}

/** `12 passed, 1 failed in 3 files` (`, 2 not run` when files had errors). */
export function summaryLine(counts: TestCounts): string {
  const notRun = counts.errored > 0 ? `, ${counts.errored} not run` : '';
  return `${counts.passed} passed, ${counts.failed} failed${notRun} in ${counts.files} ${counts.files === 1 ? 'file' : 'files'}\n`;
}

/** Where a result's message points: the expectation, or the file's error that kept it from running. */
function position(r: ExpectationTestResult): { line: number; character: number } {
  return r.at ?? { line: r.line, character: r.start };
}

/** One line per test that did not pass: `file:line:col: error: label: message`. */
export function failureLines(f: FileTestResults): string[] {
  const lines: string[] = [];
  for (const r of f.results) {
    if (r.outcome === 'passed') continue;
    const at = position(r);
    lines.push(`${f.file}:${at.line + 1}:${at.character + 1}: error: ${r.label}: ${oneLine(r.message)}\n`);
  }
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

// ------------------------------------------------------------------------------------------------ JUnit XML

/** Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF). */
const notXml =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text or an attribute value for XML: the five special characters escaped, what XML cannot hold written as `\xNN`. */
export function xmlEscape(text: string): string {
  return text
    .replace(notXml, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** A test case's name: `line 32: expect pay7 outcome lost_connection`. */
function caseName(r: ExpectationTestResult): string {
  return `line ${r.line + 1}: ${r.label}`;
}

/** The JUnit XML report: a `testsuite` per file, a `testcase` per expectation, `failure` or `error` with the message. */
export function junitXml(files: readonly FileTestResults[]): string {
  const total = countTests(files);
  const seconds = (millis: number) => (millis / 1000).toFixed(3);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="replscope" tests="${total.passed + total.failed + total.errored}" failures="${total.failed}" errors="${total.errored}" time="${seconds(files.reduce((s, f) => s + f.millis, 0))}">`,
  ];
  for (const f of files) {
    const c = countTests([f]);
    const file = xmlEscape(f.file);
    out.push(
      `  <testsuite name="${file}" tests="${f.results.length}" failures="${c.failed}" errors="${c.errored}" skipped="0" time="${seconds(f.millis)}">`,
    );
    for (const r of f.results) {
      const head = `    <testcase name="${xmlEscape(caseName(r))}" classname="${file}" file="${file}" line="${r.line + 1}"`;
      if (r.outcome === 'passed') {
        out.push(`${head}/>`);
        continue;
      }
      const tag = r.outcome === 'failed' ? 'failure' : 'error';
      const at = position(r);
      out.push(
        `${head}>`,
        `      <${tag} message="${xmlEscape(r.message)}" type="${r.outcome === 'failed' ? 'expectation' : 'not_run'}">${xmlEscape(`${f.file}:${at.line + 1}:${at.character + 1}: ${r.message}`)}</${tag}>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------------ TAP

/** A TAP 13 stream: `ok N - file:line: label`, a YAML block with the message under each `not ok`, the summary as a comment. */
export function tapLines(files: readonly FileTestResults[]): string[] {
  const all = files.flatMap((f) => f.results.map((r) => ({ file: f.file, r })));
  const lines = ['TAP version 13\n', `1..${all.length}\n`];
  all.forEach(({ file, r }, i) => {
    // A `#` in a description would start a directive: escaped as TAP says.
    const description = `${file}:${r.line + 1}: ${r.label}`.replace(/\\/g, '\\\\').replace(/#/g, '\\#');
    lines.push(`${r.outcome === 'passed' ? 'ok' : 'not ok'} ${i + 1} - ${oneLine(description)}\n`);
    if (r.outcome === 'passed') return;
    const at = position(r);
    lines.push(
      '  ---\n',
      `  message: ${JSON.stringify(oneLine(r.message))}\n`,
      `  severity: ${r.outcome === 'failed' ? 'fail' : 'error'}\n`,
      `  at: { file: ${JSON.stringify(file)}, line: ${at.line + 1}, column: ${at.character + 1} }\n`,
      '  ...\n',
    );
  });
  lines.push(`# ${summaryLine(countTests(files))}`);
  return lines;
}
