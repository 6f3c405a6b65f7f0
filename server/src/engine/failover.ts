/**
 * Connecting a replica, failover and rejoin (replication-semantics.md §6): where a dump thread starts for a requested
 * file/position (1236 for a missing file, a position past the end or off an event boundary) or GTID state (MySQL
 * auto-position: 1236 when the replica has GTIDs of the source's own uuid that the source lacks, or needs purged ones;
 * errant GTIDs of another uuid are kept silently. MariaDB: 1236 when the requested GTID is not in the source's binlog,
 * with the "diverged" continuation when the source has higher sequence numbers); what a replica asks for when it
 * connects; a replica's configuration. The operations that use them (CHANGE MASTER, promotion, RESET SLAVE) are in
 * replica-admin.ts.
 */
import { currentChannel } from './channels';
import type { StartSpec } from '../model/scenario';
import { BINLOG_MAGIC_SIZE } from './binlog-events';
import { binlogFileName, currentFile, fileByIndex, locate, writtenEnd, type BinlogChunk } from './binlog';
import {
  cloneGtidSet,
  formatGtidSet,
  formatMariadbPos,
  hasGtid,
  isEmptyGtidSet,
  mariadbCurrentPos,
  subtractGtidSets,
  type MysqlGtidSet,
} from './gtid';
import { fatalReadingBinlog, reasons1236 } from './messages';
import { gtidStartFile, startScan, type GtidStartScan } from './gtid-start-scan';
import { createReplicaInfo } from './replica-info';
import { resetRelayLog } from './relay-log';
import type { ReplicaState, ServerState, StartRequest, World } from './world';

/** Where a dump thread starts, or why it cannot. */
export type StartResolution =
  | {
      ok: true;
      fileIndex: number;
      chunkIndex: number;
      eventIndex: number;
      /** The coordinates the fake Rotate names. */
      file: string;
      pos: number;
      skip?: (chunk: BinlogChunk) => boolean;
      /** MariaDB GTID connect: the groups to skip per domain, and the fake Gtid_list once a domain is reached. */
      gtidScan?: GtidStartScan;
      note?: string;
    }
  | {
      ok: false;
      reason: string;
      message: string;
      /**
       * The coordinates of the fake Rotate the dump thread sent, with the Format_desc, before it failed: MariaDB and
       * MySQL check a missing file and a position past the end first, but find a start inside an event only when they
       * read the event there, after the relay header is on its way.
       */
      headerAt?: { file: string; pos: number };
    };

