/**
 * Where a replica records its positions, and what of them a crash leaves (MySQL rpl_info_file.cc, rpl_info_table.cc,
 * Xid_apply_log_event::do_apply_event; MariaDB rpl_rli.cc, slave.cc).
 *
 * The SQL thread's position (relay-log.info, or mysql.slave_relay_log_info): a table is updated inside each applied
 * transaction, before its commit, so it survives exactly as the transaction does; a file is rewritten after the commit
 * (into the page cache) and fsynced every sync_relay_log_info transactions. The I/O thread's position (master.info, or
 * mysql.slave_master_info): the file is rewritten after each event and fsynced every sync_master_info events; the table
 * is written only every sync_master_info events. CHANGE MASTER, a stop of the thread and a clean shutdown write and sync
 * both. A process crash keeps the page cache (every file as last written); a host crash keeps what was fsynced, and
 * the relay log up to its last fsync (sync_relay_log).
 *
 * At startup with relay_log_recovery the relay log is thrown away and the I/O thread asks for the SQL thread's recorded
 * position; without it the relay log is kept, the SQL thread goes on from its recorded relay position and the I/O
 * thread from master.info (MySQL 8.4: from the end of what the relay log holds, rpl_relay_log_sanitizer.cc). A MariaDB replica with MASTER_USE_GTID discards the relay log at every start and resumes
 * from gtid_slave_pos (InnoDB), and a MySQL replica skips transactions already in gtid_executed: both are crash-safe.
 */
import { BINLOG_MAGIC_SIZE } from './binlog-events';
import { binlogFileName } from './binlog';
import { RELAY_BASE_NAME, resetRelayLog } from './relay-log';
import { relayBaseName } from './channels';
import type { Micros } from '../model/scenario';
import type { CommitRecord, ReplicaInfo, ReplicaRecovery, ReplicaState, ServerState, SqlCoords } from './world';

/** The SQL thread's position as its repository holds it. */
export function sqlCoords(r: ReplicaState): SqlCoords {
  return {
    relayMasterLogFile: r.relayMasterLogFile,
    execPos: r.execPos,
    fileIndex: r.sql.fileIndex,
    entryIndex: r.sql.entryIndex,
    relayFile: r.sql.relayFile,
    relayPos: r.sql.relayPos,
  };
}

/** The repositories of a new replica (CHANGE MASTER writes and syncs both). */
export function createReplicaInfo(r: ReplicaState, now: Micros): ReplicaInfo {
  const sql = sqlCoords(r);
  const io = { file: r.masterLogFile, pos: r.readPos };
  return {
    sqlWritten: sql,
    sqlSynced: sql,
    sqlSinceSync: 0,
    sqlForced: { coords: sql, time: now },
    ioWritten: io,
    ioSynced: io,
    ioSinceSync: 0,
    relaySynced: undefined,
  };
}

/** Both positions written and synced now (a thread stopped, a clean shutdown). */
export function flushReplicaInfo(r: ReplicaState, now: Micros): void {
  r.info = { ...createReplicaInfo(r, now), relaySynced: r.info.relaySynced };
}

/** The SQL thread stopped: its position is written and synced. */
export function flushSqlPosition(r: ReplicaState, now: Micros): void {
  const sql = sqlCoords(r);
  Object.assign(r.info, { sqlWritten: sql, sqlSynced: sql, sqlSinceSync: 0, sqlForced: { coords: sql, time: now } });
}

/** The I/O thread stopped: master.info is written and synced. */
export function flushIoPosition(r: ReplicaState): void {
  const io = { file: r.masterLogFile, pos: r.readPos };
  Object.assign(r.info, { ioWritten: io, ioSynced: io, ioSinceSync: 0 });
}

/**
 * The SQL thread committed a transaction (or passed one). The table row was part of it; relay-log.info is rewritten
 * right after the commit, and every sync_relay_log_info transactions fsynced: returns the position to fsync then
 * (the SQL thread waits for it; a host crash before it ends leaves the previous one).
 */
export function recordSqlPosition(server: ServerState): SqlCoords | undefined {
  const r = server.replica;
  if (!r) return undefined;
  const sql = sqlCoords(r);
  r.info.sqlWritten = sql;
  if (server.config.relayLogInfoRepository === 'table' && sqlPositionTransactional(server)) {
    r.info.sqlSynced = sql;
    return undefined;
  }
  const n = server.config.syncRelayLogInfo;
  if (n > 0 && ++r.info.sqlSinceSync >= n) {
    r.info.sqlSinceSync = 0;
    return sql;
  }
  return undefined;
}

/** The fsync of relay-log.info ended. */
export function sqlPositionSynced(r: ReplicaState, sql: SqlCoords): void {
  r.info.sqlSynced = sql;
}

/** The I/O thread queued `events` events: master.info rewritten (file) and synced, or the table written, every N. */
export function recordIoPosition(server: ServerState, events: number): void {
  const r = server.replica;
  if (!r) return;
  const io = { file: r.masterLogFile, pos: r.readPos };
  const table = server.config.masterInfoRepository === 'table';
  if (!table) r.info.ioWritten = io;
  const n = server.config.syncMasterInfo;
  r.info.ioSinceSync += events;
  if (n > 0 && r.info.ioSinceSync >= n) {
    r.info.ioWritten = io;
    r.info.ioSynced = io;
    r.info.ioSinceSync = 0;
  }
}

/** The I/O thread connected: it recorded the position it asked for, and the new relay file's header is on disk. */
export function recordIoConnect(r: ReplicaState): void {
  const io = { file: r.masterLogFile, pos: r.readPos };
  r.info.ioWritten = io;
  r.info.ioSynced = io;
  r.info.ioSinceSync = 0;
  noteRelaySynced(r);
}

