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
import { fileIndexOf } from './binlog';
import { startRequest } from './failover';
import { addGtid, describeMysqlSet, type MysqlGtidSet } from './gtid';
import { linkLatency, sendMessage, type Payload, type ShippedChunk } from './network';
import { appendRelayEntry, currentRelayFile, startRelayFile } from './relay-log';
import { pumpSql } from './sql-thread';
import { coords, errorLog, isUp, record, schedule, type RelayEntry, type ServerState, type World } from './world';

/** MASTER_CONNECT_RETRY's default: seconds between connection attempts. */
export const CONNECT_RETRY = 60_000_000;

/** START SLAVE IO_THREAD: connect to the source (Slave_IO_Running: Connecting until the dump thread answers). */
export function startIoThread(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r || server.state !== 'running') return;
  if (r.io.state !== 'stopped' && r.io.connected) return;
  if (r.io.retry) world.queue.cancel(r.io.retry);
  r.io.retry = undefined;
  r.io.state = 'connecting';
  r.io.connected = false;
  r.io.connId = ++world.nextConnId;
  r.io.semisync = server.config.semisyncSlave;
  r.io.lastErrno = 0;
  r.io.lastError = '';
  r.io.receivedSeq = undefined;
  const connId = r.io.connId;
  const request = startRequest(server, r);
  if (request.kind === 'mariadbGtid') r.gtidIoPos = new Map(request.pos);
  const source = r.sourceName;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_start',
      label:
        request.kind === 'file'
          ? `I/O thread connects to ${source} asking for ${request.file}:${request.pos}`
          : `I/O thread connects to ${source} with its GTID state`,
    });
  sendMessage(world, {
    from: { server: server.name, lane: 'io' },
    to: { server: source, lane: 'dump' },
    payload: { kind: 'connect', connId, request, semisync: r.io.semisync },
    label: () => `connect (${request.kind === 'file' ? `${request.file}:${request.pos}` : 'GTID'})`,
  });
  // A source that is down refuses the connection: the replica learns it after a round trip and retries later.
  const incarnation = server.incarnation;
  schedule(world, world.now + 2 * linkLatency(world, server.name, source), () => {
    if (server.incarnation !== incarnation || r !== server.replica || r.io.connId !== connId || r.io.connected) return;
    if (!isUp(world, source)) connectionLost(world, server, connId, `cannot connect to ${source}`);
  });
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
  if (!r || r.io.connId !== input.connId || r.io.state === 'stopped') return 'connection closed';
  const source = world.servers.get(input.source);
  r.io.connected = true;
  r.io.state = 'running';
  r.masterLogFile = input.file;
  r.readPos = input.pos;
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
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_connected',
      label: () =>
        `connected to ${input.source} at ${input.file}:${input.pos}${r.io.semisync ? ' (semi-sync)' : ''}; relay log ${relayFile}`,
    });
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'relay',
      kind: 'relay_rotate',
      relay: coords(relayFile, BINLOG_MAGIC_SIZE, currentRelayFile(r)?.size ?? BINLOG_MAGIC_SIZE),
      label: () =>
        `${relayFile} opened: own header, fake Rotate ${input.file};pos=${input.pos}, the source's Format_desc (relay ${currentRelayFile(r)?.size})`,
    });
  pumpSql(world, server);
  return undefined;
}

function relayGtidState(server: ServerState): GtidSetDescription {
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

/** The connection broke (source down, or refused): Slave_IO_Running: Connecting, retry every MASTER_CONNECT_RETRY. */
export function connectionLost(world: World, server: ServerState, connId: number, why: string): void {
  const r = server.replica;
  if (!r || r.io.connId !== connId || r.io.state === 'stopped') return;
  r.io.connected = false;
  r.io.state = 'connecting';
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'io_connecting',
      label: () => `${why}; retrying every ${CONNECT_RETRY / 1_000_000} s`,
    });
  const source = r.sourceName;
  const retry = (): void => {
    if (server.replica !== r || r.io.state !== 'connecting' || r.io.connId !== connId || server.state !== 'running') return;
    r.io.retry = undefined;
    r.io.state = 'stopped';
    startIoThread(world, server);
  };
  r.io.retry = schedule(world, world.now + CONNECT_RETRY, retry, () => isUp(world, source) && server.state === 'running');
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
  const last = chunk.events[chunk.events.length - 1];
  const txnId = chunk.txn?.txnId;
  const log = coords(chunk.file, chunk.events[0].start, last.end);
  // Own events come back in a ring or after a failover: the I/O thread skips them (replicate_same_server_id=0).
  if (chunk.txn && chunk.txn.originServerId === server.config.serverId) {
    r.masterLogFile = chunk.file;
    r.readPos = last.end;
    // MariaDB still hands the skipped group's GTID to the SQL thread (rli->ign_gtids), so gtid_slave_pos moves past it.
    const g = chunk.txn.gtid;
    if (g.kind === 'mariadb' && server.flavor === 'mariadb-10.11') {
      recordMariadbApplied(server.mariadb, g);
      r.gtidIoPos?.set(g.domain, { domain: g.domain, serverId: g.serverId, seq: g.seq });
    }
    // MySQL remembers the skipped range (ign_master_log_pos_end) so that Exec_Master_Log_Pos moves past it too.
    appendRelayEntry(
      r,
      { kind: 'source_events', sourceFile: chunk.file, sourceStart: chunk.events[0].start, sourceEnd: last.end, chunkKind: chunk.kind },
      [],
    );
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
  const relayed = relayedEvents(server.flavor, chunk.events, server.config.logSlaveUpdates);
  let entry: RelayEntry | undefined;
  if (relayed.length === 0 && chunk.kind === 'header') {
    // Events the I/O thread does not write (the source's Previous_gtids) still move the coordinates: an empty entry
    // lets the SQL thread's Exec_Master_Log_Pos follow.
    appendRelayEntry(
      r,
      { kind: 'source_events', sourceFile: chunk.file, sourceStart: chunk.events[0].start, sourceEnd: last.end, chunkKind: chunk.kind },
      [],
    );
  }
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
        sourceStart: chunk.events[0].start,
        sourceEnd: last.end,
        ...(chunk.kind === 'rotate' ? { rotateTo: { file: chunk.nextFile ?? '', pos: BINLOG_MAGIC_SIZE } } : {}),
        ...(chunk.txn ? { txn: chunk.txn } : {}),
        sourceEvents: chunk.txnEvents,
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
    r.readPos = last.end;
  }
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
    if (chunk.ackRequested && r.io.semisync && chunk.kind === 'txn') sendAck(world, server, chunk, txnId);
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
  const end = chunk.events[chunk.events.length - 1].end;
  const source = chunk.source;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'ack_sent',
      ...(txnId ? { txn: txnId } : {}),
      log: coords(chunk.file, chunk.events[0].start, end),
      label: () => `ACK ${chunk.file}:${end} to ${source} (after the relay-log write, before applying)`,
    });
  const log = coords(chunk.file, chunk.events[0].start, end);
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
