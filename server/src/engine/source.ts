/**
 * The commit pipeline of a source (replication-semantics.md §2, MySQL's `ordered_commit`): prepare, then group commit
 * — the FLUSH stage (redo flushed per innodb_flush_log_at_trx_commit, GTIDs assigned in binlog order, events written
 * to the page cache), the SYNC stage (fsync every `sync_binlog` groups), the AFTER_SYNC wait, the engine commit in
 * binlog order (rows visible, GTID in gtid_executed), the AFTER_COMMIT wait, the client's OK. Transactions that
 * prepare while a group is in its stages form the next group. Dump threads may send after FLUSH, or only after SYNC
 * when sync_binlog=1. Rotation happens right after the group that takes the file to max_binlog_size.
 */
import type { Micros, TxnState } from '../model/scenario';
import {
  binlogCheckpointEvent,
  ddlEvents,
  transactionEvents,
  type DdlStatement,
  type StatementChanges,
  type TxnGtid,
} from './binlog-events';
import { expireBinaryLogs } from './binlog-purge';
import { appendChunk, currentFile, rotateBinlog, writtenEnd, type BinlogChunk, type LoggedStatement, type LoggedTxn } from './binlog';
import { pumpDumpThreads } from './dump-thread';
import {
  addGtid,
  describeMariadbState,
  describeMysqlSet,
  gtidText,
  nextGnoOfBoth,
  nextMariadbSeq,
  recordMariadbBinlogged,
  unionGtidSets,
} from './gtid';
import { releaseLocks } from './locks';
import { semisyncOnFlush, semisyncWaitPoint } from './semisync';
import { applyChange } from './storage';
import { readsClock } from '../model/session-time';
import { formatMicros, type ClientOutcome, type TraceEventKind } from '../trace/trace';
import { coords, record, schedule, txnRecord, type ServerState, type TxnRuntime, type World } from './world';

/** Starts the commit of a transaction that changed rows: InnoDB prepare, then the group commit queue. */
export function beginCommit(world: World, server: ServerState, txn: TxnRuntime, reply: (o: ClientOutcome) => void): void {
  txn.phase = 'committing';
  txn.replyTo = reply;
  reach(world, server, txn, 'prepared', () => `${txn.id} prepared in InnoDB`);
  if (!alive(server, txn)) return;
  if (world.scenario.clients.find((c) => c.name === txn.client)?.sqlLogBin === false) return commitUnlogged(world, server, txn);
  server.pipeline.flushQueue.push(txn);
  if (server.pipeline.groupBusy) return;
  // The leader enters the FLUSH stage after every transaction that prepared at the same instant has queued.
  server.pipeline.groupBusy = true;
  const incarnation = server.incarnation;
  schedule(world, world.now, () => {
    if (server.incarnation === incarnation && server.state === 'running') startGroup(world, server);
  });
}

/**
 * SET SESSION sql_log_bin=0: the transaction commits in InnoDB alone (the redo log flushed as usual), outside the binlog
 * group commit: no GTID, no events, nothing for a replica to receive. Its rows differ from every replica's from now on.
 */
function commitUnlogged(world: World, server: ServerState, txn: TxnRuntime): void {
  const incarnation = server.incarnation;
  const start = world.now;
  txn.prepareTime = start;
  const redoFsync = server.config.innodbFlushLogAtTrxCommit === 1;
  schedule(world, start + (redoFsync ? server.config.fsyncLatency : 0), () => {
    if (server.incarnation !== incarnation || server.state !== 'running' || !alive(server, txn)) return;
    if (redoFsync) server.redoFlushes.push({ start, end: world.now });
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'binlog',
        kind: 'not_binlogged',
        txn: txn.id,
        label: () => `${txn.id} not written to the binlog (sql_log_bin=0): no GTID, no replica will get it`,
      });
    commitChanges(world, server, txn);
    txnRecord(world, txn.id).trace.unlogged = true;
    reach(world, server, txn, 'engine_committed', () => `${txn.id} committed in InnoDB: its rows are visible to other sessions`);
    if (!alive(server, txn)) return;
    clientOk(world, server, txn);
  });
}

/** Whether the transaction's server is still the incarnation it runs on. */
function alive(server: ServerState, txn: TxnRuntime): boolean {
  return server.state === 'running' && server.incarnation === txn.incarnation;
}

