/**
 * A run's digest: what the language server's own thread needs from a run (the diagnostics' findings and the
 * inlay hints), small enough to cross from the engine worker on every keystroke. The trace itself stays in the worker.
 */
import { transactionDetail, transactionHint } from './features/run-view';
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
  const hints: TransactionHint[] = [];
  for (const t of run.transactions) {
    if (!t.binlog && t.outcome.kind === 'ok') continue;
    const own = { verdicts: verdictsOf.get(t.id) ?? [] };
    hints.push({ line: t.endLine, label: `${t.id}: ${transactionHint(own, t)}`, tooltip: transactionDetail(own, t) });
  }
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
