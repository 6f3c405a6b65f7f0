/**
 * The checked scenario: what the engine runs. Built by the checker from the syntax tree, with every
 * name resolved, every default applied and every transaction numbered. It holds no syntax, only the
 * line each thing was written on (zero-based), so that the trace can point back at the file.
 */
import type { NowCell } from './session-time';

export type Flavor = 'mysql-5.5' | 'mysql-5.7' | 'mysql-8.0' | 'mysql-8.4' | 'mariadb-10.11';

export const FLAVORS: readonly Flavor[] = ['mysql-5.5', 'mysql-5.7', 'mysql-8.0', 'mysql-8.4', 'mariadb-10.11'];

/** Virtual time and durations are whole microseconds. */
export type Micros = number;

export type WaitPoint = 'after_sync' | 'after_commit';

/** One server's configuration as it starts (`SET GLOBAL` later changes are steps). */
export interface ServerConfig {
  name: string;
  /** Zero-based line of the declaration. */
  line: number;
  /** The server it replicates from at the start (a multi-source replica: its first channel's); undefined for a source. */
  sourceName?: string;
  /**
   * A multi-source replica's replication channels (MariaDB: connections), one per source, in declaration order; the
   * default channel is named ''. Undefined for a replica of one source on the default channel.
   */
  channels?: ChannelConfig[];
  flavor: Flavor;
  serverId: number;
  serverUuid: string;
  /** rpl_semi_sync_master_enabled: the source side, in effect while the server has replicas. */
  semisyncMaster: boolean;
  /** rpl_semi_sync_slave_enabled: the replica side, read when the I/O thread starts. */
  semisyncSlave: boolean;
  waitPoint: WaitPoint;
  /** rpl_semi_sync_master_timeout; null for unbounded. */
  semisyncTimeout: Micros | null;
  waitForSlaveCount: number;
  waitNoSlave: boolean;
  /** 0 = never fsync (the OS decides), N = fsync every N commit groups. */
  syncBinlog: number;
  innodbFlushLogAtTrxCommit: 0 | 1 | 2;
  binlogFormat: 'row' | 'statement';
  maxBinlogSize: number;
  gtidMode: boolean;
  /**
   * MariaDB's CHANGE MASTER … MASTER_USE_GTID when `gtidMode` is on: `current_pos` asks the source for gtid_current_pos
   * (the own binlogged GTIDs included), `slave_pos` for gtid_slave_pos (what the SQL thread applied). Off: `No`.
   */
  masterUseGtid: MasterUseGtid;
  /** gtid_domain_id (MariaDB): the domain of the GTIDs this server's own transactions get (`D-S-N`). */
  gtidDomainId: number;
  /** gtid_strict_mode (MariaDB): a GTID that would go out of order in a domain of the binlog is refused (error 1950). */
  gtidStrictMode: boolean;
  /** SET GLOBAL gtid_slave_pos='…' (MariaDB, a `set` step only): the GTID position the replica starts from. */
  gtidSlavePos?: string;
  /** 0 = never fsync the relay log explicitly, N = every N events. */
  syncRelayLog: number;
  /**
   * relay_log_info_repository (MySQL 5.6 to 8.0): where the SQL thread records its position. `table`
   * (mysql.slave_relay_log_info, InnoDB) is written inside each applied transaction, so it survives exactly as the
   * transaction does; `file` (relay-log.info, MariaDB's only kind) is written after the commit and fsynced every
   * `syncRelayLogInfo` transactions.
   */
  relayLogInfoRepository: InfoRepository;
  /** master_info_repository: where the I/O thread records what it received (master.info or mysql.slave_master_info). */
  masterInfoRepository: InfoRepository;
  /** relay_log_recovery: at startup the relay log is discarded and the I/O thread starts from the SQL thread's position. */
  relayLogRecovery: boolean;
  /** sync_relay_log_info: the SQL thread's position is fsynced (`file`) every N transactions; 0 never. */
  syncRelayLogInfo: number;
  /** sync_master_info: the I/O thread's position is fsynced (`file`) or written (`table`) every N events; 0 never. */
  syncMasterInfo: number;
  logSlaveUpdates: boolean;
  /** read_only: client writes get 1290 unless the client may bypass it (SUPER on MySQL, READ ONLY ADMIN on MariaDB). */
  readOnly: boolean;
  /** super_read_only (MySQL 5.7.8+): SUPER clients are refused too; implies readOnly. */
  superReadOnly: boolean;
  /** binlog_expire_logs_seconds (expire_logs_days × 86400): files older than this go at rotation and start; 0 never. */
  binlogExpireSeconds: number;
  /** MASTER_DELAY / SOURCE_DELAY in seconds: the SQL thread applies a transaction that long after its source committed it. */
  masterDelay: number;
  /** slave_net_timeout in seconds: how long the I/O thread waits for a packet before it gives up the connection (also its connect timeout). */
  slaveNetTimeout: number;
  /** MASTER_HEARTBEAT_PERIOD in µs (0: no heartbeats); undefined: half of slave_net_timeout, as CHANGE MASTER sets it. */
  masterHeartbeatPeriod: Micros | undefined;
  /** MASTER_CONNECT_RETRY in seconds: the pause between two connection attempts. */
  masterConnectRetry: number;
  /** master_retry_count (MASTER_RETRY_COUNT): failed attempts in a row before the I/O thread stops; 0 never. */
  masterRetryCount: number;
  /**
   * sql_slave_skip_counter as last set (SET GLOBAL): the replica's SQL thread takes it when it is stopped, and skips that
   * many events, always to the end of the event group it is in.
   */
  sqlSlaveSkipCounter: number;
  /** slave_exec_mode: IDEMPOTENT suppresses 1062 and 1032 in row events (the row is overwritten, or the change skipped). */
  slaveExecMode: 'strict' | 'idempotent';
  /**
   * slave_ddl_exec_mode (MariaDB; default IDEMPOTENT): a replicated CREATE TABLE runs as CREATE OR REPLACE and a DROP
   * TABLE as DROP TABLE IF EXISTS, so neither stops the SQL thread over a table that is already there, or gone.
   * MySQL has no such variable: it is always STRICT there.
   */
  slaveDdlExecMode: 'strict' | 'idempotent';
  /** slave_skip_errors (a startup option): the applier errors ignored, `all`, or none. */
  slaveSkipErrors: number[] | 'all';
  /** auto_increment_increment / auto_increment_offset: the series AUTO_INCREMENT values are drawn from (offset + k × increment). */
  autoIncrementIncrement: number;
  autoIncrementOffset: number;
  /** How long one fsync of the binlog, the redo log or the relay log takes. */
  fsyncLatency: Micros;
  /** How long the SQL thread takes to apply one row change. */
  applyLatency: Micros;
  /** Time from a client's statement to its execution in the engine (one row change). */
  statementLatency: Micros;
}

