/**
 * The exact texts MySQL and MariaDB print, per flavor (replication-semantics.md §5–§6, mariadb-observations.md):
 * applier errors (1062, 1032), the I/O thread's 1236 variants, client errors, error-log lines of semi-sync.
 * Kept in one place so that a DBA can compare them with a real server word for word.
 */
import type { Flavor } from '../model/scenario';
import { BINLOG_MAGIC_SIZE } from './binlog-events';
import { COMMON_HEADER_SIZE } from './binlog-format';

const isMariadb = (f: Flavor): boolean => f === 'mariadb-10.11';
/** MySQL 8.0.19+ qualifies the key name with the table in duplicate-key messages. */
const qualifiesKeyName = (f: Flavor): boolean => f === 'mysql-8.0' || f === 'mysql-8.4';
/** MySQL 8.0.26+ says source/replica in replication messages. */
const saysSource = (f: Flavor): boolean => f === 'mysql-8.0' || f === 'mysql-8.4';

/** The key name in `Duplicate entry 'x' for key '…'`: `PRIMARY`, or `t.PRIMARY` on MySQL 8.0+. */
export function duplicateKeyName(flavor: Flavor, table: string): string {
  return qualifiesKeyName(flavor) ? `${table}.PRIMARY` : 'PRIMARY';
}

/** The name a row event has in applier messages: MariaDB writes the v1 events (`Write_rows_v1`). */
export function rowsEventName(flavor: Flavor, kind: 'insert' | 'update' | 'delete'): string {
  const base = kind === 'insert' ? 'Write_rows' : kind === 'update' ? 'Update_rows' : 'Delete_rows';
  return isMariadb(flavor) ? `${base}_v1` : base;
}

/** Last_SQL_Error for a row event that hit a duplicate key (1062). */
export function applierDuplicateError(
  flavor: Flavor,
  input: { database: string; table: string; key: string; eventKind: 'insert' | 'update'; sourceFile: string; endLogPos: number },
): string {
  return (
    `Could not execute ${rowsEventName(flavor, input.eventKind)} event on table ${input.database}.${input.table}; ` +
    `Duplicate entry '${input.key}' for key '${duplicateKeyName(flavor, input.table)}', Error_code: 1062; ` +
    `handler error HA_ERR_FOUND_DUPP_KEY; the event's master log ${input.sourceFile}, end_log_pos ${input.endLogPos}`
  );
}

/**
 * Last_SQL_Error for an update/delete row event whose row is missing (1032). A table with a primary key is searched
 * by the key (HA_ERR_KEY_NOT_FOUND); one without is scanned to the end (HA_ERR_END_OF_FILE).
 */
export function applierRowNotFoundError(
  flavor: Flavor,
  input: { database: string; table: string; eventKind: 'update' | 'delete'; hasPrimaryKey: boolean; sourceFile: string; endLogPos: number },
): string {
  const handler = input.hasPrimaryKey ? 'HA_ERR_KEY_NOT_FOUND' : 'HA_ERR_END_OF_FILE';
  return (
    `Could not execute ${rowsEventName(flavor, input.eventKind)} event on table ${input.database}.${input.table}; ` +
    `Can't find record in '${input.table}', Error_code: 1032; handler error ${handler}; ` +
    `the event's master log ${input.sourceFile}, end_log_pos ${input.endLogPos}`
  );
}

/** Last_SQL_Error for a statement-format event whose execution failed. */
export function applierQueryError(flavor: Flavor, input: { message: string; database: string; query: string }): string {
  void flavor;
  return `Error '${input.message}' on query. Default database: '${input.database}'. Query: '${input.query}'`;
}

/**
 * The errors a DDL meets (share/errmsg-utf8.txt of both servers), for the client on the source and in Last_SQL_Error
 * on a replica. MySQL 5.5 names a missing table in DROP TABLE without its database; MariaDB 10.11 says which kind
 * of thing it cannot drop (`Can't DROP COLUMN \`c\``), MySQL only that it must be a column or key.
 */
