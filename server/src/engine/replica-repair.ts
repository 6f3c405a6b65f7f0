/**
 * What a DBA does to a replica whose SQL thread stopped on an error, as the servers do it: SET GLOBAL
 * sql_slave_skip_counter (events skipped, always to the end of a group), START SLAVE … UNTIL (where the SQL thread
 * stops by itself), slave_exec_mode=IDEMPOTENT and slave_skip_errors (which applier errors are passed over), and
 * MySQL's empty transaction for a GTID. Pure decisions over the replica's state; the SQL thread acts on them.
 */
import type { Flavor, ServerConfig, UntilSpec } from '../model/scenario';
import { fileIndexOf } from './binlog';
import { hasGtid, parseMariadbGtidList, parseMysqlGtidSet, type MysqlGtidSet } from './gtid';
import { skipCounterInGtidMode, slaveMustStop } from './messages';
import type { RelayEntry, ReplicaState, ServerState } from './world';

/**
 * SET GLOBAL sql_slave_skip_counter=N: the refusal's text, or undefined when it is taken. MySQL refuses it with
 * GTID_MODE=ON (1858); MariaDB while the SQL thread runs (1198). MySQL takes a value set while the SQL thread runs
 * only into the global variable: the thread's own counter (Skip_Counter) gets it when set while it is stopped.
 */
export function skipCounterRefusal(server: ServerState): string | undefined {
  const mariadb = server.flavor === 'mariadb-10.11';
  if (!mariadb && server.config.gtidMode && server.flavor !== 'mysql-5.5') return skipCounterInGtidMode(server.flavor);
  if (mariadb && server.replica?.sql.state === 'running') return slaveMustStop();
  return undefined;
}

/** Takes N into the replica's Skip_Counter when its SQL thread is stopped (what SET GLOBAL does after the checks). */
export function takeSkipCounter(server: ServerState, n: number): boolean {
  server.config.sqlSlaveSkipCounter = n;
  const r = server.replica;
  if (!r || r.sql.state === 'running') return false;
  r.sql.skipCounter = n;
  return true;
}

/**
 * Whether the SQL thread skips this relay entry by its skip counter, and the counter after it. Every event counts one,
 * but with the counter at 1 inside a group the events are passed without counting until the group's last one (Xid,
 * COMMIT, a standalone DDL): so a group of k events takes min(counter, k) and is skipped whole.
 */
export function skipByCounter(counter: number, entry: RelayEntry): { skip: boolean; counter: number } {
  if (counter <= 0 || entry.kind !== 'txn') return { skip: false, counter };
  const k = Math.max(1, entry.events.length);
  return { skip: true, counter: counter <= k ? 0 : counter - k };
}

/** What the applier does with an error: `idempotent` (slave_exec_mode, row events: 1062, 1032), `ignored` (slave_skip_errors), or stop. */
export function applierErrorHandling(config: ServerConfig, errno: number, rowEvent: boolean): 'idempotent' | 'ignored' | 'stop' {
  if (rowEvent && config.slaveExecMode === 'idempotent' && (errno === 1062 || errno === 1032)) return 'idempotent';
  const skip = config.slaveSkipErrors;
  if (skip === 'all' || skip.includes(errno)) return 'ignored';
  return 'stop';
}

/**
 * START SLAVE UNTIL MASTER_LOG_FILE/POS, checked before the SQL thread takes an entry: outside a group the entry's
 * own start position decides (MySQL 5.7 and MariaDB compare it with the UNTIL position), so every group that starts
 * before the position is applied whole, also one that spans it, and the thread stops before the next one.
 * `entry` undefined: the check at START SLAVE, on Exec_Master_Log_Pos.
 */
export function untilFileReached(r: ReplicaState, until: UntilSpec, entry: RelayEntry | undefined): boolean {
  if (until.kind !== 'file') return false;
  let file = r.relayMasterLogFile;
  let pos = r.execPos;
  if (entry && entry.kind !== 'relay_rotate' && entry.kind !== 'own_header' && entry.sourceEnd && entry.sourceStart !== undefined) {
    file = entry.sourceFile ?? file;
    pos = entry.sourceStart;
  }
  const byFile = fileIndexOf(file) - fileIndexOf(until.file);
  return byFile > 0 || (byFile === 0 && pos >= until.pos);
}