/** One replication channel of a replica: FOR CHANNEL 'name' (MySQL 5.7+), a connection name (MariaDB). */
export interface ChannelConfig {
  /** '' for the default channel. */
  name: string;
  sourceName: string;
}

/** A client session's account: where it connects and the privileges that decide whether read_only refuses it. */
export interface ClientConfig {
  name: string;
  server: string;
  line: number;
  /** SUPER (MySQL; 8.0 also CONNECTION_ADMIN): writes despite read_only, not despite super_read_only. */
  super?: boolean;
  /** READ ONLY ADMIN (MariaDB 10.5.2+; in 10.11 SUPER no longer implies it): writes despite read_only. */
  readOnlyAdmin?: boolean;
  /** SET SESSION sql_log_bin=0: the session's transactions commit without being written to the binlog (never replicated). */
  sqlLogBin?: boolean;
}

/** Where a replica keeps its positions: a file (relay-log.info, master.info) or an InnoDB table (mysql.slave_*_info). */
export type InfoRepository = 'file' | 'table';

/** MASTER_USE_GTID: the GTID position a MariaDB replica sends when it connects, or none. */
export type MasterUseGtid = 'slave_pos' | 'current_pos';

/** A network path between two servers (both directions). */
export interface LinkConfig {
  /** Names of the two ends, as written (`from -> to`). */
  from: string;
  to: string;
  line: number;
  latency: Micros;
  jitter: Micros;
  /** Bytes per second each way; undefined: unlimited (a message takes no time on the wire). */
  bandwidth?: number;
  down: boolean;
}

