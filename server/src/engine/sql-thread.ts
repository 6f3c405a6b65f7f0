/**
 * A replica's SQL thread (replication-semantics.md §5): it applies whole transactions from the relay log on the real
 * rows, advancing Relay_Log_Pos and Exec_Master_Log_Pos; a duplicate key (1062) or a missing row (1032) stops it with
 * MySQL's message, Exec_Master_Log_Pos left at the start of the failed transaction, while the I/O thread keeps running.
 * With MySQL GTIDs a transaction already in gtid_executed is skipped silently. With log_slave_updates it re-logs what
 * it applies to the replica's own binlog.
 */
import { DEFAULT_AUTO_INCREMENT } from './auto-increment';
import { BINLOG_MAGIC_SIZE, loggedDdlText } from './binlog-events';
import { applyDdl, ddlVerdict } from './ddl';
import { logRowChanges } from './recording';
import { statementEventEnds, type BinlogChunk, type LaidEvents, type LoggedTxn } from './binlog';
import { addGtid, hasGtid, recordMariadbApplied } from './gtid';
import { applierDuplicateError, applierQueryError, applierRowNotFoundError } from './messages';
import { nextRelayEntry } from './relay-log';
import { delayedApply } from './replica-delay';
import { flushSqlPosition, recordSqlPosition, sqlCoords, sqlPositionSynced } from './replica-info';
import {
  applierErrorHandling,
  skipByCounter,
  untilFileReached,
  untilFileReachedAfter,
  untilGtidReached,
  untilText,
} from './replica-repair';
import type { UntilSpec } from '../model/scenario';
import { printedStatusName } from '../model/status-variables';
import { appendLoggedDdl, appendLoggedTxn, publish } from './source';
import { strictModeRefusal } from './gtid-controls';
import { executeWrite } from './statements';
import { applyChange, applyWithUndo, committedView, findRow, type StorageChange } from './storage';
import type { RowChange } from './binlog-events';
import {
  coords,
  errorLog,
  record,
  schedule,
  txnRecord,
  type CommitRecord,
  type RelayEntry,
  type ServerState,
  type SqlCoords,
  type World,
} from './world';
import type { LogCoordinates } from '../trace/trace';

/**
 * START SLAVE SQL_THREAD (clears Last_SQL_Error; a failed transaction is retried), with its UNTIL condition or none: a
 * START SLAVE without UNTIL clears the previous one. At an UNTIL position already reached the thread stops at once.
 */
export function startSqlThread(world: World, server: ServerState, until?: UntilSpec): void {
  const r = server.replica;
  if (!r || server.state !== 'running') return;
  if (r.sql.state === 'running') return;
  r.sql.state = 'running';
  r.sql.lastErrno = 0;
  r.sql.lastError = '';
  r.sql.until = until;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'sql',
      kind: 'sql_start',
      label: () =>
        'SQL thread started' +
        (until ? ` UNTIL ${untilText(until)}` : '') +
        (r.sql.skipCounter > 0 ? `; Skip_Counter ${r.sql.skipCounter}: skips that many events, to the end of a group` : ''),
    });
  if (until && (untilFileReached(r, until, undefined) || untilGtidReached(server, until, undefined))) return stopAtUntil(world, server);
  pumpSql(world, server);
}

/** The SQL thread reached its UNTIL condition: it stops, without error (Until_Condition stays as it was given). */
function stopAtUntil(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r) return;
  r.sql.state = 'stopped';
  r.sql.busy = false;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'sql',
      kind: 'sql_until',
      label: () =>
        `Slave SQL thread stopped because it reached its UNTIL position (${r.sql.until ? untilText(r.sql.until) : ''}): ` +
        `${printedStatusName(server.flavor, 'Exec_Master_Log_Pos')} ${r.relayMasterLogFile}:${r.execPos}`,
    });
  notifyApplied(world);
}

/**
 * Stops the SQL thread at once: the transaction it is applying is rolled back, and applied again from its start when
 * the thread restarts (STOP SLAVE on a group of transactional tables, which every table here is; MySQL waits, up to
 * 60 s, only for a group that changed non-transactional tables).
 */
