/**
 * `divergence`: a replica and its source disagree on rows at the end, and not merely because the replica is behind
 * (it holds transactions its source lacks, or the same transactions gave different rows).
 */
import type { Row, Trace, Verdict } from '../trace/trace';
import { lineOf, replicaPairs, transactionsOn } from './topology';

/** One verdict per diverged (replica, source) pair. */
export function divergences(trace: Trace): Verdict[] {
  const out: Verdict[] = [];
  for (const { replica, source } of replicaPairs(trace)) {
    const a = trace.rows[replica];
    const b = trace.rows[source];
    if (!a || !b) continue;
    const differences = diffTables(a, b);
    if (differences.length === 0) continue;
    const onReplica = transactionsOn(trace, replica);
    const onSource = transactionsOn(trace, source);
    const extra = [...onReplica].filter((t) => !onSource.has(t));
    const behind = extra.length === 0 && [...onSource].some((t) => !onReplica.has(t));
    if (behind) continue;
    const first = extra[0];
    out.push({
      kind: 'divergence',
      severity: 'error',
      ...(first !== undefined ? { txn: first } : {}),
      servers: [replica, source],
      time: trace.endTime,
      ...(first !== undefined && lineOf(trace, first) !== undefined ? { line: lineOf(trace, first)! } : {}),
      message:
        `${replica} and its source ${source} disagree at the end: ${differences.slice(0, 4).join('; ')}${differences.length > 4 ? '; …' : ''}` +
        (extra.length > 0 ? ` (${replica} has ${extra.join(', ')}, which ${source} lacks)` : ''),
    });
  }
  return out;
}

/** Human lines naming rows that differ, table by table. */
export function diffTables(a: Record<string, Row[]>, b: Record<string, Row[]>): string[] {
  const out: string[] = [];
  for (const table of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const left = (a[table] ?? []).map((r) => JSON.stringify(r));
    const right = (b[table] ?? []).map((r) => JSON.stringify(r));
    const onlyLeft = left.filter((r) => !right.includes(r) || count(left, r) > count(right, r));
    const onlyRight = right.filter((r) => !left.includes(r) || count(right, r) > count(left, r));
    if (onlyLeft.length > 0) out.push(`${table}: only on the replica ${unique(onlyLeft).map(rowText).join(', ')}`);
    if (onlyRight.length > 0) out.push(`${table}: only on the source ${unique(onlyRight).map(rowText).join(', ')}`);
  }
  return out;
}

function count(list: string[], item: string): number {
  return list.filter((x) => x === item).length;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function rowText(json: string): string {
  const row = JSON.parse(json) as Row;
  return `(${Object.values(row)
    .map((v) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v)))
    .join(', ')})`;
}
