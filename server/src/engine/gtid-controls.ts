/**
 * MariaDB's GTID controls as the servers decide them: gtid_strict_mode (a GTID that would go out of order in a domain
 * of the binlog is refused, error 1950) and SET GLOBAL gtid_slave_pos (refused while a slave thread runs, error 1198;
 * warning 1947 when the binlog holds a more recent GTID in a domain). MASTER_USE_GTID's choice of position is in
 * failover.ts (startRequest), gtid_domain_id in source.ts (assignGtid). Pure decisions over a server's state.
 */
import { formatMariadbPos, parseMariadbGtidList, type MariadbGtid, type MariadbGtidState } from './gtid';
import { gtidSlavePosConflict, gtidStrictOutOfOrder, slaveMustStop } from './messages';
import type { ServerState } from './world';

const text = (g: MariadbGtid): string => `${g.domain}-${g.serverId}-${g.seq}`;

/**
 * gtid_strict_mode: the error a server gets when it would binlog `g` (its applier with log_slave_updates), or
 * undefined. The binlog's last GTID of the domain must have a lower sequence number (MariaDB's
 * rpl_binlog_state::check_strict_sequence, which names the domain's last GTID).
 */
export function strictModeRefusal(server: ServerState, g: MariadbGtid): { errno: number; message: string } | undefined {
  if (!server.config.gtidStrictMode || !server.config.logSlaveUpdates || server.flavor !== 'mariadb-10.11') return undefined;
  const last = server.mariadb.binlogPos.get(g.domain);
  if (!last || last.seq < g.seq) return undefined;
  return { errno: 1950, message: gtidStrictOutOfOrder(text(g), text(last)) };
}

/** What SET GLOBAL gtid_slave_pos='…' does: refused (1198), or the new position with the warnings it gave. */
export type GtidSlavePosResult = { ok: false; error: string } | { ok: true; pos: Map<number, MariadbGtid>; warnings: string[] };

/** SET GLOBAL gtid_slave_pos='…' on a server (the text checked by the checker: a GTID list or ''). */
export function decideGtidSlavePos(server: ServerState, value: string): GtidSlavePosResult {
  const r = server.replica;
  if (r && (r.io.state !== 'stopped' || r.sql.state === 'running')) return { ok: false, error: slaveMustStop() };
  const pos = value.trim() === '' ? new Map<number, MariadbGtid>() : (parseMariadbGtidList(value) ?? new Map<number, MariadbGtid>());
  return { ok: true, pos, warnings: binlogConflicts(server.mariadb, pos) };
}

/** Warning 1947 per domain where the binlog holds a GTID more recent than the new slave position's. */
function binlogConflicts(s: MariadbGtidState, pos: Map<number, MariadbGtid>): string[] {
  const out: string[] = [];
  for (const g of pos.values()) {
    const b = s.binlogPos.get(g.domain);
    if (b && b.seq > g.seq) out.push(gtidSlavePosConflict(text(g), text(b)));
  }
  return out;
}

/** Takes the new position into gtid_slave_pos; returns it as MariaDB prints it. */
export function takeGtidSlavePos(server: ServerState, pos: Map<number, MariadbGtid>): string {
  server.mariadb.slavePos = new Map([...pos].map(([d, g]) => [d, { ...g }]));
  return formatMariadbPos(server.mariadb.slavePos);
}