export function stopSqlThread(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r || r.sql.state === 'stopped') return;
  if (r.sql.applying) world.queue.cancel(r.sql.applying);
  r.sql.applying = undefined;
  r.sql.state = 'stopped';
  r.sql.busy = false;
  r.sql.delayEnd = undefined;
  flushSqlPosition(r, world.now);
  if (world.full) record(world, { server: server.name, lane: 'sql', kind: 'sql_stop', label: 'SQL thread stopped' });
}

/** Lets the SQL thread take the next relay-log entries. */
export function pumpSql(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r || server.state !== 'running') return;
  for (let guard = 0; guard < 100_000; guard++) {
    if (r.sql.state !== 'running' || r.sql.busy) return;
    const entry = nextRelayEntry(r);
    if (!entry) {
      notifyApplied(world);
      return;
    }
    const until = r.sql.until;
    if (until && entry.kind !== 'relay_rotate' && (untilFileReached(r, until, entry) || untilGtidReached(server, until, entry)))
      return stopAtUntil(world, server);
    if (entry.kind !== 'txn') {
      passEntry(r, entry);
      continue;
    }
    const txn = entry.txn;
    const counted = skipByCounter(r.sql.skipCounter, entry);
    if (counted.skip) {
      // sql_slave_skip_counter: the group is passed whole, nothing of it applied or logged.
      const before = r.sql.skipCounter;
      r.sql.skipCounter = counted.counter;
      passEntry(r, entry);
      syncPositionNow(r, recordSqlPosition(server));
      noteSkipped(world, server, txn);
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'sql',
          kind: 'sql_skip',
          ...(txn?.txnId ? { txn: txn.txnId } : {}),
          label: () =>
            `skips ${txn?.txnId ?? txn?.gtidText ?? 'a transaction'} (sql_slave_skip_counter ${before}, ${entry.events.length} events): ` +
            `not applied; Skip_Counter ${r.sql.skipCounter}, ${printedStatusName(server.flavor, 'Exec_Master_Log_Pos')} ${r.execPos}`,
        });
      continue;
    }
    const g = txn?.gtid;
    if (g?.kind === 'mysql' && server.flavor !== 'mariadb-10.11' && hasGtid(server.gtidExecuted, g.uuid, g.gno)) {
      // MySQL skips a transaction whose GTID it has already executed.
      passEntry(r, entry);
      syncPositionNow(r, recordSqlPosition(server));
      if (!server.committed.some((c) => c.txnId !== undefined && c.txnId === txn?.txnId)) noteSkipped(world, server, txn, false);
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'sql',
          kind: 'applied',
          ...(txn?.txnId ? { txn: txn.txnId } : {}),
          label: () => `skips ${txn?.gtidText}: already in gtid_executed`,
        });
      continue;
    }
    const incarnation = server.incarnation;
    const delayed = delayedApply(server, entry, world.now);
    if (delayed) {
      // MASTER_DELAY: the thread sleeps until sql_delay_end, then looks at the transaction again.
      r.sql.busy = true;
      r.sql.delayEnd = delayed.end;
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'sql',
          kind: 'sql_delay',
          ...(txn?.txnId ? { txn: txn.txnId } : {}),
          label: () =>
            `waits ${(delayed.at - world.now) / 1_000_000} s: MASTER_DELAY=${server.config.masterDelay} s after its source executed ${txn?.txnId ?? 'it'}`,
        });
      r.sql.applying = schedule(world, delayed.at, () => {
        if (server.incarnation !== incarnation || server.replica !== r || !r.sql.busy) return;
        r.sql.busy = false;
        r.sql.applying = undefined;
        r.sql.delayEnd = undefined;
        world.dirty.add(server.name);
        pumpSql(world, server);
      });
      return;
    }
    r.sql.busy = true;
    const rows = txn ? txn.statements.reduce((n, s) => n + Math.max(1, s.changes.length), 0) : 1;
    r.sql.applying = schedule(world, world.now + server.config.applyLatency * Math.max(1, rows), () => {
      if (server.incarnation !== incarnation || server.replica !== r || !r.sql.busy) return;
      r.sql.busy = false;
      r.sql.applying = undefined;
      applyEntry(world, server, entry);
      const after = r.sql.until;
      if (
        after &&
        r.sql.state === 'running' &&
        (untilFileReachedAfter(server.flavor, r, after) || (after.kind !== 'before' && untilGtidReached(server, after, undefined)))
      )
        return stopAtUntil(world, server);
      pumpSql(world, server);
    });
    return;
  }
}

