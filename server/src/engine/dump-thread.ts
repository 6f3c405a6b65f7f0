/**
 * The source side of a replica connection: the dump thread. It answers a connection request (checking the requested
 * file/position or GTID state, failover.ts), counts the requested position as an ACK for semi-sync (rule 6), sends
 * the fake Rotate and Format_desc, then every chunk of the binlog as soon as it is published (after FLUSH, or after
 * SYNC with sync_binlog=1), file after file across rotations. With GTID auto-positioning it skips what the replica has.
 */
import { fakeGtidListEvent, relayLogHeader, rotateEvent } from './binlog-events';
import type { MariadbGtid } from './gtid';
import { scanChunk } from './gtid-start-scan';
import { comparePos, fileByIndex, laidFrom, type BinlogChunk, type BinlogFile, type LaidEvents } from './binlog';
import { resolveStart } from './failover';
import { sendMessage, type Payload, type ShippedChunk } from './network';
import { semisyncAck, semisyncReplicaGone } from './semisync';
import { startHeartbeats } from './heartbeat';
import { coords, record, type DumpThread, type ServerState, type World } from './world';

/** A replica's I/O thread asks `source` for its binlog. */
export function onConnectRequest(
  world: World,
  source: ServerState,
  message: Extract<Payload, { kind: 'connect' }>,
  from: string,
): string | undefined {
  const input = { replica: from, connId: message.connId, request: message.request, semisync: message.semisync };
  const heartbeatPeriod = message.heartbeatPeriod;
  const replica = world.servers.get(input.replica);
  if (!replica) return `no server ${input.replica}`;
  const start = resolveStart(world, source, replica, input.request);
  if (!start.ok) {
    if (world.full)
      record(world, {
        server: source.name,
        lane: 'dump',
        kind: 'dump_error',
        label: () => `refuses ${input.replica}: error 1236 (${start.reason})`,
      });
    sendMessage(world, {
      from: { server: source.name, lane: 'dump' },
      to: { server: input.replica, lane: 'io' },
      payload: { kind: 'refused', connId: input.connId, message: start.message, ...(start.headerAt ? { header: start.headerAt } : {}) },
      label: () =>
        `${start.headerAt ? `fake Rotate ${start.headerAt.file};pos=${start.headerAt.pos} + Format_desc, then ` : ''}error 1236: ${start.reason}`,
    });
    return undefined;
  }
  source.dumpThreads = source.dumpThreads.filter((d) => d.replica !== input.replica);
  const dump: DumpThread = {
    replica: input.replica,
    connId: input.connId,
    fileIndex: start.fileIndex,
    chunkIndex: start.chunkIndex,
    eventIndex: start.eventIndex,
    semisync: input.semisync,
    skip: start.skip,
    ...(start.gtidScan ? { gtidScan: start.gtidScan } : {}),
    heartbeatPeriod,
    lastSent: world.now,
  };
  source.dumpThreads.push(dump);
  if (world.full)
    record(world, {
      server: source.name,
      lane: 'dump',
      kind: 'dump_start',
      label: () =>
        `dump thread for ${input.replica} starts at ${start.file}:${start.pos}${input.semisync ? ' (semi-sync replica)' : ''}${start.note ? `; ${start.note}` : ''}`,
    });
  const header = relayLogHeader(replica.flavor, { sourceFlavor: source.flavor, sourceFile: start.file, sourcePos: start.pos }).filter(
    (e) => e.origin === 'source',
  );
  sendMessage(world, {
    from: { server: source.name, lane: 'dump' },
    to: { server: input.replica, lane: 'io' },
    payload: { kind: 'accepted', connId: input.connId, file: start.file, pos: start.pos, headerSize: header.length },
    label: () => `fake Rotate ${start.file};pos=${start.pos} + Format_desc`,
  });
  if (dump.semisync && source.config.semisyncMaster)
    semisyncAck(world, source, input.replica, { fileIndex: start.fileIndex, pos: start.pos });
  pumpDump(world, source, dump);
  startHeartbeats(world, source, dump);
  return undefined;
}

