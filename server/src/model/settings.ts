/**
 * Every server setting the language knows: its short name, MySQL's variable name, what values it takes,
 * its default per flavor and what it means. The checker validates against it, hover and completion read it,
 * and `defaultServerConfig` is where every default lives.
 */
import type { Flavor, InfoRepository, Micros, ServerConfig } from './scenario';

export type SettingValue = boolean | number | string | null;

export interface SettingSpec {
  name: string;
  /** MySQL's (or MariaDB's) variable name, also accepted in a file. */
  mysqlName: string;
  kind: 'bool' | 'int' | 'duration' | 'size' | 'enum' | 'flavor' | 'string' | 'errors';
  /** For `enum`: the words it takes. */
  values?: readonly string[];
  min?: number;
  max?: number;
  /** A duration that may be `unbounded` (stored as null). */
  unbounded?: boolean;
  /** What it means, in MySQL's terms. */
  doc: string;
  /** The default as the user would write it. */
  defaultText: (flavor: Flavor) => string;
  /** Writes a checked value into a configuration. */
  apply: (config: ServerConfig, value: SettingValue) => void;
}

const isMysql55 = (f: Flavor) => f === 'mysql-5.5';
const isMariadb = (f: Flavor) => f === 'mariadb-10.11';

/**
 * Settings that `SET GLOBAL` cannot change on a running server: the checker refuses them after `set`, and completion
 * leaves them out there.
 */
export const STARTUP_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'flavor',
  'server_id',
  'server_uuid',
  'gtid',
  'log_slave_updates',
  'slave_skip_errors',
  'gtid_domain_id',
  'relay_log_recovery',
  'relay_log_info_repository',
  'master_info_repository',
]);