/** The relay log was fsynced up to its current end. */
export function noteRelaySynced(r: ReplicaState): void {
  const last = r.relay[r.relay.length - 1];
  r.info.relaySynced = last ? { fileIndex: last.index, entries: last.entries.length } : undefined;
}

/** Whether the server keeps its replica positions transactionally (nothing applied twice after a crash). */
export function sqlPositionTransactional(server: ServerState): boolean {
  const r = server.replica;
  if (!r) return true;
  if (server.flavor === 'mariadb-10.11') return r.autoPosition;
  return server.flavor !== 'mysql-5.5' && server.config.relayLogInfoRepository === 'table';
}

/** Whether the next start discards the relay log (relay_log_recovery, or a MariaDB replica using GTIDs). */
export function relayLogDiscardedAtStart(server: ServerState): boolean {
  const r = server.replica;
  return server.config.relayLogRecovery || (server.flavor === 'mariadb-10.11' && !!r?.autoPosition);
}

/**
 * Sets the replica's positions to what its repositories hold after a crash (`process` or `host`) or a clean shutdown,
 * given the commits recovery kept. The relay log is cut to what was fsynced when the host died.
 */
export function recoverReplicaPositions(
  server: ServerState,
  kept: readonly CommitRecord[],
  mode: 'process' | 'host' | 'shutdown',
  now: Micros,
): ReplicaRecovery {
  const r = server.replica!;
  const before = sqlCoords(r);
  if (mode === 'shutdown') {
    flushReplicaInfo(r, now);
    return { staleSql: false, relayLost: 0 };
  }
  let sql: SqlCoords;
  if (sqlPositionTransactional(server)) {
    // The position row is part of each applied transaction: that of the last one recovery kept, unless a stop of the
    // thread wrote it since.
    const last = [...kept].reverse().find((k) => k.origin === 'applier' && k.sourceName === r.sourceName && k.replicaCoords);
    const forced = r.info.sqlForced;
    sql = last?.replicaCoords && last.time > forced.time ? last.replicaCoords : forced.coords;
  } else sql = mode === 'host' ? r.info.sqlSynced : r.info.sqlWritten;
  let io = mode === 'host' ? r.info.ioSynced : r.info.ioWritten;
  let relayLost = 0;
  if (mode === 'host') relayLost = truncateUnsyncedRelay(r);
  // MySQL 8.4 sanitizes a kept relay log at startup: the receiver resumes after the last event the relay log holds
  // from its source (or at the applier's position when it holds none), not at the stale connection metadata.
  if (server.flavor === 'mysql-8.4' && !server.config.relayLogRecovery)
    io = lastRelaySourcePosition(r) ?? { file: sql.relayMasterLogFile, pos: sql.execPos };
  r.relayMasterLogFile = sql.relayMasterLogFile;
  r.execPos = sql.execPos;
  r.sql.fileIndex = sql.fileIndex;
  r.sql.entryIndex = sql.entryIndex;
  r.sql.relayFile = sql.relayFile;
  r.sql.relayPos = sql.relayPos;
  clampSqlToRelay(r);
  const relaySynced = r.info.relaySynced;
  r.info = { ...createReplicaInfo(r, now), ioWritten: io, ioSynced: io, relaySynced };
  const staleSql = before.relayMasterLogFile !== sql.relayMasterLogFile || before.execPos !== sql.execPos;
  return { staleSql, io, relayLost };
}

/** The source position after the last event of the relay log that came from the source. */
function lastRelaySourcePosition(r: ReplicaState): { file: string; pos: number } | undefined {
  for (let f = r.relay.length - 1; f >= 0; f--) {
    const entries = r.relay[f].entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.rotateTo) return { file: e.rotateTo.file, pos: e.rotateTo.pos };
      if (e.sourceFile && e.sourceEnd) return { file: e.sourceFile, pos: e.sourceEnd };
    }
  }
  return undefined;
}

/** A host crash: the relay-log entries written after the last fsync are gone. Returns how many. */
function truncateUnsyncedRelay(r: ReplicaState): number {
  const synced = r.info.relaySynced;
  let lost = 0;
  const keep = r.relay.filter((f) => {
    if (!synced || f.index > synced.fileIndex) {
      lost += f.entries.length;
      return false;
    }
    return true;
  });
  if (synced) {
    const file = keep.find((f) => f.index === synced.fileIndex);
    if (file && file.entries.length > synced.entries) {
      lost += file.entries.length - synced.entries;
      file.entries.length = synced.entries;
      file.size = file.entries.length > 0 ? file.entries[file.entries.length - 1].end : BINLOG_MAGIC_SIZE;
    }
  }
  r.relay = keep;
  if (keep.length === 0) resetRelayLog(r);
  return lost;
}

/** A recorded relay position past the end of what the relay log kept is taken back to that end. */
function clampSqlToRelay(r: ReplicaState): void {
  const last = r.relay[r.relay.length - 1];
  if (!last) {
    r.sql.fileIndex = r.nextRelayIndex;
    r.sql.entryIndex = 0;
    r.sql.relayFile = binlogFileName(relayBaseName(RELAY_BASE_NAME, r), r.nextRelayIndex);
    r.sql.relayPos = BINLOG_MAGIC_SIZE;
    return;
  }
  if (r.sql.fileIndex > last.index || (r.sql.fileIndex === last.index && r.sql.entryIndex > last.entries.length)) {
    r.sql.fileIndex = last.index;
    r.sql.entryIndex = last.entries.length;
    r.sql.relayFile = last.name;
    r.sql.relayPos = last.size;
  }
}