/** Sends whatever every dump thread of `source` may now send. */
export function pumpDumpThreads(world: World, source: ServerState): void {
  for (const dump of [...source.dumpThreads]) pumpDump(world, source, dump);
}

function isPublished(source: ServerState, chunk: BinlogChunk): boolean {
  return comparePos({ fileIndex: chunk.fileIndex, pos: chunk.end }, source.binlog.published) <= 0;
}

/**
 * Sends the published chunks after the dump thread's place. At the end of a file that is not the last it goes on with
 * the next one, after an artificial Rotate naming it, as the binlog sender does when it opens a file: after the file's
 * own Rotate too (the replica then gets two), and for a file that ended without one (a crash, a shutdown's Stop event).
 */
export function pumpDump(world: World, source: ServerState, dump: DumpThread): void {
  for (let guard = 0; guard < 100_000; guard++) {
    if (!source.dumpThreads.includes(dump)) return;
    const file = fileByIndex(source.binlog, dump.fileIndex);
    if (!file) return;
    const chunk = file.chunks[dump.chunkIndex];
    if (!chunk) {
      const next = fileByIndex(source.binlog, dump.fileIndex + 1);
      if (!next) return;
      dump.fileIndex = next.index;
      dump.chunkIndex = 0;
      dump.eventIndex = 0;
      // The binlog sender sends a fake Rotate as it opens each file, even after the Rotate that ended the last one.
      shipArtificialRotate(world, source, dump, file, next);
      continue;
    }
    if (!isPublished(source, chunk)) return;
    const sent = laidFrom(chunk, dump.eventIndex);
    dump.chunkIndex++;
    dump.eventIndex = 0;
    const scanned = dump.gtidScan ? scanChunk(dump.gtidScan, chunk) : undefined;
    const fake = scanned?.fakeGtidList;
    // A group past the position carries its fake Gtid_list after its Gtid event; the engine sends it before the group.
    if (fake?.at === 'before') shipFakeGtidList(world, source, dump, chunk, chunk.start, fake.gtids);
    if (dump.skip?.(chunk) || scanned?.skip) {
      if (fake?.at === 'after') shipFakeGtidList(world, source, dump, chunk, chunk.end, fake.gtids);
      continue;
    }
    ship(world, source, dump, chunk, sent);
  }
}

/** The fake Gtid_list of a GTID connect, End_log_pos `pos` in `at`'s file: where the replica now is. */
function shipFakeGtidList(
  world: World,
  source: ServerState,
  dump: DumpThread,
  at: BinlogChunk,
  pos: number,
  gtids: readonly MariadbGtid[],
): void {
  const events = [fakeGtidListEvent(source.flavor, gtids)];
  const start = pos - events[0].size;
  const chunk: BinlogChunk = { kind: 'header', file: at.file, fileIndex: at.fileIndex, start, end: pos, events, writtenAt: world.now };
  ship(world, source, dump, chunk, chunk, `fake Gtid_list [${gtids.map((g) => `${g.domain}-${g.serverId}-${g.seq}`).join(',')}]`);
}

/** An artificial Rotate to the next file (not in the binlog: it names where the dump thread goes on). */
function shipArtificialRotate(world: World, source: ServerState, dump: DumpThread, file: BinlogFile, next: BinlogFile): void {
  const events = [rotateEvent(source.flavor, next.name)];
  const chunk: BinlogChunk = {
    kind: 'rotate',
    file: file.name,
    fileIndex: file.index,
    start: file.size,
    end: file.size,
    events,
    writtenAt: world.now,
  };
  ship(world, source, dump, chunk, chunk);
}

