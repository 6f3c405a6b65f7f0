/**
 * The status a scenario can expect and a hover or the timeline shows, under MySQL's own names:
 * SHOW MASTER STATUS, SHOW SLAVE STATUS, gtid_executed and SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'.
 */
import type { Flavor } from './scenario';

export interface StatusVariableSpec {
  name: string;
  type: 'number' | 'string';
  source: 'SHOW MASTER STATUS' | 'SHOW SLAVE STATUS' | 'SHOW GLOBAL STATUS' | 'SHOW GLOBAL VARIABLES' | 'SHOW BINARY LOGS';
  doc: string;
}

const v = (name: string, type: 'number' | 'string', source: StatusVariableSpec['source'], doc: string): StatusVariableSpec => ({
  name,
  type,
  source,
  doc,
});

export const STATUS_VARIABLES: readonly StatusVariableSpec[] = [
  v('File', 'string', 'SHOW MASTER STATUS', 'The binlog file the server is writing.'),
  v('Position', 'number', 'SHOW MASTER STATUS', 'The end of the binlog: where the next transaction will start.'),
  v(
    'Binary_logs',
    'string',
    'SHOW BINARY LOGS',
    'The binlog files the server still has, oldest first (`mysql-bin.000002, mysql-bin.000003`): PURGE BINARY LOGS and expiry remove the oldest.',
  ),
  v('Master_Log_File', 'string', 'SHOW SLAVE STATUS', 'The source binlog file the I/O thread is reading.'),
  v('Read_Master_Log_Pos', 'number', 'SHOW SLAVE STATUS', 'How far the I/O thread has received in Master_Log_File.'),
  v('Relay_Log_File', 'string', 'SHOW SLAVE STATUS', 'The relay log file the SQL thread is reading.'),
  v('Relay_Log_Pos', 'number', 'SHOW SLAVE STATUS', 'The SQL thread’s place in Relay_Log_File (a relay-log offset, not a source offset).'),
  v('Relay_Master_Log_File', 'string', 'SHOW SLAVE STATUS', 'The source binlog file of the last transaction the SQL thread applied.'),
  v(
    'Exec_Master_Log_Pos',
    'number',
    'SHOW SLAVE STATUS',
    'The source position of the end of the last applied transaction; it stays at the start of a failed one.',
  ),
  v('Slave_IO_Running', 'string', 'SHOW SLAVE STATUS', 'Yes, No or Connecting.'),
  v('Slave_SQL_Running', 'string', 'SHOW SLAVE STATUS', 'Yes or No.'),
  v(
    'Last_IO_Errno',
    'number',
    'SHOW SLAVE STATUS',
    'The I/O thread’s last error number (1236: the source cannot serve the requested position).',
  ),
  v('Last_IO_Error', 'string', 'SHOW SLAVE STATUS', 'The I/O thread’s last error message.'),
  v('Last_SQL_Errno', 'number', 'SHOW SLAVE STATUS', 'The SQL thread’s last error number (1062 duplicate key, 1032 row not found).'),
  v('Last_SQL_Error', 'string', 'SHOW SLAVE STATUS', 'The SQL thread’s last error message.'),
  v(
    'Seconds_Behind_Master',
    'number',
    'SHOW SLAVE STATUS',
    'How far the SQL thread is behind, in seconds (NULL when a thread is stopped).',
  ),
  v(
    'Skip_Counter',
    'number',
    'SHOW SLAVE STATUS',
    'Events the SQL thread still has to skip (SET GLOBAL sql_slave_skip_counter, taken while it was stopped); a skip always ends at the end of an event group.',
  ),
  v(
    'Until_Condition',
    'string',
    'SHOW SLAVE STATUS',
    'The UNTIL clause of the last START SLAVE: `None`, `Master` (MASTER_LOG_FILE/POS), `SQL_BEFORE_GTIDS`, `SQL_AFTER_GTIDS` (MySQL) or `Gtid` (MariaDB master_gtid_pos). It stays after the SQL thread stopped there, until the next START SLAVE.',
  ),
  v('Until_Log_File', 'string', 'SHOW SLAVE STATUS', 'The source binlog file of START SLAVE UNTIL MASTER_LOG_FILE (empty without one).'),
  v('Until_Log_Pos', 'number', 'SHOW SLAVE STATUS', 'The source position of START SLAVE UNTIL MASTER_LOG_POS (0 without one).'),
  v(
    'SQL_Delay',
    'number',
    'SHOW SLAVE STATUS',
    'MASTER_DELAY (SOURCE_DELAY): how many seconds the SQL thread stays behind its source on purpose.',
  ),
  v(
    'SQL_Remaining_Delay',
    'number',
    'SHOW SLAVE STATUS',
    'While the SQL thread waits out MASTER_DELAY: the seconds left before it applies the next transaction; NULL otherwise.',
  ),
  v(
    'Slave_SQL_Running_State',
    'string',
    'SHOW SLAVE STATUS',
    'What the SQL thread is doing: `Slave has read all relay log; waiting for more updates` (8.0: `Replica has …`), ' +
      '`Waiting until MASTER_DELAY seconds after master executed event` (8.0: `SOURCE_DELAY … source …`), empty when stopped.',
  ),
  v(
    'Connect_Retry',
    'number',
    'SHOW SLAVE STATUS',
    'MASTER_CONNECT_RETRY: seconds the I/O thread sleeps between two failed connection attempts.',
  ),
  v(
    'Master_Retry_Count',
    'number',
    'SHOW SLAVE STATUS',
    'MySQL 5.6+ (8.0: `Source_Retry_Count`): failed connection attempts in a row after which the I/O thread stops.',
  ),
  v(
    'Slave_heartbeat_period',
    'number',
    'SHOW GLOBAL STATUS',
    'The heartbeat period of the connection, in seconds (half of slave_net_timeout unless MASTER_HEARTBEAT_PERIOD says). ' +
      'MariaDB: SHOW ALL SLAVES STATUS; MySQL 5.7+: performance_schema.replication_connection_configuration.HEARTBEAT_INTERVAL.',
  ),
  v(
    'Slave_received_heartbeats',
    'number',
    'SHOW GLOBAL STATUS',
    'Heartbeat events the I/O thread received from an idle source. MariaDB: SHOW ALL SLAVES STATUS; MySQL 5.7+: ' +
      'performance_schema.replication_connection_status.COUNT_RECEIVED_HEARTBEATS.',
  ),
  v(
    'gtid_executed',
    'string',
    'SHOW GLOBAL VARIABLES',
    'The GTIDs committed on this server (MySQL); MariaDB: gtid_binlog_pos / gtid_slave_pos.',
  ),
  v('Executed_Gtid_Set', 'string', 'SHOW MASTER STATUS', 'MySQL: the GTIDs committed on this server, as SHOW MASTER STATUS prints them.'),
  v('gtid_binlog_pos', 'string', 'SHOW GLOBAL VARIABLES', 'MariaDB: the last GTID per domain written to this server’s binlog.'),
  v('gtid_slave_pos', 'string', 'SHOW GLOBAL VARIABLES', 'MariaDB: the last GTID per domain applied by this server’s SQL thread.'),
  v(
    'gtid_current_pos',
    'string',
    'SHOW GLOBAL VARIABLES',
    'MariaDB: per domain, the newer of gtid_binlog_pos and gtid_slave_pos (what MASTER_USE_GTID=current_pos asks for).',
  ),
  v('Master_Host', 'string', 'SHOW SLAVE STATUS', 'The source this replica is configured to replicate from.'),
  v(
    'Master_User',
    'string',
    'SHOW SLAVE STATUS',
    'The account the I/O thread connects with (CHANGE MASTER … MASTER_USER; MySQL 8.0.22+: `Source_User`): `root`, as `replscope verify` sets it.',
  ),
  v(
    'Master_UUID',
    'string',
    'SHOW SLAVE STATUS',
    'MySQL 5.6+ (8.0.22+: `Source_UUID`): the server_uuid of the source the I/O thread last connected to; empty before. MariaDB and MySQL 5.5 have no such field.',
  ),
  v(
    'Channel_Name',
    'string',
    'SHOW SLAVE STATUS',
    "MySQL 5.7+: the replication channel of this row of SHOW REPLICA STATUS ('' for the default channel); one row per channel.",
  ),
  v(
    'Connection_name',
    'string',
    'SHOW SLAVE STATUS',
    "MariaDB: the connection of this row of SHOW ALL SLAVES STATUS ('' for the default); SHOW SLAVE 'name' STATUS shows one.",
  ),
  v('Using_Gtid', 'string', 'SHOW SLAVE STATUS', 'MariaDB: No, Slave_Pos or Current_Pos (CHANGE MASTER … MASTER_USE_GTID).'),
  v('Gtid_IO_Pos', 'string', 'SHOW SLAVE STATUS', 'MariaDB: the GTID position the I/O thread has received up to.'),
  v('Retrieved_Gtid_Set', 'string', 'SHOW SLAVE STATUS', 'MySQL: the GTIDs the I/O thread has received.'),
  v(
    'read_only',
    'string',
    'SHOW GLOBAL VARIABLES',
    'ON: client writes get error 1290 (but from SUPER on MySQL, READ ONLY ADMIN on MariaDB); the replication threads still apply.',
  ),
  v('super_read_only', 'string', 'SHOW GLOBAL VARIABLES', 'MySQL 5.7.8+: ON refuses SUPER clients too (error 1290, --super-read-only).'),
  v(
    'Rpl_semi_sync_master_status',
    'string',
    'SHOW GLOBAL STATUS',
    'ON while commits wait for ACKs; OFF after a timeout until a replica catches up.',
  ),
  v('Rpl_semi_sync_master_clients', 'number', 'SHOW GLOBAL STATUS', 'How many semi-sync replicas are connected.'),
  v('Rpl_semi_sync_master_yes_tx', 'number', 'SHOW GLOBAL STATUS', 'Commits acknowledged by replicas in time.'),
  v('Rpl_semi_sync_master_no_tx', 'number', 'SHOW GLOBAL STATUS', 'Commits not acknowledged (timed out, or made while semi-sync was OFF).'),
  v('Rpl_semi_sync_master_no_times', 'number', 'SHOW GLOBAL STATUS', 'How many times semi-sync switched OFF.'),
  v('Rpl_semi_sync_master_wait_sessions', 'number', 'SHOW GLOBAL STATUS', 'Sessions waiting for an ACK right now.'),
  v('Rpl_semi_sync_master_tx_avg_wait_time', 'number', 'SHOW GLOBAL STATUS', 'Average time a commit waited for its ACK, in microseconds.'),
  v('Rpl_semi_sync_slave_status', 'string', 'SHOW GLOBAL STATUS', 'ON while this replica’s I/O thread runs with semi-sync.'),
];

