/**
 * Runs one action of the script or of a trigger, at the current virtual time: client statements, waits, faults and
 * operations. `done` is called when the script may go on (a client step: after its last reply, unless `nowait`;
 * a promotion: once the relay log is applied; `wait until r1 caught up`: once r1 has applied what its source had
 * binlogged when the wait began, by coordinates or, connected by GTID, by GTIDs: caught-up.ts).
 */
import { channelBound, channelNames, inChannel, outsideChannels } from './channels';
import type { Action, ServerConfig, UntilSpec } from '../model/scenario';
import { skipCounterRefusal, takeSkipCounter } from './replica-repair';
import { decideGtidSlavePos, takeGtidSlavePos } from './gtid-controls';
import { createBinlog, fileIndexOf, openBinlogFile, writtenEnd, comparePos, currentFile, type LogPos } from './binlog';
import { enqueueStatements, killClient, reconnectClient } from './client';
import { endDumpThread } from './dump-thread';
import { changeMaster, changeMasterRefusal, promote, resetSlave } from './replica-admin';
import { gtidTarget, hasExecuted } from './caught-up';
import { createMariadbState } from './gtid';
import { healLink } from './network';
import { crashServer, restartServer } from './recovery';
import { relayFullyApplied, resetRelayLog } from './relay-log';
import { connectionLost, startIoThread, stopIoThread } from './io-thread';
import { slaveAlreadyRunning } from './messages';
import { startSqlThread, stopSqlThread } from './sql-thread';
import { initialSemisyncStatus, semisyncAck, semisyncFlushStatus, semisyncReplicaGone, semisyncSetEnabled } from './semisync';
import { purgeBinaryLogs } from './binlog-purge';
import { injectEmptyTransaction } from './empty-transaction';
import { gtidStateDescription, publish, rotateNow, scheduleCheckpoint } from './source';
import { linkBetween, record, schedule, serverOf, type QueuedStatement, type ServerState, type Waiter, type World } from './world';
import { DEFAULT_LINK_LATENCY } from '../model/settings';

