/**
 * `refused_by_read_only`: a client's write got error 1290 on a server that replicated from no one at that moment
 * (no replication thread running): a source left read-only, typically a replica promoted by hand (STOP SLAVE; RESET
 * SLAVE) without the `SET GLOBAL read_only=OFF` that failover tools run. A refusal on a replica is the protection
 * working (an errant write caught): no verdict.
 */
import type { RunSummary, Verdict } from '../trace/trace';

/** One verdict per refused write on a server that was not replicating. */
export function refusedByReadOnly(trace: RunSummary): Verdict[] {
  const out: Verdict[] = [];
  for (const r of trace.readOnlyRefusals ?? []) {
    if (r.replicating) continue;
    out.push({
      kind: 'refused_by_read_only',
      severity: 'warning',
      txn: r.txn,
      servers: [r.server],
      time: r.time,
      line: r.line,
      message:
        `${r.client}'s write (${r.txn}) refused on ${r.server}: ERROR 1290, ${r.option.slice(2).replace(/-/g, '_')} is ON while ${r.server} replicates from ` +
        `no one; a promotion must also SET GLOBAL read_only=OFF (\`promote\` does; \`set ${r.server} read_only=off\`)`,
    });
  }
  return out;
}