/** A transaction the SQL thread passed without applying it: MariaDB still moves gtid_slave_pos past it. */
function noteSkipped(world: World, server: ServerState, txn: LoggedTxn | undefined, record = true): void {
  if (record && txn?.gtid?.kind === 'mariadb') recordMariadbApplied(server.mariadb, txn.gtid);
  if (txn?.txnId === undefined) return;
  const rec = txnRecord(world, txn.txnId).trace;
  rec.skippedBy ??= [];
  if (!rec.skippedBy.some((s) => s.server === server.name)) rec.skippedBy.push({ server: server.name, time: world.now });
}

/**
 * Moves the SQL thread past an entry: its relay position, and Exec_Master_Log_Pos to the end of what the entry
 * covers in the source's binlog (a header event, a skipped or applied transaction), or to a Rotate's target.
 */
function passEntry(r: NonNullable<ServerState['replica']>, entry: RelayEntry): void {
  const file = r.relay.find((f) => f.index === r.sql.fileIndex);
  if (entry.kind === 'relay_rotate') {
    r.sql.fileIndex++;
    r.sql.entryIndex = 0;
    const next = r.relay.find((f) => f.index === r.sql.fileIndex);
    r.sql.relayFile = next?.name ?? r.sql.relayFile;
    r.sql.relayPos = BINLOG_MAGIC_SIZE;
    return;
  }
  r.sql.entryIndex++;
  r.sql.relayFile = file?.name ?? r.sql.relayFile;
  r.sql.relayPos = entry.end;
  if (entry.rotateTo) {
    r.relayMasterLogFile = entry.rotateTo.file;
    r.execPos = entry.rotateTo.pos;
  } else if (entry.kind === 'source_header' || entry.kind === 'source_events' || entry.kind === 'txn') {
    if (entry.sourceEnd) {
      r.relayMasterLogFile = entry.sourceFile ?? r.relayMasterLogFile;
      r.execPos = entry.sourceEnd;
    }
  }
}

/** Applies one whole transaction (all or nothing); on an error the SQL thread stops. */
function applyEntry(world: World, server: ServerState, entry: RelayEntry): void {
  const r = server.replica!;
  const txn = entry.txn;
  const relayFile = relayFileName(r);
  const log = sourceCoords(entry);
  if (txn?.ddl?.kind === 'client') return applyClientDdl(world, server, entry, txn, txn.ddl);
  if (!txn || txn.ddl) {
    passEntry(r, entry);
    if (txn) syncPosition(world, server, recordSqlPosition(server));
    noteApplied(server, txn);
    let ownLog = '';
    if (txn?.ddl && server.config.logSlaveUpdates) {
      // A replicated DDL is re-logged like a transaction (a chain or a co-master passes it on).
      const chunk = appendLoggedDdl(world, server, txn, txn.ddl, { replicatedFrom: txn.originFlavor });
      if (server.config.syncBinlog === 1) server.binlog.synced = { fileIndex: chunk.fileIndex, pos: chunk.end };
      ownLog = `; logged to ${chunk.file}:${chunk.start}-${chunk.end} (log_slave_updates)`;
      publish(world, server);
    }
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'sql',
        kind: 'applied',
        log,
        relay: coords(relayFile, entry.start, entry.end),
        label: () => `applied DDL: Exec_Master_Log_Pos ${r.execPos}${ownLog}`,
      });
    return;
  }
  const logged = world.rowChanges.length;
  const strict = txn.gtid.kind === 'mariadb' ? strictModeRefusal(server, txn.gtid) : undefined;
  const result: ApplyResult = strict
    ? { ok: false, ...strict }
    : txn.format === 'statement'
      ? applyStatements(server, txn)
      : applyRows(server, txn, entry.sourceEvents ?? { start: 0, events: [] });
  if (!result.ok) {
    // Nothing of a failed transaction stays: neither its rows nor what the row log saw of them before the undo.
    world.rowChanges.length = logged;
    return stopOnError(world, server, entry, txn, result);
  }
  for (const p of result.passed) notePassed(world, server, txn, p, log);
  if (server.config.innodbFlushLogAtTrxCommit === 1) server.redoFlushes.push({ start: world.now, end: world.now });
  commitApplied(world, server, entry, {
    txn,
    changes: result.changes,
    relog: () => appendLoggedTxn(world, server, txn, { groupCommitId: false, replicatedFrom: txn.originFlavor }),
    label: (ownLog) =>
      `applied ${txn.txnId ?? txn.gtidText ?? 'a transaction'}: ${printedStatusName(server.flavor, 'Exec_Master_Log_Pos')} ${r.execPos}, Relay_Log_Pos ${r.sql.relayPos}${ownLog}`,
  });
}