/** Checks a replica's request against the source's binlog (as the dump thread does). */
export function resolveStart(world: World, source: ServerState, replica: ServerState, request: StartRequest): StartResolution {
  void world;
  const flavor = replica.flavor;
  const fail = (reason: string, headerAt?: { file: string; pos: number }): StartResolution => ({
    ok: false,
    reason,
    message: fatalReadingBinlog(flavor, reason),
    ...(headerAt ? { headerAt } : {}),
  });
  const first = source.binlog.files[0];
  if (!first) return fail(reasons1236.missingFile());
  if (request.kind === 'file') {
    const at = locate(source.binlog, request.file, request.pos);
    if (!at.ok) {
      if (at.reason === 'missing_file') return fail(reasons1236.missingFile());
      if (at.reason === 'past_end') return fail(reasons1236.pastEnd(source.flavor, request.file, request.pos));
      return fail(reasons1236.offBoundary(source.flavor, request.file, request.pos, at), { file: request.file, pos: request.pos });
    }
    // At offset 4 the source's Format_desc travels as part of the relay header: the dump thread goes on after it.
    const eventIndex = request.pos === BINLOG_MAGIC_SIZE ? 1 : at.eventIndex;
    return { ok: true, fileIndex: at.fileIndex, chunkIndex: at.chunkIndex, eventIndex, file: request.file, pos: request.pos };
  }
  if (request.kind === 'mysqlGtid') {
    const has = source.gtidExecuted;
    const replicaSet = request.set;
    const ownMissing = subtractGtidSets(onlyUuid(replicaSet, source.config.serverUuid), has);
    if (!isEmptyGtidSet(ownMissing)) return fail(reasons1236.moreGtidsThanSource(flavor));
    const inBinlog: MysqlGtidSet = new Map();
    for (const f of source.binlog.files) {
      for (const c of f.chunks) {
        const g = c.txn?.gtid;
        if (g?.kind === 'mysql') {
          const list = inBinlog.get(g.uuid) ?? [];
          list.push({ start: g.gno, end: g.gno });
          inBinlog.set(g.uuid, list);
        }
      }
    }
    const purged = subtractGtidSets(has, normalizeSet(inBinlog));
    const needed = subtractGtidSets(purged, replicaSet);
    if (!isEmptyGtidSet(needed)) {
      const printed = (s: MysqlGtidSet) => formatGtidSet(s).replace(/,/g, ',\n');
      return fail(reasons1236.purged(source.flavor, printed(replicaSet), printed(needed)));
    }
    const errant = subtractGtidSets(replicaSet, has);
    const skip = (chunk: BinlogChunk): boolean => {
      const g = chunk.txn?.gtid;
      return g?.kind === 'mysql' && hasGtid(replicaSet, g.uuid, g.gno);
    };
    return {
      ok: true,
      fileIndex: first.index,
      chunkIndex: 0,
      eventIndex: 1,
      file: first.name,
      pos: BINLOG_MAGIC_SIZE,
      skip,
      note: `auto-position from ${formatGtidSet(replicaSet) || 'an empty set'}${isEmptyGtidSet(errant) ? '' : `; the replica's extra GTIDs ${formatGtidSet(errant)} are not the source's: kept silently`}`,
    };
  }
  // MariaDB GTID.
  const requested = [...request.pos.values()];
  if (requested.length === 0) {
    return {
      ok: true,
      fileIndex: first.index,
      chunkIndex: 0,
      eventIndex: 1,
      file: first.name,
      pos: BINLOG_MAGIC_SIZE,
      note: 'empty GTID position: from the first binlog',
    };
  }
  const foundIn = new Map<number, { fileIndex: number; chunkIndex: number }>();
  for (const g of requested) {
    let found: { fileIndex: number; chunkIndex: number; file: string; pos: number } | undefined;
    for (const f of source.binlog.files) {
      f.chunks.forEach((c, i) => {
        const cg = c.txn?.gtid;
        if (cg?.kind === 'mariadb' && cg.domain === g.domain && cg.serverId === g.serverId && cg.seq === g.seq) {
          found = { fileIndex: f.index, chunkIndex: i + 1, file: f.name, pos: c.end };
        }
      });
    }
    if (found) foundIn.set(g.domain, { fileIndex: found.fileIndex, chunkIndex: found.chunkIndex });
    const applied = source.mariadb.slavePos.get(g.domain);
    if (!found && applied && applied.serverId === g.serverId && applied.seq === g.seq) {
      found = { fileIndex: first.index, chunkIndex: 0, file: first.name, pos: BINLOG_MAGIC_SIZE };
    }
    // Purged files: a position before the first remaining file's Gtid_list cannot be served; one equal to it starts there.
    const purgedUpTo = source.binlog.purgedSeq?.get(g.domain);
    if (!found && purgedUpTo !== undefined && g.seq < purgedUpTo) return fail(reasons1236.mariadbGtidPurged());
    if (!found && purgedUpTo === g.seq) found = { fileIndex: first.index, chunkIndex: 0, file: first.name, pos: BINLOG_MAGIC_SIZE };
    // Nothing in this domain on the source, neither binlogged nor applied: one master of a multi-master (co-master)
    // setup that this domain is not served by. MariaDB lets it start (START_ON_EMPTY_DOMAIN) and sends the domain's
    // events as they come; the replica skips those that carry its own server_id.
    const domainSeen = applied !== undefined || [...source.mariadb.binlogState.values()].some((b) => b.domain === g.domain);
    if (!found && !domainSeen) found = { fileIndex: first.index, chunkIndex: 0, file: first.name, pos: BINLOG_MAGIC_SIZE };
    if (!found) {
      let higher = false;
      for (const b of source.mariadb.binlogState.values()) if (b.domain === g.domain && b.seq > g.seq) higher = true;
      return fail(reasons1236.mariadbGtidNotInBinlog(`${g.domain}-${g.serverId}-${g.seq}`, higher));
    }
  }
  // The dump thread reads from the head of the file the position has reached (gtid-start-scan.ts), skipping groups
  // in the domains whose GTID is in that file; a domain whose GTID the file's Gtid_list names has nothing to skip.
  // A domain started from the first file without its GTID there (applied, purged, unseen) has nothing to skip either.
  const fromFile = foundIn.size === requested.length ? gtidStartFile(source.binlog.files, requested, foundIn) : first.index;
  const file = fileByIndex(source.binlog, fromFile) ?? first;
  return {
    ok: true,
    fileIndex: file.index,
    chunkIndex: 0,
    eventIndex: 1,
    file: file.name,
    pos: BINLOG_MAGIC_SIZE,
    gtidScan: startScan(requested.filter((g) => (foundIn.get(g.domain)?.fileIndex ?? -1) >= file.index)),
    note: `GTID position ${formatMariadbPos(request.pos)}: from the head of ${file.name}, skipping what the replica has`,
  };
}