function ship(world: World, source: ServerState, dump: DumpThread, chunk: BinlogChunk, sent: LaidEvents, name?: string): void {
  if (sent.events.length === 0) return;
  const log = coords(chunk.file, sent.start, chunk.end);
  const txnId = chunk.txn?.txnId;
  const what =
    name ??
    (chunk.kind === 'txn'
      ? (txnId ?? chunk.txn?.gtidText ?? 'transaction')
      : chunk.kind === 'ddl'
        ? 'DDL'
        : chunk.kind === 'rotate'
          ? 'Rotate'
          : chunk.kind);
  // A client's DDL is a transaction for semi-sync too (the declared schema, written before any replica connects, is not).
  const acked = chunk.kind === 'txn' || (chunk.kind === 'ddl' && txnId !== undefined);
  const ackRequested = dump.semisync && source.config.semisyncMaster && acked;
  if (world.full)
    record(world, {
      server: source.name,
      lane: 'dump',
      kind: 'dump_send',
      ...(txnId !== undefined ? { txn: txnId } : {}),
      log,
      label: () => `sends ${what} ${chunk.file}:${sent.start}-${chunk.end} to ${dump.replica}${ackRequested ? ' (ACK requested)' : ''}`,
    });
  dump.lastSent = world.now;
  const shipped: ShippedChunk = {
    source: source.name,
    kind: chunk.kind,
    file: chunk.file,
    fileIndex: chunk.fileIndex,
    sent,
    whole: chunk,
    txn: chunk.txn,
    ackRequested,
    writtenAt: chunk.writtenAt,
    partial: sent.start !== chunk.start && chunk.kind === 'txn',
    nextFile: chunk.kind === 'rotate' ? (fileByIndex(source.binlog, chunk.fileIndex + 1)?.name ?? '') : undefined,
  };
  sendMessage(world, {
    from: { server: source.name, lane: 'dump' },
    to: { server: dump.replica, lane: 'io' },
    payload: { kind: 'events', connId: dump.connId, chunk: shipped },
    label: () => `${what} ${chunk.file}:${sent.start}-${chunk.end}`,
    ...(txnId !== undefined ? { txn: txnId } : {}),
    log,
  });
  if (txnId !== undefined)
    world.hooks.reachState(world, { txn: txnId, server: source.name, state: 'sent', by: dump.replica, source: source.name });
}

/** A semi-sync ACK from a replica's I/O thread arrived: it counts if the replica still has a dump thread here. */
export function onAck(world: World, source: ServerState, message: Extract<Payload, { kind: 'ack' }>, from: string): string | undefined {
  if (!source.dumpThreads.some((d) => d.replica === from)) return 'no dump thread for this replica';
  if (world.full)
    record(world, {
      server: source.name,
      lane: 'dump',
      kind: 'ack_received',
      ...(message.txn ? { txn: message.txn } : {}),
      log: message.log,
      label: () => `ACK from ${from}: ${message.log.file}:${message.pos.pos}`,
    });
  semisyncAck(world, source, from, message.pos, message.txn);
  return undefined;
}

/** The replica's side of a connection closed: its dump thread here ends. */
export function onReplicaGone(
  world: World,
  source: ServerState,
  message: Extract<Payload, { kind: 'replica_gone' }>,
  from: string,
): undefined {
  endDumpThread(world, source, from, message.connId, message.why);
  return undefined;
}

/** The connection `connId` from `replica` ended (I/O thread stopped, replica down): the dump thread goes. */
export function endDumpThread(world: World, source: ServerState, replica: string, connId: number | undefined, why: string): void {
  const before = source.dumpThreads.length;
  source.dumpThreads = source.dumpThreads.filter((d) => !(d.replica === replica && (connId === undefined || d.connId === connId)));
  if (source.dumpThreads.length === before) return;
  if (world.full)
    record(world, { server: source.name, lane: 'dump', kind: 'dump_stop', label: () => `dump thread for ${replica} ends: ${why}` });
  semisyncReplicaGone(world, source);
}
