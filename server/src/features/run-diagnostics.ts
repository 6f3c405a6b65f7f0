/**
 * The run's findings as diagnostics on the lines they concern: a failed expectation is an error (the file
 * said what must happen, and it did not); a verdict is a warning or a note (the scenario is valid, what it
 * shows is worth knowing); a run that stopped at a limit says which; an engine failure is an error that gives the seed.
 */
import type { Range } from '../language/ast';
import type { ReplDiagnostic } from '../language/diagnostic';
import type { RunSummary } from '../trace/trace';

/** The range of a line's text without its indentation and trailing comment-free space. */
export function lineRange(lines: readonly string[], line: number): Range {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  const end = text.replace(/\s*(#.*)?$/, '').length;
  return { start: { line, character: start }, end: { line, character: Math.max(start, end) } };
}

/** What the diagnostics read of a run (a summary, a full trace, or the digest the editor's worker sends). */
export type RunFindings = Pick<RunSummary, 'expectations' | 'verdicts' | 'internalError' | 'limit'>;

export function runDiagnostics(trace: RunFindings, lines: readonly string[]): ReplDiagnostic[] {
  const out: ReplDiagnostic[] = [];
  for (const e of trace.expectations) {
    if (!e.passed) out.push({ range: lineRange(lines, e.line), severity: 'error', code: 'expectation-failed', message: e.message });
  }
  for (const v of trace.verdicts) {
    if (v.kind === 'expectation_failed' || v.line === undefined) continue;
    out.push({
      range: lineRange(lines, v.line),
      // Yellow means unexpected: a verdict the file expects is information.
      severity: v.severity === 'info' || v.expectedBy !== undefined ? 'information' : 'warning',
      code: 'verdict',
      message: `${v.kind.replace(/_/g, ' ')}: ${v.message}${v.expectedBy !== undefined ? ` (expected, line ${v.expectedBy + 1})` : ''}`,
    });
  }
  if (trace.limit) {
    out.push({
      range: lineRange(lines, 0),
      severity: 'warning',
      code: 'run-limit',
      message: `the run stopped early: ${trace.limit.message}`,
    });
  }
  if (trace.internalError) {
    out.push({
      range: lineRange(lines, 0),
      severity: 'error',
      code: 'engine-error',
      message: `internal error in the replication engine (seed ${trace.internalError.seed}): ${trace.internalError.message}`,
    });
  }
  return out;
}
