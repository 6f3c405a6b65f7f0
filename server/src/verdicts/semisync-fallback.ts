/** `semisync_fallback`: semi-sync switched OFF (a commit's wait timed out, or too few replicas): commits stopped waiting. */
import { formatMicros, type Trace, type Verdict } from '../trace/trace';

/** One verdict per switch to OFF. */
export function semisyncFallbacks(trace: Trace): Verdict[] {
  const out: Verdict[] = [];
  for (const e of trace.events) {
    if (e.kind !== 'semisync_off') continue;
    const timeout = trace.events.find((t) => t.kind === 'semisync_timeout' && t.server === e.server && t.time === e.time);
    const why = e.label.replace(/^Rpl_semi_sync_master_status OFF: /, '');
    out.push({
      kind: 'semisync_fallback',
      severity: 'warning',
      ...(timeout?.txn !== undefined ? { txn: timeout.txn } : {}),
      servers: [e.server],
      time: e.time,
      ...(e.line !== undefined ? { line: e.line } : {}),
      message: `${e.server}: semi-sync fell back to asynchronous at ${formatMicros(e.time)} (${why}); commits no longer wait for a replica${timeout ? ', and the waiting COMMIT returned OK' : ''}`,
    });
  }
  return out;
}
