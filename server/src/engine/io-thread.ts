/**
 * A replica's I/O thread (replication-semantics.md §5): it connects to its source (Slave_IO_Running: Connecting until
 * the dump thread answers, then a retry every MASTER_CONNECT_RETRY while the source is down), writes what it receives
 * to the relay log (fsync every `sync_relay_log` events), acknowledges a semi-sync transaction right after the
 * relay-log write and flush — never after applying it — and advances Master_Log_File/Read_Master_Log_Pos. Events
 * carrying the replica's own server_id are skipped (replicate_same_server_id=0).
 */
import { printedStatusName } from '../model/status-variables';
import { parseMariadbGtidList, recordMariadbApplied, type MariadbGtid } from './gtid';
import { BINLOG_MAGIC_SIZE, relayedEvents, type GtidSetDescription } from './binlog-events';
import { eventsEnd, fileIndexOf } from './binlog';
import { startRequest } from './failover';
import { addGtid, describeMysqlSet, type MysqlGtidSet } from './gtid';
import { linkLatency, sendMessage, type Payload, type ShippedChunk } from './network';
import { heartbeatPeriod } from '../model/settings';
import {
  armReadTimer,
  cantConnectMessage,
  connectErrorText,
  heard,
  ioThreadName,
  lostConnectionMessage,
  NEVER,
  readFailedLogLines,
  type ConnectFailure,
} from './net-timeout';
import { appendRelayEntry, currentRelayFile, rotateRelayLog, startRelayFile } from './relay-log';
import { flushIoPosition, noteRelaySynced, recordIoConnect, recordIoPosition } from './replica-info';
import { pumpSql } from './sql-thread';
import { coords, errorLog, isUp, record, schedule, type RelayEntry, type ServerState, type World } from './world';

/** START SLAVE IO_THREAD: connect to the source (Slave_IO_Running: Connecting until the dump thread answers). */
export function startIoThread(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r || server.state !== 'running') return;
  if (r.io.state !== 'stopped' && r.io.connected) return;
  if (r.io.retry) world.queue.cancel(r.io.retry);
  r.io.retry = undefined;
  r.io.lastErrno = 0;
  r.io.lastError = '';
  r.io.failedAttempts = 0;
  r.io.reconnecting = false;
  r.io.receivedSeq = undefined;
  connectAttempt(world, server);
}

/**
 * One connection attempt (START SLAVE, or a retry): a refusal comes back after a round trip when the source's process
 * is down; when nothing answers (a partition) the attempt fails after the connect timeout, slave_net_timeout.
 */
function connectAttempt(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r || server.state !== 'running') return;
  r.io.state = 'connecting';
  r.io.connected = false;
  r.io.connId = ++world.nextConnId;
  r.io.semisync = server.config.semisyncSlave;
  r.io.netTimeout = server.config.slaveNetTimeout * 1_000_000;
  const connId = r.io.connId;
  const request = startRequest(server, r);
  if (request.kind === 'mariadbGtid') r.gtidIoPos = new Map(request.pos);
  const source = r.sourceName;
  const again = r.io.failedAttempts > 0 || r.io.reconnecting;
  const incarnation = server.incarnation;
  const pending = (): boolean =>
    server.incarnation === incarnation && r === server.replica && r.io.connId === connId && !r.io.connected && r.io.state === 'connecting';
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_start',
      label: () =>
        `I/O thread ${again ? `${r.io.reconnecting ? 'reconnects' : 'connects'} (attempt ${r.io.failedAttempts + 1})` : 'connects'} to ${source} ` +
        (request.kind === 'file' ? `asking for ${request.file}:${request.pos}` : 'with its GTID state'),
    });
  sendMessage(world, {
    from: { server: server.name, lane: 'io' },
    to: { server: source, lane: 'dump' },
    payload: { kind: 'connect', connId, request, semisync: r.io.semisync, heartbeatPeriod: heartbeatPeriod(server.config) },
    label: () => `connect (${request.kind === 'file' ? `${request.file}:${request.pos}` : 'GTID'})`,
    wanted: () => pending(),
    // A host whose server process is down resets the connection: the replica learns it one trip later. A dead host
    // answers nothing: the connect timeout below.
    onDropped: () => {
      if (world.servers.get(source)?.downHow === 'host') return;
      schedule(world, world.now + linkLatency(world, server.name, source), () => {
        if (pending()) attemptFailed(world, server, connId, 'refused');
      });
    },
  });
  // Nothing answers (a partition): the connect timeout is slave_net_timeout.
  r.io.connectTimer = schedule(
    world,
    world.now + r.io.netTimeout,
    () => {
      if (pending()) attemptFailed(world, server, connId, 'timed_out');
    },
    NEVER,
  );
}

