/**
 * Outcome classes: what a variant's run came to, with the names that only say *which* transaction taken out, so that
 * "T7 lost" at T7's crash point and "T8 lost" at T8's fall in one class. A transaction a verdict concerns is named by
 * its role against the crash point: the crash point's own transaction, one written before it, or one written after
 * it. Servers keep their names (the topology is the same in every variant), as a set. Failed expectations are their lines.
 */
import type { Scenario, VerdictKind } from '../model/scenario';
import type { RunSummary } from '../trace/trace';
import type { CrashPoint } from './crash-points';

/** A transaction's place against the crash point: its own (`crashed`), written `before` it, or `after` it. */
export type TxnRole = 'crashed' | 'before' | 'after';

/** One verdict of a class: its kind, the role of its transaction (when it names one) and its servers. */
export interface OutcomeVerdict {
  kind: VerdictKind;
  txn?: TxnRole;
  servers: string[];
}

/** What a variant came to: its verdicts (normalised, without duplicates) and the lines of the expectations that failed. */
export interface OutcomeClass {
  verdicts: OutcomeVerdict[];
  /** One-based lines of the file's expectations that did not hold. */
  failedExpectations: number[];
  /** The engine failed on this variant (a bug to report, with the crash point to repeat it). */
  internalError?: true;
}

/** How bad a verdict kind is, for ordering classes: lower is worse. `clean` (no verdict) comes last. */
export const SEVERITY_ORDER: readonly VerdictKind[] = [
  'lost_acknowledged_commit',
  'committed_after_error',
  'duplicate_by_retry',
  'read_not_durable',
  'divergence',
  'errant_transaction',
  'replication_stopped',
  'expectation_failed',
  'still_waiting',
  'refused_by_read_only',
  'semisync_fallback',
];

/** The class of one variant's run. `expectation_failed` verdicts are the failed expectations, listed by line instead. */
export function outcomeOf(scenario: Scenario, point: CrashPoint, summary: RunSummary): OutcomeClass {
  const order = new Map(scenario.transactions.map((t, i) => [t.id, i]));
  const crashed = order.get(point.txn) ?? -1;
  const role = (txn: string): TxnRole => {
    const i = order.get(txn) ?? Number.POSITIVE_INFINITY;
    return i === crashed ? 'crashed' : i < crashed ? 'before' : 'after';
  };
  const byKey = new Map<string, OutcomeVerdict>();
  for (const v of summary.verdicts) {
    if (v.kind === 'expectation_failed') continue;
    const verdict: OutcomeVerdict = { kind: v.kind, ...(v.txn !== undefined ? { txn: role(v.txn) } : {}), servers: [...v.servers].sort() };
    byKey.set(verdictKey(verdict), verdict);
  }
  const verdicts = [...byKey.entries()].sort(([a], [b]) => compareVerdictKeys(a, b)).map(([, v]) => v);
  const failedExpectations = [...new Set(summary.expectations.filter((e) => !e.passed).map((e) => e.line + 1))].sort((a, b) => a - b);
  return { verdicts, failedExpectations, ...(summary.internalError ? { internalError: true as const } : {}) };
}

function verdictKey(v: OutcomeVerdict): string {
  return `${String(SEVERITY_ORDER.indexOf(v.kind)).padStart(2, '0')} ${v.kind} ${v.txn ?? '-'} ${v.servers.join(',')}`;
}

function compareVerdictKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A string that is equal for two classes exactly when they are the same class. */
export function classKey(c: OutcomeClass): string {
  return JSON.stringify([c.internalError === true, c.verdicts.map(verdictKey), c.failedExpectations]);
}

/** The severity rank of a class (its worst verdict; an internal error first, a clean run last). */
export function classRank(c: OutcomeClass): number {
  if (c.internalError) return -1;
  if (c.verdicts.length === 0)
    return c.failedExpectations.length > 0 ? SEVERITY_ORDER.indexOf('expectation_failed') : SEVERITY_ORDER.length;
  return c.verdicts.reduce((r, v) => Math.min(r, SEVERITY_ORDER.indexOf(v.kind)), Number.POSITIVE_INFINITY);
}

/** `lost_acknowledged_commit(crashed; r1) + divergence(m1,r1)`, or `clean`: a class in one line. */
export function classText(c: OutcomeClass): string {
  const parts = c.verdicts.map((v) => `${v.kind}(${[v.txn, v.servers.join(',')].filter((x) => x !== undefined && x !== '').join('; ')})`);
  if (c.failedExpectations.length > 0)
    parts.push(`failed expectations on line${c.failedExpectations.length > 1 ? 's' : ''} ${c.failedExpectations.join(', ')}`);
  if (c.internalError) parts.unshift('internal error');
  return parts.length > 0 ? parts.join(' + ') : 'clean';
}