export const SETTINGS: readonly SettingSpec[] = [
  {
    name: 'flavor',
    mysqlName: 'version',
    kind: 'flavor',
    doc: "The server's product and version: its defaults and its binary-log layout (event sizes, header events).",
    defaultText: (f) => f,
    apply: (c, v) => (c.flavor = v as Flavor),
  },
  {
    name: 'server_id',
    mysqlName: 'server_id',
    kind: 'int',
    min: 1,
    max: 4294967295,
    doc: 'Identifies the server in the replication topology; written into every binlog event header. Must be unique.',
    defaultText: () => '1, 2, 3 … in declaration order',
    apply: (c, v) => (c.serverId = v as number),
  },
  {
    name: 'server_uuid',
    mysqlName: 'server_uuid',
    kind: 'string',
    doc: "The server's UUID (MySQL): the source part of its GTIDs (`uuid:n`).",
    defaultText: () => 'derived from server_id',
    apply: (c, v) => (c.serverUuid = v as string),
  },
  {
    name: 'semisync',
    mysqlName: 'rpl_semi_sync',
    kind: 'bool',
    doc:
      'Semi-synchronous replication, both sides: `rpl_semi_sync_master_enabled` (used while the server has replicas) and ' +
      '`rpl_semi_sync_slave_enabled` (used while it replicates), as DBAs set them on every server that may be promoted.',
    defaultText: () => 'off',
    apply: (c, v) => {
      c.semisyncMaster = v as boolean;
      c.semisyncSlave = v as boolean;
    },
  },
  {
    name: 'semisync_master',
    mysqlName: 'rpl_semi_sync_master_enabled',
    kind: 'bool',
    doc: 'The source side of semi-sync: commits wait for replicas to acknowledge (up to the timeout).',
    defaultText: () => 'off',
    apply: (c, v) => (c.semisyncMaster = v as boolean),
  },
  {
    name: 'semisync_slave',
    mysqlName: 'rpl_semi_sync_slave_enabled',
    kind: 'bool',
    doc: 'The replica side of semi-sync: the I/O thread acknowledges each transaction once it is written to the relay log. Read when the I/O thread starts.',
    defaultText: () => 'off',
    apply: (c, v) => (c.semisyncSlave = v as boolean),
  },
  {
    name: 'wait_point',
    mysqlName: 'rpl_semi_sync_master_wait_point',
    kind: 'enum',
    values: ['after_sync', 'after_commit'],
    doc:
      'Where a commit waits for the ACK. AFTER_SYNC (lossless): after the binlog sync, before the engine commit, so no other ' +
      'session sees the rows first. AFTER_COMMIT (classic): after the engine commit, rows already visible. MySQL 5.5/5.6 have only AFTER_COMMIT.',
    defaultText: (f) => (isMysql55(f) || isMariadb(f) ? 'after_commit' : 'after_sync'),
    apply: (c, v) => (c.waitPoint = v as ServerConfig['waitPoint']),
  },
  {
    name: 'timeout',
    mysqlName: 'rpl_semi_sync_master_timeout',
    kind: 'duration',
    unbounded: true,
    doc:
      'How long one commit waits for ACKs. When it expires semi-sync switches OFF and the COMMIT returns OK to the client ' +
      '(only the error log tells); commits stop waiting until a replica catches up.',
    defaultText: () => '10s',
    apply: (c, v) => (c.semisyncTimeout = v as Micros | null),
  },
  {
    name: 'wait_for_slave_count',
    mysqlName: 'rpl_semi_sync_master_wait_for_slave_count',
    kind: 'int',
    min: 1,
    max: 65535,
    doc: 'How many distinct replicas must acknowledge a transaction before its commit goes on (MySQL 5.7+).',
    defaultText: () => '1',
    apply: (c, v) => (c.waitForSlaveCount = v as number),
  },
  {
    name: 'wait_no_slave',
    mysqlName: 'rpl_semi_sync_master_wait_no_slave',
    kind: 'bool',
    doc:
      'ON: semi-sync stays ON, and commits wait, even with fewer semi-sync replicas connected than needed. OFF: MySQL switches ' +
      'semi-sync OFF as soon as too few are connected; MariaDB stops waiting but keeps the status ON.',
    defaultText: () => 'on',
    apply: (c, v) => (c.waitNoSlave = v as boolean),
  },
  {
    name: 'sync_binlog',
    mysqlName: 'sync_binlog',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'fsync the binlog every N commit groups (1: every group; 0: never, the OS decides). With 1 a dump thread sends a ' +
      'transaction only after the sync; otherwise right after the write, so a replica may get events a host crash then loses.',
    defaultText: (f) => (isMysql55(f) || isMariadb(f) ? '0' : '1'),
    apply: (c, v) => (c.syncBinlog = v as number),
  },
  {
    name: 'innodb_flush_log_at_trx_commit',
    mysqlName: 'innodb_flush_log_at_trx_commit',
    kind: 'int',
    min: 0,
    max: 2,
    doc: 'InnoDB redo durability at commit: 1 = write and fsync, 2 = write (fsync about once a second), 0 = neither at commit.',
    defaultText: () => '1',
    apply: (c, v) => (c.innodbFlushLogAtTrxCommit = v as 0 | 1 | 2),
  },
  {
    name: 'binlog_format',
    mysqlName: 'binlog_format',
    kind: 'enum',
    values: ['row', 'statement'],
    doc: 'ROW logs the changed rows (Table_map + Write/Update/Delete_rows events); STATEMENT logs the SQL text (a Query event).',
    defaultText: (f) => (isMysql55(f) ? 'statement' : 'row'),
    apply: (c, v) => (c.binlogFormat = v as ServerConfig['binlogFormat']),
  },
  {
    name: 'max_binlog_size',
    mysqlName: 'max_binlog_size',
    kind: 'size',
    min: 4096,
    max: 1024 ** 3,
    doc:
      'The binlog rotates to the next file after the commit that takes it to this size (a Rotate event, then a new file). ' +
      'A transaction is never split, so a file may end larger.',
    defaultText: () => '1GB',
    apply: (c, v) => (c.maxBinlogSize = v as number),
  },
  {
    name: 'gtid',
    mysqlName: 'gtid_mode',
    kind: 'bool',
    doc:
      'Global transaction identifiers. MySQL: gtid_mode=ON writes `uuid:n` GTID events (off: Anonymous_Gtid), and a replica ' +
      'auto-positions. MariaDB always writes `domain-server-seq` GTIDs; here `gtid` means the replica connects with ' +
      'MASTER_USE_GTID (current_pos unless `master_use_gtid` says slave_pos), and `gtid=off` with MASTER_USE_GTID=no.',
    defaultText: (f) => (isMariadb(f) ? 'on' : 'off'),
    apply: (c, v) => (c.gtidMode = v as boolean),
  },
  {
    name: 'master_use_gtid',
    mysqlName: 'master_use_gtid',
    kind: 'enum',
    values: ['slave_pos', 'current_pos', 'no'],
    doc:
      'MariaDB: the GTID position a replica sends when it connects (CHANGE MASTER TO … MASTER_USE_GTID; Using_Gtid in SHOW ' +
      'SLAVE STATUS). current_pos: gtid_current_pos, which includes the GTIDs the replica wrote to its own binlog, so an ' +
      'errant write there makes it ask for a GTID the source does not have (error 1236). slave_pos: gtid_slave_pos, only what ' +
      'its SQL thread applied: the errant write is ignored (a promoted source that rejoins needs `set … gtid_slave_pos` first). ' +
      'no: the binlog file and position.',
    defaultText: (f) => (isMariadb(f) ? 'current_pos' : 'no (MariaDB only)'),
    apply: (c, v) => {
      c.gtidMode = v !== 'no';
      if (v !== 'no') c.masterUseGtid = v as ServerConfig['masterUseGtid'];
    },
  },
  {
    name: 'gtid_domain_id',
    mysqlName: 'gtid_domain_id',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'MariaDB: the replication domain of the GTIDs this server gives its own transactions (`D-S-N`, D the domain). Each ' +
      'domain has its own sequence, so gtid_binlog_pos and gtid_slave_pos hold one GTID per domain (`0-1-5,1-2-3`), and a ' +
      'replica positions in each domain separately. Servers written to independently use different domains. Startup only.',
    defaultText: () => '0',
    apply: (c, v) => (c.gtidDomainId = v as number),
  },
  {
    name: 'gtid_strict_mode',
    mysqlName: 'gtid_strict_mode',
    kind: 'bool',
    doc:
      'MariaDB: GTIDs in the binlog must grow within each domain. A replica that would write a GTID whose sequence number ' +
      'is not above the last one of its domain in its binlog (an errant write got there first) stops its SQL thread with ' +
      'error 1950 (`An attempt was made to binlog GTID … which would create an out-of-order sequence number with existing ' +
      'GTID …, and gtid strict mode is enabled`) instead of silently diverging.',
    defaultText: () => 'off',
    apply: (c, v) => (c.gtidStrictMode = v as boolean),
  },
  {
    name: 'gtid_slave_pos',
    mysqlName: 'gtid_slave_pos',
    kind: 'string',
    doc:
      "MariaDB: SET GLOBAL gtid_slave_pos='D-S-N,…' (a `set` step, with the replica's threads stopped): the GTID position " +
      'a replica using master_use_gtid=slave_pos asks for at its next START SLAVE, e.g. a promoted source rejoining ' +
      "(`set m1 gtid_slave_pos='0-1-5'`), or '' to start from the beginning. While a slave thread runs, error 1198.",
    defaultText: () => "'' (what the SQL thread applied)",
    apply: (c, v) => (c.gtidSlavePos = v as string),
  },
  {
    name: 'sync_relay_log',
    mysqlName: 'sync_relay_log',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc: 'fsync the relay log every N events (0: never). A semi-sync ACK follows the relay-log write and flush, not the fsync.',
    defaultText: () => '10000',
    apply: (c, v) => (c.syncRelayLog = v as number),
  },
  {
    name: 'relay_log_info_repository',
    mysqlName: 'relay_log_info_repository',
    kind: 'enum',
    values: ['file', 'table'],
    doc:
      'Where the SQL thread records how far it applied (MySQL 5.6 to 8.0). TABLE: mysql.slave_relay_log_info, an InnoDB row ' +
      'updated inside each applied transaction, so after a crash the position is exactly that of the last transaction ' +
      'recovery kept. FILE: `relay-log.info`, rewritten after each commit and fsynced every `sync_relay_log_info` transactions: ' +
      'a host crash leaves the position of the last fsync, and the restarted SQL thread applies again what came after it ' +
      '(error 1062 on a row insert, 1032 on a row delete). Default FILE up to 5.7, TABLE from 8.0; FILE deprecated in 8.0.23, ' +
      'the variable gone in 8.4 (TABLE only). MySQL 5.5 and MariaDB always use the file (MariaDB: mysql.gtid_slave_pos ' +
      'makes a GTID replica crash-safe).',
    defaultText: (f) => (f === 'mysql-8.0' || f === 'mysql-8.4' ? 'table' : 'file'),
    apply: (c, v) => (c.relayLogInfoRepository = v as InfoRepository),
  },
  {
    name: 'master_info_repository',
    mysqlName: 'master_info_repository',
    kind: 'enum',
    values: ['file', 'table'],
    doc:
      'Where the I/O thread records the source position it received up to (MySQL 5.6 to 8.0). FILE: `master.info`, rewritten ' +
      'after each event and fsynced every `sync_master_info` events. TABLE: mysql.slave_master_info, written only every ' +
      '`sync_master_info` events, so after any crash it is behind the relay log: without `relay_log_recovery` the I/O ' +
      'thread asks again for events the relay log already holds, and the SQL thread applies them twice. Defaults, ' +
      'deprecation and flavors as relay_log_info_repository.',
    defaultText: (f) => (f === 'mysql-8.0' || f === 'mysql-8.4' ? 'table' : 'file'),
    apply: (c, v) => (c.masterInfoRepository = v as InfoRepository),
  },
  {
    name: 'relay_log_recovery',
    mysqlName: 'relay_log_recovery',
    kind: 'bool',
    doc:
      'At startup, the relay log is thrown away and the I/O thread starts again from the position the SQL thread recorded ' +
      '(relay_log_info_repository), so nothing the I/O thread received before a crash is applied twice or missed. With ' +
      'TABLE it makes a file-position replica crash-safe; with FILE the recorded position may itself be stale. OFF: the ' +
      'relay log is kept, the SQL thread goes on from its recorded relay position and the I/O thread from `master.info`. ' +
      'MariaDB with MASTER_USE_GTID discards the relay log at every start anyway. Startup only.',
    defaultText: () => 'off',
    apply: (c, v) => (c.relayLogRecovery = v as boolean),
  },
  {
    name: 'sync_relay_log_info',
    mysqlName: 'sync_relay_log_info',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'With `relay-log.info` (FILE; MariaDB; MySQL 5.5): fsync the file every N applied transactions (0: never, the OS ' +
      'decides). A process crash keeps the page cache, so only a host crash goes back to the last fsync. Ignored for the ' +
      'InnoDB table, which is written with each transaction.',
    defaultText: (f) => (isMysql55(f) ? '0' : '10000'),
    apply: (c, v) => (c.syncRelayLogInfo = v as number),
  },
  {
    name: 'sync_master_info',
    mysqlName: 'sync_master_info',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'Every N events received: fsync `master.info` (FILE), or write mysql.slave_master_info (TABLE); 0: never (FILE: the OS ' +
      'decides). Where the I/O thread asks its source to resume after a restart without relay_log_recovery.',
    defaultText: (f) => (isMysql55(f) ? '0' : '10000'),
    apply: (c, v) => (c.syncMasterInfo = v as number),
  },
  {
    name: 'log_slave_updates',
    mysqlName: 'log_slave_updates',
    kind: 'bool',
    doc: 'A replica writes what its SQL thread applies to its own binlog (needed for chains, and so that a promoted replica has history).',
    defaultText: (f) => (f === 'mysql-8.0' || f === 'mysql-8.4' ? 'on' : 'off'),
    apply: (c, v) => (c.logSlaveUpdates = v as boolean),
  },
  {
    name: 'read_only',
    mysqlName: 'read_only',
    kind: 'bool',
    doc:
      'Refuses client writes with error 1290 (`…running with the --read-only option…`); the replication threads still apply. ' +
      'MySQL: a client with SUPER (8.0: or CONNECTION_ADMIN) may still write. MariaDB 10.11: only READ ONLY ADMIN may ' +
      '(SUPER no longer implies it). Failover tools set it OFF on the promoted replica.',
    defaultText: () => 'off',
    apply: (c, v) => {
      c.readOnly = v as boolean;
      if (!c.readOnly) c.superReadOnly = false;
    },
  },
  {
    name: 'super_read_only',
    mysqlName: 'super_read_only',
    kind: 'bool',
    doc:
      'MySQL 5.7.8+: refuses writes from SUPER clients too (error 1290, `--super-read-only`), so that no DBA writes an errant ' +
      'transaction on a replica; ON implies read_only=ON, and read_only=OFF turns it OFF. MariaDB has no such variable.',
    defaultText: () => 'off',
    apply: (c, v) => {
      c.superReadOnly = v as boolean;
      if (c.superReadOnly) c.readOnly = true;
    },
  },
  {
    name: 'binlog_expire_logs_seconds',
    mysqlName: 'binlog_expire_logs_seconds',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'Binlog files last written more than this many seconds ago are deleted when the binlog rotates (max_binlog_size, ' +
      'FLUSH BINARY LOGS) and when the server starts; 0 never. MySQL 8.0+ and MariaDB 10.6+ (MySQL 5.7 has only expire_logs_days). ' +
      'A replica that falls further behind then asks for a deleted file: error 1236.',
    defaultText: (f) => (f === 'mysql-8.0' || f === 'mysql-8.4' ? '2592000 (30 days)' : '0'),
    apply: (c, v) => (c.binlogExpireSeconds = v as number),
  },
  {
    name: 'expire_logs_days',
    mysqlName: 'expire_logs_days',
    kind: 'int',
    min: 0,
    max: 99,
    doc: 'The older form of binlog_expire_logs_seconds, in days (removed in MySQL 8.4): the same expiry at rotation and start.',
    defaultText: () => '0',
    apply: (c, v) => (c.binlogExpireSeconds = (v as number) * 86_400),
  },
  {
    name: 'master_delay',
    mysqlName: 'source_delay',
    kind: 'int',
    min: 0,
    max: 2147483647,
    doc:
      'A delayed replica (CHANGE MASTER TO MASTER_DELAY=N; 8.0.23+: SOURCE_DELAY): the SQL thread applies a transaction no earlier ' +
      'than N seconds after its source committed it, while the I/O thread receives at once. SHOW SLAVE STATUS shows `SQL_Delay`, ' +
      '`SQL_Remaining_Delay` and `Slave_SQL_Running_State` (`Waiting until MASTER_DELAY seconds after master executed event`); ' +
      '`Seconds_Behind_Master` counts the delay. Not in MySQL 5.5.',
    defaultText: () => '0',
    apply: (c, v) => (c.masterDelay = v as number),
  },
  {
    name: 'slave_net_timeout',
    mysqlName: 'replica_net_timeout',
    kind: 'int',
    min: 1,
    max: 31536000,
    doc:
      'Seconds the I/O thread waits for the next packet from its source (8.0.26+: replica_net_timeout). It is the read timeout ' +
      'of the connection and its connect timeout: a partition, or a source whose host died without closing the connection, is ' +
      'noticed only when it expires; the thread then reconnects. Taken when the I/O thread connects. The source sends a ' +
      'heartbeat when its binlog is idle for MASTER_HEARTBEAT_PERIOD (by default half this), so an idle link does not time out.',
    defaultText: (f) => (isMysql55(f) ? '3600' : '60'),
    apply: (c, v) => (c.slaveNetTimeout = v as number),
  },
  {
    name: 'master_heartbeat_period',
    mysqlName: 'source_heartbeat_period',
    kind: 'duration',
    doc:
      'CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD (8.0.23+: SOURCE_HEARTBEAT_PERIOD), in seconds with millisecond resolution: ' +
      'the dump thread sends a Heartbeat event when it has sent nothing for that long. A heartbeat moves no position but ' +
      "resets the replica's read timer; `Slave_received_heartbeats` counts them. 0 turns heartbeats off. A period longer " +
      'than slave_net_timeout cannot keep an idle connection alive.',
    defaultText: () => 'slave_net_timeout / 2',
    apply: (c, v) => (c.masterHeartbeatPeriod = v as number),
  },
  {
    name: 'master_connect_retry',
    mysqlName: 'source_connect_retry',
    kind: 'int',
    min: 1,
    max: 31536000,
    doc:
      'CHANGE MASTER TO MASTER_CONNECT_RETRY (8.0.23+: SOURCE_CONNECT_RETRY): seconds the I/O thread sleeps after a failed ' +
      'connection attempt before the next one (SHOW SLAVE STATUS: `Connect_Retry`).',
    defaultText: () => '60',
    apply: (c, v) => (c.masterConnectRetry = v as number),
  },
  {
    name: 'master_retry_count',
    mysqlName: 'source_retry_count',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'How many failed connection attempts in a row the I/O thread makes before it gives up and stops (Slave_IO_Running: No, ' +
      'the last error kept). MySQL 5.6+: CHANGE MASTER TO MASTER_RETRY_COUNT (8.0.23+: SOURCE_RETRY_COUNT), shown as ' +
      '`Master_Retry_Count`; MariaDB: the startup option master_retry_count. 0: never give up.',
    defaultText: (f) => (isMariadb(f) ? '100000' : '86400'),
    apply: (c, v) => (c.masterRetryCount = v as number),
  },
  {
    name: 'sql_slave_skip_counter',
    mysqlName: 'sql_replica_skip_counter',
    kind: 'int',
    min: 0,
    max: 4294967295,
    doc:
      'SET GLOBAL sql_slave_skip_counter=N (8.0.26+: sql_replica_skip_counter), set on a replica whose SQL thread stopped on an ' +
      'error, then START SLAVE: the SQL thread skips the next N events, and always finishes the event group it ends in, so N=1 ' +
      'skips one transaction and a larger N skips every transaction until N events are counted (a row transaction is 4 or 5 ' +
      'events). Skipped changes are not applied and not logged: the divergence stays. MySQL refuses it with GTID_MODE=ON ' +
      '(error 1858: inject an empty transaction instead); MariaDB refuses it while the SQL thread runs (error 1198). Set at run ' +
      'time only.',
    defaultText: () => '0',
    apply: (c, v) => (c.sqlSlaveSkipCounter = v as number),
  },
  {
    name: 'slave_exec_mode',
    mysqlName: 'replica_exec_mode',
    kind: 'enum',
    values: ['strict', 'idempotent'],
    doc:
      'STRICT: a row event that meets a duplicate key (1062) or a missing row (1032) stops the SQL thread. IDEMPOTENT ' +
      '(8.0.26+: replica_exec_mode): the applier goes on: a Write_rows overwrites the existing row with its image, an ' +
      'Update_rows or Delete_rows whose row is missing changes nothing, and the transaction commits. Row format only: a ' +
      'statement-format Query still stops on an error. The data may then differ from the source, and nothing says so.',
    defaultText: () => 'strict',
    apply: (c, v) => (c.slaveExecMode = v as ServerConfig['slaveExecMode']),
  },
  {
    name: 'slave_ddl_exec_mode',
    mysqlName: 'slave_ddl_exec_mode',
    kind: 'enum',
    values: ['strict', 'idempotent'],
    doc:
      "MariaDB only (MySQL has no such variable and is always strict). IDEMPOTENT, MariaDB's default: the replica runs a " +
      'replicated CREATE TABLE as CREATE OR REPLACE TABLE (a table already there is replaced, with its rows) and a DROP ' +
      'TABLE as DROP TABLE IF EXISTS, so neither stops the SQL thread. STRICT: they fail as on the source, 1050 ' +
      "`Table 't' already exists` and 1051 `Unknown table 'd.t'`. ALTER and TRUNCATE of a missing table (1146), a " +
      'duplicate column (1060) or a missing one (1091) stop the SQL thread in both modes.',
    defaultText: (f) => (f === 'mariadb-10.11' ? 'idempotent' : 'strict'),
    apply: (c, v) => (c.slaveDdlExecMode = v as ServerConfig['slaveDdlExecMode']),
  },
  {
    name: 'slave_skip_errors',
    mysqlName: 'replica_skip_errors',
    kind: 'errors',
    doc:
      'A startup option (8.0.26+: replica_skip_errors): the applier errors the SQL thread ignores instead of stopping, as a ' +
      "list of error codes (`'1062,1032'`) or `all`. A row event that fails with one of them is dropped from that row on (the " +
      'rows before it stay), a statement that fails with one is rolled back alone, and the rest of the transaction commits. ' +
      'The replica then silently differs from its source.',
    defaultText: () => 'OFF',
    apply: (c, v) => (c.slaveSkipErrors = v === 'all' ? 'all' : String(v).split(',').filter(Boolean).map(Number)),
  },
  {
    name: 'auto_increment_increment',
    mysqlName: 'auto_increment_increment',
    kind: 'int',
    min: 1,
    max: 65535,
    doc: 'The step between AUTO_INCREMENT values a session generates. Co-masters use the number of writable servers, each with its own `auto_increment_offset`, so that their generated keys never collide. A session reads the global value when it connects; statement-format Query events carry it (Q_AUTO_INCREMENT, when it is not 1), so a replica generates the same values.',
    defaultText: () => '1',
    apply: (c, v) => (c.autoIncrementIncrement = v as number),
  },
  {
    name: 'auto_increment_offset',
    mysqlName: 'auto_increment_offset',
    kind: 'int',
    min: 1,
    max: 65535,
    doc: 'Where the AUTO_INCREMENT series starts: values are offset, offset + increment, offset + 2 × increment, …, the first one above the largest value the table has had. An offset greater than the increment is ignored.',
    defaultText: () => '1',
    apply: (c, v) => (c.autoIncrementOffset = v as number),
  },
  {
    name: 'fsync_latency',
    mysqlName: 'fsync_latency',
    kind: 'duration',
    doc: 'Simulation: how long one fsync takes on this server (binlog, redo log, relay log).',
    defaultText: () => '500us',
    apply: (c, v) => (c.fsyncLatency = v as number),
  },
  {
    name: 'apply_latency',
    mysqlName: 'apply_latency',
    kind: 'duration',
    doc: 'Simulation: how long the SQL thread takes to apply one row change on this server.',
    defaultText: () => '100us',
    apply: (c, v) => (c.applyLatency = v as number),
  },
  {
    name: 'statement_latency',
    mysqlName: 'statement_latency',
    kind: 'duration',
    doc: 'Simulation: how long this server takes to execute one client statement.',
    defaultText: () => '100us',
    apply: (c, v) => (c.statementLatency = v as number),
  },
];

