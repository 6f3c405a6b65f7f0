/**
 * Crashes, clean shutdowns, restarts and crash recovery (replication-semantics.md §4, MySQL's sql/binlog/recovery.h).
 *
 * What survives a crash: a process crash (mysqld killed) keeps everything written to the OS page cache, the binlog
 * included; a host crash keeps only what was fsynced (`sync_binlog`), and redo records only up to the last redo
 * fsync (each FLUSH stage with innodb_flush_log_at_trx_commit=1, InnoDB's once-a-second flush otherwise).
 * Recovery then truncates a partial binlog tail after the last complete transaction, keeps transactions whose commit
 * record survived, commits every prepared transaction whose Xid is in the binlog, rolls back the rest. The server's
 * rows are rebuilt right at the crash, so a crashed server shows what its recovery will find on disk. A restart opens
 * binlog N+1 with its header. MariaDB rejoining as a semi-sync replica also rolls back and truncates the transactions
 * that were only prepared (test rpl_semi_sync_fail_over).
 */
import { applyDdl } from './ddl';
import type { Micros, StartSpec } from '../model/scenario';
import { expireBinaryLogs } from './binlog-purge';
import { stopEvent } from './binlog-events';
import {
  appendChunk,
  comparePos,
  currentFile,
  fileByIndex,
  openBinlogFile,
  transactionChunks,
  truncateBinlog,
  writtenEnd,
  type LogPos,
} from './binlog';
import { sessionsLost } from './client';
import { changeMaster, startReplication } from './replica-admin';
import { addGtid, createMariadbState, recordMariadbApplied, recordMariadbBinlogged, type MysqlGtidSet } from './gtid';
import { cancelLockWaits } from './locks';
import { sendMessage } from './network';
import { discardRelayLog, resetRelayLog, rotateRelayLog } from './relay-log';
import { recoverReplicaPositions, relayLogDiscardedAtStart, sqlPositionTransactional } from './replica-info';
import { relayGtidState, startIoThread } from './io-thread';
import { startSqlThread } from './sql-thread';
import { createSemisyncState, initialSemisyncStatus } from './semisync';
import { gtidStateDescription } from './source';
import { applyChange, cloneDatabase } from './storage';
import { logDatabaseDiff } from './recording';
import {
  coords,
  errorLog,
  record,
  txnRecord,
  type CommitRecord,
  type RecoverySummary,
  type ReplicaRecovery,
  type ReplicaState,
  type ServerState,
  type World,
} from './world';

/** One second: InnoDB's background redo flush interval. */
const REDO_BACKGROUND_FLUSH: Micros = 1_000_000;

/**
 * Whether a redo record generated at a time is on disk after a crash at `crash`: a redo flush that started at or after
 * it and had started (a process crash: the page cache is kept) or ended (a host crash) by the crash, or a background
 * flush since. Built once per crash over the server's flushes, then answers each record in O(log flushes).
 */
function redoDurability(server: ServerState, crash: Micros, mode: 'process' | 'host'): (at: Micros) => boolean {
  const f = server.config.innodbFlushLogAtTrxCommit;
  if (mode === 'process' && f === 2) return () => true;
  const flushes = server.redoFlushes.slice().sort((a, b) => a.start - b.start);
  // From each flush on, the earliest time one of them made its records durable.
  const durableFrom = new Array<number>(flushes.length + 1);
  durableFrom[flushes.length] = Number.POSITIVE_INFINITY;
  for (let i = flushes.length - 1; i >= 0; i--) {
    const flush = flushes[i];
    durableFrom[i] = Math.min(durableFrom[i + 1], mode === 'process' ? flush.start : flush.end);
  }
  const lastTick = Math.floor(crash / REDO_BACKGROUND_FLUSH) * REDO_BACKGROUND_FLUSH;
  return (at) => {
    let lo = 0;
    let hi = flushes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (flushes[mid].start < at) lo = mid + 1;
      else hi = mid;
    }
    if (durableFrom[lo] <= crash) return true;
    return lastTick > 0 && lastTick >= at;
  };
}

