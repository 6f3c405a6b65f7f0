/**
 * `read_not_durable`: a client read rows written by a transaction that the final source does not have (AFTER_COMMIT
 * lets other sessions see a row no replica has; a failover then loses it: a phantom read).
 */
import { formatMicros, type RunSummary, type Verdict } from '../trace/trace';
import { finalSourcesByServer } from './topology';

/** One verdict per (read, lost writer). */
export function readsNotDurable(trace: RunSummary): Verdict[] {
  const sourcesOf = finalSourcesByServer(trace);
  const byId = new Map(trace.transactions.map((t) => [t.id, t]));
  const out: Verdict[] = [];
  for (const read of trace.reads) {
    for (const writer of read.sawTxns) {
      const t = byId.get(writer);
      if (!t) continue;
      const missing = sourcesOf(t.server ?? read.server).filter((s) => t.presence[s] === 'absent');
      if (missing.length === 0) continue;
      out.push({
        kind: 'read_not_durable',
        severity: 'warning',
        txn: writer,
        servers: [read.server, ...missing.filter((m) => m !== read.server)],
        time: read.time,
        line: read.line,
        message: `${read.client} read rows of ${writer} on ${read.server} at ${formatMicros(read.time)}, but ${missing.join(', ')} (the source at the end) does not have ${writer}: the read did not survive`,
      });
    }
  }
  return out;
}