/** Runs an action; calls `done` when the script may go on. */
export function runAction(world: World, action: Action, line: number, done: () => void): void {
  switch (action.kind) {
    case 'client': {
      const items: QueuedStatement[] = action.statements.map((s) => ({ statement: s.statement, txn: s.txn }));
      if (items.length === 0) return done();
      if (action.nowait) {
        enqueueStatements(world, action.client, items);
        return done();
      }
      items[items.length - 1] = { ...items[items.length - 1], onReply: () => done() };
      return enqueueStatements(world, action.client, items);
    }
    case 'wait':
      schedule(world, world.now + action.micros, done);
      return;
    case 'waitCaughtUp':
      return eachChannel(world, serverOf(world, action.server), undefined, (server, next) => waitCaughtUp(world, server, line, next), done);
    case 'crash':
      crashServer(world, serverOf(world, action.server), action.mode);
      return done();
    case 'restart':
      restartServer(world, serverOf(world, action.server), {
        ...(action.asReplicaOf !== undefined ? { asReplicaOf: action.asReplicaOf } : {}),
        ...(action.start !== undefined ? { start: action.start } : {}),
      });
      return done();
    case 'shutdown':
      crashServer(world, serverOf(world, action.server), 'shutdown');
      return done();
    case 'promote':
      return promote(world, serverOf(world, action.server), done);
    case 'changeMaster': {
      const server = serverOf(world, action.replica);
      if (server.state !== 'running') {
        if (world.full)
          record(world, {
            server: server.name,
            lane: 'io',
            kind: 'change_master',
            label: () => `${server.name} is down: CHANGE MASTER not possible`,
          });
        return done();
      }
      // Refused while the threads run: nothing of the statement is kept then.
      const refusal = changeMasterRefusal(server, action.masterDelay !== undefined);
      if (!refusal) {
        // CHANGE MASTER TO … MASTER_DELAY=N keeps N for later connections too (an option left out keeps its value).
        if (action.masterDelay !== undefined) server.config.masterDelay = action.masterDelay;
        // MASTER_USE_GTID is kept in master.info: later connections (a restart as replica) use it too.
        if (action.useGtid === 'no') server.config.gtidMode = false;
        else if (action.useGtid) {
          server.config.gtidMode = true;
          server.config.masterUseGtid = action.useGtid;
        }
      }
      changeMaster(
        world,
        server,
        action.source,
        action.start ?? (action.useGtid && action.useGtid !== 'no' ? { kind: 'autoPosition' } : undefined),
        refusal,
      );
      return done();
    }
    case 'threadControl':
      return eachChannel(
        world,
        serverOf(world, action.server),
        action.channels,
        (server, next) => {
          threadControl(world, server, action.op, action.thread, action.until);
          next();
        },
        done,
      );
    case 'linkControl': {
      const link = linkBetween(world, action.from, action.to, DEFAULT_LINK_LATENCY);
      if (action.op === 'partition') {
        link.down = true;
        if (world.full)
          record(world, {
            server: action.from,
            peer: action.to,
            lane: 'engine',
            kind: 'link_partition',
            label: () => `link ${action.from} ↔ ${action.to} down: messages wait until it heals`,
          });
      } else {
        if (world.full)
          record(world, {
            server: action.from,
            peer: action.to,
            lane: 'engine',
            kind: 'link_heal',
            label: () => `link ${action.from} ↔ ${action.to} healed: ${link.held.length} held message(s) go on`,
          });
        healLink(link);
      }
      return done();
    }
    case 'reset':
      if (action.what === 'master') resetMaster(world, serverOf(world, action.server));
      else resetSlave(world, serverOf(world, action.server));
      return done();
    case 'set':
      setGlobal(world, serverOf(world, action.server), action.changes);
      return done();
    case 'flushStatus': {
      const server = serverOf(world, action.server);
      semisyncFlushStatus(server);
      if (world.full)
        record(world, { server: server.name, lane: 'engine', kind: 'flush_status', label: 'FLUSH STATUS: semi-sync counters zeroed' });
      return done();
    }
    case 'flushBinaryLogs': {
      const server = serverOf(world, action.server);
      if (server.state === 'running') {
        rotateNow(world, server, 'FLUSH BINARY LOGS');
        // Nothing of the closed file waits for its engine commit: the binlog background thread writes the checkpoint
        // naming the new file soon after, before the next transaction (a PURGE in the same instant still finds the
        // closed file needed).
        if (server.pipeline.commitOrder.length === 0) scheduleCheckpoint(world, server);
        // The Rotate is in the binlog now: dump threads send it and go on in the new file.
        publish(world, server);
      }
      return done();
    }
    case 'purgeLogs':
      purgeBinaryLogs(
        world,
        serverOf(world, action.server),
        action.to !== undefined ? { to: action.to } : { before: action.before ?? 0 },
        'purge',
      );
      return done();
    case 'injectEmpty':
      injectEmptyTransaction(world, serverOf(world, action.server), action.uuid, action.gno);
      return done();
    case 'kill':
      killClient(world, action.client);
      return done();
    case 'reconnect':
      reconnectClient(world, action.client, action.server);
      return done();
  }
}

/**
 * Runs `step` for each of the channels named (every channel when undefined) of a multi-source replica, one after the
 * other in its channel, then `done`; for a replica without channels, once.
 */
function eachChannel(
  world: World,
  server: ServerState,
  names: readonly string[] | undefined,
  step: (server: ServerState, next: () => void) => void,
  done: () => void,
): void {
  if (!server.channels) return step(server, done);
  const todo = [...(names ?? channelNames(server))];
  const next = (): void => {
    const name = todo.shift();
    if (name === undefined) return outsideChannels(world, done);
    inChannel(world, server, name, () => step(server, next));
  };
  next();
}

