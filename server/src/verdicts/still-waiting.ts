/** `still_waiting`: the run reached its horizon (or event cap) with someone still waiting, and for what. */
import { formatMicros, type RunSummary, type Verdict } from '../trace/trace';

const stopReason: Record<NonNullable<RunSummary['stillWaiting']>['reason'], string> = {
  horizon: 'the run reached its horizon',
  event_limit: 'the event limit was reached',
  budget: 'the run reached its budget',
};

/** One verdict per waiter at the end. */
export function stillWaiting(trace: RunSummary): Verdict[] {
  const w = trace.stillWaiting;
  if (!w) return [];
  return w.waiters.map((waiter) => ({
    kind: 'still_waiting' as const,
    severity: 'warning' as const,
    servers: trace.servers.map((s) => s.name).filter((s) => waiter.who.includes(s) || waiter.what.includes(s)),
    time: w.time,
    ...(waiter.line !== undefined ? { line: waiter.line } : {}),
    message: `still waiting at ${formatMicros(w.time)} (${stopReason[w.reason]}): ${waiter.who}: ${waiter.what}, since ${formatMicros(waiter.since)}`,
  }));
}