/** A connection attempt failed: Last_IO_Errno 2003; the next attempt after MASTER_CONNECT_RETRY, or the thread gives up. */
function attemptFailed(world: World, server: ServerState, connId: number, failure: ConnectFailure): void {
  const r = server.replica;
  if (!r || r.io.connId !== connId || r.io.state !== 'connecting') return;
  const source = r.sourceName;
  const config = server.config;
  r.io.failedAttempts++;
  const message = cantConnectMessage(server.flavor, source, failure);
  r.io.lastErrno = 2003;
  r.io.lastError = connectErrorText(server.flavor, {
    reconnect: r.io.reconnecting,
    host: source,
    connectRetry: config.masterConnectRetry,
    retryCount: config.masterRetryCount,
    attempt: r.io.failedAttempts,
    message,
  });
  errorLog(world, server.name, `${ioThreadName(server.flavor)}: ${r.io.lastError}`);
  const givesUp = config.masterRetryCount > 0 && r.io.failedAttempts >= config.masterRetryCount;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_connecting',
      label: () =>
        `attempt ${r.io.failedAttempts} to ${source} failed: Last_IO_Errno 2003 (${failure === 'refused' ? 'connection refused: no process listens' : `no answer within slave_net_timeout=${config.slaveNetTimeout} s`}); ` +
        (givesUp
          ? `master_retry_count=${config.masterRetryCount} reached`
          : `next attempt in MASTER_CONNECT_RETRY=${config.masterConnectRetry} s`),
    });
  if (givesUp) {
    r.io.state = 'stopped';
    r.io.connId = ++world.nextConnId;
    world.replicationErrors.push({
      time: world.now,
      server: server.name,
      thread: 'io',
      errno: 2003,
      message: r.io.lastError,
      ...(world.cause !== undefined ? { line: world.cause } : {}),
    });
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'io',
        kind: 'io_error',
        label: () => `I/O thread stops: gave up after ${r.io.failedAttempts} failed attempts (master_retry_count)`,
      });
    return;
  }
  // This attempt is over: its connect, if a partition still holds it, is not answered later.
  r.io.connId = ++world.nextConnId;
  const sleeping = r.io.connId;
  const retry = (): void => {
    if (server.replica !== r || r.io.state !== 'connecting' || r.io.connId !== sleeping || server.state !== 'running') return;
    r.io.retry = undefined;
    connectAttempt(world, server);
  };
  r.io.retry = schedule(
    world,
    world.now + config.masterConnectRetry * 1_000_000,
    retry,
    () => isUp(world, source) && server.state === 'running' && !linkDown(world, server.name, source),
  );
}

/**
 * The connection broke after it was up: the source reset it (its process died, RESET MASTER) or nothing came for
 * slave_net_timeout. The I/O thread logs the failed read and reconnects at once (Slave_IO_Running: Connecting).
 */
export function connectionLost(world: World, server: ServerState, connId: number, why: string): void {
  const r = server.replica;
  if (!r || r.io.connId !== connId || r.io.state === 'stopped') return;
  if (!r.io.connected) {
    // Not yet up: the attempt failed.
    attemptFailed(world, server, connId, 'refused');
    return;
  }
  r.io.connected = false;
  r.io.state = 'connecting';
  r.io.reconnecting = true;
  r.io.failedAttempts = 0;
  if (r.io.readTimer) world.queue.cancel(r.io.readTimer);
  r.io.readTimer = undefined;
  for (const line of readFailedLogLines(server.flavor, r.masterLogFile, r.readPos)) errorLog(world, server.name, line);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_connection_lost',
      label: () => `${why}: connection lost (2013 ${lostConnectionMessage(server.flavor)}); reconnecting`,
    });
  connectAttempt(world, server);
}

