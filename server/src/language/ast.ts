/**
 * The typed syntax tree of a `.repl` file, built from chevrotain's CST by `build-ast.ts`.
 * Every node carries the range it was written on; names keep their own range, so that
 * references, rename and diagnostics can point at the exact word.
 */

/** A zero-based position, as LSP counts it (UTF-16 code units within the line). */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range `[start, end)`. */
export interface Range {
  start: Position;
  end: Position;
}

export interface Node {
  range: Range;
}

/** One occurrence of a user-chosen name (server, client, table, column, transaction, setting…). */
export interface Name extends Node {
  text: string;
}

/** The whole file: its top-level items in the order they were written. */
export interface ReplFile {
  items: Item[];
}

export type Item =
  | ScenarioDecl
  | FlavorDecl
  | SeedDecl
  | DatabaseDecl
  | ServerDecl
  | LinkDecl
  | TableDecl
  | ClientDecl
  | ExploreDecl
  | Trigger
  | Step
  | Loop
  | Expectation;

export interface ScenarioDecl extends Node {
  kind: 'scenario';
  title: string;
}

export interface FlavorDecl extends Node {
  kind: 'flavor';
  flavor: Name;
}

export interface SeedDecl extends Node {
  kind: 'seed';
  seed: number;
}

/**
 * `database d`: the schema every table belongs to; its name is written into the binlog.
 * `database d in binlog`: its CREATE DATABASE and CREATE TABLE statements are the sources' first binlog events.
 */
export interface DatabaseDecl extends Node {
  kind: 'database';
  name: Name;
  inBinlog: boolean;
}

/** `source m1 { … }` or `replica r1 of m1 { … }`. */
export interface ServerDecl extends Node {
  kind: 'server';
  role: 'source' | 'replica';
  name: Name;
  /** The server this replica replicates from (the first, for a multi-source replica). */
  of?: Name;
  /**
   * `replica r1 of m1, m2 for channel c2`: every source with its replication channel (none: the default channel ''),
   * when more than one source or a channel is written.
   */
  channels?: ChannelSource[];
  settings: Setting[];
}

/** One source of a multi-source replica and the channel (MariaDB: the connection name) it replicates through. */
export interface ChannelSource {
  of: Name;
  channel?: Name;
}

/** `name` (a flag) or `name=value` inside a server's braces or after `set`. */
export interface Setting extends Node {
  name: Name;
  value?: Value;
}

export type Value =
  | (Node & { kind: 'int'; value: number })
  | (Node & { kind: 'duration'; micros: number })
  | (Node & { kind: 'unbounded' })
  | (Node & { kind: 'size'; bytes: number })
  | (Node & { kind: 'word'; text: string })
  | (Node & { kind: 'string'; text: string })
  | (Node & { kind: 'flavor'; text: string });

/** `explore wait_point in (after_sync, after_commit)`: a setting whose values a crash-point sweep compares. */
export interface ExploreDecl extends Node {
  kind: 'explore';
  setting: Name;
  values: Value[];
}

/** `link m1 -> r1 latency 2ms jitter 1ms bandwidth 10MB/s down`. */
export interface LinkDecl extends Node {
  kind: 'link';
  from: Name;
  to: Name;
  latency?: Value;
  jitter?: Value;
  /** `bandwidth 10MB/s`: bytes per second, undefined when the value is not a rate. */
  bandwidth?: Node & { bytesPerSecond: number | undefined };
  down: boolean;
}

export interface TableDecl extends Node {
  kind: 'table';
  name: Name;
  columns: ColumnDecl[];
  /** Every `primary key` written, inline on a column or as a table constraint. */
  primaryKeys: PrimaryKeyDecl[];
}

export interface ColumnDecl extends Node {
  name: Name;
  type: Name;
  /** `varchar(20)` → 20. */
  length?: number;
  notNull: boolean;
  /** Where `auto_increment` is written, when it is. */
  autoIncrement?: Range;
}

export interface PrimaryKeyDecl extends Node {
  columns: Name[];
}

/** `client app on m1`, or `client dba on r1 { super }` (the privileges read_only looks at). */
export interface ClientDecl extends Node {
  kind: 'client';
  name: Name;
  server: Name;
  settings: Setting[];
}