/** Crashes a server (`process`: mysqld killed; `host`: the machine, page cache lost), or shuts it down cleanly. */
export function crashServer(world: World, server: ServerState, mode: 'process' | 'host' | 'shutdown'): void {
  if (server.state !== 'running') {
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'engine',
        kind: mode === 'shutdown' ? 'shutdown' : 'crash',
        label: () => `${server.name} is already down`,
      });
    return;
  }
  const shutdown = mode === 'shutdown';
  if (shutdown) {
    // A clean shutdown flushes and syncs everything first.
    server.redoFlushes.push({ start: world.now, end: world.now });
    server.binlog.synced = writtenEnd(server.binlog);
  }
  server.state = shutdown ? 'shutdown' : 'crashed';
  server.downHow = mode;
  server.incarnation++;
  sessionsLost(world, server.name);
  for (const w of server.lockWaiters) world.queue.cancel(w.timer);
  server.lockWaiters = [];
  for (const txn of server.txns.values()) {
    cancelLockWaits(world, server, txn.uid);
    if (txn.semisync.timer) world.queue.cancel(txn.semisync.timer);
    txn.semisync.waiting = false;
  }
  // Replicas of this server lose their connection: a process crash or a shutdown closes the TCP connections at once;
  // a dead host closes nothing, and its replicas notice only when slave_net_timeout expires (net-timeout.ts).
  for (const dump of mode === 'host' ? [] : server.dumpThreads) {
    const replica = world.servers.get(dump.replica);
    if (!replica) continue;
    sendMessage(world, {
      from: { server: server.name, lane: 'dump' },
      to: { server: dump.replica, lane: 'io' },
      payload: { kind: 'source_gone', connId: dump.connId },
      label: () => 'connection lost',
    });
  }
  server.dumpThreads = [];
  // Its own replication threads stop; the source hears that the connection is gone.
  const r = server.replica;
  if (r) {
    if (r.io.retry) world.queue.cancel(r.io.retry);
    if (r.io.connected) {
      const connId = r.io.connId;
      sendMessage(world, {
        from: { server: server.name, lane: 'io' },
        to: { server: r.sourceName, lane: 'dump' },
        payload: { kind: 'replica_gone', connId, why: `${server.name} went down` },
        label: () => 'connection lost',
      });
    }
    r.io.state = 'stopped';
    r.io.connected = false;
    r.io.connId = ++world.nextConnId;
    r.sql.state = 'stopped';
    r.sql.busy = false;
  }
  const summary = recover(world, server, shutdown ? 'shutdown' : mode);
  server.semisync = createSemisyncState();
  if (shutdown) {
    const chunk = appendChunk(server.binlog, 'stop', [stopEvent(server.flavor)], undefined, world.now);
    server.binlog.synced = writtenEnd(server.binlog);
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'binlog',
        kind: 'binlog_stop_event',
        log: coords(chunk.file, chunk.start, chunk.end),
        label: () => `Stop event ${chunk.file}:${chunk.start}-${chunk.end}`,
      });
  }
  server.crash = { mode, time: world.now, summary };
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: shutdown ? 'shutdown' : 'crash',
      label: shutdown
        ? `${server.name} shut down cleanly: binlog ends at ${summary.binlogKeptTo}`
        : `${server.name} crashed (${mode === 'host' ? 'host: page cache lost' : 'mysqld killed: page cache kept'}): ` +
          describeSummary(summary),
    });
}

function describeSummary(s: RecoverySummary): string {
  const parts = [`binlog on disk up to ${s.binlogKeptTo}`];
  if (s.truncated.length > 0) parts.push(`lost from the binlog: ${s.truncated.join(', ')}`);
  if (s.committedByRecovery.length > 0)
    parts.push(`prepared and in the binlog, committed by recovery: ${s.committedByRecovery.join(', ')}`);
  if (s.rolledBack.length > 0) parts.push(`rolled back: ${s.rolledBack.join(', ')}`);
  if (s.lostCommitted.length > 0) parts.push(`committed but lost: ${s.lostCommitted.join(', ')}`);
  return parts.join('; ');
}