/** Nothing came for slave_net_timeout: the I/O thread closes its side and reconnects. */
function readTimedOut(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r) return;
  const connId = r.io.connId;
  const source = r.sourceName;
  sendMessage(world, {
    from: { server: server.name, lane: 'io' },
    to: { server: source, lane: 'dump' },
    payload: { kind: 'replica_gone', connId, why: `${server.name}'s I/O thread timed out` },
    label: () => 'connection closed (read timeout)',
  });
  connectionLost(world, server, connId, `nothing from ${source} for slave_net_timeout=${r.io.netTimeout / 1_000_000} s`);
}

function linkDown(world: World, x: string, y: string): boolean {
  return world.links.get(x)?.get(y)?.down ?? false;
}

/** The source accepted the connection: write the relay header (a new relay file). */
export function onConnectionAccepted(
  world: World,
  server: ServerState,
  message: Extract<Payload, { kind: 'accepted' }>,
  from: string,
): string | undefined {
  const input = { ...message, source: from };
  const r = server.replica;
  if (!r || r.io.connId !== input.connId || r.io.state === 'stopped') {
    // An attempt this thread gave up (a connect held by a partition, answered after it healed): the socket is closed.
    sendMessage(world, {
      from: { server: server.name, lane: 'io' },
      to: { server: from, lane: 'dump' },
      payload: { kind: 'replica_gone', connId: input.connId, why: 'an abandoned connection attempt' },
      label: () => 'connection reset',
    });
    return 'connection closed';
  }
  const source = world.servers.get(input.source);
  r.io.connected = true;
  r.io.state = 'running';
  if (r.io.connectTimer) world.queue.cancel(r.io.connectTimer);
  r.io.connectTimer = undefined;
  const reconnected = r.io.reconnecting || r.io.failedAttempts > 0;
  r.io.lastErrno = 0;
  r.io.lastError = '';
  r.io.failedAttempts = 0;
  r.io.reconnecting = false;
  heard(world, server);
  armReadTimer(world, server, () => readTimedOut(world, server));
  r.masterLogFile = input.file;
  r.readPos = input.pos;
  r.masterUuid = source?.config.serverUuid ?? r.masterUuid;
  const relayFile = startRelayFile(r, {
    flavor: server.flavor,
    sourceFlavor: source?.flavor ?? server.flavor,
    sourceFile: input.file,
    sourcePos: input.pos,
    relayGtidState: relayGtidState(server),
  });
  // Started at the head of a file (pos 4), the source's header events are real events that the I/O thread
  // received: Read_Master_Log_Pos moves past them, as Exec_Master_Log_Pos will when the SQL thread reads them.
  const headerEnd = (currentRelayFile(r)?.entries ?? []).reduce(
    (m, e) => (e.kind === 'source_header' ? Math.max(m, e.sourceEnd ?? 0) : m),
    0,
  );
  r.readPos = Math.max(r.readPos, headerEnd);
  recordIoConnect(r);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_connected',
      label: () =>
        `${reconnected ? 'reconnected' : 'connected'} to ${input.source} at ${input.file}:${input.pos}${r.io.semisync ? ' (semi-sync)' : ''}; relay log ${relayFile}`,
    });
  recordRelayOpened(world, server, relayFile, input);
  pumpSql(world, server);
  return undefined;
}

/** The trace of a relay file the I/O thread opened for a connection: its header and the source's first events. */
function recordRelayOpened(world: World, server: ServerState, relayFile: string, at: { file: string; pos: number }): void {
  const r = server.replica;
  if (!world.full || !r) return;
  record(world, {
    server: server.name,
    lane: 'relay',
    kind: 'relay_rotate',
    relay: coords(relayFile, BINLOG_MAGIC_SIZE, currentRelayFile(r)?.size ?? BINLOG_MAGIC_SIZE),
    label: () =>
      `${relayFile} opened: own header, fake Rotate ${at.file};pos=${at.pos}, the source's Format_desc (relay ${currentRelayFile(r)?.size})`,
  });
}

/** The Previous_gtids a new relay file starts with: what the I/O thread has retrieved (MariaDB writes none). */
export function relayGtidState(server: ServerState): GtidSetDescription {
  if (server.flavor === 'mariadb-10.11') return { kind: 'mariadb', gtids: [] };
  const none: MysqlGtidSet = new Map();
  return describeMysqlSet(server.replica?.retrieved ?? none);
}

