/**
 * What a full trace logs as the run goes, besides its events: each server's status as changes (set and unset keys,
 * once per instant and at every step's end), and every committed row change. Views ask the logs for any server's
 * status or rows at any time or step through trace/query.ts.
 */
import { lagSince, statusFields, type StatusFields } from './status';
import { rowLogKey, sameRow, type Database, type StoredRow, type TableData } from './storage';
import type { ServerState, World } from './world';

/**
 * Records what changed in the status of every server something happened to since the last record (every server
 * when `all`, or in a test run that records every instant). The cost is that of the servers that changed, not of
 * the topology. `Seconds_Behind_Master` grows with time while nothing happens: the change carries its anchor.
 */
export function recordStatus(world: World, all = false): void {
  const servers = all || world.statusEveryInstant ? world.servers.keys() : world.dirty;
  for (const name of servers) {
    const server = world.servers.get(name);
    if (server) recordServerStatus(world, server);
  }
  world.dirty.clear();
}

function recordServerStatus(world: World, server: ServerState): void {
  const now = statusFields(world, server);
  const before = world.lastStatus.get(server.name);
  const lag = lagSince(world, server);
  const lagChanged = lag !== (world.lagSince.get(server.name) ?? null);
  const delayEnd = server.replica?.sql.delayEnd ?? null;
  const delayChanged = delayEnd !== (world.delayEnd?.get(server.name) ?? null);
  // Values that only follow the clock are derived from their anchor (lagSince, delayEnd) by the queries: while the
  // anchor stays, the passing of time is no change, however often the status is recorded.
  if (before) {
    if (!lagChanged && lag !== null) keepNumber(now, before, 'Seconds_Behind_Master');
    if (!delayChanged && delayEnd !== null) keepNumber(now, before, 'SQL_Remaining_Delay');
  }
  let set: Record<string, string | number> | undefined;
  let unset: string[] | undefined;
  // Every server's fields have the same names: a name is unset when it goes undefined.
  for (const k in now) {
    const v = now[k];
    if (v === undefined) {
      if (before !== undefined && before[k] !== undefined) (unset ??= []).push(k);
    } else if (before === undefined || before[k] !== v) (set ??= {})[k] = v;
  }
  if (!set && !unset && !lagChanged && !delayChanged) return;
  world.statusChanges.push({
    time: world.now,
    server: server.name,
    set: set ?? {},
    unset: unset ?? [],
    ...(lagChanged ? { lagSince: lag } : {}),
    ...(delayChanged ? { delayEnd } : {}),
  });
  world.lastStatus.set(server.name, now);
  world.lagSince.set(server.name, lag);
  if (delayChanged) (world.delayEnd ??= new Map()).set(server.name, delayEnd);
}

function keepNumber(now: StatusFields, before: StatusFields, key: string): void {
  if (typeof now[key] === 'number' && typeof before[key] === 'number') now[key] = before[key];
}

/** Makes every table of the server's committed data log its row changes into the trace. */
export function logRowChanges(world: World, server: ServerState): void {
  for (const [name, table] of server.db.tables) table.observer = rowLogger(world, server.name, name, table);
}

function rowLogger(world: World, server: string, name: string, table: TableData): TableData['observer'] {
  return (before: StoredRow | undefined, after: StoredRow | undefined) => {
    const afterKey = after ? rowLogKey(table.config, after) : undefined;
    if (before) {
      const beforeKey = rowLogKey(table.config, before);
      if (beforeKey !== afterKey) world.rowChanges.push({ time: world.now, server, table: name, key: beforeKey, row: null });
    }
    if (after && afterKey !== undefined)
      world.rowChanges.push({ time: world.now, server, table: name, key: afterKey, row: { ...after.values } });
  };
}

/** After a server's rows were rebuilt (crash recovery): logs how they differ from `before`, then logs changes again. */
export function logDatabaseDiff(world: World, server: ServerState, before: Database): void {
  for (const [name, table] of server.db.tables) {
    const old = new Map<string, StoredRow>();
    const oldTable = before.tables.get(name);
    if (oldTable) for (const row of oldTable.rows.values()) old.set(rowLogKey(table.config, row), row);
    const seen = new Set<string>();
    for (const row of table.rows.values()) {
      const key = rowLogKey(table.config, row);
      seen.add(key);
      const was = old.get(key);
      if (!was || !sameRow(table.config, was.values, row.values))
        world.rowChanges.push({ time: world.now, server: server.name, table: name, key, row: { ...row.values } });
    }
    for (const key of old.keys())
      if (!seen.has(key)) world.rowChanges.push({ time: world.now, server: server.name, table: name, key, row: null });
  }
  logRowChanges(world, server);
}
