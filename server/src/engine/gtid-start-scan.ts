/**
 * How a MariaDB source's dump thread serves a replica that connects with a GTID position (MASTER_USE_GTID): it
 * starts at offset 4 of the binlog file whose Gtid_list the position has reached, sends that file's header events,
 * and skips, per domain, the event groups up to the replica's GTID (those of another server_id too); groups of other
 * domains pass. When a domain reaches the replica's GTID it sends a fake Gtid_list (not in its binlog) naming the
 * last GTID of each domain and server_id it went through, with the End_log_pos where it is, so that the replica
 * knows its place: after the skipped group, or, when the group is past the position (the file starts right after
 * the replica's GTID), once its Gtid event is sent. Pure state and decisions; the dump thread ships.
 */
import type { BinlogChunk, BinlogFile } from './binlog';
import type { MariadbGtid } from './gtid';

/** The dump thread's progress through the skipped part. */
export interface GtidStartScan {
  /** Per domain, the replica's GTID not yet reached. */
  pending: Map<number, MariadbGtid>;
  /** The last GTID of each domain and server_id met since the start (what the fake Gtid_list names). */
  seen: Map<string, MariadbGtid>;
}

/** What to do with one chunk: skip it or send it, and whether a fake Gtid_list goes after it or before it. */
export interface GtidScanVerdict {
  skip: boolean;
  fakeGtidList?: { at: 'after' | 'before'; gtids: MariadbGtid[] };
}

export function startScan(requested: Iterable<MariadbGtid>): GtidStartScan {
  const pending = new Map<number, MariadbGtid>();
  for (const g of requested) pending.set(g.domain, { ...g });
  return { pending, seen: new Map() };
}

/** Decides for the next chunk the dump thread reads (updating the scan). */
export function scanChunk(scan: GtidStartScan, chunk: BinlogChunk): GtidScanVerdict {
  const g = chunk.txn?.gtid;
  if (scan.pending.size === 0 || g?.kind !== 'mariadb') return { skip: false };
  const gtid: MariadbGtid = { domain: g.domain, serverId: g.serverId, seq: g.seq };
  scan.seen.set(`${gtid.domain}-${gtid.serverId}`, gtid);
  const want = scan.pending.get(gtid.domain);
  if (!want) return { skip: false };
  const skip = gtid.serverId !== want.serverId || gtid.seq <= want.seq;
  if (gtid.serverId !== want.serverId || gtid.seq < want.seq) return { skip };
  scan.pending.delete(gtid.domain);
  return { skip, fakeGtidList: { at: skip ? 'after' : 'before', gtids: [...scan.seen.values()] } };
}

/**
 * The file a GTID connect starts from: the newest whose start state (every GTID logged in the files before it) the
 * position has reached in each requested domain. `foundIn` maps a domain to the file and chunk holding its requested
 * GTID; files after that one qualify while nothing later in the domain was logged before them.
 */
export function gtidStartFile(
  files: readonly BinlogFile[],
  requested: readonly MariadbGtid[],
  foundIn: ReadonlyMap<number, { fileIndex: number; chunkIndex: number }>,
): number {
  let start = Infinity;
  for (const want of requested) {
    const found = foundIn.get(want.domain);
    if (found === undefined) continue;
    let newest = found.fileIndex;
    for (const f of files) {
      if (f.index < found.fileIndex) continue;
      if (f.index > found.fileIndex) newest = f.index;
      const from = f.index === found.fileIndex ? found.chunkIndex : 0;
      if (f.chunks.some((c, i) => i >= from && c.txn?.gtid.kind === 'mariadb' && c.txn.gtid.domain === want.domain)) break;
    }
    start = Math.min(start, newest);
  }
  return start;
}