/** The source refused the connection (1236): the I/O thread stops with the error. */
export function onConnectionRefused(world: World, server: ServerState, refusal: Extract<Payload, { kind: 'refused' }>): string | undefined {
  const { connId, message } = refusal;
  const r = server.replica;
  if (!r || r.io.connId !== connId) return 'connection closed';
  r.io.state = 'stopped';
  r.io.connected = false;
  r.io.lastErrno = 1236;
  r.io.lastError = message;
  if (refusal.header) writeHeaderBeforeRefusal(world, server, refusal.header);
  errorLog(world, server.name, `Slave I/O thread: ${message}`);
  world.replicationErrors.push({
    time: world.now,
    server: server.name,
    thread: 'io',
    errno: 1236,
    message,
    ...(world.cause !== undefined ? { line: world.cause } : {}),
  });
  if (world.full) record(world, { server: server.name, lane: 'io', kind: 'io_error', label: () => `Last_IO_Errno 1236: ${message}` });
  return undefined;
}

/**
 * A source that fails only when it reads the event at the requested position (a start inside an event) has sent the
 * fake Rotate and its Format_desc first: the I/O thread wrote them to a new relay file, which the SQL thread reads.
 */
function writeHeaderBeforeRefusal(world: World, server: ServerState, at: { file: string; pos: number }): void {
  const r = server.replica;
  if (!r) return;
  const source = world.servers.get(r.sourceName);
  const relayFile = startRelayFile(r, {
    flavor: server.flavor,
    sourceFlavor: source?.flavor ?? server.flavor,
    sourceFile: at.file,
    sourcePos: at.pos,
    relayGtidState: relayGtidState(server),
  });
  recordRelayOpened(world, server, relayFile, at);
  pumpSql(world, server);
}

/** STOP SLAVE IO_THREAD (or the replica going away): the source's dump thread ends when it hears of it. */
export function stopIoThread(world: World, server: ServerState, why: string): void {
  const r = server.replica;
  if (!r || r.io.state === 'stopped') return;
  const connId = r.io.connId;
  const wasConnected = r.io.connected;
  if (r.io.retry) world.queue.cancel(r.io.retry);
  r.io.retry = undefined;
  r.io.state = 'stopped';
  r.io.connected = false;
  r.io.connId = ++world.nextConnId;
  flushIoPosition(r);
  if (world.full) record(world, { server: server.name, lane: 'io', kind: 'io_stop', label: () => `I/O thread stopped (${why})` });
  if (wasConnected) {
    const source = r.sourceName;
    sendMessage(world, {
      from: { server: server.name, lane: 'io' },
      to: { server: source, lane: 'dump' },
      payload: { kind: 'replica_gone', connId, why: `${server.name}'s I/O thread stopped` },
      label: () => 'connection closed',
    });
  }
}

/** A chunk arrived from the source: relay-log write, ACK, positions. Returns a reason when it was ignored. */
export function onEventsReceived(world: World, server: ServerState, message: Extract<Payload, { kind: 'events' }>): string | undefined {
  const { connId, chunk } = message;
  const r = server.replica;
  if (!r || r.io.connId !== connId || r.io.state === 'stopped') return 'connection closed';
  heard(world, server);
  const at = Math.max(world.now, r.io.busyUntil);
  if (at > world.now) {
    const incarnation = server.incarnation;
    r.io.busyUntil = at;
    schedule(world, at, () => {
      if (server.incarnation === incarnation) receive(world, server, connId, chunk);
    });
    return undefined;
  }
  receive(world, server, connId, chunk);
  return undefined;
}

