/**
 * `divergence`: a replica and its source disagree on rows at the end, and not merely because the replica is behind
 * (it holds transactions its source lacks, the source holds one committed with sql_log_bin=0, or the same transactions
 * gave different rows).
 */
import type { Row, RunSummary, Verdict } from '../trace/trace';
import { replicaPairs, sourcesAtEnd, transactionsOn } from './topology';

/** One verdict per diverged (replica, source) pair. */
export function divergences(trace: RunSummary): Verdict[] {
  const byId = new Map(trace.transactions.map((t) => [t.id, t]));
  const out: Verdict[] = [];
  for (const { replica, source } of replicaPairs(trace)) {
    const a = trace.rows[replica];
    const b = trace.rows[source];
    if (!a || !b) continue;
    const onReplica = transactionsOn(trace, replica);
    const onSource = transactionsOn(trace, source);
    // A multi-source replica holds the rows of all its sources: only what none of them has is a divergence.
    const others = sourcesAtEnd(trace, replica).filter((s) => s !== source);
    const fromOthers = others.map((s) => transactionsOn(trace, s));
    const extra = [...onReplica].filter((t) => !onSource.has(t) && !fromOthers.some((other) => other.has(t)));
    // A transaction the replica's SQL thread skipped is not one it is behind on: its rows stay different.
    const skipped = new Set(trace.transactions.filter((t) => t.skippedBy?.some((s) => s.server === replica)).map((t) => t.id));
    // Nor is one committed with sql_log_bin=0: it never reaches the binlog, so no replica will ever get it.
    const unlogged = [...onSource].filter((t) => !onReplica.has(t) && byId.get(t)?.unlogged);
    const behind = extra.length === 0 && [...onSource].some((t) => !onReplica.has(t) && !skipped.has(t) && !byId.get(t)?.unlogged);
    if (behind || (others.length > 0 && extra.length === 0 && unlogged.length === 0)) continue;
    // Rows are compared (and printed) only for a pair where a difference would be a divergence: an exploration's
    // variants mostly leave replicas behind.
    const differences = diffTables(a, b);
    if (differences.length === 0) continue;
    const first = extra[0] ?? unlogged[0];
    const line = first !== undefined ? byId.get(first)?.endLine : undefined;
    out.push({
      kind: 'divergence',
      severity: 'error',
      ...(first !== undefined ? { txn: first } : {}),
      servers: [replica, source],
      time: trace.endTime,
      ...(line !== undefined ? { line } : {}),
      message:
        `${replica} and its source ${source} disagree at the end: ${differences.slice(0, 4).join('; ')}${differences.length > 4 ? '; …' : ''}` +
        (extra.length > 0 ? ` (${replica} has ${extra.join(', ')}, which ${source} lacks)` : '') +
        (unlogged.length > 0 ? ` (${source} has ${unlogged.join(', ')}, never binlogged: sql_log_bin=0)` : ''),
    });
  }
  return out;
}

/** Human lines naming rows that differ, table by table: rows one side has more often than the other, in its order. */
export function diffTables(a: Record<string, Row[]>, b: Record<string, Row[]>): string[] {
  const out: string[] = [];
  for (const table of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const left = (a[table] ?? []).map((r) => JSON.stringify(r));
    const right = (b[table] ?? []).map((r) => JSON.stringify(r));
    const leftCount = counts(left);
    const rightCount = counts(right);
    const onlyLeft = [...leftCount.keys()].filter((r) => leftCount.get(r)! > (rightCount.get(r) ?? 0));
    const onlyRight = [...rightCount.keys()].filter((r) => rightCount.get(r)! > (leftCount.get(r) ?? 0));
    if (onlyLeft.length > 0) out.push(`${table}: only on the replica ${onlyLeft.map(rowText).join(', ')}`);
    if (onlyRight.length > 0) out.push(`${table}: only on the source ${onlyRight.map(rowText).join(', ')}`);
  }
  return out;
}

/** How often each item occurs, keyed in order of first occurrence. */
function counts(list: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of list) out.set(item, (out.get(item) ?? 0) + 1);
  return out;
}

function rowText(json: string): string {
  const row = JSON.parse(json) as Row;
  return `(${Object.values(row)
    .map((v) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v)))
    .join(', ')})`;
}
