/**
 * Who is who at the end of a run, read from the trace: the final sources (servers that do not replicate, running
 * ones first), each replica's source, and which transactions each server holds.
 */
import type { RunSummary } from '../trace/trace';

/**
 * The servers that act as sources at the end: running servers that replicate from nobody, and the members of a
 * replication cycle (co-masters: each is written to and replicates from the other); if none of them runs, every
 * such server.
 */
export function finalSources(trace: RunSummary): string[] {
  const inCycle = new Set(finalCycleMembers(trace));
  const heads = trace.servers
    .map((s) => s.name)
    .filter((name) => trace.finalStatus[name]?.['Master_Host'] === undefined || inCycle.has(name));
  const running = heads.filter((name) => trace.finalStatus[name]?.['Server_state'] === 'running');
  return running.length > 0 ? running : heads;
}

/** The servers on a replication cycle at the end (co-masters, rings). */
export function finalCycleMembers(trace: RunSummary): string[] {
  const sourceOf = new Map<string, string>();
  for (const { replica, source } of replicaPairs(trace)) sourceOf.set(replica, source);
  return [...cycleMembers(sourceOf)];
}

/** The servers on a cycle of `replica → its source`, each walked once (linear). */
function cycleMembers(sourceOf: ReadonlyMap<string, string>): Set<string> {
  const members = new Set<string>();
  const state = new Map<string, 1 | 2>();
  for (const start of sourceOf.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !state.has(at)) {
      state.set(at, 1);
      path.push(at);
      at = sourceOf.get(at);
    }
    if (at !== undefined && state.get(at) === 1) for (const m of path.slice(path.indexOf(at))) members.add(m);
    for (const p of path) state.set(p, 2);
  }
  return members;
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