/**
 * What every transaction the applier committed leaves: its commit record (with the SQL thread's position, which
 * mysql.slave_relay_log_info holds inside the transaction; relay-log.info is written right after the commit), the
 * passed relay entry, the binlog again under log_slave_updates, and the `applied` state.
 */
function commitApplied(
  world: World,
  server: ServerState,
  entry: RelayEntry,
  input: {
    txn: LoggedTxn;
    changes: StorageChange[];
    ddl?: CommitRecord['ddl'];
    relog: () => BinlogChunk;
    label: (ownLog: string) => string;
  },
): void {
  const r = server.replica!;
  const { txn } = input;
  const committed: CommitRecord = {
    txnId: txn.txnId,
    gtid: txn.gtid,
    ...(input.ddl ? { ddl: input.ddl } : {}),
    changes: input.changes,
    time: world.now,
    prepareTime: undefined,
    binlogEnd: undefined,
    origin: 'applier',
    sourceFile: entry.sourceFile,
    sourceEnd: entry.sourceEnd,
    sourceName: r.sourceName,
  };
  server.committed.push(committed);
  noteApplied(server, txn);
  passEntry(r, entry);
  committed.replicaCoords = sqlCoords(r);
  syncPosition(world, server, recordSqlPosition(server));
  let ownLog = '';
  if (server.config.logSlaveUpdates) {
    const chunk = input.relog();
    committed.binlogEnd = { fileIndex: chunk.fileIndex, pos: chunk.end };
    if (server.config.syncBinlog === 1) server.binlog.synced = { fileIndex: chunk.fileIndex, pos: chunk.end };
    ownLog = `; logged to ${chunk.file}:${chunk.start}-${chunk.end} (log_slave_updates)`;
    publish(world, server);
  }
  noteAppliedBy(world, server, txn);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'sql',
      kind: 'applied',
      ...(txn.txnId ? { txn: txn.txnId } : {}),
      ...(txn.gtidText ? { gtid: txn.gtidText } : {}),
      log: sourceCoords(entry),
      relay: coords(relayFileName(r), entry.start, entry.end),
      label: () => input.label(ownLog),
    });
  if (txn.txnId !== undefined)
    world.hooks.reachState(world, { txn: txn.txnId, server: server.name, state: 'applied', by: server.name, source: r.sourceName });
  notifyApplied(world);
}

/** The relay file the SQL thread reads. */
function relayFileName(r: NonNullable<ServerState['replica']>): string {
  return r.relay.find((f) => f.index === r.sql.fileIndex)?.name ?? r.sql.relayFile;
}

/** Where a relay entry's events were in the source's binlog. */
function sourceCoords(entry: RelayEntry): LogCoordinates {
  return coords(entry.sourceFile ?? '', entry.sourceStart ?? 0, entry.sourceEnd ?? 0);
}

/** The SQL thread stops on an error: Last_SQL_Errno/Error, the error log, Exec_Master_Log_Pos left at the group's start. */
function stopOnError(
  world: World,
  server: ServerState,
  entry: RelayEntry,
  txn: LoggedTxn,
  result: { errno: number; message: string },
): void {
  const r = server.replica!;
  const relayFile = relayFileName(r);
  const log = sourceCoords(entry);
  r.sql.state = 'stopped';
  r.sql.lastErrno = result.errno;
  r.sql.lastError = result.message;
  errorLog(world, server.name, `Slave SQL: ${result.message}`);
  world.replicationErrors.push({
    time: world.now,
    server: server.name,
    thread: 'sql',
    errno: result.errno,
    message: result.message,
    ...(txn.txnId !== undefined ? { txn: txn.txnId } : {}),
    execPos: r.execPos,
    ...(world.cause !== undefined ? { line: world.cause } : {}),
  });
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'sql',
      kind: 'sql_error',
      ...(txn.txnId ? { txn: txn.txnId } : {}),
      log,
      relay: coords(relayFile, entry.start, entry.end),
      label: () =>
        `Last_SQL_Errno ${result.errno}: ${result.message}; ${printedStatusName(server.flavor, 'Exec_Master_Log_Pos')} stays ${r.execPos}`,
    });
  notifyApplied(world);
}

