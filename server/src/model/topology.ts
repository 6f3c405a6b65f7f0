/**
 * Shapes of a replication topology that the engine and the real-server runner both need. Pure.
 */

/** What these functions read of a server. */
export interface TopologyMember {
  name: string;
  /** The server it replicates from, if any. */
  sourceName?: string;
  /** The line it was declared on: the earliest is where an administrator starts. */
  line: number;
}

/**
 * The servers whose binlog starts with the schema (`database d in binlog`): those that replicate from nobody, and in
 * each replication cycle (co-masters, a ring) the member declared first, where an administrator creates it; the
 * others of the cycle get it through replication. Linear: each server is walked once along its sources.
 */
export function schemaWriters<T extends TopologyMember>(servers: readonly T[]): T[] {
  const byName = new Map(servers.map((s) => [s.name, s]));
  const state = new Map<string, 1 | 2>();
  const out = servers.filter((s) => s.sourceName === undefined);
  for (const start of servers) {
    const path: T[] = [];
    let at: T | undefined = start;
    while (at && !state.has(at.name)) {
      state.set(at.name, 1);
      path.push(at);
      at = at.sourceName !== undefined ? byName.get(at.sourceName) : undefined;
    }
    if (at && state.get(at.name) === 1) out.push(path.slice(path.indexOf(at)).reduce((a, b) => (b.line < a.line ? b : a)));
    for (const s of path) state.set(s.name, 2);
  }
  return out;
}