function onlyUuid(set: MysqlGtidSet, uuid: string): MysqlGtidSet {
  const out: MysqlGtidSet = new Map();
  const list = set.get(uuid);
  if (list)
    out.set(
      uuid,
      list.map((i) => ({ ...i })),
    );
  return out;
}

function normalizeSet(set: MysqlGtidSet): MysqlGtidSet {
  // Reuse subtract's normalisation: a − ∅ returns merged intervals.
  return subtractGtidSets(set, new Map());
}

/** The request a replica's I/O thread sends when it (re)connects. */
export function startRequest(server: ServerState, replica: ReplicaState): StartRequest {
  if (replica.autoPosition) {
    // MASTER_USE_GTID=slave_pos sends what the SQL thread applied; current_pos adds the server's own binlogged GTIDs.
    if (server.flavor === 'mariadb-10.11')
      return {
        kind: 'mariadbGtid',
        pos: replica.useGtid === 'slave_pos' ? new Map(server.mariadb.slavePos) : mariadbCurrentPos(server.mariadb),
      };
    const set = cloneGtidSet(server.gtidExecuted);
    for (const [u, list] of replica.retrieved)
      for (const i of list)
        for (let n = i.start; n <= i.end; n++) if (!hasGtid(set, u, n)) set.set(u, [...(set.get(u) ?? []), { start: n, end: n }]);
    return { kind: 'mysqlGtid', set: normalizeSet(set) };
  }
  return { kind: 'file', file: replica.masterLogFile, pos: replica.readPos };
}

/** A fresh replica state replicating from `source`, starting at `start` (resolved against the source now). */
export function configureReplica(world: World, server: ServerState, sourceName: string, start: StartSpec | undefined): ReplicaState {
  const source = world.servers.get(sourceName);
  const gtid = server.flavor === 'mariadb-10.11' ? server.config.gtidMode : server.config.gtidMode && server.flavor !== 'mysql-5.5';
  const spec: StartSpec = start ?? (gtid ? { kind: 'autoPosition' } : { kind: 'start' });
  let file = binlogFileName('mysql-bin', 1);
  let pos = BINLOG_MAGIC_SIZE;
  if (spec.kind === 'file') {
    file = spec.file;
    pos = spec.pos;
  } else if (spec.kind === 'end' && source) {
    const end = writtenEnd(source.binlog);
    file = currentFile(source.binlog)?.name ?? file;
    pos = end.pos;
  } else if (spec.kind === 'start' && source) {
    file = source.binlog.files[0]?.name ?? file;
    pos = BINLOG_MAGIC_SIZE;
  }
  const channel = currentChannel(world, server);
  const replica: ReplicaState = {
    info: undefined as unknown as ReplicaState['info'],
    sourceName,
    masterUuid: '',
    ...(channel ? { channel } : {}),
    autoPosition: spec.kind === 'autoPosition',
    useGtid: server.config.masterUseGtid,
    masterLogFile: file,
    readPos: pos,
    relayMasterLogFile: file,
    execPos: pos,
    io: {
      state: 'stopped',
      connId: 0,
      semisync: false,
      lastErrno: 0,
      lastError: '',
      busyUntil: 0,
      eventsSinceSync: 0,
      retry: undefined,
      connected: false,
      netTimeout: server.config.slaveNetTimeout * 1_000_000,
      lastHeard: 0,
      readTimer: undefined,
      failedAttempts: 0,
      reconnecting: false,
      heartbeats: 0,
      lastHeartbeat: undefined,
    },
    sql: {
      state: 'stopped',
      applying: undefined,
      busy: false,
      lastErrno: 0,
      lastError: '',
      fileIndex: 1,
      entryIndex: 0,
      relayFile: '',
      relayPos: BINLOG_MAGIC_SIZE,
      skipCounter: 0,
    },
    relay: [],
    retrieved: new Map(),
    nextRelayIndex: 1,
  };
  resetRelayLog(replica);
  replica.info = createReplicaInfo(replica, world.now);
  return replica;
}