/** `on T2 engine_committed: crash m1`, or `on T2 applied by r1: …`, or `on m1 binlog_synced: …`. */
export interface Trigger extends Node {
  kind: 'trigger';
  /** A transaction, or a server (the first transaction on it that reaches the state). */
  subject: Name;
  state: Name;
  /** For replica-side states (`relay_logged`, `applied`): which replica. */
  by?: Name;
  action: Action;
}

/** A line of the script: an action, perhaps at a given time. */
export interface Step extends Node {
  kind: 'step';
  timing?: Timing;
  action: Action;
}

/**
 * `at 2s:` (absolute virtual time) or `after 10ms:` (relative to the previous step). `tick` is never written: the loop
 * expansion gives it to the first step of each iteration of an `every` loop, `micros` after the loop's first iteration.
 */
export interface Timing extends Node {
  kind: 'at' | 'after' | 'tick';
  micros: number;
  /** For `tick`: which loop of the file (its number in file order) the offset counts from. */
  loop?: number;
}

/**
 * `repeat 5 { … }` or `every 100ms for 2s { … }`: the steps of the body once per iteration, in order. Expanded into
 * plain steps before the checker (expand-loops.ts); a loop in the body is parsed only to be refused.
 */
export interface Loop extends Node {
  kind: 'loop';
  /** `repeat 5` / `every 1s for 10s`: where a diagnostic about the whole loop goes. */
  header: Range;
  /** `repeat N`. */
  count?: number;
  /** `every D for S`: an iteration starts every D (or as soon as the previous ends, if later), while it is before S. */
  periodMicros?: number;
  spanMicros?: number;
  body: (Step | Loop)[];
}

export type Action =
  | ClientStep
  | Reconnect
  | Crash
  | Restart
  | Shutdown
  | Promote
  | ChangeMaster
  | ThreadControl
  | LinkControl
  | Kill
  | Reset
  | SetGlobal
  | Wait
  | WaitCaughtUp
  | FlushStatus
  | FlushBinaryLogs
  | PurgeLogs
  | InjectEmpty;

/** `app: begin; insert into t values (2, 'b'); commit as T2 nowait`. */
export interface ClientStep extends Node {
  kind: 'clientStep';
  client: Name;
  statements: SqlStatement[];
  /** Names the transaction the step's last statement belongs to. */
  txnName?: Name;
  /** The client does not wait for the reply before the script goes on. */
  nowait: boolean;
}

/** `app reconnects to r1`. */
export interface Reconnect extends Node {
  kind: 'reconnect';
  client: Name;
  server: Name;
}

/** `crash m1` (mysqld killed) or `crash m1 host` (the machine loses its page cache too). */
export interface Crash extends Node {
  kind: 'crash';
  server: Name;
  mode: 'process' | 'host';
}

/** `restart m1` or `restart m1 as replica of r1 from binlog 'mysql-bin.000001':4`. */
export interface Restart extends Node {
  kind: 'restart';
  server: Name;
  asReplicaOf?: Name;
  start?: StartPosition;
}

/** `shutdown m1`: a clean shutdown (a Stop event ends the binlog). */
export interface Shutdown extends Node {
  kind: 'shutdown';
  server: Name;
}

/** `promote r1`: STOP SLAVE; RESET SLAVE ALL; read_only off. */
export interface Promote extends Node {
  kind: 'promote';
  server: Name;
}

/** `change master r2 to r1 from binlog 'mysql-bin.000002':4` (or `auto_position`, `from start`, `from end`). */
export interface ChangeMaster extends Node {
  kind: 'changeMaster';
  replica: Name;
  source: Name;
  start?: StartPosition;
  /** `master_delay=3600` (or `source_delay=…`), `master_use_gtid=slave_pos`: CHANGE MASTER TO … options. */
  options: Setting[];
  /** `replication source`, when written so (CHANGE REPLICATION SOURCE TO); absent for `master`. */
  spelling?: Name;
}

export type StartPosition =
  | (Node & { kind: 'file'; file: string; pos: number })
  | (Node & { kind: 'start' })
  | (Node & { kind: 'end' })
  | (Node & { kind: 'autoPosition' });

