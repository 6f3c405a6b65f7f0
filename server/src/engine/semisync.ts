/**
 * Semi-synchronous replication, source side (replication-semantics.md §3, after MySQL's semisync_source.cc and
 * MariaDB's semisync_master.cc): commit_pos/reply_pos, a wait node registered at FLUSH only while the status is ON,
 * the wait at AFTER_SYNC or AFTER_COMMIT, the timeout that switches the status OFF and lets every waiter's COMMIT
 * return OK, the switch back ON when an ACK reaches commit_pos, wait_for_slave_count over distinct replicas,
 * wait_no_slave (MySQL switches OFF, MariaDB stops waiting but stays ON), and the status counters.
 */
import type { Micros } from '../model/scenario';
import { comparePos, fileByIndex, maxPos, type LogPos } from './binlog';
import { SEMISYNC_OFF_LOG, semisyncOnLog, semisyncTimeoutLog } from './messages';
import { formatMicros } from '../trace/trace';
import {
  errorLog,
  record,
  schedule,
  txnRecord,
  type SemisyncState,
  type ServerState,
  type TxnRuntime,
  type Waiter,
  type World,
} from './world';

/** A fresh semi-sync state for a server that starts (or restarts) with `enabled`. */
export function createSemisyncState(): SemisyncState {
  return { on: false, commitPos: undefined, acks: new Map(), waiters: [], yesTx: 0, noTx: 0, noTimes: 0, waitTimeTotal: 0, waitCount: 0 };
}

/** Rpl_semi_sync_master_clients: semi-sync replicas connected to this server's dump threads. */
export function semisyncClients(server: ServerState): number {
  return server.dumpThreads.filter((d) => d.semisync).length;
}

/** Rule 8: the status right after enabling (or at start with the setting on). */
export function initialSemisyncStatus(server: ServerState): boolean {
  const c = server.config;
  if (!c.semisyncMaster) return false;
  if (server.flavor === 'mariadb-10.11') return true;
  return c.waitNoSlave || semisyncClients(server) >= c.waitForSlaveCount;
}

/** Rule 1, at FLUSH: commit_pos advances while enabled; a wait node is registered only while ON. */
export function semisyncOnFlush(server: ServerState, txn: TxnRuntime): void {
  const s = server.semisync;
  txn.semisync.enabledAtFlush = server.config.semisyncMaster;
  if (!server.config.semisyncMaster || !txn.endPos) return;
  s.commitPos = s.commitPos ? maxPos(s.commitPos, txn.endPos) : txn.endPos;
  txn.semisync.node = s.on;
}

/** The position at least `count` distinct replicas have acknowledged (undefined when fewer have). */
export function quorumPos(s: SemisyncState, count: number): LogPos | undefined {
  if (count <= 1) {
    // The usual case, one ACK needed: the furthest position any replica acknowledged.
    let best: LogPos | undefined;
    for (const pos of s.acks.values()) if (!best || comparePos(pos, best) > 0) best = pos;
    return best;
  }
  const acks = [...s.acks.values()].sort((a, b) => comparePos(b, a));
  return acks[count - 1];
}

/** Whether the transaction's end is acknowledged by enough replicas. */
function isAcked(server: ServerState, txn: TxnRuntime): boolean {
  const q = quorumPos(server.semisync, server.config.waitForSlaveCount);
  return !!q && !!txn.endPos && comparePos(q, txn.endPos) >= 0;
}

/**
 * Rules 2–4, at the wait point: a transaction with a wait node waits for its ACK or the timeout; one without (status
 * OFF, or MariaDB with wait_no_slave=0 and too few replicas) goes on at once and counts as `no_tx`.
 */