export const ddlErrors = {
  tableExists: (table: string) => ({ code: 1050, message: `Table '${table}' already exists` }),
  unknownTable: (flavor: Flavor, database: string, table: string) => ({
    code: 1051,
    message: `Unknown table '${flavor === 'mysql-5.5' ? table : `${database}.${table}`}'`,
  }),
  noSuchTable: (database: string, table: string) => ({ code: 1146, message: `Table '${database}.${table}' doesn't exist` }),
  duplicateColumn: (column: string) => ({ code: 1060, message: `Duplicate column name '${column}'` }),
  cantDropColumn: (flavor: Flavor, column: string) => ({
    code: 1091,
    message: isMariadb(flavor)
      ? `Can't DROP COLUMN \`${column}\`; check that it exists`
      : `Can't DROP '${column}'; check that column/key exists`,
  }),
  cantDropAllColumns: { code: 1090, message: "You can't delete all columns with ALTER TABLE; use DROP TABLE instead" },
  keyColumnMissing: (column: string) => ({ code: 1072, message: `Key column '${column}' doesn't exist in table` }),
  duplicateKeyName: (index: string) => ({ code: 1061, message: `Duplicate key name '${index}'` }),
};

/** Last_IO_Error for an error the source's dump thread sent (1236): `Got fatal error 1236 from master when reading data from binary log: '…'`. */
export function fatalReadingBinlog(flavor: Flavor, reason: string): string {
  const master = saysSource(flavor) ? 'source' : 'master';
  return `Got fatal error 1236 from ${master} when reading data from binary log: '${reason}'`;
}

/** 1236 reasons, per flavor. */
export const reasons1236 = {
  missingFile: (): string => 'Could not find first log file name in binary log index file',
  /**
   * MySQL 5.5 (sql_repl.cc) still says "impossible position"; 5.7's binlog sender says "position > file size".
   * MariaDB checks the offset before reading anything (check_start_offset) and names the request, with nothing read
   * past the 4-byte magic header.
   */
  pastEnd: (flavor: Flavor, file: string, pos: number): string =>
    isMariadb(flavor)
      ? `Client requested master to start replication from impossible position; the first event '${file}' at ${pos}, ` +
        `the last event read from '${file}' at ${BINLOG_MAGIC_SIZE}, the last byte read from '${file}' at ${BINLOG_MAGIC_SIZE}.`
      : flavor === 'mysql-5.5'
        ? 'Client requested master to start replication from impossible position'
        : 'Client requested master to start replication from position > file size',
  /**
   * A start inside an event. MySQL 5.6+ names where the read stopped: the end of the event it was in. MariaDB reads an
   * event header (19 bytes) at the requested offset and names that offset and the header's end. Its reason depends on
   * the bytes found there (a length too small: "bogus data in log event"; too large: "log event entry exceeded
   * max_allowed_packet"), which the engine does not hold: it always says the event is truncated. MySQL 5.5 gives the
   * reason alone.
   */
  offBoundary: (flavor: Flavor, file: string, pos: number, at: { eventStart: number; eventEnd: number; size: number }): string => {
    const reason = 'binlog truncated in the middle of event; consider out of disk space on master';
    if (flavor === 'mysql-5.5') return reason;
    const [lastEvent, lastByte, path] = isMariadb(flavor)
      ? [pos, Math.min(pos + COMMON_HEADER_SIZE, at.size), '']
      : [at.eventStart, at.eventEnd, './'];
    return (
      `${reason}; the first event '${file}' at ${pos}, ` +
      `the last event read from '${path}${file}' at ${lastEvent}, the last byte read from '${path}${file}' at ${lastByte}.`
    );
  },
  moreGtidsThanSource: (flavor: Flavor): string =>
    saysSource(flavor)
      ? "Replica has more GTIDs than the source has, using the source's SERVER_UUID. This may indicate that the end of the binary log was truncated or that the last binary log file was lost, e.g., after a power or disk failure when sync_binlog != 1. The source may or may not have rolled back transactions that were already replicated to the replica. Suggest to replicate any transactions that source has rolled back from replica to source, and/or commit empty transactions on source to account for transactions that have been committed on source but are not included in GTID_EXECUTED."
      : "Slave has more GTIDs than the master has, using the master's SERVER_UUID. This may indicate that the end of the binary log was truncated or that the last binary log file was lost, e.g., after a power or disk failure when sync_binlog != 1. The master may or may not have rolled back transactions that were already replicated to the slave. Suggest to replicate any transactions that master has rolled back from slave to master, and/or commit empty transactions on master to account for transactions that have been committed on master but are not included in GTID_EXECUTED.",
  /**
   * The source purged binlogs holding GTIDs the auto-positioning replica lacks (ER_MASTER_HAS_PURGED_REQUIRED_GTIDS /
   * ER_SOURCE_HAS_PURGED_REQUIRED_GTIDS): with the set the replica sent and the missing one, written as MySQL prints a
   * GTID set (`,\n` between UUIDs). Sets too long for the message are not modelled.
   */
  purged: (flavor: Flavor, sent: string, missing: string): string =>
    saysSource(flavor)
      ? "Cannot replicate because the source purged required binary logs. Replicate the missing transactions from elsewhere, or provision a new replica from backup. Consider increasing the source's binary log expiration period. " +
        `The GTID set sent by the replica is '${sent}', and the missing transactions are '${missing}'`
      : "The slave is connecting using CHANGE MASTER TO MASTER_AUTO_POSITION = 1, but the master has purged binary logs containing GTIDs that the slave requires. Replicate the missing transactions from elsewhere, or provision a new slave from backup. Consider increasing the master's binary log expiration period. " +
        `The GTID set sent by the slave is '${sent}', and the missing transactions are '${missing}'.`,
  /** MariaDB: the binlog file holding the requested GTID position was purged (sql_repl.cc, gtid_find_binlog_file). */
  mariadbGtidPurged: (): string =>
    'Could not find GTID state requested by slave in any binlog files. Probably the slave state is too old and required binlog files have been purged.',
  mariadbGtidNotInBinlog: (gtid: string, diverged: boolean): string =>
    `Error: connecting slave requested to start from GTID ${gtid}, which is not in the master's binlog` +
    (diverged
      ? ". Since the master's binlog contains GTIDs with higher sequence numbers, it probably means that the slave has diverged due to executing extra erroneous transactions"
      : ''),
};