/** An error the applier passed over (slave_exec_mode=IDEMPOTENT, slave_skip_errors): the error log and the trace say so. */
function notePassed(world: World, server: ServerState, txn: LoggedTxn, p: PassedError, log: ReturnType<typeof coords>): void {
  const how = p.how === 'idempotent' ? 'slave_exec_mode=IDEMPOTENT' : 'slave_skip_errors';
  errorLog(world, server.name, `Slave SQL: ${p.message} (ignored: ${how})`);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'sql',
      kind: 'sql_skip',
      ...(txn.txnId ? { txn: txn.txnId } : {}),
      log,
      label: () => `passes over error ${p.errno} (${how}): ${p.effect}; ${p.message}`,
    });
}

/** The transaction's trace records that this replica applied it. */
function noteAppliedBy(world: World, server: ServerState, txn: LoggedTxn): void {
  if (txn.txnId === undefined) return;
  const rec = txnRecord(world, txn.txnId);
  if (!rec.trace.appliedBy.some((a) => a.server === server.name)) rec.trace.appliedBy.push({ server: server.name, time: world.now });
}

/**
 * A client's DDL from the relay log, run on the replica's own schema. A table already there (1050), missing (1146;
 * DROP: 1051), a duplicate (1060) or missing column (1091) stops the SQL thread with the Query event's error, unless
 * slave_skip_errors names it; MariaDB's slave_ddl_exec_mode=IDEMPOTENT (its default) runs CREATE TABLE as CREATE OR
 * REPLACE and DROP TABLE as DROP TABLE IF EXISTS. With log_slave_updates the DDL is logged again.
 */
function applyClientDdl(
  world: World,
  server: ServerState,
  entry: RelayEntry,
  txn: LoggedTxn,
  ddl: Extract<NonNullable<LoggedTxn['ddl']>, { kind: 'client' }>,
): void {
  const r = server.replica!;
  const log = sourceCoords(entry);
  const strict = txn.gtid.kind === 'mariadb' ? strictModeRefusal(server, txn.gtid) : undefined;
  if (strict) return stopOnError(world, server, entry, txn, strict);
  const mode = server.flavor === 'mariadb-10.11' ? server.config.slaveDdlExecMode : 'strict';
  const verdict = ddlVerdict(server.flavor, server.db, txn.database, ddl.operation, mode);
  let effect = '';
  if (verdict.kind === 'error') {
    const query = loggedDdlText(ddl.operation, ddl.text, ddl.database, txn.database, ddl.ifExists);
    const message = applierQueryError(server.flavor, { message: verdict.message, database: txn.database, query });
    if (applierErrorHandling(server.config, verdict.code, false) !== 'ignored')
      return stopOnError(world, server, entry, txn, { errno: verdict.code, message });
    notePassed(world, server, txn, { errno: verdict.code, message, how: 'ignored', effect: 'the DDL not run' }, log);
    effect = ` (error ${verdict.code} ignored: not run)`;
  } else {
    applyDdl(server.db, ddl.operation);
    if (world.full) logRowChanges(world, server);
    if (verdict.effect === 'replaced')
      effect = ' (slave_ddl_exec_mode=IDEMPOTENT: run as CREATE OR REPLACE TABLE, the table there before and its rows replaced)';
    if (verdict.effect === 'nothing_to_drop')
      effect = ' (slave_ddl_exec_mode=IDEMPOTENT: run as DROP TABLE IF EXISTS, nothing to drop: a note, no error)';
  }
  // MySQL 8.0's DDL is atomic and writes mysql.slave_relay_log_info with it, as a transaction does.
  commitApplied(world, server, entry, {
    txn,
    changes: [],
    ...(verdict.kind === 'ok' ? { ddl: ddl.operation } : {}),
    relog: () => {
      // MariaDB logs the DROP TABLE it ran as DROP TABLE IF EXISTS with that text (10 bytes more than the source's).
      const relogged = mode === 'idempotent' && ddl.operation.op === 'dropTable' ? { ...ddl, ifExists: true } : ddl;
      const own = relogged === ddl ? txn : { ...txn, ddl: relogged, eventsCache: undefined };
      return appendLoggedDdl(world, server, own, relogged, { replicatedFrom: txn.originFlavor });
    },
    label: (ownLog) =>
      `applied ${txn.txnId ?? 'a DDL'} (${ddl.text})${effect}: ${printedStatusName(server.flavor, 'Exec_Master_Log_Pos')} ${r.execPos}${ownLog}`,
  });
}

