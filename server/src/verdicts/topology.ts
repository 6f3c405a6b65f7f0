/**
 * Who is who at the end of a run, read from the trace: the final sources (servers that do not replicate, running
 * ones first), each replica's source, and which transactions each server holds.
 */
import type { RunSummary } from '../trace/trace';

/**
 * The servers that act as sources at the end: running servers that replicate from nobody, and the members of a
 * replication cycle (co-masters: each is written to and replicates from the other); if none of them runs, every
 * such server. With `of`, only `of` and the servers replicating from it, directly or not: a file may describe several
 * independent clusters, or a multi-source replica of several sources, and a transaction written on one source is no
 * loss for another source that never replicates from it.
 */
export function finalSources(trace: RunSummary, of?: string): string[] {
  const inCycle = new Set(finalCycleMembers(trace));
  const cluster = of !== undefined ? downstreamOf(trace, of) : undefined;
  const heads = trace.servers
    .map((s) => s.name)
    .filter((name) => cluster === undefined || cluster.has(name))
    .filter((name) => trace.finalStatus[name]?.['Master_Host'] === undefined || inCycle.has(name));
  const running = heads.filter((name) => trace.finalStatus[name]?.['Server_state'] === 'running');
  return running.length > 0 ? running : heads;
}

/** `finalSources(trace, server)` for each server asked, computed once per server (verdicts ask it per transaction). */
export function finalSourcesByServer(trace: RunSummary): (server: string) => string[] {
  const known = new Map<string, string[]>();
  return (server) => {
    let sources = known.get(server);
    if (sources === undefined) known.set(server, (sources = finalSources(trace, server)));
    return sources;
  };
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

/** Every (replica, its source) pair at the end: a multi-source replica gives one per channel (`NAME:Master_Host`). */
export function replicaPairs(trace: RunSummary): { replica: string; source: string }[] {
  const out: { replica: string; source: string }[] = [];
  for (const s of trace.servers) for (const source of sourcesAtEnd(trace, s.name)) out.push({ replica: s.name, source });
  return out;
}

/** The servers `replica` replicates from at the end: its source, or each channel's. */
export function sourcesAtEnd(trace: RunSummary, replica: string): string[] {
  const status = trace.finalStatus[replica] ?? {};
  const out: string[] = [];
  for (const [key, value] of Object.entries(status))
    if ((key === 'Master_Host' || key.endsWith(':Master_Host')) && typeof value === 'string' && value !== '' && !out.includes(value))
      out.push(value);
  return out;
}

/** The transactions present on a server at the end. */
export function transactionsOn(trace: RunSummary, server: string): Set<string> {
  return new Set(trace.transactions.filter((t) => t.presence[server] === 'present').map((t) => t.id));
}

/**
 * `server` and the servers replicating from it, directly or not, over the replication edges as declared and as they are
 * at the end (a replica promoted after its source failed is downstream of it). Linear in servers and edges.
 */
export function downstreamOf(trace: RunSummary, server: string): Set<string> {
  const replicasOf = new Map<string, string[]>();
  const edge = (replica: string, source: string): void => {
    replicasOf.set(source, [...(replicasOf.get(source) ?? []), replica]);
  };
  for (const s of trace.servers) for (const source of s.sources ?? []) edge(s.name, source);
  for (const { replica, source } of replicaPairs(trace)) edge(replica, source);
  const seen = new Set([server]);
  const todo = [server];
  for (let at = todo.pop(); at !== undefined; at = todo.pop())
    for (const next of replicasOf.get(at) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
  return seen;
}

/**
 * The servers replicating, directly or not, with `server`: its connected component over the replication edges as declared
 * and as they are at the end (a failover keeps the old source in its cluster). Linear in servers and edges.
 */
export function clusterOf(trace: RunSummary, server: string): Set<string> {
  const neighbours = new Map<string, string[]>();
  const join = (a: string, b: string): void => {
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  };
  for (const s of trace.servers) for (const source of s.sources ?? []) join(s.name, source);
  for (const { replica, source } of replicaPairs(trace)) join(replica, source);
  const seen = new Set([server]);
  const todo = [server];
  for (let at = todo.pop(); at !== undefined; at = todo.pop())
    for (const next of neighbours.get(at) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
  return seen;
}