/**
 * ER_OPTION_PREVENTS_STATEMENT (1290) for a write on a read-only server: `--read-only`, or `--super-read-only` for a
 * SUPER client refused by super_read_only (MySQL's err_readonly); MariaDB names itself.
 */
export function readOnlyError(flavor: Flavor, option: '--read-only' | '--super-read-only'): string {
  return `The ${isMariadb(flavor) ? 'MariaDB' : 'MySQL'} server is running with the ${option} option so it cannot execute this statement`;
}

/** PURGE BINARY LOGS: the unknown target (1373) and the warning for a file a dump thread still reads (MySQL 1867). */
export const purgeErrors = {
  targetNotFound: 'ERROR 1373 (HY000): Target log not found in binlog index',
  inUse: (flavor: Flavor, file: string, readers: number, purged: number, wanted: number): string =>
    isMariadb(flavor)
      ? `${file} is in use by a binlog dump thread: purged ${purged} of ${wanted} files`
      : `Warning 1867: file ./${file} was not purged because it was being read by ${readers} thread(s), purged only ${purged} out of ${wanted} files.`,
};

/** Client error texts. */
export const clientErrors = {
  lostConnection: { code: 2013, message: 'Lost connection to MySQL server during query' },
  goneAway: { code: 2006, message: 'MySQL server has gone away' },
  cannotConnect: (host: string) => ({ code: 2003, message: `Can't connect to MySQL server on '${host}'` }),
  lockWaitTimeout: { code: 1205, message: 'Lock wait timeout exceeded; try restarting transaction' },
  deadlock: { code: 1213, message: 'Deadlock found when trying to get lock; try restarting transaction' },
  shutdown: { code: 1053, message: 'Server shutdown in progress' },
};

/** The source's error-log line when a commit's wait for ACKs times out (semisync_source.cc). */
export function semisyncTimeoutLog(file: string, pos: number, ackFile: string, ackPos: number): string {
  return `Timeout waiting for reply of binlog (file: ${file}, pos: ${pos}), semi-sync up to file ${ackFile}, position ${ackPos}.`;
}

/** The source's error-log line when semi-sync switches OFF. */
export const SEMISYNC_OFF_LOG = 'Semi-sync replication switched OFF.';

/** The source's error-log line when semi-sync switches back ON. */
export function semisyncOnLog(serverId: number, file: string, pos: number): string {
  return `Semi-sync replication switched ON with slave (server_id: ${serverId}) at (${file}, ${pos})`;
}

