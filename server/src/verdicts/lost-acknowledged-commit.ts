/**
 * `lost_acknowledged_commit`: the client got OK for a transaction that changed rows, and a final source lacks it
 * (a failover to a replica that never received it, or a source whose host crash lost it).
 */
import { formatMicros, type RunSummary, type Verdict } from '../trace/trace';
import { finalSourcesByServer } from './topology';

/** One verdict per acknowledged transaction missing from a final source. */
export function lostAcknowledgedCommits(trace: RunSummary): Verdict[] {
  const sourcesOf = finalSourcesByServer(trace);
  const out: Verdict[] = [];
  for (const t of trace.transactions) {
    if (t.outcome.kind !== 'ok' || t.rowChanges === 0 || t.rolledBack || t.server === null) continue;
    // A write made on a server that was replicating at the time is an errant transaction, not a lost commit.
    if (t.onReplica) continue;
    const missing = sourcesOf(t.server).filter((s) => t.presence[s] === 'absent');
    if (missing.length === 0) continue;
    const holders = Object.entries(t.presence)
      .filter(([, p]) => p === 'present')
      .map(([s]) => s);
    out.push({
      kind: 'lost_acknowledged_commit',
      severity: 'error',
      txn: t.id,
      servers: [...missing, ...holders.filter((h) => !missing.includes(h))],
      time: t.outcome.time ?? 0,
      line: t.endLine,
      message:
        `${t.id}: the client got OK at ${formatMicros(t.outcome.time ?? 0)}, but ${missing.join(', ')} (the source at the end) does not have it` +
        (holders.length > 0 ? `; only ${holders.join(', ')} has it` : '; no server has it') +
        ': a lost acknowledged commit',
    });
  }
  return out;
}