/** MySQL 8.0+ checks after each event: the group that reaches the UNTIL position is the last one applied. */
export function untilFileReachedAfter(flavor: Flavor, r: ReplicaState, until: UntilSpec): boolean {
  if (until.kind !== 'file' || (flavor !== 'mysql-8.0' && flavor !== 'mysql-8.4')) return false;
  const byFile = fileIndexOf(r.relayMasterLogFile) - fileIndexOf(until.file);
  return byFile > 0 || (byFile === 0 && r.execPos >= until.pos);
}

/**
 * UNTIL by GTIDs, before a transaction: SQL_BEFORE_GTIDS stops before the first transaction whose GTID is in the set;
 * SQL_AFTER_GTIDS once every GTID of the set is executed; MariaDB's MASTER_GTID_POS once each domain of the position has
 * applied up to its sequence number (a transaction beyond it in its domain is not applied). `gtid` is the next
 * transaction's GTID (undefined at START SLAVE).
 */
export function untilGtidReached(server: ServerState, until: UntilSpec, next: RelayEntry | undefined): boolean {
  if (until.kind === 'before') {
    const set = parseMysqlGtidSet(until.gtids);
    if (!set) return false;
    if (!next) return intersects(set, server.gtidExecuted);
    const g = next.txn?.gtid;
    return g?.kind === 'mysql' && hasGtid(set, g.uuid, g.gno);
  }
  if (until.kind === 'after') {
    const set = parseMysqlGtidSet(until.gtids);
    return set ? contains(server.gtidExecuted, set) : false;
  }
  if (until.kind === 'gtidPos') {
    const wanted = parseMariadbGtidList(until.pos);
    if (!wanted) return false;
    const applied = server.mariadb.slavePos;
    const g = next?.txn?.gtid;
    if (g?.kind === 'mariadb') {
      const limit = wanted.get(g.domain);
      if (limit !== undefined && g.seq > limit.seq) return true;
    }
    return [...wanted.values()].every((w) => (applied.get(w.domain)?.seq ?? 0) >= w.seq);
  }
  return false;
}

function intersects(a: MysqlGtidSet, b: MysqlGtidSet): boolean {
  for (const [uuid, list] of a) for (const i of list) for (let n = i.start; n <= i.end; n++) if (hasGtid(b, uuid, n)) return true;
  return false;
}

function contains(outer: MysqlGtidSet, inner: MysqlGtidSet): boolean {
  for (const [uuid, list] of inner) for (const i of list) for (let n = i.start; n <= i.end; n++) if (!hasGtid(outer, uuid, n)) return false;
  return true;
}

/** SHOW SLAVE STATUS's Until_Condition, Until_Log_File, Until_Log_Pos (MySQL adds Until_Condition SQL_BEFORE_GTIDS …). */
export function untilStatus(flavor: Flavor, until: UntilSpec | undefined): { condition: string; file: string; pos: number } {
  if (!until) return { condition: 'None', file: '', pos: 0 };
  switch (until.kind) {
    case 'file':
      return { condition: 'Master', file: until.file, pos: until.pos };
    case 'before':
      return { condition: 'SQL_BEFORE_GTIDS', file: '', pos: 0 };
    case 'after':
      return { condition: 'SQL_AFTER_GTIDS', file: '', pos: 0 };
    case 'gtidPos':
      return { condition: flavor === 'mariadb-10.11' ? 'Gtid' : 'None', file: '', pos: 0 };
  }
}

/** The UNTIL clause as the statement writes it. */
export function untilText(until: UntilSpec): string {
  switch (until.kind) {
    case 'file':
      return `MASTER_LOG_FILE='${until.file}', MASTER_LOG_POS=${until.pos}`;
    case 'before':
      return `SQL_BEFORE_GTIDS='${until.gtids}'`;
    case 'after':
      return `SQL_AFTER_GTIDS='${until.gtids}'`;
    case 'gtidPos':
      return `master_gtid_pos='${until.pos}'`;
  }
}