/** A position passed over without a commit: its fsync, when due, is counted as done. */
function syncPositionNow(r: NonNullable<ServerState['replica']>, due: SqlCoords | undefined): void {
  if (due) sqlPositionSynced(r, due);
}

/** sync_relay_log_info: the fsync of relay-log.info after the commit; the SQL thread goes on once it ends. */
function syncPosition(world: World, server: ServerState, due: SqlCoords | undefined): void {
  const r = server.replica;
  if (!due || !r) return;
  const incarnation = server.incarnation;
  const every = server.config.syncRelayLogInfo;
  r.sql.busy = true;
  r.sql.applying = schedule(world, world.now + server.config.fsyncLatency, () => {
    if (server.incarnation !== incarnation || server.replica !== r) return;
    sqlPositionSynced(r, due);
    r.sql.busy = false;
    r.sql.applying = undefined;
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'sql',
        kind: 'relay_sync',
        label: () => `fsync of relay-log.info: ${due.relayMasterLogFile}:${due.execPos} (sync_relay_log_info=${every})`,
      });
    pumpSql(world, server);
  });
}

function noteApplied(server: ServerState, txn: LoggedTxn | undefined): void {
  const g = txn?.gtid;
  if (g?.kind === 'mysql') {
    addGtid(server.gtidExecuted, g.uuid, g.gno);
    addGtid(server.gtidAssigned, g.uuid, g.gno);
  } else if (g?.kind === 'mariadb') recordMariadbApplied(server.mariadb, g);
}

function notifyApplied(world: World): void {
  for (const listener of [...world.appliedListeners]) listener();
}

/** An applier error passed over (slave_exec_mode=IDEMPOTENT, slave_skip_errors), for the trace. */
interface PassedError {
  errno: number;
  message: string;
  how: 'idempotent' | 'ignored';
  /** What became of the row change or the statement. */
  effect: string;
}

type ApplyResult = { ok: true; changes: StorageChange[]; passed: PassedError[] } | { ok: false; errno: number; message: string };

/**
 * Row format: each row change located by primary key (or full row image) and applied; all or nothing. An error the
 * replica is told to pass over does not stop it: IDEMPOTENT overwrites a duplicate row with the event's image and
 * leaves a missing one, going on with the next row; an error in slave_skip_errors drops the rest of that row event.
 */
function applyRows(server: ServerState, txn: LoggedTxn, sourceEvents: LaidEvents): ApplyResult {
  const changes: StorageChange[] = [];
  const passed: PassedError[] = [];
  const undo: (() => void)[] = [];
  const rollback = (): void => {
    for (const u of undo.reverse()) u();
  };
  const nextRowId = (): number => ++server.rowIdCounter;
  for (let s = 0; s < txn.statements.length; s++) {
    const st = txn.statements[s];
    const name = st.table.name;
    const table = server.db.tables.get(name);
    if (!table) {
      const message = `Table '${st.table.database}.${name}' doesn't exist`;
      if (applierErrorHandling(server.config, 1146, false) === 'ignored') {
        passed.push({ errno: 1146, message, how: 'ignored', effect: `its ${st.changes.length} row change(s) dropped` });
        continue;
      }
      rollback();
      return { ok: false, errno: 1146, message };
    }
    for (let i = 0; i < st.changes.length; i++) {
      const change = st.changes[i];
      const result = applyWithUndo(table, change, txn.txnId, nextRowId);
      if ('undo' in result) {
        undo.push(result.undo);
        changes.push({ table: name, change, rowId: 0 });
        continue;
      }
      const failure = result.failure;
      const ends = statementEventEnds(txn, sourceEvents)[s];
      const endLogPos = ends[Math.min(ends.length - 1, Math.floor((i * ends.length) / Math.max(1, st.changes.length)))] ?? 0;
      const sourceFile = txnSourceFile(server, txn);
      const error =
        failure.error === 'duplicate'
          ? {
              errno: 1062,
              message: applierDuplicateError(server.flavor, {
                database: st.table.database,
                table: name,
                key: failure.key,
                eventKind: change.kind === 'update' ? 'update' : 'insert',
                sourceFile,
                endLogPos,
              }),
            }
          : {
              errno: 1032,
              message: applierRowNotFoundError(server.flavor, {
                database: st.table.database,
                table: name,
                eventKind: change.kind === 'delete' ? 'delete' : 'update',
                hasPrimaryKey: st.table.primaryKey.length > 0,
                sourceFile,
                endLogPos,
              }),
            };
      const how = applierErrorHandling(server.config, error.errno, true);
      if (how === 'idempotent') {
        const existing =
          change.kind === 'insert' && failure.error === 'duplicate' ? findRow(committedView(table), change.after) : undefined;
        if (existing && change.kind === 'insert') {
          // Write_rows in IDEMPOTENT mode: the row with that key takes the event's image.
          const overwrite: RowChange = { kind: 'update', before: { ...existing.values }, after: change.after };
          const done = applyWithUndo(table, overwrite, txn.txnId, nextRowId);
          if ('undo' in done) {
            undo.push(done.undo);
            changes.push({ table: name, change: overwrite, rowId: 0 });
            passed.push({ ...error, how, effect: "the existing row overwritten with the event's image" });
            continue;
          }
        }
        passed.push({ ...error, how, effect: 'that row change skipped' });
        continue;
      }
      if (how === 'ignored') {
        const dropped = st.changes.length - i;
        passed.push({ ...error, how, effect: `the rest of the row event dropped (${dropped} row change(s))` });
        break;
      }
      rollback();
      return { ok: false, ...error };
    }
  }
  return { ok: true, changes, passed };
}

