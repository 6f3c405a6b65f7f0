/** `semisync_fallback`: semi-sync switched OFF (a commit's wait timed out, or too few replicas): commits stopped waiting. */
import { formatMicros, type RunSummary, type Verdict } from '../trace/trace';

/** One verdict per switch to OFF. */
export function semisyncFallbacks(trace: RunSummary): Verdict[] {
  return trace.semisyncFallbacks.map((f) => ({
    kind: 'semisync_fallback' as const,
    severity: 'warning' as const,
    ...(f.timedOut !== undefined ? { txn: f.timedOut } : {}),
    servers: [f.server],
    time: f.time,
    ...(f.line !== undefined ? { line: f.line } : {}),
    message: `${f.server}: semi-sync fell back to asynchronous at ${formatMicros(f.time)} (${f.why}); commits no longer wait for a replica${f.timedOut !== undefined ? ', and the waiting COMMIT returned OK' : ''}`,
  }));
}