/** Records a pipeline state on the engine lane and fires its triggers. */
function reach(
  world: World,
  server: ServerState,
  txn: TxnRuntime,
  state: TxnState,
  label: () => string,
  lane: 'engine' | 'binlog' = 'engine',
): void {
  txn.reached.add(state);
  if (world.full)
    record(world, {
      server: server.name,
      lane,
      kind: pipelineKind(state),
      txn: txn.id,
      ...(txn.plan.endLine !== undefined && world.plans.has(txn.id) ? { line: txn.plan.endLine } : {}),
      ...(txn.gtid && gtidText(txn.gtid) ? { gtid: gtidText(txn.gtid) } : {}),
      ...(txn.chunk ? { log: coords(txn.chunk.file, txn.chunk.start, txn.chunk.end) } : {}),
      label,
    });
  world.hooks.reachState(world, { txn: txn.id, server: server.name, state });
}

/** The trace kind of a pipeline state. */
function pipelineKind(state: TxnState): TraceEventKind {
  switch (state) {
    case 'active':
    case 'prepared':
    case 'binlog_flushed':
    case 'binlog_synced':
    case 'after_sync_wait':
    case 'engine_committed':
    case 'after_commit_wait':
    case 'client_ok':
      return state;
    default:
      return 'trigger_fired';
  }
}

/** Takes every prepared transaction waiting as one group through FLUSH and SYNC. */
function startGroup(world: World, server: ServerState): void {
  const group = server.pipeline.flushQueue.splice(0);
  if (group.length === 0) {
    server.pipeline.groupBusy = false;
    return;
  }
  server.pipeline.groupBusy = true;
  const incarnation = server.incarnation;
  const flushStart = world.now;
  for (const txn of group) txn.prepareTime = flushStart;
  const redoFsync = server.config.innodbFlushLogAtTrxCommit === 1;
  const done = flushStart + (redoFsync ? server.config.fsyncLatency : 0);
  schedule(world, done, () => {
    if (server.incarnation !== incarnation || server.state !== 'running') return;
    if (redoFsync) server.redoFlushes.push({ start: flushStart, end: world.now });
    flushStage(world, server, group);
  });
}

/** FLUSH: assign GTIDs and write every transaction of the group at the binlog end (page cache). */
function flushStage(world: World, server: ServerState, group: TxnRuntime[]): void {
  const incarnation = server.incarnation;
  for (const txn of group) {
    const chunk = writeTransaction(world, server, txn, { groupCommitId: group.length > 1 });
    txn.chunk = chunk;
    txn.endPos = { fileIndex: chunk.fileIndex, pos: chunk.end };
    server.pipeline.commitOrder.push(txn);
    const rec = txnRecord(world, txn.id);
    rec.trace.binlog = coords(chunk.file, chunk.start, chunk.end);
    const text = gtidText(txn.gtid!);
    if (text) rec.trace.gtid = text;
    semisyncOnFlush(server, txn);
    reach(
      world,
      server,
      txn,
      'binlog_flushed',
      () => `${txn.id} written to ${chunk.file}:${chunk.start}-${chunk.end}${text ? ` as ${text}` : ''}`,
      'binlog',
    );
    if (server.incarnation !== incarnation) return;
  }
  afterGroupWrite(world, server);
  if (server.config.syncBinlog !== 1) publish(world, server);
  server.pipeline.groups++;
  const n = server.config.syncBinlog;
  const doSync = n === 1 || (n > 1 && server.pipeline.groups % n === 0);
  const syncTo = writtenEnd(server.binlog);
  const finish = (): void => {
    if (server.incarnation !== incarnation || server.state !== 'running') return;
    if (doSync) server.binlog.synced = syncTo;
    if (server.config.syncBinlog === 1) publish(world, server);
    const why = (): string =>
      doSync
        ? `fsync of ${currentFile(server.binlog)?.name} up to ${syncTo.pos}`
        : `no fsync (sync_binlog=${n}): on disk only when the OS writes it`;
    for (const txn of group) {
      reach(world, server, txn, 'binlog_synced', () => `${txn.id} SYNC stage: ${why()}`, 'binlog');
      if (server.incarnation !== incarnation) return;
    }
    server.pipeline.groupBusy = false;
    if (server.pipeline.flushQueue.length > 0) startGroup(world, server);
    for (const txn of group) {
      if (server.incarnation !== incarnation) return;
      afterSync(world, server, txn);
    }
  };
  if (doSync) schedule(world, world.now + server.config.fsyncLatency, finish);
  else finish();
}

