/**
 * A server's binary log: numbered files (`mysql-bin.000001`, …), each the 4-byte magic, its header events, then
 * chunks appended at commit (a whole transaction, a DDL, a Rotate, a Stop). Three ends matter: what is written (page
 * cache), what is synced (on disk), what dump threads may send (`published`: after FLUSH, or after SYNC when
 * sync_binlog=1). Every size comes from binlog-events.ts; this file only lays the events end to end.
 */
import type { Flavor, Micros, ResolvedStatement, TableConfig } from '../model/scenario';
import type { AutoIncrementSettings } from './auto-increment';
import {
  BINLOG_MAGIC_SIZE,
  binlogFileHeader,
  rotateEvent,
  type BinlogEvent,
  type DdlStatement,
  type GtidSetDescription,
  type RowChange,
  type TxnGtid,
} from './binlog-events';

/** A binlog position: file number (the `000001` suffix) and byte offset. */
export interface LogPos {
  fileIndex: number;
  pos: number;
}

/** An event laid in a file: its offsets. */
export interface PositionedEvent extends BinlogEvent {
  start: number;
  end: number;
}

/**
 * Events laid end to end from an offset. A log keeps the list as binlog-events.ts made it (shared by every log of a
 * flavor that writes the transaction) and the offset of its first event: the offsets of the others follow from the
 * sizes, computed when asked, so a log costs one number per chunk instead of a copy of every event.
 */
export interface LaidEvents {
  /** Offset of the first event. */
  start: number;
  events: readonly BinlogEvent[];
}

/** One data-changing statement as logged: what the applier needs to redo it. */
export interface LoggedStatement {
  text: string;
  table: TableConfig;
  kind: 'insert' | 'update' | 'delete';
  changes: RowChange[];
  /** The statement itself, for statement-format replay. */
  statement: ResolvedStatement;
  /** The first AUTO_INCREMENT value it generated: statement format logs it in an Intvar event (INSERT_ID) before the Query. */
  insertId?: number;
  /**
   * When it started on the server that first ran it: the timestamp its Query event carries, which a statement-format
   * applier takes as its session's time, so that its now() is the source's.
   */
  time?: Micros;
}

/** A transaction (or DDL) as logged, carried unchanged to relay logs and re-logged by log_slave_updates. */
export interface LoggedTxn {
  /** Its events as each flavor writes them (the same for every server of that flavor that logs it): computed once. */
  eventsCache?: Map<string, readonly BinlogEvent[]>;
  /** The transaction's id in the file; undefined for the initial schema. */
  txnId: string | undefined;
  gtid: TxnGtid;
  gtidText: string | undefined;
  /** server_id in the event headers: the server where it was first committed (a replica skips its own). */
  originServerId: number;
  originFlavor: Flavor;
  database: string;
  format: 'row' | 'statement';
  statements: LoggedStatement[];
  xid: number;
  ddl?: DdlStatement;
  /** When it was first written to a binlog, on the server it was first committed on (the event header's timestamp). */
  originTime?: Micros;
  /** The originating session's auto_increment settings when not the default: its Query events carry them (Q_AUTO_INCREMENT). */
  autoIncrement?: AutoIncrementSettings;
  /** MySQL's empty transaction for a GTID (`inject empty transaction`): no statement, logged as Gtid, BEGIN, COMMIT. */
  empty?: boolean;
}

/** What a chunk of a file is. */
export type ChunkKind = 'header' | 'txn' | 'ddl' | 'rotate' | 'stop' | 'checkpoint';

/** Consecutive events written together. */
export interface BinlogChunk {
  kind: ChunkKind;
  file: string;
  fileIndex: number;
  start: number;
  end: number;
  /** Laid from `start`. */
  events: readonly BinlogEvent[];
  txn?: LoggedTxn;
  writtenAt: Micros;
}

/** One binlog file. */
export interface BinlogFile {
  name: string;
  index: number;
  chunks: BinlogChunk[];
  /** Its size: the end of its last chunk. */
  size: number;
}

/** A server's binary log. */
export interface Binlog {
  /** Prefix of every file name (`mysql-bin`). */
  baseName: string;
  files: BinlogFile[];
  /** End of what is synced to disk (a host crash keeps only this). */
  synced: LogPos;
  /** End of what dump threads may send. */
  published: LogPos;
  /** MariaDB: per GTID domain, the highest sequence number in files PURGE BINARY LOGS deleted (binlog-purge.ts). */
  purgedSeq?: Map<number, number>;
}