function receive(world: World, server: ServerState, connId: number, chunk: ShippedChunk): void {
  const r = server.replica;
  if (!r || r.io.connId !== connId || r.io.state === 'stopped') return;
  const start = chunk.sent.start;
  const end = eventsEnd(chunk.sent.events, start);
  const txnId = chunk.txn?.txnId;
  const log = coords(chunk.file, start, end);
  // Own events come back in a ring or after a failover: the I/O thread skips them (replicate_same_server_id=0).
  if (chunk.txn && chunk.txn.originServerId === server.config.serverId) {
    r.masterLogFile = chunk.file;
    r.readPos = end;
    recordIoPosition(server, chunk.sent.events.length);
    // MariaDB still hands the skipped group's GTID to the SQL thread (rli->ign_gtids), so gtid_slave_pos moves past it.
    const g = chunk.txn.gtid;
    if (g.kind === 'mariadb' && server.flavor === 'mariadb-10.11') {
      recordMariadbApplied(server.mariadb, g);
      r.gtidIoPos?.set(g.domain, { domain: g.domain, serverId: g.serverId, seq: g.seq });
    }
    // MySQL remembers the skipped range (ign_master_log_pos_end) so that Exec_Master_Log_Pos moves past it too.
    appendRelayEntry(r, { kind: 'source_events', sourceFile: chunk.file, sourceStart: start, sourceEnd: end, chunkKind: chunk.kind }, []);
    pumpSql(world, server);
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'io',
        kind: 'io_receive',
        ...(txnId ? { txn: txnId } : {}),
        log,
        label: () => `skips ${txnId ?? 'a transaction'}: it carries this server's own server_id`,
      });
    return;
  }
  const relayed = relayedEvents(server.flavor, chunk.sent.events, server.config.logSlaveUpdates);
  let entry: RelayEntry | undefined;
  if (relayed.length === 0 && chunk.kind === 'header') {
    // Events the I/O thread does not write (the source's Previous_gtids) still move the coordinates: an empty entry
    // lets the SQL thread's Exec_Master_Log_Pos follow.
    appendRelayEntry(r, { kind: 'source_events', sourceFile: chunk.file, sourceStart: start, sourceEnd: end, chunkKind: chunk.kind }, []);
  }
  // A Rotate from the source (the one ending a file, or the fake one naming the next) starts a new relay file first.
  if (chunk.kind === 'rotate' && relayed.length > 0) rotateRelayLog(r, server.flavor, relayGtidState(server));
  if (relayed.length > 0) {
    const kind: RelayEntry['kind'] =
      chunk.kind === 'txn' || chunk.kind === 'ddl'
        ? 'txn'
        : chunk.kind === 'rotate'
          ? 'source_rotate'
          : chunk.kind === 'header'
            ? 'source_header'
            : 'source_events';
    entry = appendRelayEntry(
      r,
      {
        kind,
        sourceFile: chunk.file,
        sourceStart: start,
        sourceEnd: end,
        ...(chunk.kind === 'rotate' ? { rotateTo: { file: chunk.nextFile ?? '', pos: BINLOG_MAGIC_SIZE } } : {}),
        ...(chunk.txn ? { txn: chunk.txn } : {}),
        sourceEvents: chunk.whole,
        chunkKind: chunk.kind,
        sourceTime: chunk.writtenAt,
      },
      relayed,
    );
  }
  if (chunk.kind === 'rotate') {
    r.masterLogFile = chunk.nextFile ?? r.masterLogFile;
    r.readPos = BINLOG_MAGIC_SIZE;
  } else {
    r.masterLogFile = chunk.file;
    r.readPos = end;
  }
  recordIoPosition(server, chunk.sent.events.length);
  const g = chunk.txn?.gtid;
  if (g?.kind === 'mysql') addGtid(r.retrieved, g.uuid, g.gno);
  if (g?.kind === 'mariadb' && r.gtidIoPos) r.gtidIoPos.set(g.domain, { domain: g.domain, serverId: g.serverId, seq: g.seq });
  // MariaDB's UNTIL master_gtid_pos is sent to the source too: nothing after the position comes, the I/O thread stops.
  const untilReached = server.flavor === 'mariadb-10.11' && g?.kind === 'mariadb' && ioUntilReached(server, g);
  const relayFile = currentRelayFile(r)?.name ?? '';
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_receive',
      ...(txnId ? { txn: txnId } : {}),
      log,
      label: () =>
        `received ${txnId ?? chunk.kind} ${chunk.file}:${log.start}-${log.end}: ${printedStatusName(server.flavor, 'Read_Master_Log_Pos')} ${r.readPos}`,
    });
  if (entry) {
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'relay',
        kind: 'relay_write',
        ...(txnId ? { txn: txnId } : {}),
        log,
        relay: coords(relayFile, entry.start, entry.end),
        label: () => `${relayFile}:${entry.start}-${entry.end} (source ${chunk.file}:${log.start}-${log.end})`,
      });
  }
  // sync_relay_log: an fsync every N events delays the ACK and the next write.
  r.io.eventsSinceSync += relayed.length;
  const n = server.config.syncRelayLog;
  const fsync = n > 0 && r.io.eventsSinceSync >= n;
  const after = (): void => {
    if (fsync) {
      r.io.eventsSinceSync = 0;
      noteRelaySynced(r);
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'relay',
          kind: 'relay_sync',
          label: () => `fsync of ${relayFile} (sync_relay_log=${n})`,
        });
    }
    if (txnId !== undefined && entry)
      world.hooks.reachState(world, { txn: txnId, server: server.name, state: 'relay_logged', by: server.name, source: chunk.source });
    if (server.replica !== r || r.io.connId !== connId || server.state !== 'running') return;
    if (chunk.ackRequested && r.io.semisync && (chunk.kind === 'txn' || chunk.kind === 'ddl')) sendAck(world, server, chunk, txnId);
    if (untilReached) stopIoThread(world, server, 'UNTIL master_gtid_pos reached');
    pumpSql(world, server);
  };
  if (fsync) {
    const incarnation = server.incarnation;
    r.io.busyUntil = world.now + server.config.fsyncLatency;
    schedule(world, r.io.busyUntil, () => {
      if (server.incarnation === incarnation) after();
    });
  } else after();
}