/** Appends one transaction to the binlog with its GTID; returns its chunk. Used by commits and by the applier (log_slave_updates). */
export function writeTransaction(world: World, server: ServerState, txn: TxnRuntime, opts: { groupCommitId: boolean }): BinlogChunk {
  const gtid = assignGtid(server);
  txn.gtid = gtid;
  const origin = {
    txnId: txn.id,
    gtid,
    gtidText: gtidText(gtid),
    originServerId: server.config.serverId,
    originFlavor: server.flavor,
    database: world.scenario.database,
    ...(txn.autoIncrement.increment !== 1 || txn.autoIncrement.offset !== 1 ? { autoIncrement: txn.autoIncrement } : {}),
  };
  if (txn.ddl) {
    // A client's DDL: its GTID event and one Query event, never a group commit id (it commits alone).
    const xid = ++server.xidCounter;
    const logged: LoggedTxn = { ...origin, format: 'statement', statements: [], xid, ddl: txn.ddl, originTime: world.now };
    return appendLoggedDdl(world, server, logged, txn.ddl, { xid });
  }
  const statements: LoggedStatement[] = [];
  for (const l of txn.logged) {
    const kind = l.statement.kind;
    if (kind !== 'insert' && kind !== 'update' && kind !== 'delete') continue;
    // Another session's DDL may have dropped the table since the statement ran (MySQL's metadata locks would have made
    // that DDL wait; here the rows of a table that is gone are not logged).
    const table = server.db.tables.get(tableOf(l.statement));
    if (table === undefined) continue;
    const logged: LoggedStatement = {
      text: l.statement.text,
      table: table.config,
      kind,
      changes: l.changes.map((c) => c.change),
      statement: l.statement,
      time: l.time,
    };
    if (l.insertId !== undefined) logged.insertId = l.insertId;
    statements.push(logged);
  }
  const logged: LoggedTxn = { ...origin, format: server.config.binlogFormat, statements, xid: ++server.xidCounter };
  return appendLoggedTxn(world, server, logged, { groupCommitId: opts.groupCommitId });
}

function tableOf(stmt: TxnRuntime['logged'][number]['statement']): string {
  return 'table' in stmt ? stmt.table : '';
}

/** The GTID of the next own transaction of a server. */
export function assignGtid(server: ServerState): TxnGtid {
  if (server.flavor === 'mariadb-10.11') {
    const domain = server.config.gtidDomainId;
    const g = { domain, serverId: server.config.serverId, seq: nextMariadbSeq(server.mariadb, domain) };
    return { kind: 'mariadb', ...g };
  }
  if (!server.config.gtidMode || server.flavor === 'mysql-5.5') return { kind: 'anonymous' };
  const uuid = server.config.serverUuid;
  const gno = nextGnoOfBoth(server.gtidExecuted, server.gtidAssigned, uuid);
  return { kind: 'mysql', uuid, gno };
}

/**
 * Writes a logged transaction (own or relayed) to the server's binlog and records its GTID as binlogged. The chunk
 * shares the logged transaction: it is the same on every server that logs it; only the positions are the server's.
 */
export function appendLoggedTxn(
  world: World,
  server: ServerState,
  logged: LoggedTxn,
  opts: { groupCommitId: boolean; replicatedFrom?: ServerState['flavor'] },
): BinlogChunk {
  const gtid = compatibleGtid(server, logged.gtid);
  const groupCommitId = opts.groupCommitId && server.flavor === 'mariadb-10.11';
  const key = eventsKey(server.flavor, groupCommitId, opts.replicatedFrom, gtid === logged.gtid ? '' : (gtidText(gtid) ?? ''));
  let events = logged.eventsCache?.get(key);
  if (!events) {
    const statements: StatementChanges[] = [];
    for (const s of logged.statements) {
      const changes: StatementChanges = { text: s.text, table: s.table, changes: s.changes };
      if (s.insertId !== undefined) changes.insertId = s.insertId;
      if (readsClock(s.statement)) changes.readsClock = true;
      statements.push(changes);
    }
    events = transactionEvents(server.flavor, {
      autoIncrement: logged.autoIncrement,
      database: logged.database,
      format: logged.format,
      gtid,
      statements,
      xid: logged.xid,
      empty: logged.empty,
      groupCommitId,
      replicatedFrom: opts.replicatedFrom,
      infos: world.full,
    });
    (logged.eventsCache ??= new Map()).set(key, events);
  }
  logged.originTime ??= world.now;
  const chunk = appendChunk(server.binlog, 'txn', events, logged, world.now);
  noteGtidBinlogged(server, logged.gtid);
  return chunk;
}

