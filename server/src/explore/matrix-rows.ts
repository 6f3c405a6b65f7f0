/**
 * The rows of the exploration's matrix: one per pipeline state, which opens onto one per transaction that reached it,
 * which opens onto one per server crashed there. Each row has a cell per policy: the classes of the cases it holds,
 * worst first, with their counts and first case. Pure: an exploration in, rows out; a row's counts are the sum of its
 * sub-rows', and the order (states as the pipeline goes, transactions and servers as the base run reached them) is
 * the same however the cases were split.
 */
import type { TxnState } from '../model/scenario';
import { TXN_STATES } from '../model/states';
import type { CaseExample, Exploration, PointCount, PolicyClassCount } from './explore';
import { classKey, classRank } from './outcome';

/** One class within a cell: how many of the row's cases of that policy fell in it, and the first of them. */
export interface CellClass {
  class: PolicyClassCount;
  count: number;
  example: CaseExample;
}

/** A row of the matrix: a state, a transaction at that state, or a server crashed when it got there. */
export interface MatrixRow {
  level: 'state' | 'txn' | 'server';
  state: TxnState;
  txn?: string;
  server?: string;
  /** Per policy (in the exploration's order), the classes of the row's cases: worst first, then the most frequent. */
  cells: CellClass[][];
  /** Every case of the row, under every policy. */
  total: number;
  /** The transactions of a state, the servers of a transaction; none for a server. */
  children: MatrixRow[];
}

/** The matrix's rows: the states some case crashed at, each with its transactions and their servers. */
export function matrixRows(result: Exploration): MatrixRow[] {
  const points: { policy: number; class: PolicyClassCount; point: PointCount }[] = [];
  result.policies.forEach((p, policy) => {
    for (const c of p.classes) for (const point of c.byPoint) points.push({ policy, class: c, point });
  });
  const policies = result.policies.length;
  return TXN_STATES.flatMap((s) => {
    const atState = points.filter((x) => x.point.state === s.name);
    if (atState.length === 0) return [];
    const txns = firstReached(atState, (x) => x.point.txn).map((txn) => {
      const atTxn = atState.filter((x) => x.point.txn === txn);
      const servers = firstReached(atTxn, (x) => x.point.server).map((server) =>
        row(
          'server',
          s.name,
          atTxn.filter((x) => x.point.server === server),
          policies,
          [],
          txn,
          server,
        ),
      );
      return row('txn', s.name, atTxn, policies, servers, txn);
    });
    return [row('state', s.name, atState, policies, txns)];
  });
}

function row(
  level: MatrixRow['level'],
  state: TxnState,
  points: { policy: number; class: PolicyClassCount; point: PointCount }[],
  policies: number,
  children: MatrixRow[],
  txn?: string,
  server?: string,
): MatrixRow {
  const cells: Map<string, CellClass>[] = Array.from({ length: policies }, () => new Map<string, CellClass>());
  for (const { policy, class: c, point } of points) {
    const key = classKey(c);
    const seen = cells[policy].get(key);
    if (!seen) cells[policy].set(key, { class: c, count: point.count, example: point.example });
    else {
      seen.count += point.count;
      if (point.example.case < seen.example.case) seen.example = point.example;
    }
  }
  const sorted = cells.map((m) => [...m.values()].sort(compareCellClasses));
  const total = points.reduce((n, x) => n + x.point.count, 0);
  return {
    level,
    state,
    ...(txn !== undefined ? { txn } : {}),
    ...(server !== undefined ? { server } : {}),
    cells: sorted,
    total,
    children,
  };
}

/** Worst first, then the most frequent, then the one met first. */
function compareCellClasses(a: CellClass, b: CellClass): number {
  return classRank(a.class) - classRank(b.class) || b.count - a.count || a.example.case - b.example.case;
}

/** The distinct names of `points`, in the order of their first case. */
function firstReached<T extends { point: PointCount }>(points: T[], name: (x: T) => string): string[] {
  const first = new Map<string, number>();
  for (const x of points) {
    const n = name(x);
    first.set(n, Math.min(first.get(n) ?? Number.POSITIVE_INFINITY, x.point.example.case));
  }
  return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n);
}