/** The spec of a status name, under MySQL's older name or its 8.0.22+ one (`Replica_IO_Running`), case-insensitively. */
export function findStatusVariable(name: string): StatusVariableSpec | undefined {
  const lower = canonicalStatusName(name).toLowerCase();
  return STATUS_VARIABLES.find((s) => s.name.toLowerCase() === lower);
}

/**
 * MySQL 8.0.22+ prints SHOW REPLICA STATUS with source/replica words (8.0.26 the 1236 and SQL-thread texts, 8.4 the
 * semi-sync status of its only plugin, rpl_semi_sync_source): the new name of each old one. MariaDB and MySQL 5.x keep
 * the old names.
 */
const NEW_NAMES: Readonly<Record<string, string>> = {
  Master_Host: 'Source_Host',
  Master_User: 'Source_User',
  Master_UUID: 'Source_UUID',
  Master_Log_File: 'Source_Log_File',
  Read_Master_Log_Pos: 'Read_Source_Log_Pos',
  Relay_Master_Log_File: 'Relay_Source_Log_File',
  Exec_Master_Log_Pos: 'Exec_Source_Log_Pos',
  Slave_IO_Running: 'Replica_IO_Running',
  Slave_SQL_Running: 'Replica_SQL_Running',
  Seconds_Behind_Master: 'Seconds_Behind_Source',
  Slave_SQL_Running_State: 'Replica_SQL_Running_State',
  Master_Retry_Count: 'Source_Retry_Count',
};
const OLD_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(NEW_NAMES).map(([old, young]): [string, string] => [young.toLowerCase(), old]),
);