export function semisyncWaitPoint(world: World, server: ServerState, txn: TxnRuntime, cont: () => void): void {
  const s = server.semisync;
  const c = server.config;
  if (!txn.semisync.enabledAtFlush || txn.semisync.counted) return cont();
  if (!c.semisyncMaster || !s.on || !txn.semisync.node) {
    count(server, txn, false);
    return cont();
  }
  if (server.flavor === 'mariadb-10.11' && !c.waitNoSlave && semisyncClients(server) < c.waitForSlaveCount) {
    count(server, txn, false);
    return cont();
  }
  if (isAcked(server, txn)) {
    count(server, txn, true, 0);
    return cont();
  }
  txn.semisync.waiting = true;
  txn.semisync.waitStart = world.now;
  txn.afterWait = cont;
  s.waiters.push(txn);
  const end = txn.endPos!;
  const file = fileByIndex(server.binlog, end.fileIndex)?.name ?? `#${end.fileIndex}`;
  const waiter: Waiter = {
    who: `${txn.client} (${txn.id}) on ${server.name}`,
    what: () =>
      `its COMMIT waits for ${c.waitForSlaveCount} semi-sync ACK(s) of ${file}:${end.pos}` +
      (c.semisyncTimeout === null ? ' with an unbounded timeout' : '') +
      (semisyncClients(server) === 0 ? ' and no semi-sync replica is connected' : ''),
    since: world.now,
    line: txn.plan.endLine,
    active: () => txn.semisync.waiting && server.incarnation === txn.incarnation,
  };
  world.waiters.add(waiter);
  txn.semisync.timer =
    c.semisyncTimeout === null
      ? undefined
      : schedule(world, world.now + c.semisyncTimeout, () => onTimeout(world, server, txn, server.incarnation));
  const cleanup = txn.afterWait;
  txn.afterWait = () => {
    world.waiters.delete(waiter);
    cleanup?.();
  };
}

function count(server: ServerState, txn: TxnRuntime, yes: boolean, waited?: Micros): void {
  if (txn.semisync.counted) return;
  txn.semisync.counted = true;
  const s = server.semisync;
  if (yes) {
    s.yesTx++;
    if (waited !== undefined) {
      s.waitTimeTotal += waited;
      s.waitCount++;
    }
  } else s.noTx++;
}

/** Ends one wait: counts it, and lets the commit go on. */
function release(world: World, server: ServerState, txn: TxnRuntime, acked: boolean): void {
  if (!txn.semisync.waiting) return;
  txn.semisync.waiting = false;
  if (txn.semisync.timer) world.queue.cancel(txn.semisync.timer);
  server.semisync.waiters = server.semisync.waiters.filter((w) => w !== txn);
  count(server, txn, acked, world.now - (txn.semisync.waitStart ?? world.now));
  const cont = txn.afterWait;
  txn.afterWait = undefined;
  cont?.();
}

/** Rule 3: the wait of `txn` timed out: status OFF, every waiter wakes, each COMMIT returns OK. */
function onTimeout(world: World, server: ServerState, txn: TxnRuntime, incarnation: number): void {
  if (server.incarnation !== incarnation || !txn.semisync.waiting) return;
  const s = server.semisync;
  const end = txn.endPos!;
  const file = fileByIndex(server.binlog, end.fileIndex)?.name ?? '';
  const reply = quorumPos(s, 1);
  const replyFile = reply ? (fileByIndex(server.binlog, reply.fileIndex)?.name ?? '') : '';
  errorLog(world, server.name, semisyncTimeoutLog(file, end.pos, replyFile, reply?.pos ?? 0));
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'semisync_timeout',
      txn: txn.id,
      log: { file, start: txn.chunk?.start ?? end.pos, end: end.pos },
      label: () =>
        `${txn.id}: no ACK within rpl_semi_sync_master_timeout (${formatMicros(server.config.semisyncTimeout ?? 0)}); the COMMIT returns OK anyway`,
    });
  switchOff(world, server, `timeout waiting for the ACK of ${file}:${end.pos} (${txn.id})`, txn.id);
}

/** Status OFF (timeout, too few replicas, disabled): no_times +1, every waiter released as not acknowledged. */
export function switchOff(world: World, server: ServerState, why: string, timedOut?: string): void {
  const s = server.semisync;
  if (!s.on) return;
  s.on = false;
  s.noTimes++;
  errorLog(world, server.name, SEMISYNC_OFF_LOG);
  world.semisyncFallbacks.push({
    time: world.now,
    server: server.name,
    why,
    ...(timedOut !== undefined ? { timedOut } : {}),
    ...(world.cause !== undefined ? { line: world.cause } : {}),
  });
  if (world.full)
    record(world, { server: server.name, lane: 'engine', kind: 'semisync_off', label: () => `Rpl_semi_sync_master_status OFF: ${why}` });
  for (const w of [...s.waiters]) release(world, server, w, false);
}