/** `stop r1 io_thread`, `start r1 sql_thread`, `stop r1` (both threads). */
export interface ThreadControl extends Node {
  kind: 'threadControl';
  op: 'start' | 'stop';
  server: Name;
  thread: 'io_thread' | 'sql_thread' | 'both';
  /** The word written for the thread, if any (for diagnostics). */
  threadName?: Name;
  /** `replica` or `slave` as written (`start replica r1`, `stop slave r1`), if any: MySQL 8.4 knows only REPLICA. */
  spelling?: Name;
  /** `until binlog 'F':POS` / `until sql_before_gtids 'SET'` (sql_after_gtids, master_gtid_pos): START SLAVE … UNTIL. */
  until?: UntilClause;
  /** `for channel c2`: FOR CHANNEL 'c2' (MySQL), START SLAVE 'c2' (MariaDB); none: the flavor's default. */
  channel?: Name;
}

export type UntilClause =
  (Node & { kind: 'file'; file: string; pos: number }) | (Node & { kind: 'gtids'; word: Name; value: string; valueRange: Range });

/** `partition m1 -> r1` / `heal m1 -> r1`. */
export interface LinkControl extends Node {
  kind: 'linkControl';
  op: 'partition' | 'heal';
  from: Name;
  to: Name;
}

/** `kill app`: KILL the client's session (a waiting commit gets an error). */
export interface Kill extends Node {
  kind: 'kill';
  client: Name;
}

/** `reset master m1` / `reset slave r1`. */
export interface Reset extends Node {
  kind: 'reset';
  what: 'master' | 'slave';
  server: Name;
  /** The word written: `master`, `slave` or `replica` (RESET SLAVE's 8.0.22+ spelling). */
  spelling: Name;
}

/** `set m1 semisync=off timeout=5s`: SET GLOBAL at run time. */
export interface SetGlobal extends Node {
  kind: 'set';
  server: Name;
  settings: Setting[];
}

/** `wait 100ms`. */
export interface Wait extends Node {
  kind: 'wait';
  micros: number;
}

/** `wait until r1 caught up`: until its SQL thread has applied all the source has binlogged. */
export interface WaitCaughtUp extends Node {
  kind: 'waitCaughtUp';
  server: Name;
}

/** `flush status m1`: zeroes the semi-sync counters. */
export interface FlushStatus extends Node {
  kind: 'flushStatus';
  server: Name;
}

/** `flush binary logs m1`: FLUSH BINARY LOGS, the binlog rotates to a new file (and expired files are purged). */
export interface FlushBinaryLogs extends Node {
  kind: 'flushBinaryLogs';
  server: Name;
}

/** `purge binary logs m1 to 'mysql-bin.000003'` or `… before 2s` (files last written before that virtual time). */
/** `inject empty transaction 'uuid:5' on r1`: MySQL's empty transaction for a GTID (SET gtid_next; BEGIN; COMMIT). */
export interface InjectEmpty extends Node {
  kind: 'injectEmpty';
  /** The GTID as written (`uuid:n`), and where. */
  gtid: string;
  gtidRange: Range;
  server: Name;
}

export interface PurgeLogs extends Node {
  kind: 'purgeLogs';
  server: Name;
  to?: { file: string; range: Range };
  beforeMicros?: number;
}

// ---------------------------------------------------------------- SQL

export type SqlStatement = Insert | Update | Delete | Select | Ddl | Begin | Commit | Rollback | Retry;

interface SqlNode extends Node {
  /** The statement exactly as written (MariaDB's Annotate_rows event carries it). */
  text: string;
}

export interface TableRef extends Node {
  database?: Name;
  table: Name;
}

export type Literal =
  | (Node & { kind: 'int'; value: number })
  | (Node & { kind: 'decimal'; value: number })
  | (Node & { kind: 'string'; value: string })
  | (Node & { kind: 'null' })
  /** `$i`: replaced by the iteration number when a loop is expanded; an error anywhere else. */
  | (Node & { kind: 'counter' })
  /** `now()`: the time the statement starts on the server that runs it (model/session-time.ts). */
  | (Node & { kind: 'now' });

/**
 * `insert into …`, `insert ignore into …` (a duplicate key is a warning, the row skipped), `replace into …` (a
 * duplicate key replaces the old row), or `insert into … on duplicate key update …` (it updates the old row).
 */
