/** `expectation_failed`: an `expect` of the file did not hold; the message says what was expected and what happened. */
import type { RunSummary, Verdict } from '../trace/trace';

/** One verdict per failed expectation. */
export function expectationVerdicts(trace: RunSummary): Verdict[] {
  return trace.expectations
    .filter((e) => !e.passed)
    .map((e) => ({
      kind: 'expectation_failed' as const,
      severity: 'error' as const,
      servers: [],
      time: e.time,
      line: e.line,
      message: e.message,
    }));
}