/** Decides what survives on disk and rebuilds the server's state from it. */
function recover(world: World, server: ServerState, mode: 'process' | 'host' | 'shutdown'): RecoverySummary {
  const crash = world.now;
  const diskMode = mode === 'host' ? 'host' : 'process';
  const keep: LogPos = mode === 'host' ? server.binlog.synced : writtenEnd(server.binlog);
  const { removedChunks } = truncateBinlog(server.binlog, keep);
  // The end positions of the transactions in each binlog file, indexed when first asked.
  const transactionEnds = new Map<number, Set<number>>();
  const inBinlog = (end: LogPos | undefined): boolean => {
    if (!end) return false;
    let ends = transactionEnds.get(end.fileIndex);
    if (!ends) {
      const f = fileByIndex(server.binlog, end.fileIndex);
      ends = new Set((f?.chunks ?? []).filter((c) => c.kind === 'txn' || c.kind === 'ddl').map((c) => c.end));
      transactionEnds.set(end.fileIndex, ends);
    }
    return ends.has(end.pos);
  };
  const redoSurvives = redoDurability(server, crash, diskMode);
  const summary: RecoverySummary = {
    mode,
    binlogKeptTo: `${currentFile(server.binlog)?.name ?? ''}:${writtenEnd(server.binlog).pos}`,
    truncated: removedChunks.filter((c) => c.txn).map((c) => c.txn!.txnId ?? c.txn!.gtidText ?? 'a transaction'),
    committedByRecovery: [],
    rolledBack: [],
    lostCommitted: [],
  };
  const kept: CommitRecord[] = [];
  for (const rec of server.committed) {
    if (rec.origin === 'schema') {
      kept.push(rec);
      continue;
    }
    const commitDurable = redoSurvives(rec.time);
    const prepareDurable = rec.prepareTime !== undefined ? redoSurvives(rec.prepareTime) : commitDurable;
    if (commitDurable) kept.push(rec);
    else if (prepareDurable && inBinlog(rec.binlogEnd)) {
      // InnoDB's commit record was still in memory: recovery finds it prepared and commits it from the binlog.
      kept.push(rec);
      summary.committedByRecovery.push(rec.txnId ?? rec.gtid.kind);
    } else summary.lostCommitted.push(rec.txnId ?? 'a replicated transaction');
  }
  const inFlight = [...server.txns.values()].sort((a, b) =>
    a.chunk && b.chunk
      ? comparePos({ fileIndex: a.chunk.fileIndex, pos: a.chunk.start }, { fileIndex: b.chunk.fileIndex, pos: b.chunk.start })
      : a.uid - b.uid,
  );
  for (const txn of inFlight) {
    if (txn.phase === 'committed') continue;
    const prepared = txn.prepareTime !== undefined && redoSurvives(txn.prepareTime);
    if (txn.phase === 'committing' && prepared && inBinlog(txn.endPos)) {
      kept.push({
        txnId: txn.id,
        gtid: txn.gtid ?? { kind: 'anonymous' },
        ...(txn.ddl ? { ddl: txn.ddl.operation } : {}),
        changes: txn.pending,
        time: crash,
        prepareTime: txn.prepareTime,
        binlogEnd: txn.endPos,
        ...(txn.chunk ? { binlogStart: { fileIndex: txn.chunk.fileIndex, pos: txn.chunk.start } } : {}),
        recovered: true,
        origin: 'client',
      });
      txnRecord(world, txn.id).changes = txn.pending;
      summary.committedByRecovery.push(txn.id);
      txn.phase = 'committed';
    } else {
      if (txn.pending.length > 0) summary.rolledBack.push(txn.id);
      txn.phase = 'rolled_back';
      if (txn.pending.length > 0) txnRecord(world, txn.id).trace.rolledBack = true;
    }
  }
  server.txns.clear();
  server.locks.clear();
  server.pipeline = { flushQueue: [], groupBusy: false, groups: server.pipeline.groups, commitOrder: [] };
  rebuild(world, server, kept);
  if (server.replica) summary.replica = recoverReplicaPositions(server, kept, mode, crash);
  return summary;
}

/** Rebuilds rows and GTID state from the surviving commits and binlog; the row log gets what differs. */
function rebuild(world: World, server: ServerState, kept: CommitRecord[]): void {
  server.committed = kept;
  const before = server.db;
  server.db = cloneDatabase(server.initialDb);
  for (const rec of kept) {
    // A client's DDL, where it was committed among the others: the tables after it have its shape.
    if (rec.ddl) applyDdl(server.db, rec.ddl);
    for (const c of rec.changes) {
      const table = server.db.tables.get(c.table);
      if (table) applyChange(table, c.change, rec.txnId, () => ++server.rowIdCounter, c.rowId || undefined);
    }
  }
  // MySQL 8.0+ and MariaDB 10.2.4+ keep the AUTO_INCREMENT counter in the redo log, so values taken by transactions
  // that rolled back stay used; MySQL 5.7 and earlier start again from the largest value in the table.
  if (server.flavor !== 'mysql-5.5' && server.flavor !== 'mysql-5.7')
    for (const [name, table] of server.db.tables)
      table.autoIncrement = Math.max(table.autoIncrement, before.tables.get(name)?.autoIncrement ?? 0);
  logDatabaseDiff(world, server, before);
  server.gtidExecuted = new Map();
  server.gtidAssigned = new Map();
  server.mariadb = createMariadbState();
  for (const rec of kept) {
    if (rec.gtid.kind === 'mysql') addGtid(server.gtidExecuted, rec.gtid.uuid, rec.gtid.gno);
    if (rec.gtid.kind === 'mariadb' && rec.origin === 'applier') recordMariadbApplied(server.mariadb, rec.gtid);
  }
  for (const chunk of transactionChunks(server.binlog)) {
    const g = chunk.txn?.gtid;
    if (g?.kind === 'mysql') {
      addGtid(server.gtidExecuted, g.uuid, g.gno);
      addGtid(server.gtidAssigned, g.uuid, g.gno);
    } else if (g?.kind === 'mariadb') recordMariadbBinlogged(server.mariadb, g);
  }
  for (const [u, list] of server.gtidExecuted)
    for (const i of list) for (let n = i.start; n <= i.end; n++) addGtid(server.gtidAssigned, u, n);
  server.binlog.synced = writtenEnd(server.binlog);
  server.binlog.published = writtenEnd(server.binlog);
}

