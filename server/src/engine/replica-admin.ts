/**
 * What an administrator does to a replica (replication-semantics.md §6): CHANGE MASTER TO … (START SLAVE is a step of its own),
 * promotion to a source (STOP SLAVE; RESET SLAVE ALL; read_only off, after the relay log is applied), RESET SLAVE.
 */
import type { StartSpec } from '../model/scenario';
import { BINLOG_MAGIC_SIZE } from './binlog-events';
import { binlogFileName, currentFile, writtenEnd } from './binlog';
import { configureReplica } from './failover';
import { autoPositionRefused, changeMasterWhileRunning } from './messages';
import { startIoThread, stopIoThread } from './io-thread';
import { relayFullyApplied } from './relay-log';
import { initialSemisyncStatus } from './semisync';
import { pumpSql, startSqlThread, stopSqlThread } from './sql-thread';
import { record, type ServerState, type World } from './world';

/**
 * Why CHANGE MASTER TO is refused while replication threads run, or undefined when it is taken (replication-semantics.md
 * §6). The statement always names a source, a receiver option; `changesDelay`: MASTER_DELAY too, an applier option.
 */
export function changeMasterRefusal(server: ServerState, changesDelay: boolean): string | undefined {
  const r = server.replica;
  const io = r !== null && r.io.state !== 'stopped';
  const sql = r !== null && r.sql.state === 'running';
  if (server.flavor === 'mariadb-10.11' || server.flavor === 'mysql-5.5')
    return io || sql ? changeMasterWhileRunning(server.flavor, 'any') : undefined;
  if (io) return changeMasterWhileRunning(server.flavor, 'io');
  if (sql && changesDelay) return changeMasterWhileRunning(server.flavor, 'sql');
  return undefined;
}

/**
 * CHANGE MASTER TO …: the replica's source and position, nothing started (START SLAVE does that). Refusals are
 * recorded; the replica then keeps what it had. MySQL 5.7+ takes it with the SQL thread running: that thread goes
 * on, from the new coordinates (the engine does not keep the old relay log for it).
 */
export function changeMaster(
  world: World,
  server: ServerState,
  sourceName: string,
  start: StartSpec | undefined,
  refusal: string | undefined = changeMasterRefusal(server, false),
): boolean {
  const refuse = (why: string): boolean => {
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'io',
        kind: 'change_master',
        label: () => `CHANGE MASTER TO ${sourceName} refused: ${why}`,
      });
    return false;
  };
  if (refusal) return refuse(refusal);
  // MySQL refuses the statement; the replica keeps what it had (its source, its position, its threads).
  if (start?.kind === 'autoPosition' && !canAutoPosition(server)) return refuse(autoPositionRefused(server.flavor));
  // MariaDB's Note 4190 names the Using_Gtid a file position replaces: the replica's, or Slave_Pos for a fresh one.
  const usingBefore = !server.replica
    ? 'Slave_Pos'
    : !server.replica.autoPosition
      ? 'No'
      : server.replica.useGtid === 'slave_pos'
        ? 'Slave_Pos'
        : 'Current_Pos';
  const sqlRunning = server.replica?.sql.state === 'running';
  if (sqlRunning) stopSqlThread(world, server);
  server.replica = configureReplica(world, server, sourceName, start);
  const r = server.replica;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'io',
      kind: 'change_master',
      label: r.autoPosition
        ? `CHANGE MASTER TO ${sourceName} with GTID auto-positioning`
        : `CHANGE MASTER TO ${sourceName}, MASTER_LOG_FILE='${r.masterLogFile}', MASTER_LOG_POS=${r.readPos}` +
          (server.flavor === 'mariadb-10.11' && server.config.gtidMode && usingBefore !== 'No'
            ? ` (Note 4190: changing the value of 'Using_Gtid' from '${usingBefore}' to 'No')`
            : ''),
    });
  if (sqlRunning) startSqlThread(world, server);
  return true;
}

/** START SLAVE after a CHANGE MASTER the server makes itself (a server restarted as a replica). */
export function startReplication(world: World, server: ServerState): void {
  startSqlThread(world, server);
  startIoThread(world, server);
}

/** MySQL auto-positions only with GTIDs on (5.6+); MariaDB's master_use_gtid needs no mode. */
function canAutoPosition(server: ServerState): boolean {
  return server.flavor === 'mariadb-10.11' || (server.config.gtidMode && server.flavor !== 'mysql-5.5');
}

/**
 * Promotion (STOP SLAVE; RESET SLAVE ALL; read_only off): the I/O thread stops at once; the SQL thread first applies
 * what the relay log already holds (unless it is stopped or failed: then that is discarded with the relay log).
 * `done` is called when the server is a source.
 */
export function promote(world: World, server: ServerState, done: () => void): void {
  const r = server.replica;
  if (!r) {
    const writable = makeWritable(server);
    if (world.full)
      record(world, { server: server.name, lane: 'engine', kind: 'promote', label: () => `${server.name} is already a source${writable}` });
    return done();
  }
  stopIoThread(world, server, 'promotion');
  const finish = (): void => {
    world.appliedListeners.delete(check);
    const pending = !relayFullyApplied(r);
    if (r.sql.busy) return;
    stopSqlThread(world, server);
    server.replica = null;
    server.semisync.on = initialSemisyncStatus(server);
    const writable = makeWritable(server);
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'engine',
        kind: 'promote',
        label:
          `${server.name} promoted: RESET SLAVE ALL${writable}, binlog at ${currentFile(server.binlog)?.name}:${writtenEnd(server.binlog).pos}` +
          (pending ? '; unapplied relay log discarded (SQL thread not running)' : ''),
      });
    done();
  };
  const check = (): void => {
    if (r.sql.busy || (r.sql.state === 'running' && !relayFullyApplied(r))) return;
    finish();
  };
  if (r.sql.state === 'running' && (!relayFullyApplied(r) || r.sql.busy)) {
    world.appliedListeners.add(check);
    pumpSql(world, server);
    return;
  }
  finish();
}

/** SET GLOBAL read_only=OFF (super_read_only with it), as failover tools do on the server they promote; says what it did. */
function makeWritable(server: ServerState): string {
  const was = server.config.superReadOnly ? 'super_read_only' : server.config.readOnly ? 'read_only' : undefined;
  server.config.readOnly = false;
  server.config.superReadOnly = false;
  return was ? `, SET GLOBAL read_only=OFF (${was} was ON)` : ', writable';
}

/** RESET SLAVE: threads stopped, relay logs deleted, coordinates forgotten (the source stays configured). */
export function resetSlave(world: World, server: ServerState): void {
  const r = server.replica;
  if (!r) return;
  stopIoThread(world, server, 'RESET SLAVE');
  stopSqlThread(world, server);
  const first = world.servers.get(r.sourceName)?.binlog.files[0]?.name ?? binlogFileName('mysql-bin', 1);
  server.replica = configureReplica(world, server, r.sourceName, { kind: 'file', file: first, pos: BINLOG_MAGIC_SIZE });
  if (world.full)
    record(world, { server: server.name, lane: 'io', kind: 'reset_slave', label: 'RESET SLAVE: relay logs deleted, coordinates reset' });
}