export interface Insert extends SqlNode {
  kind: 'insert';
  mode: 'insert' | 'ignore' | 'replace';
  table: TableRef;
  columns?: Name[];
  rows: Literal[][];
  /** `on duplicate key update v = 'x', n = n + 1`: applied to the existing row on a duplicate key. */
  onDuplicate?: Assignment[];
}

export interface Update extends SqlNode {
  kind: 'update';
  table: TableRef;
  assignments: Assignment[];
  where: Condition[];
}

export interface Assignment extends Node {
  column: Name;
  value: Expr;
}

/** A literal, or a column plus or minus an integer (`v = v + 1`). */
export type Expr = (Node & { kind: 'literal'; literal: Literal }) | (Node & { kind: 'column'; column: Name; delta: number });

export interface Delete extends SqlNode {
  kind: 'delete';
  table: TableRef;
  where: Condition[];
}

export interface Select extends SqlNode {
  kind: 'select';
  table: TableRef;
  /** Undefined for `*`. */
  columns?: Name[];
  count: boolean;
  where: Condition[];
  forUpdate: boolean;
}

/** `col op literal` or `col in (…)`; several are joined by `and`. */
export interface Condition extends Node {
  column: Name;
  op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in';
  values: Literal[];
}

/**
 * A DDL statement of a client: its own transaction, with an implicit commit of the session's open one before it.
 * `create table t (…)`, `create index i on t (c, …)`, `drop table t`, `truncate table t`, `alter table t add column
 * c TYPE` / `alter table t drop column c`.
 */
export interface Ddl extends SqlNode {
  kind: 'ddl';
  table: TableRef;
  op: DdlOp;
}

export type DdlOp =
  | { kind: 'createTable'; columns: ColumnDecl[]; primaryKeys: PrimaryKeyDecl[] }
  | { kind: 'createIndex'; index: Name; columns: Name[] }
  | { kind: 'dropTable' }
  | { kind: 'truncate' }
  | { kind: 'addColumn'; column: ColumnDecl; primaryKey?: Range }
  | { kind: 'dropColumn'; column: Name };

export interface Begin extends SqlNode {
  kind: 'begin';
}
export interface Commit extends SqlNode {
  kind: 'commit';
}
export interface Rollback extends SqlNode {
  kind: 'rollback';
}
/** `retry T2`: run T2's statements again, on the client's current connection. */
export interface Retry extends SqlNode {
  kind: 'retry';
  txn: Name;
}

// ---------------------------------------------------------------- expectations

export type Expectation = ExpectOutcome | ExpectRows | ExpectReplication | ExpectStatus | ExpectVerdict;

/** `expect T2 outcome lost_connection` / `ok` / `error 1062` / `pending`. */
export interface ExpectOutcome extends Node {
  kind: 'expectOutcome';
  txn: Name;
  outcome: Name;
  code?: number;
}

/** `expect m1 has t(id=2)`, `expect r1 lacks t(id=2)`, `expect r1 has t(v='b') count 2`. */
export interface ExpectRows extends Node {
  kind: 'expectRows';
  server: Name;
  present: boolean;
  table: TableRef;
  match: { column: Name; value: Literal }[];
  count?: number;
}

/** `expect r1 replication running` / `expect m1 replication error 1062`. */
export interface ExpectReplication extends Node {
  kind: 'expectReplication';
  server: Name;
  errno?: number;
}

/** `expect m1 Rpl_semi_sync_master_yes_tx = 1`, `expect r1 Exec_Master_Log_Pos >= 434`. */
export interface ExpectStatus extends Node {
  kind: 'expectStatus';
  server: Name;
  /** `expect r1 for channel c2 VAR …`: the channel's row of SHOW SLAVE STATUS. */
  channel?: Name;
  variable: Name;
  op: '=' | '!=' | '<' | '>' | '<=' | '>=';
  value: Value;
}

/** `expect no lost_acknowledged_commit`, `expect divergence`, `expect duplicate_by_retry of T2`. */
export interface ExpectVerdict extends Node {
  kind: 'expectVerdict';
  negated: boolean;
  /** `expect always no …`: a property of a whole crash-point sweep, not of one run. */
  always: boolean;
  verdict: Name;
  subject?: Name;
}