/** The spec of a setting written under its short or its MySQL name (case-insensitive). */
export function findSetting(name: string): SettingSpec | undefined {
  const lower = name.toLowerCase();
  return SETTINGS.find((s) => s.name === lower || s.mysqlName === lower);
}

/** How long `bytes` take on a wire of `bandwidth` bytes per second, in whole microseconds (rounded up). */
export function wireTime(bytes: number, bandwidth: number): number {
  return Math.ceil((bytes * 1_000_000) / bandwidth);
}

/** Default one-way network latency of a link. */
export const DEFAULT_LINK_LATENCY: Micros = 200;

/** The account every replica's I/O thread connects with (Master_User): the one `replscope verify` gives CHANGE MASTER. */
export const REPLICATION_USER = 'root';

/** MASTER_HEARTBEAT_PERIOD as a connection uses it: the one set, or half of slave_net_timeout (capped as MySQL does). */
export function heartbeatPeriod(config: ServerConfig): Micros {
  if (config.masterHeartbeatPeriod !== undefined) return config.masterHeartbeatPeriod;
  return Math.min(MAX_HEARTBEAT_PERIOD, (config.slaveNetTimeout * 1_000_000) / 2);
}

/** SLAVE_MAX_HEARTBEAT_PERIOD: 4294967 s. */
export const MAX_HEARTBEAT_PERIOD: Micros = 4_294_967_000_000;