/** `wait until r1 caught up`: until its SQL thread has applied what its source had binlogged when the wait began. */
function waitCaughtUp(world: World, server: ServerState, line: number, done: () => void): void {
  const r = server.replica;
  if (!r) return done();
  const source = world.servers.get(r.sourceName);
  if (!source) return done();
  const target: LogPos = writtenEnd(source.binlog);
  const targetFile = currentFile(source.binlog)?.name ?? '';
  const gtids = gtidTarget(source, server);
  let finished = false;
  const caughtUp = (): boolean => {
    const rr = server.replica;
    if (!rr || rr.sourceName !== source.name) return true;
    // Connected by GTID: every GTID the source had is executed, wherever the replica's coordinates are.
    if (gtids && !rr.sql.busy && hasExecuted(server, gtids)) return true;
    const exec = { fileIndex: fileIndexOf(rr.relayMasterLogFile), pos: rr.execPos };
    const read = { fileIndex: fileIndexOf(rr.masterLogFile), pos: rr.readPos };
    if (comparePos(exec, target) >= 0) return true;
    return !rr.sql.busy && relayFullyApplied(rr) && rr.io.connected && comparePos(read, target) >= 0;
  };
  const waiter: Waiter = {
    who: `the script (line ${line + 1})`,
    what: () => {
      const rr = server.replica;
      const state = rr
        ? `Exec_Master_Log_Pos ${rr.relayMasterLogFile}:${rr.execPos}, Read_Master_Log_Pos ${rr.masterLogFile}:${rr.readPos}, Slave_IO_Running ${rr.io.state}, Slave_SQL_Running ${rr.sql.state}${rr.sql.lastErrno ? ` (error ${rr.sql.lastErrno})` : ''}${rr.io.lastErrno ? ` (I/O error ${rr.io.lastErrno})` : ''}`
        : 'no longer a replica';
      const byGtid = gtids ? ' (or every GTID it had)' : '';
      return `waits until ${server.name} has applied ${source.name}'s binlog up to ${targetFile}:${target.pos}${byGtid}; ${state}`;
    },
    since: world.now,
    line,
    active: () => !finished,
  };
  const check = channelBound(world, (): void => {
    if (finished || !caughtUp()) return;
    finished = true;
    world.appliedListeners.delete(check);
    world.waiters.delete(waiter);
    schedule(world, world.now, done);
  });
  waiter.what = channelBound(world, waiter.what);
  world.waiters.add(waiter);
  world.appliedListeners.add(check);
  check();
}

function threadControl(
  world: World,
  server: ServerState,
  op: 'start' | 'stop',
  thread: 'io_thread' | 'sql_thread' | 'both',
  until?: UntilSpec,
): void {
  if (!server.replica) {
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'io',
        kind: op === 'start' ? 'io_start' : 'io_stop',
        label: () => `${server.name} is not a replica: nothing to ${op}`,
      });
    return;
  }
  if (server.state !== 'running') return;
  const io = thread === 'io_thread' || thread === 'both';
  const sql = thread === 'sql_thread' || thread === 'both';
  if (op === 'stop') {
    if (io) stopIoThread(world, server, 'STOP SLAVE IO_THREAD');
    if (sql) stopSqlThread(world, server);
  } else {
    // START SLAVE starts only what is stopped (a connecting I/O thread is running); with nothing to start it is a note.
    const r = server.replica;
    const startSql = sql && r.sql.state !== 'running';
    const startIo = io && r.io.state === 'stopped';
    if ((startSql || startIo) && r.io.state === 'stopped' && r.sql.state === 'stopped') purgeRelayLogForGtid(world, server);
    if (startSql) startSqlThread(world, server, until);
    if (startIo) startIoThread(world, server);
    if (!startSql && !startIo && world.full)
      record(world, {
        server: server.name,
        lane: 'io',
        kind: 'io_start',
        label: () => `START SLAVE: ${slaveAlreadyRunning(server.flavor)}`,
      });
  }
}

/**
 * MariaDB's START SLAVE with MASTER_USE_GTID and both threads stopped deletes the relay logs (the GTID connect fetches
 * again what they held): numbering starts again at relay-bin.000001, and the source coordinates go back to where the
 * SQL thread is.
 */
function purgeRelayLogForGtid(world: World, server: ServerState): void {
  const r = server.replica;
  if (server.flavor !== 'mariadb-10.11' || !r?.autoPosition || r.relay.length === 0) return;
  resetRelayLog(r);
  r.masterLogFile = r.relayMasterLogFile;
  r.readPos = r.execPos;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'relay',
      kind: 'relay_rotate',
      label: () => 'START SLAVE with MASTER_USE_GTID: the relay logs are deleted, numbering starts again at relay-bin.000001',
    });
}