/** The note START SLAVE gives when every thread it names is already running (MySQL 5.7+: 3083; else 1254). */
export function slaveAlreadyRunning(flavor: Flavor): string {
  return flavor === 'mysql-5.7' || flavor === 'mysql-8.0' || flavor === 'mysql-8.4'
    ? "Note 3083: Replication thread(s) for channel '' are already runnning."
    : 'Note 1254: Slave is already running';
}

/** CHANGE MASTER TO … MASTER_AUTO_POSITION=1 on a server with GTIDs off (error 1777; MySQL 5.5 has no such option). */
export function autoPositionRefused(flavor: Flavor): string {
  if (flavor === 'mysql-5.5')
    return "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'MASTER_AUTO_POSITION=1' at line 1";
  return saysSource(flavor)
    ? 'ERROR 1777 (HY000): CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1 cannot be executed because @@GLOBAL.GTID_MODE = OFF.'
    : 'ERROR 1777 (HY000): CHANGE MASTER TO MASTER_AUTO_POSITION = 1 cannot be executed because @@GLOBAL.GTID_MODE = OFF.';
}

/**
 * CHANGE MASTER TO while a replication thread runs. MariaDB and MySQL 5.5 refuse it if either thread runs (1198); MySQL
 * 5.7+ only if the thread whose options change runs: the receiver's (a new source or position: 3021), the applier's
 * (MASTER_DELAY: 3017).
 */
export function changeMasterWhileRunning(flavor: Flavor, thread: 'any' | 'io' | 'sql'): string {
  if (flavor === 'mariadb-10.11') return slaveMustStop();
  if (thread === 'any') return 'ERROR 1198 (HY000): This operation cannot be performed with a running slave; run STOP SLAVE first';
  const [replica, stop] = saysSource(flavor) ? ['replica', 'STOP REPLICA'] : ['slave', 'STOP SLAVE'];
  return thread === 'io'
    ? `ERROR 3021 (HY000): This operation cannot be performed with a running ${replica} io thread; run ${stop} IO_THREAD FOR CHANNEL '' first.`
    : `ERROR 3017 (HY000): This operation cannot be performed with a running ${replica} sql thread; run ${stop} SQL_THREAD first`;
}

/** SET GLOBAL sql_slave_skip_counter on a MySQL server with GTID_MODE=ON (error 1858; 8.0.26+ names sql_replica_skip_counter). */
export function skipCounterInGtidMode(flavor: Flavor): string {
  const variable = saysSource(flavor) ? 'sql_replica_skip_counter' : 'sql_slave_skip_counter';
  return (
    `ERROR 1858 (HY000): ${variable} can not be set when the server is running with @@GLOBAL.GTID_MODE = ON. ` +
    'Instead, for each transaction that you want to skip, generate an empty transaction with the same GTID as the transaction'
  );
}

/** SET gtid_next='uuid:n' on a MySQL server with GTID_MODE=OFF (error 1781). */
export function gtidNextWithGtidModeOff(): string {
  return 'ERROR 1781 (HY000): @@SESSION.GTID_NEXT cannot be set to UUID:NUMBER when @@GLOBAL.GTID_MODE = OFF.';
}

/** MariaDB: SET GLOBAL sql_slave_skip_counter while the SQL thread of the default connection runs (error 1198). */
export function slaveMustStop(): string {
  return "ERROR 1198 (HY000): This operation cannot be performed as you have a running slave ''; run STOP SLAVE '' first";
}

/** gtid_strict_mode: Last_SQL_Error 1950 when the applier would binlog a GTID out of order in its domain. */
export function gtidStrictOutOfOrder(gtid: string, existing: string): string {
  return `An attempt was made to binlog GTID ${gtid} which would create an out-of-order sequence number with existing GTID ${existing}, and gtid strict mode is enabled`;
}

/** SET GLOBAL gtid_slave_pos: warning 1947 when the binlog has a more recent GTID in the domain. */
export function gtidSlavePosConflict(gtid: string, binlogged: string): string {
  return `Warning 1947: Specified GTID ${gtid} conflicts with the binary log which contains a more recent GTID ${binlogged}. If MASTER_GTID_POS=CURRENT_POS is used, the binlog position will override the new value of @@gtid_slave_pos`;
}
