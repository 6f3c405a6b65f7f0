/** `replication_stopped`: a replica's I/O or SQL thread stopped with an error (errno and MySQL's message). */
import type { ReplicationErrorFact, RunSummary, Verdict } from '../trace/trace';

/** What SHOW SLAVE STATUS says of the error (`Last_SQL_Errno 1062: …; Exec_Master_Log_Pos stays 107`). */
export function describeReplicationError(e: ReplicationErrorFact): string {
  return e.thread === 'sql'
    ? `Last_SQL_Errno ${e.errno}: ${e.message}; Exec_Master_Log_Pos stays ${e.execPos ?? 0}`
    : `Last_IO_Errno ${e.errno}: ${e.message}`;
}

/** One verdict per error that stopped a replication thread (the same error again on the same server counts once). */
export function replicationStopped(trace: RunSummary): Verdict[] {
  const out: Verdict[] = [];
  const seen = new Set<string>();
  for (const e of trace.replicationErrors) {
    const text = describeReplicationError(e);
    const key = `${e.server}|${e.thread}|${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const thread = e.thread === 'sql' ? 'SQL thread' : 'I/O thread';
    const source = trace.finalStatus[e.server]?.['Master_Host'];
    out.push({
      kind: 'replication_stopped',
      severity: 'error',
      ...(e.txn !== undefined ? { txn: e.txn } : {}),
      servers: typeof source === 'string' ? [e.server, source] : [e.server],
      time: e.time,
      ...(e.line !== undefined ? { line: e.line } : {}),
      message: `${e.server}: the ${thread} stopped: ${text}`,
    });
  }
  return out;
}