export type ColumnType =
  { base: 'tinyint' | 'smallint' | 'mediumint' | 'int' | 'bigint' } | { base: 'varchar' | 'char'; length: number } | { base: 'text' };

export interface ColumnConfig {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** AUTO_INCREMENT: an insert that leaves it out (or gives NULL or 0) gets the table's next value on that server. */
  autoIncrement?: boolean;
}

export interface TableConfig {
  /** The schema it belongs to (`database d`, default `test`). */
  database: string;
  name: string;
  line: number;
  columns: ColumnConfig[];
  /** Column names of the primary key; empty when the table has none. */
  primaryKey: string[];
}

export type SqlValue = number | string | null;

/** A SQL statement with its table resolved and its values checked against the column types. */
export type ResolvedStatement =
  | {
      kind: 'insert';
      line: number;
      text: string;
      table: string;
      /** A NULL in an AUTO_INCREMENT column asks for a generated value. */
      rows: Record<string, SqlValue>[];
      /** What a duplicate key does: error 1062 (plain insert), a warning (`ignore`), replace the row, or update it. */
      onConflict?: 'ignore' | 'replace' | 'update';
      /** `on duplicate key update`: the assignments applied to the existing row. */
      onDuplicate?: ResolvedAssignment[];
      /** The values written `now()`, filled when the statement runs (session-time.ts). */
      now?: NowCell[];
    }
  | {
      kind: 'update';
      line: number;
      text: string;
      table: string;
      set: ResolvedAssignment[];
      where: ResolvedCondition[];
      now?: NowCell[];
    }
  | { kind: 'delete'; line: number; text: string; table: string; where: ResolvedCondition[] }
  | {
      kind: 'select';
      line: number;
      text: string;
      table: string;
      columns: string[] | '*';
      count: boolean;
      where: ResolvedCondition[];
      forUpdate: boolean;
    }
  | { kind: 'ddl'; line: number; text: string; table: string; ddl: DdlOperation }
  | { kind: 'begin'; line: number; text: string }
  | { kind: 'commit'; line: number; text: string }
  | { kind: 'rollback'; line: number; text: string };

/**
 * What a client's DDL statement changes in the schema of the server that runs it. `createTable` carries the whole
 * new shape; the others name the table (and column) and are applied to whatever shape that server has.
 */
export type DdlOperation =
  | { op: 'createTable'; table: TableConfig }
  | { op: 'dropTable'; table: string }
  | { op: 'truncate'; table: string }
  | { op: 'addColumn'; table: string; column: ColumnConfig }
  | { op: 'dropColumn'; table: string; column: string }
  | { op: 'createIndex'; table: string; index: string; columns: string[] };

/** `v = 'x'`, or `v = v + 1` (a column of the same row plus a delta). */
export type ResolvedAssignment = { column: string; value: SqlValue } | { column: string; fromColumn: string; delta: number };

export interface ResolvedCondition {
  column: string;
  op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in';
  values: SqlValue[];
}

