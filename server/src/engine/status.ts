/**
 * What a server would print right now, under MySQL's own names: SHOW MASTER STATUS, SHOW SLAVE STATUS, the GTID
 * variables and SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'. One flat record per server; the simulation records its
 * changes after every event so that a view can ask for any server's status at any time (trace.statusAt).
 */
import { currentFile, writtenEnd } from './binlog';
import { channelNames, inChannel } from './channels';
import { binaryLogNames } from './binlog-purge';
import { remainingDelay, sqlThreadState } from './replica-delay';
import { untilStatus } from './replica-repair';
import { formatGtidSet, formatMariadbPos, mariadbCurrentPos } from './gtid';
import { firstUnappliedTransaction, relayFullyApplied } from './relay-log';
import { averageWait, semisyncClients } from './semisync';
import { canonicalStatusName } from '../model/status-variables';
import { heartbeatPeriod } from '../model/settings';
import type { ServerStatus, StatusValue } from '../trace/trace';
import type { ServerState, World } from './world';

/** The status of one server now. */
export function statusOf(world: World, server: ServerState): ServerStatus {
  const mariadb = server.flavor === 'mariadb-10.11';
  const s: ServerStatus = { Server_state: server.state };
  const file = currentFile(server.binlog);
  s['File'] = file?.name ?? '';
  s['Position'] = writtenEnd(server.binlog).pos;
  s['Binary_logs'] = binaryLogNames(server);
  if (mariadb) {
    s['gtid_binlog_pos'] = formatMariadbPos(server.mariadb.binlogPos);
    s['gtid_slave_pos'] = formatMariadbPos(server.mariadb.slavePos);
    s['gtid_current_pos'] = formatMariadbPos(mariadbCurrentPos(server.mariadb));
  } else {
    s['Executed_Gtid_Set'] = formatGtidSet(server.gtidExecuted);
    s['gtid_executed'] = formatGtidSet(server.gtidExecuted);
  }
  s['read_only'] = server.config.readOnly ? 'ON' : 'OFF';
  if (server.flavor !== 'mysql-5.5' && !mariadb) s['super_read_only'] = server.config.superReadOnly ? 'ON' : 'OFF';
  const sem = server.semisync;
  s['Rpl_semi_sync_master_status'] = server.state === 'running' && server.config.semisyncMaster && sem.on ? 'ON' : 'OFF';
  s['Rpl_semi_sync_master_clients'] = semisyncClients(server);
  s['Rpl_semi_sync_master_yes_tx'] = sem.yesTx;
  s['Rpl_semi_sync_master_no_tx'] = sem.noTx;
  s['Rpl_semi_sync_master_no_times'] = sem.noTimes;
  s['Rpl_semi_sync_master_wait_sessions'] = sem.waiters.length;
  s['Rpl_semi_sync_master_tx_avg_wait_time'] = averageWait(sem);
  replicaStatus(world, server, s);
  // A multi-source replica: one row of SHOW SLAVE STATUS per channel, as `NAME:Field` (the default channel's unprefixed).
  for (const name of channelNames(server)) {
    const row: ServerStatus = {};
    inChannel(world, server, name, () => replicaStatus(world, server, row));
    row[server.flavor === 'mariadb-10.11' ? 'Connection_name' : 'Channel_Name'] = name;
    for (const [key, value] of Object.entries(row)) s[`${name}:${key}`] = value;
  }
  return s;
}

