/**
 * Deleting old binlog files: PURGE BINARY LOGS TO 'file' / BEFORE time, and expiry (binlog_expire_logs_seconds,
 * expire_logs_days) when the binlog rotates and when the server starts, as both servers do (MySQL binlog.cc
 * `purge_logs`, `purge_logs_before_date`; MariaDB log.cc). The file being written is never deleted, nor a file a dump
 * thread is still reading, nor anything after it (MySQL warns 1867); MariaDB also keeps the file just closed by a
 * rotation until the new file's Binlog_checkpoint is written. A replica that later asks for a deleted file, or for GTIDs
 * only a deleted file held, gets error 1236 (failover.ts).
 */
import type { Micros } from '../model/scenario';
import type { BinlogFile } from './binlog';
import { purgeErrors } from './messages';
import { record, type ServerState, type World } from './world';

/** What to delete: the files before `to`, or those last written before `before`. */
export type PurgeRequest = { to: string } | { before: Micros };

/** When a file was last written (its modification time): its last chunk's time. */
function lastWritten(file: BinlogFile): Micros {
  return file.chunks.length > 0 ? file.chunks[file.chunks.length - 1].writtenAt : 0;
}

/** PURGE BINARY LOGS: deletes what the request names, short of the active file and of files dump threads read. */
export function purgeBinaryLogs(world: World, server: ServerState, request: PurgeRequest, why: 'purge' | 'expiry'): void {
  const statement = 'to' in request ? `PURGE BINARY LOGS TO '${request.to}'` : `PURGE BINARY LOGS BEFORE ${request.before} µs`;
  if (server.state !== 'running') {
    if (why === 'purge' && world.full)
      record(world, {
        server: server.name,
        lane: 'binlog',
        kind: 'binlog_purge',
        label: () => `${server.name} is down: ${statement} not possible`,
      });
    return;
  }
  const files = server.binlog.files;
  const active = files.length - 1;
  let end: number;
  if ('to' in request) {
    end = files.findIndex((f) => f.name === request.to);
    if (end < 0) {
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'binlog',
          kind: 'binlog_purge',
          label: () => `${statement}: ${purgeErrors.targetNotFound}`,
        });
      return;
    }
  } else {
    end = 0;
    while (end < active && lastWritten(files[end]) < request.before) end++;
  }
  // MariaDB: after a rotation the file just closed is needed until the new file's Binlog_checkpoint is written (after
  // that file's first transaction, or shortly after a FLUSH BINARY LOGS, in this model): neither PURGE nor expiry
  // deletes it before.
  if (server.pendingCheckpoint !== undefined) end = Math.min(end, active - 1);
  end = Math.min(end, active);
  let inUse: { file: string; readers: number } | undefined;
  for (let i = 0; i < end; i++) {
    const readers = server.dumpThreads.filter((d) => d.fileIndex <= files[i].index).length;
    if (readers > 0) {
      inUse = { file: files[i].name, readers };
      const wanted = end;
      end = i;
      if (why === 'purge' && world.full) {
        const warning = purgeErrors.inUse(server.flavor, inUse.file, readers, i, wanted);
        record(world, { server: server.name, lane: 'binlog', kind: 'binlog_purge', label: () => `${statement}: ${warning}` });
      }
      break;
    }
  }
  const deleted = files.slice(0, Math.max(0, end));
  if (deleted.length === 0) {
    if (why === 'purge' && !inUse && world.full)
      record(world, { server: server.name, lane: 'binlog', kind: 'binlog_purge', label: () => `${statement}: nothing to delete` });
    return;
  }
  notePurgedGtids(server, deleted);
  server.binlog.files = files.slice(deleted.length);
  const first = server.binlog.files[0]?.name ?? '';
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'binlog',
      kind: 'binlog_purge',
      label: () =>
        `${why === 'expiry' ? `binlog expiry (older than ${server.config.binlogExpireSeconds} s)` : statement}: ` +
        `${deleted.map((f) => f.name).join(', ')} deleted; SHOW BINARY LOGS starts at ${first}`,
    });
}

/** Expiry at a rotation or a start: files last written more than binlog_expire_logs_seconds ago go. */
export function expireBinaryLogs(world: World, server: ServerState): void {
  const seconds = server.config.binlogExpireSeconds;
  if (seconds <= 0) return;
  const before = world.now - seconds * 1_000_000;
  if (before <= 0) return;
  purgeBinaryLogs(world, server, { before }, 'expiry');
}

/** MariaDB: the highest sequence number per domain that only deleted files held (a request below it cannot be served). */
function notePurgedGtids(server: ServerState, deleted: BinlogFile[]): void {
  for (const f of deleted)
    for (const c of f.chunks) {
      const g = c.txn?.gtid;
      if (g?.kind !== 'mariadb') continue;
      const purged = (server.binlog.purgedSeq ??= new Map<number, number>());
      purged.set(g.domain, Math.max(purged.get(g.domain) ?? 0, g.seq));
    }
}

/** SHOW BINARY LOGS: the file names, oldest first. */
export function binaryLogNames(server: ServerState): string {
  return server.binlog.files.map((f) => f.name).join(', ');
}
