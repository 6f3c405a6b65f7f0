/**
 * `duplicate_by_retry`: the client did not know the fate of a transaction (error, lost connection), retried it, and
 * the original had in fact been committed: the retry duplicated it (a second row without a primary key), or failed
 * on the original's row (1062). "Client unsure, retried, duplicated."
 */
import type { RunSummary, Verdict } from '../trace/trace';

/** One verdict per retry of a transaction that had survived. */
export function duplicatesByRetry(trace: RunSummary): Verdict[] {
  const byId = new Map(trace.transactions.map((t) => [t.id, t]));
  const out: Verdict[] = [];
  for (const retry of trace.transactions) {
    if (retry.retryOf === undefined) continue;
    const original = byId.get(retry.retryOf);
    if (!original || original.outcome.kind === 'ok') continue;
    const originalOn = Object.entries(original.presence)
      .filter(([, p]) => p === 'present')
      .map(([s]) => s);
    if (originalOn.length === 0) continue;
    const retryOn = Object.entries(retry.presence)
      .filter(([, p]) => p === 'present')
      .map(([s]) => s);
    const collided = retry.outcome.kind === 'error' && retry.outcome.code === 1062;
    if (retryOn.length === 0 && !collided) continue;
    const both = retryOn.filter((s) => originalOn.includes(s));
    const unsure = original.outcome.kind === 'lost_connection' ? 'lost its connection' : `got error ${original.outcome.code ?? ''}`.trim();
    const effect = collided
      ? `the retry failed with 1062 on ${retry.server ?? '?'}: the original's row was already there`
      : both.length > 0
        ? `both are committed on ${both.join(', ')}`
        : `the original is on ${originalOn.join(', ')} and the retry on ${retryOn.join(', ')}`;
    out.push({
      kind: 'duplicate_by_retry',
      severity: 'warning',
      txn: retry.id,
      servers: [...new Set([...originalOn, ...retryOn])],
      time: retry.outcome.time ?? 0,
      line: retry.endLine,
      message: `client unsure, retried, duplicated: ${original.id} ${unsure}, was retried as ${retry.id}, yet ${original.id} had been committed; ${effect}`,
    });
  }
  return out;
}
