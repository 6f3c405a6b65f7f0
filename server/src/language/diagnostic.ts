/** Diagnostics of the core: plain values, turned into LSP diagnostics at the edge. */
import type { Range } from './ast';

/**
 * Stable codes, one per kind of problem, so that quick fixes and tests can match them.
 * Syntax and checker problems first, then what the engine reports.
 */
export type IssueCode =
  | 'syntax'
  | 'too-large'
  | 'unknown-name'
  | 'duplicate-name'
  | 'wrong-kind'
  | 'self-replication'
  | 'replication-cycle'
  | 'unknown-state'
  | 'impossible-state'
  | 'unknown-setting'
  | 'bad-value'
  | 'out-of-range'
  | 'doubtful-setting'
  | 'unknown-column'
  | 'type-mismatch'
  | 'duplicate-primary-key'
  | 'missing-declaration'
  | 'transaction-structure'
  | 'loop-structure'
  | 'loop-too-large'
  | 'unknown-variable'
  | 'flavor-spelling'
  | 'replica-not-started'
  | 'verdict'
  | 'expectation-failed'
  | 'engine-error'
  | 'engine-failed'
  | 'run-limit';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ReplDiagnostic {
  range: Range;
  severity: Severity;
  message: string;
  code: IssueCode;
  /** For quick fixes: the replacement a fix would write over `range`. */
  suggestion?: string;
}

/** The longest diagnostic message: a name or token quoted in one is cut, so a megabyte-long word gives a short line. */
export const maxMessageLength = 500;

/** `message`, cut at `maxMessageLength` with an ellipsis. */
export function boundedMessage(message: string): string {
  return message.length <= maxMessageLength ? message : `${message.slice(0, maxMessageLength - 1)}…`;
}