/**
 * Re-logs a replicated DDL statement (log_slave_updates): its GTID and Query event as this server's flavor writes
 * them, with the origin's server_id and GTID and this server's own xid.
 */
export function appendLoggedDdl(
  world: World,
  server: ServerState,
  logged: LoggedTxn,
  ddl: DdlStatement,
  opts: { replicatedFrom?: ServerState['flavor']; xid?: number } = { replicatedFrom: logged.originFlavor },
): BinlogChunk {
  const gtid = compatibleGtid(server, logged.gtid);
  const events = ddlEvents(server.flavor, {
    statement: ddl,
    database: logged.database,
    gtid,
    xid: opts.xid ?? ++server.xidCounter,
    ...(logged.autoIncrement ? { autoIncrement: logged.autoIncrement } : {}),
    ...(opts.replicatedFrom !== undefined ? { replicatedFrom: opts.replicatedFrom } : {}),
  });
  if (!world.full) for (const e of events) e.info = '';
  const chunk = appendChunk(server.binlog, 'ddl', events, logged, world.now);
  noteGtidBinlogged(server, gtid);
  return chunk;
}

/**
 * The keys of the usual cases (the GTID unchanged), by flavor and origin, each [without, with] a commit id: found
 * without building a string per transaction.
 */
const commonKeys = new Map<string, Map<string, [string, string]>>();

/** What a transaction's events depend on besides the transaction: the flavor, the commit id, the origin, a changed GTID. */
function eventsKey(
  flavor: ServerState['flavor'],
  groupCommitId: boolean,
  replicatedFrom: ServerState['flavor'] | undefined,
  gtid: string,
): string {
  const origin = replicatedFrom ?? '';
  if (gtid !== '') return `${flavor}|${groupCommitId ? 'g' : ''}|${origin}|${gtid}`;
  let byOrigin = commonKeys.get(flavor);
  if (byOrigin === undefined) commonKeys.set(flavor, (byOrigin = new Map<string, [string, string]>()));
  let keys = byOrigin.get(origin);
  if (keys === undefined) byOrigin.set(origin, (keys = [`${flavor}||${origin}|`, `${flavor}|g|${origin}|`]));
  return keys[groupCommitId ? 1 : 0];
}

/** A GTID as this server's flavor can log it (a MySQL GTID on a MariaDB server or the reverse is logged anonymously). */
function compatibleGtid(server: ServerState, gtid: TxnGtid): TxnGtid {
  const mariadb = server.flavor === 'mariadb-10.11';
  if (gtid.kind === 'mariadb' && !mariadb) return { kind: 'anonymous' };
  if (gtid.kind !== 'mariadb' && mariadb)
    return {
      kind: 'mariadb',
      domain: server.config.gtidDomainId,
      serverId: server.config.serverId,
      seq: nextMariadbSeq(server.mariadb, server.config.gtidDomainId),
    };
  if (gtid.kind === 'mysql' && server.flavor === 'mysql-5.5') return { kind: 'anonymous' };
  return gtid;
}

/** A GTID now in this server's binlog: MariaDB's binlog state; MySQL's numbers in use. */
function noteGtidBinlogged(server: ServerState, gtid: TxnGtid): void {
  if (gtid.kind === 'mariadb') recordMariadbBinlogged(server.mariadb, gtid);
  else if (gtid.kind === 'mysql') addGtid(server.gtidAssigned, gtid.uuid, gtid.gno);
}