/** Restarts a crashed or stopped server: recovery is reported, a new binlog file opens, replication threads start. */
export function restartServer(world: World, server: ServerState, opts: { asReplicaOf?: string; start?: StartSpec }): void {
  if (server.state === 'running') crashServer(world, server, 'shutdown');
  const summary = server.crash?.summary;
  const wasCrash = !!summary && summary.mode !== 'shutdown';
  server.state = 'running';
  server.incarnation++;
  server.crash = null;
  // MariaDB started as a semi-sync replica truncates what was only prepared at the crash and rolls it back.
  if (opts.asReplicaOf && server.flavor === 'mariadb-10.11' && server.config.semisyncSlave) {
    const recovered = server.committed.filter((c) => c.recovered && c.binlogStart);
    if (recovered.length > 0) {
      const first = recovered[0].binlogStart!;
      truncateBinlog(server.binlog, first);
      rebuild(
        world,
        server,
        server.committed.filter((c) => !c.recovered),
      );
      for (const c of recovered) if (c.txnId) txnRecord(world, c.txnId).trace.rolledBack = true;
      errorLog(
        world,
        server.name,
        `Truncated binlog file to ${first.pos}: rolled back ${recovered.map((c) => c.txnId).join(', ')} (rpl_semi_sync_slave_enabled)`,
      );
    }
  }
  for (const c of server.committed) c.recovered = false;
  if (wasCrash && summary) {
    if (summary.committedByRecovery.length + summary.rolledBack.length > 0) {
      errorLog(
        world,
        server.name,
        `Found ${summary.committedByRecovery.length + summary.rolledBack.length} prepared transaction(s) in InnoDB`,
      );
    }
    errorLog(world, server.name, `Recovering after a crash using ${server.binlog.baseName}`);
    if (world.full)
      record(world, { server: server.name, lane: 'engine', kind: 'recovery', label: () => `crash recovery: ${describeSummary(summary)}` });
  }
  const header = openBinlogFile(server.binlog, server.flavor, { gtidState: gtidStateDescription(server), now: world.now });
  server.binlog.synced = writtenEnd(server.binlog);
  server.binlog.published = writtenEnd(server.binlog);
  server.pendingCheckpoint = undefined;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'binlog',
      kind: 'binlog_file_opened',
      log: coords(header.file, 4, header.end),
      label: () => `${header.file} opened at restart: header events 4-${header.end}`,
    });
  expireBinaryLogs(world, server);
  server.semisync = createSemisyncState();
  server.semisync.on = initialSemisyncStatus(server);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'restart',
      label: () => `${server.name} restarted${opts.asReplicaOf ? ` as a replica of ${opts.asReplicaOf}` : ''}`,
    });
  if (opts.asReplicaOf) {
    // A server configured to start as a replica: CHANGE MASTER TO, then its threads start (skip_slave_start off).
    if (changeMaster(world, server, opts.asReplicaOf, opts.start)) startReplication(world, server);
    return;
  }
  const r = server.replica;
  if (r) {
    resumeReplica(world, server, wasCrash ? summary : undefined);
    startSqlThread(world, server);
    startIoThread(world, server);
  }
}

/**
 * Where a restarted replica's threads resume. relay_log_recovery (and MariaDB with MASTER_USE_GTID, always): the relay
 * log is discarded and the I/O thread asks for the SQL thread's recorded position. Otherwise the relay log is kept, the
 * SQL thread goes on from its recorded relay position and the I/O thread from master.info. Retrieved_Gtid_Set is what
 * the relay log kept.
 */