/** A transaction as written: a client's statements from its first to its COMMIT/ROLLBACK (or one autocommit statement). */
export interface TransactionPlan {
  /** `T1`, `T2`, … in order of appearance, or the name given with `as`. */
  id: string;
  client: string;
  /** The line where it begins and the line where it ends (its COMMIT, or its only statement). */
  line: number;
  endLine: number;
  /** Statements in order, BEGIN/COMMIT included when written; an autocommit statement stands alone. */
  statements: ResolvedStatement[];
  /** True when the client wrote no BEGIN: one statement, committed by itself. */
  autocommit: boolean;
  /** `retry T2`: the transaction this one repeats. */
  retryOf?: string;
  /** True when it changes no rows by its text (reads only). */
  readOnly: boolean;
}

export type ServerAction =
  | { kind: 'crash'; server: string; mode: 'process' | 'host' }
  | { kind: 'restart'; server: string; asReplicaOf?: string; start?: StartSpec }
  | { kind: 'shutdown'; server: string }
  | { kind: 'promote'; server: string }
  | { kind: 'changeMaster'; replica: string; source: string; start?: StartSpec; masterDelay?: number; useGtid?: MasterUseGtid | 'no' }
  | {
      kind: 'threadControl';
      op: 'start' | 'stop';
      server: string;
      thread: 'io_thread' | 'sql_thread' | 'both';
      until?: UntilSpec;
      /** The channels it acts on, for a multi-source replica (FOR CHANNEL, MariaDB's connection name, or every one). */
      channels?: string[];
    }
  | { kind: 'linkControl'; op: 'partition' | 'heal'; from: string; to: string }
  | { kind: 'reset'; what: 'master' | 'slave'; server: string }
  | { kind: 'set'; server: string; changes: Partial<Omit<ServerConfig, 'channels'>> }
  | { kind: 'flushStatus'; server: string }
  | { kind: 'flushBinaryLogs'; server: string }
  | { kind: 'purgeLogs'; server: string; to?: string; before?: Micros }
  /** MySQL's empty transaction for a GTID: SET gtid_next='uuid:gno'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC'. */
  | { kind: 'injectEmpty'; server: string; uuid: string; gno: number }
  | { kind: 'kill'; client: string }
  | { kind: 'reconnect'; client: string; server: string };

/**
 * START SLAVE … UNTIL: where the SQL thread stops by itself. `file`: MASTER_LOG_FILE/MASTER_LOG_POS (after the event
 * group that reaches it); `before` / `after`: MySQL's SQL_BEFORE_GTIDS / SQL_AFTER_GTIDS (a GTID set as text);
 * `gtidPos`: MariaDB's MASTER_GTID_POS (a domain-server-seq list).
 */
export type UntilSpec =
  { kind: 'file'; file: string; pos: number } | { kind: 'before' | 'after'; gtids: string } | { kind: 'gtidPos'; pos: string };

/** Where a replica starts reading: a file and position, the first or the current position, or GTID auto-positioning. */
export type StartSpec = { kind: 'file'; file: string; pos: number } | { kind: 'start' } | { kind: 'end' } | { kind: 'autoPosition' };

/**
 * One statement-group of a client as written on one line (`app: begin; insert …; commit`): the client sends the
 * statements one after the other, each waiting for the previous one's reply.
 */
export interface ClientAction {
  kind: 'client';
  client: string;
  /** Each statement with the transaction it belongs to (`retry T2` expands to T2's statements, under the retry's id). */
  statements: { statement: ResolvedStatement; txn: string }[];
  /** The script goes on without waiting for the replies. */
  nowait: boolean;
}

export type Action = ClientAction | ServerAction | { kind: 'wait'; micros: Micros } | { kind: 'waitCaughtUp'; server: string };

/**
 * A script line: run `action` once the previous line is done (and not before `at`, or `after` its end; a `tick` not
 * before `micros` after the first step of loop `loop` started: an `every` loop's beat).
 */
export interface ScriptStep {
  line: number;
  timing?: { kind: 'at' | 'after'; micros: Micros } | { kind: 'tick'; micros: Micros; loop: number };
  action: Action;
}

