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
import { REPLICATION_USER, heartbeatPeriod } from '../model/settings';
import type { ServerStatus, StatusValue } from '../trace/trace';
import type { ServerState, World } from './world';

/** The status of one server now. */
export function statusOf(world: World, server: ServerState): ServerStatus {
  const fields = statusFields(world, server);
  const s: ServerStatus = {};
  for (const k in fields) {
    const v = fields[k];
    if (v !== undefined) s[k] = v;
  }
  return s;
}

/** A server's status with every name any server has, in one order; a name this server lacks is `undefined`. */
export type StatusFields = Record<string, StatusValue | undefined>;

/**
 * The status of one server now as one object of the same shape for every server (the names it lacks are undefined),
 * built at once: the trace diffs it against the last one after every instant something happened on the server.
 */
export function statusFields(world: World, server: ServerState, channelRows = true): StatusFields {
  const mariadb = server.flavor === 'mariadb-10.11';
  const mysql55 = server.flavor === 'mysql-5.5';
  const running = server.state === 'running';
  const sem = server.semisync;
  const r = server.replica;
  const executed = mariadb ? undefined : formatGtidSet(server.gtidExecuted);
  const io = r && running ? (r.io.state === 'running' ? 'Yes' : r.io.state === 'connecting' ? 'Connecting' : 'No') : 'No';
  const sql = r && running && r.sql.state === 'running' ? 'Yes' : 'No';
  const until = r ? untilStatus(server.flavor, r.sql.until) : undefined;
  const fields: StatusFields = {
    Server_state: server.state,
    File: currentFile(server.binlog)?.name ?? '',
    Position: writtenEnd(server.binlog).pos,
    Binary_logs: binaryLogNames(server),
    gtid_binlog_pos: mariadb ? formatMariadbPos(server.mariadb.binlogPos) : undefined,
    gtid_slave_pos: mariadb ? formatMariadbPos(server.mariadb.slavePos) : undefined,
    gtid_current_pos: mariadb ? formatMariadbPos(mariadbCurrentPos(server.mariadb)) : undefined,
    Executed_Gtid_Set: executed,
    gtid_executed: executed,
    read_only: server.config.readOnly ? 'ON' : 'OFF',
    super_read_only: mysql55 || mariadb ? undefined : server.config.superReadOnly ? 'ON' : 'OFF',
    Rpl_semi_sync_master_status: running && server.config.semisyncMaster && sem.on ? 'ON' : 'OFF',
    Rpl_semi_sync_master_clients: semisyncClients(server),
    Rpl_semi_sync_master_yes_tx: sem.yesTx,
    Rpl_semi_sync_master_no_tx: sem.noTx,
    Rpl_semi_sync_master_no_times: sem.noTimes,
    Rpl_semi_sync_master_wait_sessions: sem.waiters.length,
    Rpl_semi_sync_master_tx_avg_wait_time: averageWait(sem),
    Rpl_semi_sync_slave_status: r && r.io.connected && r.io.semisync && running ? 'ON' : 'OFF',
    Master_Host: r?.sourceName,
    Master_User: r ? REPLICATION_USER : undefined,
    Master_UUID: r && !mariadb && !mysql55 ? r.masterUuid : undefined,
    Master_Log_File: r?.masterLogFile,
    Read_Master_Log_Pos: r?.readPos,
    Relay_Log_File: r?.sql.relayFile,
    Relay_Log_Pos: r?.sql.relayPos,
    Relay_Master_Log_File: r?.relayMasterLogFile,
    Exec_Master_Log_Pos: r?.execPos,
    Slave_IO_Running: r ? io : undefined,
    Slave_SQL_Running: r ? sql : undefined,
    Last_IO_Errno: r?.io.lastErrno,
    Last_IO_Error: r?.io.lastError,
    Last_SQL_Errno: r?.sql.lastErrno,
    Last_SQL_Error: r?.sql.lastError,
    Skip_Counter: r?.sql.skipCounter,
    Until_Condition: until?.condition,
    Until_Log_File: until?.file,
    Until_Log_Pos: until?.pos,
    Seconds_Behind_Master: r ? secondsBehind(world, server, io, sql) : undefined,
    SQL_Delay: r && !mysql55 ? server.config.masterDelay : undefined,
    SQL_Remaining_Delay:
      !r || mysql55 ? undefined : r.sql.delayEnd !== undefined && sql === 'Yes' ? remainingDelay(r.sql.delayEnd, world.now) : 'NULL',
    Slave_SQL_Running_State: r ? sqlThreadState(server) : undefined,
    Connect_Retry: r ? server.config.masterConnectRetry : undefined,
    Master_Retry_Count: r && !mariadb && !mysql55 ? server.config.masterRetryCount : undefined,
    Slave_heartbeat_period: r ? heartbeatPeriod(server.config) / 1_000_000 : undefined,
    Slave_received_heartbeats: r?.io.heartbeats,
    Using_Gtid: r && mariadb ? (!r.autoPosition ? 'No' : r.useGtid === 'slave_pos' ? 'Slave_Pos' : 'Current_Pos') : undefined,
    // Empty for a replica that positions by file and offset, as MariaDB prints it.
    Gtid_IO_Pos: r && mariadb ? (r.autoPosition ? formatMariadbPos(r.gtidIoPos ?? server.mariadb.slavePos) : '') : undefined,
    Auto_Position: r && !mariadb ? (r.autoPosition ? 1 : 0) : undefined,
    Retrieved_Gtid_Set: r && !mariadb ? formatGtidSet(r.retrieved) : undefined,
  };
  // A multi-source replica: one row of SHOW SLAVE STATUS per channel, as `NAME:Field` (the default channel's unprefixed).
  if (channelRows && server.channels)
    for (const name of channelNames(server)) {
      const row = inChannel(world, server, name, () => statusFields(world, server, false));
      let replicaField = false;
      for (const key in row) {
        replicaField ||= key === FIRST_REPLICA_FIELD;
        const value = row[key];
        if (replicaField && value !== undefined) fields[`${name}:${key}`] = value;
      }
      fields[`${name}:${mariadb ? 'Connection_name' : 'Channel_Name'}`] = name;
    }
  return fields;
}

/** The first of the fields of SHOW SLAVE STATUS in `statusFields`' order: from it on, a field is a channel's. */
const FIRST_REPLICA_FIELD = 'Rpl_semi_sync_slave_status';

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
