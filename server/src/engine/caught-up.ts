/**
 * `wait until R caught up`: what "R has applied what its source had" means. By file coordinates, the replica's
 * executed position reaches the source's binlog end; for a replica connected by GTID (auto-positioning, MariaDB's
 * MASTER_USE_GTID) also by GTIDs, as WAIT_FOR_EXECUTED_GTID_SET / MASTER_GTID_WAIT would: after a repoint the source
 * may have nothing to send (the replica has every transaction already) and the replica's coordinates never move.
 */
import { cloneGtidSet, isEmptyGtidSet, subtractGtidSets, type MariadbGtid, type MysqlGtidSet } from './gtid';
import type { ServerState } from './world';

/** The source's GTIDs when the wait began: its gtid_executed (MySQL) or its gtid_binlog_pos (MariaDB). */
export type GtidTarget = { kind: 'mysql'; set: MysqlGtidSet } | { kind: 'mariadb'; pos: MariadbGtid[] };

/** What `replica` must have executed to have all of `source`'s transactions, or undefined without GTIDs. */
export function gtidTarget(source: ServerState, replica: ServerState): GtidTarget | undefined {
  if (!replica.replica?.autoPosition) return undefined;
  if (replica.flavor === 'mariadb-10.11') return { kind: 'mariadb', pos: [...source.mariadb.binlogPos.values()].map((g) => ({ ...g })) };
  return { kind: 'mysql', set: cloneGtidSet(source.gtidExecuted) };
}

/**
 * Whether the replica has executed every GTID of the target. MariaDB keeps the last GTID per domain: the replica has
 * one if its SQL thread applied that far in the domain (gtid_slave_pos), or its own binlog holds the same server's
 * GTID that far (what it wrote itself); a write of its own in the domain does not count for another server's GTID.
 */
export function hasExecuted(replica: ServerState, target: GtidTarget): boolean {
  if (target.kind === 'mysql') return isEmptyGtidSet(subtractGtidSets(target.set, replica.gtidExecuted));
  const m = replica.mariadb;
  return target.pos.every(
    (g) => (m.slavePos.get(g.domain)?.seq ?? 0) >= g.seq || (m.binlogState.get(`${g.domain}-${g.serverId}`)?.seq ?? 0) >= g.seq,
  );
}
