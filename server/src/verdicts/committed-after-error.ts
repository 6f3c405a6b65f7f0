/**
 * `committed_after_error`: the client got an error or lost its connection, yet the transaction's changes are
 * committed somewhere at the end ("the client got an error but the row is there").
 */
import type { RunSummary, Verdict } from '../trace/trace';

/** One verdict per failed transaction that survived on some server. */
export function committedAfterError(trace: RunSummary): Verdict[] {
  const out: Verdict[] = [];
  for (const t of trace.transactions) {
    if (t.outcome.kind !== 'error' && t.outcome.kind !== 'lost_connection') continue;
    const on = Object.entries(t.presence)
      .filter(([, p]) => p === 'present')
      .map(([s]) => s);
    if (on.length === 0) continue;
    const told =
      t.outcome.kind === 'lost_connection' ? `lost its connection (${t.outcome.code ?? 2013})` : `got error ${t.outcome.code ?? ''}`.trim();
    out.push({
      kind: 'committed_after_error',
      severity: 'warning',
      txn: t.id,
      servers: on,
      time: t.outcome.time ?? 0,
      line: t.endLine,
      message: `${t.id}: the client ${told}, yet the transaction is committed on ${on.join(', ')}`,
    });
  }
  return out;
}