/** The source file of the transaction being applied (the SQL thread's Relay_Master_Log_File is still its start). */
function txnSourceFile(server: ServerState, txn: LoggedTxn): string {
  void txn;
  const entry = server.replica ? nextRelayEntry(server.replica) : undefined;
  return entry?.sourceFile ?? server.replica?.relayMasterLogFile ?? '';
}

/** Statement format: each statement executed again on the replica's rows (each seeing the ones before it); all or nothing. */
function applyStatements(server: ServerState, txn: LoggedTxn): ApplyResult {
  const changes: StorageChange[] = [];
  const passed: PassedError[] = [];
  const nextRowId = (): number => ++server.rowIdCounter;
  for (const st of txn.statements) {
    const name = st.table.name;
    if (!server.db.tables.has(name)) {
      const message = applierQueryError(server.flavor, {
        message: `Table '${st.table.database}.${name}' doesn't exist`,
        database: txn.database,
        query: st.text,
      });
      if (applierErrorHandling(server.config, 1146, false) === 'ignored') {
        passed.push({ errno: 1146, message, how: 'ignored', effect: 'the statement not run' });
        continue;
      }
      return { ok: false, errno: 1146, message };
    }
    const result = executeWrite(
      {
        flavor: server.flavor,
        db: server.db,
        database: txn.database,
        snapshot: undefined,
        pending: changes,
        locks: new Map(),
        uid: 0,
        nextRowId,
        // The source session's series (Q_AUTO_INCREMENT) and first value (Intvar INSERT_ID), not the replica's own settings.
        autoIncrement: {
          ...(txn.autoIncrement ?? DEFAULT_AUTO_INCREMENT),
          ...(st.insertId !== undefined ? { insertId: st.insertId } : {}),
        },
        // The Query event's timestamp (SET TIMESTAMP): now() gives the source's value, not the replica's clock.
        time: st.time ?? txn.originTime ?? 0,
      },
      st.statement,
    );
    if (result.kind === 'error') {
      const message = applierQueryError(server.flavor, { message: result.message, database: txn.database, query: st.text });
      // A statement that fails with an error in slave_skip_errors is rolled back alone; the transaction goes on.
      if (applierErrorHandling(server.config, result.code, false) === 'ignored') {
        passed.push({ errno: result.code, message, how: 'ignored', effect: 'the statement rolled back alone' });
        continue;
      }
      return { ok: false, errno: result.code, message };
    }
    if (result.kind === 'blocked') continue;
    for (const c of result.changes) changes.push(c);
  }
  for (const c of changes) applyChange(server.db.tables.get(c.table)!, c.change, txn.txnId, () => c.rowId, c.rowId);
  return { ok: true, changes, passed };
}
