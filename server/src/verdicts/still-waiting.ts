/** `still_waiting`: the run reached its horizon (or event cap) with someone still waiting, and for what. */
import { formatMicros, type RunSummary, type Verdict } from '../trace/trace';

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
    message: `still waiting at ${formatMicros(w.time)} (${w.reason === 'horizon' ? 'the run reached its horizon' : 'the event limit was reached'}): ${waiter.who}: ${waiter.what}, since ${formatMicros(waiter.since)}`,
  }));
}