/** The commit-pipeline states of a source, and the replica-side moments a trigger can name. */
export type TxnState =
  | 'active'
  | 'prepared'
  | 'binlog_flushed'
  | 'binlog_synced'
  | 'after_sync_wait'
  | 'engine_committed'
  | 'after_commit_wait'
  | 'client_ok'
  | 'sent'
  | 'relay_logged'
  | 'acked'
  | 'applied';

/** `on T2 engine_committed: crash m1`: fires once, when the state is first reached. */
export interface TriggerPlan {
  line: number;
  /** A transaction id, or a server: the first transaction there that reaches the state. */
  subject: { kind: 'txn'; txn: string } | { kind: 'server'; server: string };
  state: TxnState;
  /** For `relay_logged`/`applied`/`sent`: the replica concerned (any when undefined). */
  by?: string;
  action: Action;
}

export type Comparison = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** Whether `a op b` holds, given the sign of `a - b` (or of a comparison function's result). */
export function holds(op: Comparison, difference: number): boolean {
  switch (op) {
    case '=':
      return difference === 0;
    case '!=':
      return difference !== 0;
    case '<':
      return difference < 0;
    case '>':
      return difference > 0;
    case '<=':
      return difference <= 0;
    case '>=':
      return difference >= 0;
  }
}

export type ExpectationPlan = { line: number; atEnd: boolean } & (
  | { kind: 'outcome'; txn: string; outcome: 'ok' | 'error' | 'lost_connection' | 'pending'; code?: number }
  | {
      kind: 'rows';
      server: string;
      present: boolean;
      table: string;
      match: Record<string, SqlValue>;
      count?: number;
    }
  | { kind: 'replication'; server: string; errno?: number }
  | { kind: 'status'; server: string; variable: string; op: Comparison; value: number | string; channel?: string }
  | { kind: 'verdict'; negated: boolean; verdict: VerdictKind; subject?: string }
);

export type VerdictKind =
  | 'lost_acknowledged_commit'
  | 'committed_after_error'
  | 'read_not_durable'
  | 'duplicate_by_retry'
  | 'replication_stopped'
  | 'divergence'
  | 'errant_transaction'
  | 'semisync_fallback'
  | 'refused_by_read_only'
  | 'expectation_failed'
  | 'still_waiting';

export const VERDICT_KINDS: readonly VerdictKind[] = [
  'lost_acknowledged_commit',
  'committed_after_error',
  'read_not_durable',
  'duplicate_by_retry',
  'replication_stopped',
  'divergence',
  'errant_transaction',
  'semisync_fallback',
  'refused_by_read_only',
  'expectation_failed',
  'still_waiting',
];

/** The checked scenario: the engine's only input besides the seed. */
export interface Scenario {
  title: string;
  flavor: Flavor;
  seed: number;
  database: string;
  /**
   * True when the schema was created through replication: each source's binlog starts with CREATE DATABASE and
   * CREATE TABLE (as on a fresh server). False: the schema exists on every server before time 0 (a replica built
   * from a backup) and the binlog starts with the first transaction.
   */
  schemaInBinlog: boolean;
  servers: ServerConfig[];
  links: LinkConfig[];
  tables: TableConfig[];
  clients: ClientConfig[];
  transactions: TransactionPlan[];
  /** In file order; expectations are also steps of the script, checked when the script reaches them. */
  script: (ScriptStep | { line: number; expect: ExpectationPlan })[];
  triggers: TriggerPlan[];
  /** `explore SETTING in (…)`: the settings a crash-point sweep varies (explore/), values as written; a run ignores them. */
  vary?: { setting: string; values: string[]; line: number }[];
  /** `expect always no VERDICT`: properties of a whole crash-point sweep; a run ignores them. */
  properties?: { line: number; verdict: VerdictKind }[];
}