/** A server's configuration with every default of its flavor. */
export function defaultServerConfig(name: string, line: number, flavor: Flavor, serverId: number): ServerConfig {
  const config: ServerConfig = {
    name,
    line,
    flavor,
    serverId,
    serverUuid: uuidFor(serverId),
    semisyncMaster: false,
    semisyncSlave: false,
    waitPoint: 'after_sync',
    semisyncTimeout: 10_000_000,
    waitForSlaveCount: 1,
    waitNoSlave: true,
    syncBinlog: 1,
    innodbFlushLogAtTrxCommit: 1,
    binlogFormat: 'row',
    maxBinlogSize: 1024 ** 3,
    gtidMode: false,
    masterUseGtid: 'current_pos',
    gtidDomainId: 0,
    gtidStrictMode: false,
    syncRelayLog: 10000,
    relayLogInfoRepository: 'file',
    masterInfoRepository: 'file',
    relayLogRecovery: false,
    syncRelayLogInfo: 10000,
    syncMasterInfo: 10000,
    logSlaveUpdates: false,
    readOnly: false,
    superReadOnly: false,
    binlogExpireSeconds: 0,
    masterDelay: 0,
    slaveNetTimeout: 60,
    masterHeartbeatPeriod: undefined,
    masterConnectRetry: 60,
    masterRetryCount: 86400,
    sqlSlaveSkipCounter: 0,
    slaveExecMode: 'strict',
    slaveDdlExecMode: 'strict',
    slaveSkipErrors: [],
    autoIncrementIncrement: 1,
    autoIncrementOffset: 1,
    fsyncLatency: 500,
    applyLatency: 100,
    statementLatency: 100,
  };
  applyFlavorDefaults(config);
  return config;
}