/** After a group's writes: MariaDB's pending second Binlog_checkpoint, then rotation at max_binlog_size. */
function afterGroupWrite(world: World, server: ServerState): void {
  // MariaDB writes the checkpoint naming the new file once the previous file's transactions are committed; after a
  // rotation by size (the rotating transaction still to commit) we place it deterministically right after the new
  // file's first transaction group.
  writePendingCheckpoint(world, server);
  maybeRotate(world, server);
}

/** How long after a FLUSH BINARY LOGS MariaDB's binlog background thread writes the new file's Binlog_checkpoint. */
export const CHECKPOINT_DELAY: Micros = 100;

/**
 * FLUSH BINARY LOGS with no transaction between its binlog write and its engine commit: the binlog background thread
 * writes the pending Binlog_checkpoint CHECKPOINT_DELAY later, before the next transaction (as measured: a fresh
 * source is at 385 in mysql-bin.000002, the two checkpoints written), unless a group is written first.
 */
export function scheduleCheckpoint(world: World, server: ServerState): void {
  const incarnation = server.incarnation;
  schedule(world, world.now + CHECKPOINT_DELAY, () => {
    if (server.incarnation !== incarnation || server.state !== 'running' || server.pendingCheckpoint === undefined) return;
    writePendingCheckpoint(world, server);
    server.binlog.synced = writtenEnd(server.binlog);
    publish(world, server);
  });
}

/** MariaDB's second Binlog_checkpoint of a new file (naming it), if one is pending. */
function writePendingCheckpoint(world: World, server: ServerState): void {
  if (server.pendingCheckpoint !== undefined) {
    const chunk = appendChunk(
      server.binlog,
      'checkpoint',
      [binlogCheckpointEvent(server.flavor, server.pendingCheckpoint)],
      undefined,
      world.now,
    );
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'binlog',
        kind: 'binlog_checkpoint',
        log: coords(chunk.file, chunk.start, chunk.end),
        label: () => `Binlog_checkpoint ${server.pendingCheckpoint}`,
      });
    server.pendingCheckpoint = undefined;
  }
}

/** Rotates when the current file has reached max_binlog_size (never inside a transaction). */
export function maybeRotate(world: World, server: ServerState): void {
  const file = currentFile(server.binlog);
  if (!file || file.size < server.config.maxBinlogSize) return;
  rotateNow(world, server, `${file.name} reached max_binlog_size (${server.config.maxBinlogSize})`);
}

/** Closes the current file with a Rotate and opens the next (max_binlog_size, FLUSH BINARY LOGS); then expiry. */
export function rotateNow(world: World, server: ServerState, why: string): void {
  const mariadb = server.flavor === 'mariadb-10.11';
  const { rotate, header } = rotateBinlog(server.binlog, server.flavor, {
    gtidState: gtidStateDescription(server),
    now: world.now,
    mariadbCheckpointPrevious: mariadb,
  });
  if (mariadb) server.pendingCheckpoint = header.file;
  // The closed file and the new file's header are synced at the rotation.
  server.binlog.synced = writtenEnd(server.binlog);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'binlog',
      kind: 'binlog_rotate',
      log: coords(rotate.file, rotate.start, rotate.end),
      label: () => `${why}: Rotate to ${header.file}`,
    });
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'binlog',
      kind: 'binlog_file_opened',
      log: coords(header.file, 4, header.end),
      label: () => `${header.file} opened: header events 4-${header.end}, next transaction at ${header.end}`,
    });
  expireBinaryLogs(world, server);
}

/** What a new file's Previous_gtids / Gtid_list names. */
export function gtidStateDescription(server: ServerState): ReturnType<typeof describeMysqlSet> {
  if (server.flavor === 'mariadb-10.11') return describeMariadbState(server.mariadb);
  return describeMysqlSet(unionGtidSets(server.gtidExecuted, server.gtidAssigned));
}

/** Lets dump threads send up to the written end. */
export function publish(world: World, server: ServerState): void {
  server.binlog.published = writtenEnd(server.binlog);
  pumpDumpThreads(world, server);
}

