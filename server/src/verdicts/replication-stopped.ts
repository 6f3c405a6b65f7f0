/** `replication_stopped`: a replica's I/O or SQL thread stopped with an error (errno and MySQL's message). */
import type { Trace, Verdict } from '../trace/trace';

/** One verdict per error that stopped a replication thread. */
export function replicationStopped(trace: Trace): Verdict[] {
  const out: Verdict[] = [];
  const seen = new Set<string>();
  for (const e of trace.events) {
    if (e.kind !== 'sql_error' && e.kind !== 'io_error') continue;
    const key = `${e.server}|${e.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const thread = e.kind === 'sql_error' ? 'SQL thread' : 'I/O thread';
    const source = trace.finalStatus[e.server]?.['Master_Host'];
    out.push({
      kind: 'replication_stopped',
      severity: 'error',
      ...(e.txn !== undefined ? { txn: e.txn } : {}),
      servers: typeof source === 'string' ? [e.server, source] : [e.server],
      time: e.time,
      ...(e.line !== undefined ? { line: e.line } : {}),
      message: `${e.server}: the ${thread} stopped: ${e.label}`,
    });
  }
  return out;
}