/** SHOW SLAVE STATUS of the replica's channel that runs now (its only one, for a replica of one source), into `s`. */
function replicaStatus(world: World, server: ServerState, s: ServerStatus): void {
  const mariadb = server.flavor === 'mariadb-10.11';
  const r = server.replica;
  s['Rpl_semi_sync_slave_status'] = r && r.io.connected && r.io.semisync && server.state === 'running' ? 'ON' : 'OFF';
  if (!r) return;
  const up = server.state === 'running';
  const io = up ? (r.io.state === 'running' ? 'Yes' : r.io.state === 'connecting' ? 'Connecting' : 'No') : 'No';
  const sql = up && r.sql.state === 'running' ? 'Yes' : 'No';
  s['Master_Host'] = r.sourceName;
  s['Master_Log_File'] = r.masterLogFile;
  s['Read_Master_Log_Pos'] = r.readPos;
  s['Relay_Log_File'] = r.sql.relayFile;
  s['Relay_Log_Pos'] = r.sql.relayPos;
  s['Relay_Master_Log_File'] = r.relayMasterLogFile;
  s['Exec_Master_Log_Pos'] = r.execPos;
  s['Slave_IO_Running'] = io;
  s['Slave_SQL_Running'] = sql;
  s['Last_IO_Errno'] = r.io.lastErrno;
  s['Last_IO_Error'] = r.io.lastError;
  s['Last_SQL_Errno'] = r.sql.lastErrno;
  s['Last_SQL_Error'] = r.sql.lastError;
  s['Skip_Counter'] = r.sql.skipCounter;
  const until = untilStatus(server.flavor, r.sql.until);
  s['Until_Condition'] = until.condition;
  s['Until_Log_File'] = until.file;
  s['Until_Log_Pos'] = until.pos;
  s['Seconds_Behind_Master'] = secondsBehind(world, server, io, sql);
  if (server.flavor !== 'mysql-5.5') {
    s['SQL_Delay'] = server.config.masterDelay;
    s['SQL_Remaining_Delay'] = r.sql.delayEnd !== undefined && sql === 'Yes' ? remainingDelay(r.sql.delayEnd, world.now) : 'NULL';
  }
  s['Slave_SQL_Running_State'] = sqlThreadState(server);
  s['Connect_Retry'] = server.config.masterConnectRetry;
  if (!mariadb && server.flavor !== 'mysql-5.5') s['Master_Retry_Count'] = server.config.masterRetryCount;
  s['Slave_heartbeat_period'] = heartbeatPeriod(server.config) / 1_000_000;
  s['Slave_received_heartbeats'] = r.io.heartbeats;
  if (mariadb) {
    s['Using_Gtid'] = !r.autoPosition ? 'No' : r.useGtid === 'slave_pos' ? 'Slave_Pos' : 'Current_Pos';
    // Empty for a replica that positions by file and offset, as MariaDB prints it.
    s['Gtid_IO_Pos'] = r.autoPosition ? formatMariadbPos(r.gtidIoPos ?? server.mariadb.slavePos) : '';
  } else {
    s['Auto_Position'] = r.autoPosition ? 1 : 0;
    s['Retrieved_Gtid_Set'] = formatGtidSet(r.retrieved);
  }
}

/** Seconds_Behind_Master: NULL unless both threads run; else the age of the oldest unapplied source event. */
function secondsBehind(world: World, server: ServerState, io: string, sql: string): StatusValue {
  if (io !== 'Yes' || sql !== 'Yes') return 'NULL';
  const since = lagSince(world, server);
  return since === null ? 0 : Math.max(0, Math.floor((world.now - since) / 1_000_000));
}

/**
 * When the oldest transaction a running replica has not applied was written on its source (what its
 * Seconds_Behind_Master counts from); null when it lags behind nothing, or is not a running replica.
 */
export function lagSince(world: World, server: ServerState): number | null {
  const r = server.replica;
  if (!r || server.state !== 'running' || r.io.state !== 'running' || r.sql.state !== 'running') return null;
  if (relayFullyApplied(r) && !r.sql.busy) return null;
  const oldest = firstUnappliedTransaction(r);
  void world;
  return oldest?.sourceTime ?? null;
}

/** Reads a status variable by name, case-insensitively, accepting MySQL 8.0.26+ spellings (source/replica). */
export function lookupStatus(status: ServerStatus, name: string): StatusValue | undefined {
  const wanted = canonicalStatusName(name).toLowerCase();
  for (const [key, value] of Object.entries(status)) if (key.toLowerCase() === wanted) return value;
  // MariaDB has no gtid_executed: its closest equivalent is gtid_current_pos.
  if (wanted === 'gtid_executed' && status['gtid_current_pos'] !== undefined) return status['gtid_current_pos'];
  return undefined;
}

/** One channel's row of a multi-source replica's status (`NAME:Field` keys, without the prefix). */
export function channelRow(status: ServerStatus, name: string): ServerStatus {
  const prefix = `${name}:`;
  const row: ServerStatus = {};
  for (const [key, value] of Object.entries(status)) if (key.startsWith(prefix)) row[key.slice(prefix.length)] = value;
  return row;
}

/** Old and 8.0.22+ spellings of a status name (model/status-variables.ts). */
export { canonicalStatusName } from '../model/status-variables';