function resumeReplica(world: World, server: ServerState, summary: RecoverySummary | undefined): void {
  const r = server.replica!;
  const rec = summary?.replica;
  const sqlAt = `${r.relayMasterLogFile}:${r.execPos}`;
  if (relayLogDiscardedAtStart(server)) {
    // MariaDB with MASTER_USE_GTID purges the relay logs at START SLAVE (RESET SLAVE's way: numbering from 1);
    // relay-log recovery goes on with the file the starting server opened.
    if (server.config.relayLogRecovery && !(server.flavor === 'mariadb-10.11' && r.autoPosition)) discardRelayLog(r);
    else resetRelayLog(r);
    r.masterLogFile = r.relayMasterLogFile;
    r.readPos = r.execPos;
    if (summary && server.config.relayLogRecovery)
      errorLog(world, server.name, `Relay log recovery: relay logs discarded; the I/O thread starts again from ${sqlAt}`);
  } else {
    const io = rec?.io ?? { file: r.masterLogFile, pos: r.readPos };
    r.masterLogFile = io.file;
    r.readPos = io.pos;
    // The starting server opens a relay file of its own; the I/O thread rotates to the next one when it connects.
    r.retrieved = retrievedFromRelay(r);
    rotateRelayLog(r, server.flavor, relayGtidState(server));
  }
  r.retrieved = retrievedFromRelay(r);
  r.io.lastErrno = 0;
  r.io.lastError = '';
  if (!rec) return;
  errorLog(
    world,
    server.name,
    `Slave SQL thread initialized, starting replication in log '${r.relayMasterLogFile}' at position ${r.execPos}, relay log '${r.sql.relayFile}' position: ${r.sql.relayPos}`,
  );
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'recovery',
      label: () => describeReplicaRecovery(server, rec),
    });
}

function describeReplicaRecovery(server: ServerState, rec: ReplicaRecovery): string {
  const r = server.replica!;
  const c = server.config;
  const where = sqlPositionTransactional(server)
    ? server.flavor === 'mariadb-10.11'
      ? 'gtid_slave_pos (InnoDB)'
      : 'mysql.slave_relay_log_info (InnoDB)'
    : `relay-log.info (sync_relay_log_info=${c.syncRelayLogInfo})`;
  const parts = [`${server.name}'s SQL thread resumes at ${r.relayMasterLogFile}:${r.execPos}, as ${where} recorded it`];
  if (rec.staleSql) parts.push('older than the last transaction it applied: what came after is applied again');
  const asks = r.autoPosition
    ? server.flavor === 'mariadb-10.11'
      ? `with gtid_${r.useGtid}`
      : 'with its GTID state (gtid_executed and Retrieved_Gtid_Set)'
    : `for ${r.masterLogFile}:${r.readPos}`;
  if (relayLogDiscardedAtStart(server))
    parts.push(
      `relay log discarded (${server.config.relayLogRecovery ? 'relay_log_recovery' : 'MASTER_USE_GTID'}), the I/O thread asks ${asks}`,
    );
  else if (r.autoPosition)
    parts.push(`relay log kept${rec.relayLost > 0 ? ` (${rec.relayLost} entries not fsynced lost)` : ''}, the I/O thread asks ${asks}`);
  else {
    const repo =
      server.flavor === 'mysql-8.4'
        ? 'the end of what the relay log holds from the source: relay log sanitization'
        : `${c.masterInfoRepository === 'table' && server.flavor !== 'mariadb-10.11' ? 'mysql.slave_master_info' : 'master.info'}, sync_master_info=${c.syncMasterInfo}`;
    parts.push(
      `relay log kept${rec.relayLost > 0 ? ` (${rec.relayLost} entries not fsynced lost)` : ''}, the I/O thread asks for ${r.masterLogFile}:${r.readPos} (${repo})`,
    );
  }
  return parts.join('; ');
}

/** Retrieved_Gtid_Set as a starting server finds it: the GTIDs of the transactions in its relay log. */
function retrievedFromRelay(r: ReplicaState): MysqlGtidSet {
  const set: MysqlGtidSet = new Map();
  for (const f of r.relay)
    for (const e of f.entries) {
      const g = e.txn?.gtid;
      if (g?.kind === 'mysql') addGtid(set, g.uuid, g.gno);
    }
  return set;
}