/** `mysql-bin.000007`. */
export function binlogFileName(baseName: string, index: number): string {
  return `${baseName}.${String(index).padStart(6, '0')}`;
}

/** The number of a file name (`mysql-bin.000007` → 7); 0 when it has none. */
export function fileIndexOf(name: string): number {
  const m = /\.(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

/** Orders two positions: by file number, then offset. */
export function comparePos(a: LogPos, b: LogPos): number {
  return a.fileIndex - b.fileIndex || a.pos - b.pos;
}

/** The later of two positions. */
export function maxPos(a: LogPos, b: LogPos): LogPos {
  return comparePos(a, b) >= 0 ? a : b;
}

/** An empty binary log (no file yet). */
export function createBinlog(baseName = 'mysql-bin'): Binlog {
  return { baseName, files: [], synced: { fileIndex: 0, pos: 0 }, published: { fileIndex: 0, pos: 0 } };
}

/** The file being written. */
export function currentFile(binlog: Binlog): BinlogFile | undefined {
  return binlog.files[binlog.files.length - 1];
}

/** The end of what is written (SHOW MASTER STATUS). */
export function writtenEnd(binlog: Binlog): LogPos {
  const f = currentFile(binlog);
  return f ? { fileIndex: f.index, pos: f.size } : { fileIndex: 0, pos: 0 };
}

/** Opens the next file (number `index`, or one past the last) with its header events; returns the header chunk. */
export function openBinlogFile(
  binlog: Binlog,
  flavor: Flavor,
  input: { gtidState: GtidSetDescription; checkpointFile?: string; now: Micros; index?: number },
): BinlogChunk {
  const last = currentFile(binlog);
  const index = input.index ?? (last ? last.index + 1 : 1);
  const name = binlogFileName(binlog.baseName, index);
  const file: BinlogFile = { name, index, chunks: [], size: BINLOG_MAGIC_SIZE };
  binlog.files.push(file);
  const events = binlogFileHeader(flavor, { fileName: name, gtidState: input.gtidState, checkpointFile: input.checkpointFile });
  return appendChunk(binlog, 'header', events, undefined, input.now);
}

/** Appends events as one chunk at the end of the current file. */
export function appendChunk(
  binlog: Binlog,
  kind: ChunkKind,
  events: readonly BinlogEvent[],
  txn: LoggedTxn | undefined,
  now: Micros,
): BinlogChunk {
  const file = currentFile(binlog);
  if (!file) throw new Error('binlog has no open file');
  const pos = eventsEnd(events, file.size);
  const chunk: BinlogChunk = {
    kind,
    file: file.name,
    fileIndex: file.index,
    start: file.size,
    end: pos,
    events,
    txn,
    writtenAt: now,
  };
  file.chunks.push(chunk);
  file.size = pos;
  return chunk;
}

/** Closes the current file with a Rotate event and opens the next one; returns both chunks. */
export function rotateBinlog(
  binlog: Binlog,
  flavor: Flavor,
  input: { gtidState: GtidSetDescription; now: Micros; mariadbCheckpointPrevious: boolean },
): { rotate: BinlogChunk; header: BinlogChunk } {
  const file = currentFile(binlog);
  if (!file) throw new Error('binlog has no open file');
  const nextName = binlogFileName(binlog.baseName, file.index + 1);
  const rotate = appendChunk(binlog, 'rotate', [rotateEvent(flavor, nextName)], undefined, input.now);
  const header = openBinlogFile(binlog, flavor, {
    gtidState: input.gtidState,
    checkpointFile: input.mariadbCheckpointPrevious ? file.name : undefined,
    now: input.now,
  });
  return { rotate, header };
}

/** Where a (file, position) request lands, as a dump thread checks it. */
export type Located =
  | { ok: true; fileIndex: number; chunkIndex: number; eventIndex: number }
  | { ok: false; reason: 'missing_file' }
  | { ok: false; reason: 'past_end'; size: number }
  | { ok: false; reason: 'off_boundary'; eventStart: number; eventEnd: number; size: number };

/** Finds the event starting at `pos` in `fileName` (or the end of the file: then the next chunk to come). */
export function locate(binlog: Binlog, fileName: string, pos: number): Located {
  const file = binlog.files.find((f) => f.name === fileName);
  if (!file) return { ok: false, reason: 'missing_file' };
  if (pos > file.size) return { ok: false, reason: 'past_end', size: file.size };
  if (pos === file.size) return { ok: true, fileIndex: file.index, chunkIndex: file.chunks.length, eventIndex: 0 };
  if (pos === BINLOG_MAGIC_SIZE) return { ok: true, fileIndex: file.index, chunkIndex: 0, eventIndex: 0 };
  for (let c = 0; c < file.chunks.length; c++) {
    const chunk = file.chunks[c];
    if (pos < chunk.start || pos >= chunk.end) continue;
    let start = chunk.start;
    for (let e = 0; e < chunk.events.length; e++) {
      const end = start + chunk.events[e].size;
      if (start === pos) return { ok: true, fileIndex: file.index, chunkIndex: c, eventIndex: e };
      if (start < pos && pos < end) return { ok: false, reason: 'off_boundary', eventStart: start, eventEnd: end, size: file.size };
      start = end;
    }
  }
  return { ok: false, reason: 'off_boundary', eventStart: pos, eventEnd: pos, size: file.size };
}

/** The file with number `index`. */
export function fileByIndex(binlog: Binlog, index: number): BinlogFile | undefined {
  return binlog.files.find((f) => f.index === index);
}

/** Every transaction chunk, oldest first. */
export function transactionChunks(binlog: Binlog): BinlogChunk[] {
  const out: BinlogChunk[] = [];
  for (const f of binlog.files) for (const c of f.chunks) if (c.kind === 'txn' || c.kind === 'ddl') out.push(c);
  return out;
}

/**
 * Cuts the log back to `keep` (crash recovery): files after it vanish, the file holding it keeps only the chunks
 * that end at or before it (a partial transaction at the tail is truncated). Returns what was cut.
 */
export function truncateBinlog(binlog: Binlog, keep: LogPos): { removedChunks: BinlogChunk[]; removedFiles: string[] } {
  const removedChunks: BinlogChunk[] = [];
  const removedFiles: string[] = [];
  binlog.files = binlog.files.filter((f) => {
    if (f.index <= keep.fileIndex) return true;
    removedFiles.push(f.name);
    for (const c of f.chunks) removedChunks.push(c);
    return false;
  });
  const file = binlog.files.find((f) => f.index === keep.fileIndex);
  if (file) {
    const kept = file.chunks.filter((c) => c.end <= keep.pos);
    for (const c of file.chunks) if (c.end > keep.pos) removedChunks.push(c);
    file.chunks = kept;
    file.size = kept.length > 0 ? kept[kept.length - 1].end : BINLOG_MAGIC_SIZE;
  }
  return { removedChunks, removedFiles };
}

/** Where events laid from `start` end. */
export function eventsEnd(events: readonly BinlogEvent[], start: number): number {
  let end = start;
  for (let i = 0; i < events.length; i++) end += events[i].size;
  return end;
}

/** The events from the `from`-th on, with the offset of the first of them. */
export function laidFrom(laid: LaidEvents, from: number): LaidEvents {
  if (from === 0) return laid;
  return { start: eventsEnd(laid.events.slice(0, from), laid.start), events: laid.events.slice(from) };
}

/** Lays events end to end from `start`. */
export function positionEvents(events: readonly BinlogEvent[], start: number): PositionedEvent[] {
  const out: PositionedEvent[] = new Array<PositionedEvent>(events.length);
  let pos = start;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    out[i] = { type: e.type, size: e.size, info: e.info, start: pos, end: pos + e.size };
    pos += e.size;
  }
  return out;
}

/**
 * For each logged statement of a transaction, the end offsets of the events written for it in `laid` (the
 * transaction's events where the source laid them): its rows events in row format, its Query event in statement format. The
 * applier names them in its 1062/1032 messages (`end_log_pos`).
 */
export function statementEventEnds(txn: LoggedTxn, laid: LaidEvents): number[][] {
  const targets = txn.format === 'row' ? txn.statements.filter((s) => s.changes.length > 0) : txn.statements;
  const ends = txn.statements.map((): number[] => []);
  const slot = targets.map((t) => txn.statements.indexOf(t));
  let index = -1;
  for (const ev of positionEvents(laid.events, laid.start)) {
    if (txn.format === 'row') {
      if (ev.type === 'Table_map') index++;
      else if ((ev.type === 'Write_rows' || ev.type === 'Update_rows' || ev.type === 'Delete_rows') && index >= 0 && index < slot.length)
        ends[slot[index]].push(ev.end);
    } else if (ev.type === 'Query' && ev.info !== 'BEGIN') {
      index++;
      if (index < slot.length) ends[slot[index]].push(ev.end);
    }
  }
  return ends;
}

/** `mysql-bin.000001:157-434`. */
export function formatCoordinates(c: { file: string; start: number; end: number }): string {
  return `${c.file}:${c.start}-${c.end}`;
}