/** RESET MASTER: every binlog file deleted, a new mysql-bin.000001, GTID state cleared; replicas lose their place. */
function resetMaster(world: World, server: ServerState): void {
  if (server.state !== 'running') return;
  const dumps = [...server.dumpThreads];
  for (const d of dumps) {
    endDumpThread(world, server, d.replica, d.connId, 'RESET MASTER');
    const replica = world.servers.get(d.replica);
    if (replica) connectionLost(world, replica, d.connId, `${server.name} ran RESET MASTER`);
  }
  server.binlog = createBinlog(server.binlog.baseName);
  server.gtidExecuted = new Map();
  server.gtidAssigned = new Map();
  const slavePos = server.mariadb.slavePos;
  server.mariadb = createMariadbState();
  server.mariadb.slavePos = slavePos;
  const header = openBinlogFile(server.binlog, server.flavor, { gtidState: gtidStateDescription(server), now: world.now });
  server.binlog.synced = writtenEnd(server.binlog);
  server.binlog.published = writtenEnd(server.binlog);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'binlog',
      kind: 'reset_master',
      log: { file: header.file, start: 4, end: header.end },
      label: () => `RESET MASTER: binlog restarts at ${header.file}:${header.end}, gtid_executed empty`,
    });
  // The semi-sync source state starts again too (MySQL's ReplSemiSyncMaster::resetMaster, MariaDB's
  // Repl_semi_sync_master::reset_master): no position waited for or acknowledged, counters zeroed, ON while enabled.
  server.semisync.commitPos = undefined;
  server.semisync.acks.clear();
  semisyncFlushStatus(server);
  server.semisync.on = initialSemisyncStatus(server);
  semisyncReplicaGone(world, server);
}

/** SET GLOBAL gtid_slave_pos='…' (MariaDB): refused while a slave thread runs, else the new position (and warnings). */
function setGtidSlavePos(world: World, server: ServerState, value: string): void {
  const result = decideGtidSlavePos(server, value);
  const now = result.ok ? takeGtidSlavePos(server, result.pos) : undefined;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'set_global',
      label: () =>
        `SET GLOBAL gtid_slave_pos='${value}'` +
        (!result.ok ? `: ${result.error}` : `: gtid_slave_pos is '${now}'${result.warnings.map((w) => `; ${w}`).join('')}`),
    });
}

/** SET GLOBAL sql_slave_skip_counter=N: refused, taken by the stopped SQL thread, or (MySQL, thread running) only the global. */
function setSkipCounter(world: World, server: ServerState, n: number): void {
  const refusal = skipCounterRefusal(server);
  const taken = refusal === undefined && takeSkipCounter(server, n);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'set_global',
      label: () =>
        `SET GLOBAL sql_slave_skip_counter=${n}` +
        (refusal
          ? `: ${refusal}`
          : taken
            ? `: Skip_Counter ${n}, taken when the SQL thread starts`
            : server.replica
              ? ': the SQL thread is running, so its Skip_Counter stays; the value waits in the global variable'
              : `: ${server.name} is not a replica`),
    });
}

/** SET GLOBAL: the changed settings take effect now (semi-sync enable/disable by rule 8). */
function setGlobal(world: World, server: ServerState, changes: Partial<Omit<ServerConfig, 'channels'>>): void {
  const names: string[] = [];
  for (const key of Object.keys(changes) as (keyof Omit<ServerConfig, 'channels'>)[]) {
    if (key === 'sqlSlaveSkipCounter') {
      setSkipCounter(world, server, changes.sqlSlaveSkipCounter ?? 0);
      continue;
    }
    if (key === 'gtidSlavePos') {
      setGtidSlavePos(world, server, changes.gtidSlavePos ?? '');
      continue;
    }
    names.push(`${key}=${String(changes[key])}`);
    if (key === 'semisyncMaster') continue;
    (server.config as unknown as Record<string, unknown>)[key] = changes[key];
  }
  if (world.full && names.length > 0)
    record(world, { server: server.name, lane: 'engine', kind: 'set_global', label: () => `SET GLOBAL ${names.join(', ')}` });
  if (changes.semisyncMaster !== undefined) semisyncSetEnabled(world, server, changes.semisyncMaster);
  if (changes.waitNoSlave !== undefined || changes.waitForSlaveCount !== undefined) semisyncReplicaGone(world, server);
  if (changes.waitForSlaveCount !== undefined) {
    // A smaller count may release waiters at once: re-check with the best ACK known.
    const best = [...server.semisync.acks.entries()].sort((a, b) => comparePos(b[1], a[1]))[0];
    if (best) semisyncAck(world, server, best[0], best[1]);
  }
}
