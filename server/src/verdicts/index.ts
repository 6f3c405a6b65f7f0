/**
 * Verdicts: findings computed on every run without being asked, each a pure function of the run's summary (so a
 * summary run and a full trace give the same ones), each one pass over what it reads. Each names the transaction,
 * the servers, the time and the source line it concerns.
 */
import type { RunSummary, Verdict } from '../trace/trace';
import { committedAfterError } from './committed-after-error';
import { divergences } from './divergence';
import { duplicatesByRetry } from './duplicate-by-retry';
import { errantTransactions } from './errant-transaction';
import { lostAcknowledgedCommits } from './lost-acknowledged-commit';
import { readsNotDurable } from './read-not-durable';
import { replicationStopped } from './replication-stopped';
import { refusedByReadOnly } from './refused-by-read-only';
import { semisyncFallbacks } from './semisync-fallback';
import { stillWaiting } from './still-waiting';

export { expectationVerdicts } from './expectation-failed';

/** Every verdict of a run except `expectation_failed` (which needs the expectations checked first), in time order. */
export function computeVerdicts(trace: RunSummary): Verdict[] {
  const all = [
    ...lostAcknowledgedCommits(trace),
    ...committedAfterError(trace),
    ...readsNotDurable(trace),
    ...duplicatesByRetry(trace),
    ...replicationStopped(trace),
    ...divergences(trace),
    ...errantTransactions(trace),
    ...semisyncFallbacks(trace),
    ...refusedByReadOnly(trace),
    ...stillWaiting(trace),
  ];
  return all.sort((a, b) => a.time - b.time);
}
