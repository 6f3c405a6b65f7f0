/**
 * `errant_transaction`: a server holds transactions (GTIDs) that its source lacks: writes made on a replica, or an
 * old source's transactions that never left it, kept silently by GTID auto-positioning.
 */
import type { RunSummary, Verdict } from '../trace/trace';
import { finalCycleMembers, replicaPairs, sourcesAtEnd, transactionsOn } from './topology';

/** One verdict per transaction a replica has and its source lacks. */
export function errantTransactions(trace: RunSummary): Verdict[] {
  const byId = new Map(trace.transactions.map((t) => [t.id, t]));
  const out: Verdict[] = [];
  const coMasters = new Set(finalCycleMembers(trace));
  for (const { replica, source } of replicaPairs(trace)) {
    const onSource = transactionsOn(trace, source);
    // A multi-source replica holds what its other channels brought: no errant transaction for this one.
    const fromOthers = sourcesAtEnd(trace, replica)
      .filter((s) => s !== source)
      .map((s) => transactionsOn(trace, s));
    for (const id of transactionsOn(trace, replica)) {
      if (onSource.has(id) || fromOthers.some((other) => other.has(id))) continue;
      const t = byId.get(id);
      // The source's own transaction that it lost (a host crash) is a lost commit, not an errant one.
      if (t?.server === source) continue;
      // Co-masters (a replication cycle) are written on by design: a write of one that the other lacks is replication
      // that stopped or lags (replication_stopped, divergence), not an errant transaction.
      if (t?.server === replica && coMasters.has(replica) && coMasters.has(source)) continue;
      const line = t?.endLine;
      out.push({
        kind: 'errant_transaction',
        severity: 'warning',
        txn: id,
        servers: [replica, source],
        time: trace.endTime,
        ...(line !== undefined ? { line } : {}),
        message: `${replica} has ${id}${t?.gtid ? ` (GTID ${t.gtid})` : ''}, which its source ${source} does not have: an errant transaction`,
      });
    }
  }
  return out;
}