/**
 * Rules 5–7: an ACK from `replica` for `pos` (or a dump thread's start position, rule 6). Releases every waiter that
 * enough distinct replicas now cover, and switches the status back ON once the ACK reaches commit_pos.
 */
export function semisyncAck(world: World, server: ServerState, replica: string, pos: LogPos, txnId?: string): void {
  const s = server.semisync;
  const prev = s.acks.get(replica);
  s.acks.set(replica, prev ? maxPos(prev, pos) : pos);
  if (txnId) {
    const rec = txnRecord(world, txnId);
    if (!rec.trace.ackedBy.includes(replica)) rec.trace.ackedBy.push(replica);
  }
  const quorum = quorumPos(s, server.config.waitForSlaveCount);
  if (!quorum) return;
  const incarnation = server.incarnation;
  for (const txn of [...server.txns.values()]) {
    if (!txn.endPos || txn.reached.has('acked') || comparePos(quorum, txn.endPos) < 0) continue;
    txn.reached.add('acked');
    world.hooks.reachState(world, { txn: txn.id, server: server.name, state: 'acked' });
    if (server.incarnation !== incarnation) return;
  }
  for (const w of [...s.waiters]) if (w.endPos && comparePos(quorum, w.endPos) >= 0) release(world, server, w, true);
  if (server.config.semisyncMaster && !s.on && (!s.commitPos || comparePos(quorum, s.commitPos) >= 0)) {
    s.on = true;
    const file = fileByIndex(server.binlog, quorum.fileIndex)?.name ?? '';
    const serverId = world.servers.get(replica)?.config.serverId ?? 0;
    errorLog(world, server.name, semisyncOnLog(serverId, file, quorum.pos));
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'engine',
        kind: 'semisync_on',
        label: () => `Rpl_semi_sync_master_status ON: ${replica} has received up to ${file}:${quorum.pos}`,
      });
  }
}

/** A semi-sync replica's dump thread ended: MySQL with wait_no_slave=0 switches OFF when too few remain. */
export function semisyncReplicaGone(world: World, server: ServerState): void {
  const c = server.config;
  if (server.flavor === 'mariadb-10.11' || !c.semisyncMaster || c.waitNoSlave) return;
  if (semisyncClients(server) < c.waitForSlaveCount)
    switchOff(world, server, `fewer semi-sync replicas than wait_for_slave_count (${c.waitForSlaveCount}) and wait_no_slave=OFF`);
}

/** SET GLOBAL rpl_semi_sync_master_enabled: OFF releases every waiter (no_times +1); ON sets the status by rule 8. */
export function semisyncSetEnabled(world: World, server: ServerState, enabled: boolean): void {
  const was = server.config.semisyncMaster;
  server.config.semisyncMaster = enabled;
  if (was && !enabled) {
    if (server.semisync.on) switchOff(world, server, 'rpl_semi_sync_master_enabled=OFF');
  } else if (!was && enabled) {
    server.semisync.on = initialSemisyncStatus(server);
    server.semisync.commitPos = undefined;
    if (server.semisync.on && world.full)
      record(world, { server: server.name, lane: 'engine', kind: 'semisync_on', label: 'rpl_semi_sync_master_enabled=ON: status ON' });
  }
}

/** FLUSH STATUS: zeroes the counters (not the status, the clients or the waiters). */
export function semisyncFlushStatus(server: ServerState): void {
  const s = server.semisync;
  s.yesTx = 0;
  s.noTx = 0;
  s.noTimes = 0;
  s.waitTimeTotal = 0;
  s.waitCount = 0;
}

/** Rule 9 (KILL): the waiter stops waiting; its commit goes on (not acknowledged). */
export function semisyncAbandonWait(world: World, server: ServerState, txn: TxnRuntime): void {
  release(world, server, txn, false);
}

/** Rpl_semi_sync_master_tx_avg_wait_time, in microseconds. */
export function averageWait(s: SemisyncState): number {
  return s.waitCount === 0 ? 0 : Math.round(s.waitTimeTotal / s.waitCount);
}
