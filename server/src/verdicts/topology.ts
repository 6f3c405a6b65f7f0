/**
 * Who is who at the end of a run, read from the trace: the final sources (servers that do not replicate, running
 * ones first), each replica's source, and which transactions each server holds.
 */
import type { RunSummary } from '../trace/trace';

/** The servers that act as sources at the end: running servers that replicate from nobody (or, if none runs, every such server). */
export function finalSources(trace: RunSummary): string[] {
  const notReplicas = trace.servers.map((s) => s.name).filter((name) => trace.finalStatus[name]?.['Master_Host'] === undefined);
  const running = notReplicas.filter((name) => trace.finalStatus[name]?.['Server_state'] === 'running');
  return running.length > 0 ? running : notReplicas;
}

/** Every (replica, its source) pair at the end. */
export function replicaPairs(trace: RunSummary): { replica: string; source: string }[] {
  const out: { replica: string; source: string }[] = [];
  for (const s of trace.servers) {
    const source = trace.finalStatus[s.name]?.['Master_Host'];
    if (typeof source === 'string' && source !== '') out.push({ replica: s.name, source });
  }
  return out;
}

/** The transactions present on a server at the end. */
export function transactionsOn(trace: RunSummary, server: string): Set<string> {
  return new Set(trace.transactions.filter((t) => t.presence[server] === 'present').map((t) => t.id));
}
