/**
 * A run's digest: what the language server's own thread needs from a run (the diagnostics' findings and the
 * inlay hints), small enough to cross from the engine worker on every keystroke. The trace itself stays in the worker.
 */
import { transactionDetail, transactionFate, transactionHint } from './features/run-view';
import type { ExpectationResult, RunLimit, RunSummary, Verdict } from './trace/trace';

/** The hint shown after a transaction's last line. */
export interface TransactionHint {
  line: number;
  label: string;
  /** The whole story, for the hint's tooltip. */
  tooltip: string;
}

export interface RunDigest {
  expectations: ExpectationResult[];
  verdicts: Verdict[];
  internalError: RunSummary['internalError'];
  limit: RunLimit | null;
  endReason: RunSummary['endReason'];
  processedEvents: number;
  hints: TransactionHint[];
}

/** The digest of a run, in one pass over its transactions and verdicts. */
export function digestOf(run: RunSummary): RunDigest {
  const verdictsOf = new Map<string, Verdict[]>();
  for (const v of run.verdicts) {
    if (v.txn === undefined) continue;
    const list = verdictsOf.get(v.txn);
    if (list) list.push(v);
    else verdictsOf.set(v.txn, [v]);
  }
  const byLine = new Map<number, LineTransaction[]>();
  for (const t of run.transactions) {
    if (!t.binlog && t.outcome.kind === 'ok') continue;
    const own = { verdicts: verdictsOf.get(t.id) ?? [] };
    const entry = { id: t.id, fate: transactionFate(own, t), hint: transactionHint(own, t), detail: transactionDetail(own, t) };
    const list = byLine.get(t.endLine);
    if (list) list.push(entry);
    else byLine.set(t.endLine, [entry]);
  }
  const hints = [...byLine].flatMap(([line, txns]) => lineHints(line, txns));
  return {
    expectations: run.expectations,
    verdicts: run.verdicts,
    internalError: run.internalError,
    limit: run.limit,
    endReason: run.endReason,
    processedEvents: run.processedEvents,
    hints,
  };
}

/** One transaction ending on a line, as its hint tells it. */
interface LineTransaction {
  id: string;
  fate: string;
  hint: string;
  detail: string;
}

/** Past this many transactions on one line (a loop's body), the line gets one hint that sums them up. */
const maxHintsPerLine = 2;
/** How many transactions the tooltip of a summed-up hint tells at each end. */
const toldAtEachEnd = 3;

/**
 * A line's hints: one per transaction, or for a loop's line, whose every iteration ends a transaction there, one
 * for all of them: `w_1 … w_40 (40): 38 on m1, r1, 2 acked, then lost`.
 */
export function lineHints(line: number, txns: readonly LineTransaction[]): TransactionHint[] {
  if (txns.length <= maxHintsPerLine) return txns.map((t) => ({ line, label: `${t.id}: ${t.hint}`, tooltip: t.detail }));
  const fates = new Map<string, number>();
  for (const t of txns) fates.set(t.fate, (fates.get(t.fate) ?? 0) + 1);
  const first = txns[0];
  const last = txns[txns.length - 1];
  const told =
    txns.length <= 2 * toldAtEachEnd
      ? txns.map((t) => t.detail)
      : [
          ...txns.slice(0, toldAtEachEnd).map((t) => t.detail),
          `… ${txns.length - 2 * toldAtEachEnd} more …`,
          ...txns.slice(-toldAtEachEnd).map((t) => t.detail),
        ];
  return [
    {
      line,
      label: `${first.id} … ${last.id} (${txns.length}): ${[...fates].map(([fate, n]) => `${n} ${fate}`).join(', ')}`,
      tooltip: told.join('\n\n'),
    },
  ];
}