/** MariaDB UNTIL master_gtid_pos: whether the group just received is the last one the source sends for it. */
function ioUntilReached(server: ServerState, g: MariadbGtid): boolean {
  const r = server.replica;
  const until = r?.sql.until;
  if (!r || until?.kind !== 'gtidPos') return false;
  const wanted = parseMariadbGtidList(until.pos);
  if (!wanted) return false;
  r.io.receivedSeq ??= new Map();
  r.io.receivedSeq.set(g.domain, Math.max(r.io.receivedSeq.get(g.domain) ?? 0, g.seq));
  return [...wanted.values()].every(
    (w) => Math.max(r.io.receivedSeq?.get(w.domain) ?? 0, server.mariadb.slavePos.get(w.domain)?.seq ?? 0) >= w.seq,
  );
}

function sendAck(world: World, server: ServerState, chunk: ShippedChunk, txnId: string | undefined): void {
  const start = chunk.sent.start;
  const end = eventsEnd(chunk.sent.events, start);
  const source = chunk.source;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'ack_sent',
      ...(txnId ? { txn: txnId } : {}),
      log: coords(chunk.file, start, end),
      label: () => `ACK ${chunk.file}:${end} to ${source} (after the relay-log write, before applying)`,
    });
  const log = coords(chunk.file, start, end);
  sendMessage(world, {
    from: { server: server.name, lane: 'io' },
    to: { server: source, lane: 'dump' },
    payload: { kind: 'ack', pos: { fileIndex: fileIndexOf(chunk.file), pos: end }, log, ...(txnId ? { txn: txnId } : {}) },
    label: () => `ACK ${chunk.file}:${end}`,
    ...(txnId ? { txn: txnId } : {}),
    log,
  });
}

/** The source went down: the connection is lost (the I/O thread retries). */
export function onSourceGone(
  world: World,
  server: ServerState,
  message: Extract<Payload, { kind: 'source_gone' }>,
  from: string,
): undefined {
  connectionLost(world, server, message.connId, `lost the connection to ${from}`);
  return undefined;
}

/** A Heartbeat event: nothing to write or apply, but the read timer starts again (Slave_received_heartbeats). */
export function onHeartbeat(
  world: World,
  server: ServerState,
  message: Extract<Payload, { kind: 'heartbeat' }>,
  from: string,
): string | undefined {
  const r = server.replica;
  if (!r || r.io.connId !== message.connId || r.io.state === 'stopped') return 'connection closed';
  heard(world, server);
  r.io.heartbeats++;
  r.io.lastHeartbeat = world.now;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_heartbeat',
      label: () => `heartbeat from ${from} (${message.file}:${message.pos}, its binlog idle): read timer reset, nothing to write`,
    });
  return undefined;
}