/** Whether a flavor prints the 8.0.22+ names. */
export function printsReplicaNames(flavor: Flavor): boolean {
  return flavor === 'mysql-8.0' || flavor === 'mysql-8.4';
}

/** The name `flavor` prints for a status name of the trace (`Exec_Master_Log_Pos` → `Exec_Source_Log_Pos` on 8.0). */
export function printedStatusName(flavor: Flavor, name: string): string {
  if (!printsReplicaNames(flavor)) return name;
  if (flavor === 'mysql-8.4') {
    if (name.startsWith('Rpl_semi_sync_master_')) return name.replace('Rpl_semi_sync_master_', 'Rpl_semi_sync_source_');
    if (name.startsWith('Rpl_semi_sync_slave_')) return name.replace('Rpl_semi_sync_slave_', 'Rpl_semi_sync_replica_');
  }
  return NEW_NAMES[name] ?? name;
}

/**
 * The name `flavor` prints for the status field `name` (canonical), when `written` is the field's other spelling
 * (`Slave_IO_Running` on MySQL 8.0, `Replica_IO_Running` on MariaDB); undefined when it is already the printed one.
 */
export function flavorSpelling(flavor: Flavor | undefined, name: string, written: string): string | undefined {
  if (!flavor) return undefined;
  const printed = printedStatusName(flavor, name);
  return printed.toLowerCase() === written.toLowerCase() ? undefined : printed;
}

/** The 8.0.22+ name of a status name, when it has one (for hovers and completion). */
export function newStatusName(name: string): string | undefined {
  return NEW_NAMES[name];
}

/** `Rpl_semi_sync_source_yes_tx` → `Rpl_semi_sync_master_yes_tx`, `Replica_IO_Running` → `Slave_IO_Running`, … */
export function canonicalStatusName(name: string): string {
  const old = OLD_NAMES.get(name.toLowerCase());
  if (old) return old;
  return name.replace(/^Rpl_semi_sync_source_/i, 'Rpl_semi_sync_master_').replace(/^Rpl_semi_sync_replica_/i, 'Rpl_semi_sync_slave_');
}