/** After SYNC: the AFTER_SYNC wait (lossless semi-sync), then the ordered engine commit. */
function afterSync(world: World, server: ServerState, txn: TxnRuntime): void {
  const ready = (): void => {
    txn.readyToCommit = true;
    drainCommitOrder(world, server);
  };
  if (server.config.waitPoint === 'after_sync' && semisyncApplies(server, txn)) {
    reach(world, server, txn, 'after_sync_wait', () => `${txn.id} waits for the semi-sync ACK before the engine commit (AFTER_SYNC)`);
    if (!alive(server, txn)) return;
    semisyncWaitPoint(world, server, txn, ready);
  } else {
    if (server.config.waitPoint === 'after_sync') semisyncWaitPoint(world, server, txn, () => undefined);
    ready();
  }
}

/** Whether the transaction will wait (or be checked) at the wait point: semi-sync was enabled and ON at its FLUSH. */
function semisyncApplies(server: ServerState, txn: TxnRuntime): boolean {
  return server.config.semisyncMaster && txn.semisync.enabledAtFlush && txn.semisync.node && server.semisync.on;
}

/** Engine commits happen in binlog order: a transaction waiting at AFTER_SYNC holds back the later ones. */
export function drainCommitOrder(world: World, server: ServerState): void {
  const incarnation = server.incarnation;
  while (server.pipeline.commitOrder.length > 0) {
    const head = server.pipeline.commitOrder[0];
    if (!head.readyToCommit) return;
    server.pipeline.commitOrder.shift();
    engineCommit(world, server, head);
    if (server.incarnation !== incarnation || server.state !== 'running') return;
  }
}

/** InnoDB commit: rows visible, locks released, GTID in gtid_executed; then the AFTER_COMMIT wait and the OK. */
function engineCommit(world: World, server: ServerState, txn: TxnRuntime): void {
  commitChanges(world, server, txn);
  reach(world, server, txn, 'engine_committed', () => `${txn.id} committed in InnoDB: its rows are visible to other sessions`);
  if (!alive(server, txn)) return;
  const ok = (): void => clientOk(world, server, txn);
  if (server.config.waitPoint === 'after_commit' && semisyncApplies(server, txn)) {
    reach(world, server, txn, 'after_commit_wait', () => `${txn.id} waits for the semi-sync ACK after the engine commit (AFTER_COMMIT)`);
    if (!alive(server, txn)) return;
    semisyncWaitPoint(world, server, txn, ok);
  } else {
    if (server.config.waitPoint === 'after_commit') semisyncWaitPoint(world, server, txn, () => undefined);
    ok();
  }
}

/** Applies a committing transaction's changes to the committed data and records the commit. */
export function commitChanges(world: World, server: ServerState, txn: TxnRuntime): void {
  for (const c of txn.pending) {
    const table = server.db.tables.get(c.table);
    if (table) applyChange(table, c.change, txn.id, () => ++server.rowIdCounter, c.rowId);
  }
  server.committed.push({
    txnId: txn.id,
    gtid: txn.gtid ?? { kind: 'anonymous' },
    ...(txn.ddl ? { ddl: txn.ddl.operation } : {}),
    changes: txn.pending,
    time: world.now,
    prepareTime: txn.prepareTime,
    binlogEnd: txn.endPos,
    ...(txn.chunk ? { binlogStart: { fileIndex: txn.chunk.fileIndex, pos: txn.chunk.start } } : {}),
    origin: 'client',
  });
  if (txn.gtid?.kind === 'mysql') addGtid(server.gtidExecuted, txn.gtid.uuid, txn.gtid.gno);
  txn.phase = 'committed';
  const rec = txnRecord(world, txn.id);
  rec.changes = txn.pending;
  rec.trace.onReplica = server.replica !== null;
  releaseLocks(world, server, txn);
}

/** The OK packet: the client learns its COMMIT succeeded (unless it is gone: killed, or its connection died). */
function clientOk(world: World, server: ServerState, txn: TxnRuntime): void {
  server.txns.delete(txn.uid);
  if (txn.clientGone) return;
  const reply = txn.replyTo;
  txn.replyTo = undefined;
  const waitStart = txn.semisync.waitStart;
  const now = world.now;
  reply?.({ kind: 'ok', time: now });
  reach(
    world,
    server,
    txn,
    'client_ok',
    () =>
      `${txn.id}: OK sent to ${txn.client}${waitStart !== undefined ? ` after waiting ${formatMicros(now - waitStart)} for the ACK` : ''}`,
  );
}
