/**
 * `errant_transaction`: a server holds transactions (GTIDs) that its source lacks: writes made on a replica, or an
 * old source's transactions that never left it, kept silently by GTID auto-positioning.
 */
import type { Trace, Verdict } from '../trace/trace';
import { lineOf, replicaPairs, transactionsOn } from './topology';

/** One verdict per transaction a replica has and its source lacks. */
export function errantTransactions(trace: Trace): Verdict[] {
  const out: Verdict[] = [];
  for (const { replica, source } of replicaPairs(trace)) {
    const onSource = transactionsOn(trace, source);
    for (const id of transactionsOn(trace, replica)) {
      if (onSource.has(id)) continue;
      const t = trace.transactions.find((x) => x.id === id);
      // The source's own transaction that it lost (a host crash) is a lost commit, not an errant one.
      if (t?.server === source) continue;
      const line = lineOf(trace, id);
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