/** Sets the settings whose default depends on the flavor (again, when a server overrides its flavor). */
export function applyFlavorDefaults(config: ServerConfig): void {
  const f = config.flavor;
  config.waitPoint = isMysql55(f) || isMariadb(f) ? 'after_commit' : 'after_sync';
  config.syncBinlog = isMysql55(f) || isMariadb(f) ? 0 : 1;
  config.binlogFormat = isMysql55(f) ? 'statement' : 'row';
  config.gtidMode = isMariadb(f);
  config.logSlaveUpdates = f === 'mysql-8.0' || f === 'mysql-8.4';
  config.binlogExpireSeconds = f === 'mysql-8.0' || f === 'mysql-8.4' ? 2_592_000 : 0;
  config.slaveNetTimeout = isMysql55(f) ? 3600 : 60;
  config.masterRetryCount = isMariadb(f) ? 100_000 : 86_400;
  config.slaveDdlExecMode = isMariadb(f) ? 'idempotent' : 'strict';
  config.relayLogInfoRepository = f === 'mysql-8.0' || f === 'mysql-8.4' ? 'table' : 'file';
  config.masterInfoRepository = config.relayLogInfoRepository;
  config.syncRelayLogInfo = isMysql55(f) ? 0 : 10_000;
  config.syncMasterInfo = isMysql55(f) ? 0 : 10_000;
}

/** A stable, readable UUID per server id (MySQL generates a random one at first start). */
export function uuidFor(serverId: number): string {
  const hex = serverId.toString(16).padStart(12, '0');
  return `3e11fa47-71ca-11e1-9e33-${hex}`;
}
