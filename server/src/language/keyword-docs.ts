/**
 * What every keyword of the language means, in MySQL's terms, with its default where leaving it out has one.
 * Hover shows these; a test checks that every keyword of the lexer has an entry.
 */
import type { Flavor } from '../model/scenario';
import { DEFAULT_LINK_LATENCY, SETTINGS } from '../model/settings';
import { formatMicros } from './literals';

export interface KeywordDoc {
  /** How it is written: one line of `.repl`. */
  usage: string;
  /** What it means, in MySQL's terms (markdown). */
  doc: string;
  /** What applies when it is left out, for a file of the given flavor. */
  defaultText?: (flavor: Flavor) => string;
  /** What the file's flavor does differently, when it does (the statement it knows, its own behaviour). */
  flavorText?: (flavor: Flavor) => string | undefined;
}

const mysqlBefore8 = (flavor: Flavor): boolean => flavor === 'mysql-5.5' || flavor === 'mysql-5.7';

/** START/STOP/RESET SLAVE or REPLICA per flavor (the checker warns on the word a flavor does not take). */
function slaveWordText(flavor: Flavor): string {
  if (flavor === 'mysql-8.4')
    return 'MySQL 8.4 removed START SLAVE, STOP SLAVE and RESET SLAVE (deprecated since 8.0.22): write `start replica r1`, `stop replica r1`, `reset replica r1`, or `start r1`.';
  if (flavor === 'mysql-8.0') return 'MySQL 8.0.22+ takes either word; SLAVE is deprecated there, and gone in 8.4.';
  if (mysqlBefore8(flavor)) return `MySQL ${flavor.slice('mysql-'.length)} knows only SLAVE: REPLICA came with 8.0.22.`;
  return 'MariaDB takes either word (REPLICA since 10.5.1).';
}

/** CHANGE MASTER TO, RESET MASTER per flavor: MySQL 8.4 knows only their new names. */
function masterWordText(flavor: Flavor): string | undefined {
  if (flavor === 'mysql-8.4')
    return 'MySQL 8.4 has no CHANGE MASTER TO, only CHANGE REPLICATION SOURCE TO (SOURCE_AUTO_POSITION, SOURCE_LOG_FILE, SOURCE_DELAY); nor RESET MASTER (RESET BINARY LOGS AND GTIDS) or PURGE MASTER LOGS (PURGE BINARY LOGS).';
  if (flavor === 'mysql-8.0') return 'MySQL 8.0.23+ also spells it CHANGE REPLICATION SOURCE TO (`change replication source r2 to r1`).';
  return undefined;
}

/** START SLAVE … UNTIL per flavor: which conditions it has and where a file position stops the SQL thread. */
function untilText(flavor: Flavor): string {
  switch (flavor) {
    case 'mysql-5.5':
      return "only `until binlog 'F':POS`, checked at each event group's start (no GTIDs).";
    case 'mysql-5.7':
      return "`until binlog 'F':POS` checked at each group's start; `until sql_before_gtids` / `sql_after_gtids` with GTID_MODE=ON.";
    case 'mysql-8.0':
    case 'mysql-8.4':
      return `\`until binlog 'F':POS\` stops after the group that reaches the position (SOURCE_LOG_FILE/SOURCE_LOG_POS${flavor === 'mysql-8.4' ? ', the only names 8.4 takes' : ''}); \`until sql_before_gtids\` / \`sql_after_gtids\` with GTID_MODE=ON.`;
    case 'mariadb-10.11':
      return "`until binlog 'F':POS` checked at each group's start; `until master_gtid_pos 'D-S-N'` stops each domain at that sequence number, and the I/O thread too (no SQL_BEFORE_GTIDS / SQL_AFTER_GTIDS).";
  }
}

/** The server defaults that depend on the flavor, as `name=value` pairs (for `source`, `replica`, `flavor`). */
export function flavorDefaults(flavor: Flavor): string {
  return SETTINGS.filter((s) => s.name !== 'flavor' && s.name !== 'server_id' && s.name !== 'server_uuid')
    .map((s) => `${s.name}=${s.defaultText(flavor)}`)
    .join(', ');
}

const serverDefaults = (flavor: Flavor) => `every setting has its ${flavor} default: ${flavorDefaults(flavor)}`;

export const KEYWORD_DOCS: Readonly<Record<string, KeywordDoc>> = {
  // ---------------------------------------------------------------- declarations
  scenario: {
    usage: 'scenario "title"',
    doc: 'The title of the scenario, shown in reports and on the timeline. One per file.',
    defaultText: () => 'no title',
  },
  flavor: {
    usage: 'flavor mysql-8.0',
    doc:
      'The product and version every server runs unless it says otherwise (`flavor=` in its braces). It fixes the defaults ' +
      '(`sync_binlog`, the semi-sync wait point, `binlog_format`, GTIDs, `log_slave_updates`) and the binary-log layout.',
    defaultText: () => 'mysql-8.0',
  },
  seed: {
    usage: 'seed 7',
    doc: 'The seed of the pseudo-random generator that draws link jitter. The same file and seed always give the same run.',
    defaultText: () => '1',
  },
  database: {
    usage: 'database d',
    doc: 'The schema of the tables (`CREATE DATABASE d; USE d`). Its name is written into the binlog (Query and Table_map events).',
    defaultText: () => 'test',
  },
  source: {
    usage: 'source m1 { semisync sync_binlog=1 }',
    doc:
      'A source (master): a mysqld that clients write to. It writes each commit to its binary log, and one dump thread per ' +
      'connected replica sends the events on. In `restart … from start`, `from start` is the first binlog position.',
    defaultText: serverDefaults,
  },
  replica: {
    usage: 'replica r1 of m1 { semisync }',
    doc:
      'A replica (slave): its I/O thread receives the source’s binlog events and writes them to the relay log; its SQL thread ' +
      'applies them (`CHANGE MASTER TO …; START SLAVE`). A replica of a replica makes a chain (it needs `log_slave_updates`). ' +
      'Two servers each a replica of the other are co-masters (a ring for more): allowed, with a warning, since writes on both ' +
      'sides can conflict; every event keeps the server_id of the server where it was first committed, and an I/O thread skips ' +
      'the events with its own (`replicate_same_server_id` off), so nothing loops. Give each co-master its own ' +
      '`auto_increment_offset`. Also in `restart m1 as replica of r1`, and MySQL 8.0.22+ spellings: `start replica r1`, `stop replica r1`, `reset replica r1`.',
    defaultText: serverDefaults,
    flavorText: slaveWordText,
  },
  of: {
    usage: 'replica r1 of m1 · replica r1 of m1, m2 for channel west',
    doc: 'The source a replica replicates from; several, each through its own channel, for a multi-source replica. In `expect duplicate_by_retry of T2`: the transaction or server a verdict is about.',
  },
  channel: {
    usage: 'replica r1 of m1, m2 for channel west · stop r1 for channel west · expect r1 for channel west Exec_Master_Log_Pos = 439',
    doc:
      'A replication channel of a multi-source replica, one per source, each with its own I/O thread, SQL thread, relay log ' +
      "(`relay-bin-west.000001`) and positions; rows, binlog and GTIDs are the server’s. MySQL 5.7+: `FOR CHANNEL 'west'` " +
      '(CHANGE REPLICATION SOURCE TO … FOR CHANNEL, START/STOP REPLICA FOR CHANNEL; SHOW REPLICA STATUS has one row per ' +
      "channel, `Channel_Name`; 5.7 needs TABLE repositories, error 3077). MariaDB: a connection name (`CHANGE MASTER 'west' TO`, " +
      "`START SLAVE 'west'`; `Connection_name` in SHOW ALL SLAVES STATUS). Without a channel, MySQL’s START/STOP act on every " +
      "channel and MariaDB’s on the default connection (default_master_connection = ''). MySQL 5.5 has none.",
  },
  link: {
    usage: 'link m1 -> r1 latency 2ms jitter 500us bandwidth 10MB/s',
    doc:
      'The network between two servers, both directions: binlog events go from source to replica, semi-sync ACKs come back. ' +
      'Servers without a `link` are connected with the default latency.',
    defaultText: () => `latency ${formatMicros(DEFAULT_LINK_LATENCY)}, no jitter, unlimited bandwidth, up`,
  },
  latency: {
    usage: 'latency 2ms',
    doc: 'The one-way delay of every packet on the link.',
    defaultText: () => formatMicros(DEFAULT_LINK_LATENCY),
  },
  jitter: {
    usage: 'jitter 500us',
    doc: 'A random extra delay, up to this much, added to each packet on the link; drawn from the `seed`, so runs repeat.',
    defaultText: () => 'none (0us)',
  },
  bandwidth: {
    usage: 'bandwidth 10MB/s',
    doc:
      'The bytes per second the link carries each way (B/s, KB/s, MB/s, GB/s; binary units, as sizes). A message takes ' +
      'its size divided by the bandwidth on the wire, one after the other: a transaction of N bytes reaches the replica ' +
      'N / bandwidth after the ones before it have gone, plus the latency, so a replica at the end of a thin link lags by ' +
      'the size of what it must receive. Binlog events and heartbeats count; connects and ACKs are too small to.',
    defaultText: () => 'unlimited',
  },
  down: {
    usage: 'link m1 -> r1 down',
    doc: 'The link starts cut, as if partitioned at time 0; `heal m1 -> r1` restores it.',
    defaultText: () => 'up',
  },
  table: {
    usage: 'table t (id int primary key, v varchar(20))',
    doc: '`CREATE TABLE` (InnoDB, strict mode). The table exists, empty, on every server at time 0, as if created before replication started. In a client’s script, `create table`, `alter table`, `drop table` and `truncate table` change the schema as replicated DDL.',
  },
  primary: {
    usage: 'id int primary key · primary key (a, b)',
    doc: 'PRIMARY KEY: unique and NOT NULL. A second row with the same key fails with error 1062 (ER_DUP_ENTRY), on the source or in a replica’s SQL thread.',
    defaultText: () => 'no primary key (duplicate rows are accepted silently)',
  },
  key: { usage: 'primary key · on duplicate key update', doc: 'Part of `primary key` and of `on duplicate key update`.' },
  auto_increment: {
    usage: 'table t (id int primary key auto_increment, v varchar(20))',
    doc: 'AUTO_INCREMENT: an insert that leaves the column out, or gives NULL or 0, gets the next value of the series `auto_increment_offset + k × auto_increment_increment` above the largest the table has had on that server (InnoDB’s counter: a rollback leaves a gap; MySQL 8.0 and MariaDB keep it across a crash, 5.7 starts again from the largest row). ROW format logs the values in the row images; STATEMENT format logs an Intvar `INSERT_ID=N` event before the statement, and the replica generates the same values from it. An integer column, the first of the primary key (errors 1063, 1075).',
    defaultText: () => 'no generated values',
  },
  not: {
    usage: 'v varchar(20) not null',
    doc: 'NOT NULL: in strict mode a NULL, or an insert that leaves the column out, fails (error 1048 / 1364).',
    defaultText: () => 'nullable',
  },
  client: {
    usage: 'client app on m1 · client dba on r1 { super }',
    doc:
      'A client session: one connection to a server. It sends one statement at a time and waits for each reply, as the mysql client does. ' +
      'Its account is an application one (refused by `read_only`) unless its braces give it `super` (MySQL) or `read_only_admin` (MariaDB).',
  },
  on: {
    usage: 'client app on m1 · on T2 engine_committed: crash m1 · semisync=on',
    doc:
      'In `client app on m1`: the server the client connects to. At the start of a line, a trigger: `on TXN STATE: action` runs the ' +
      'action the moment the transaction reaches the pipeline state (`on SERVER STATE:` the first transaction on that server). ' +
      'As a value: ON.',
  },
  // ---------------------------------------------------------------- script
  by: {
    usage: 'on T2 relay_logged by r1: crash m1',
    doc: 'For the replica-side states (`sent`, `relay_logged`, `applied`): which replica. Without it, the first replica to get there.',
    defaultText: () => 'any replica',
  },
  at: {
    usage: 'at 20ms: crash m1',
    doc: 'Runs the step at an absolute virtual time since the start of the run (not before the previous step has ended).',
  },
  after: { usage: "after 5ms: app: insert into t values (9, 'z')", doc: 'Runs the step that long after the previous step ended.' },
  repeat: {
    usage: "repeat 5 { app: insert into t values ($i, 'x') }",
    doc:
      'Runs the client steps and waits between the braces that many times, one iteration after the other, as if written out: ' +
      '`$i` is the iteration number (1, 2, …) and a transaction named `as beat` in the body is `beat_1`, `beat_2`, …. ' +
      'No loop inside a loop, no `at` and no operation (crash, promote, …) in the body: they happen once.',
  },
  every: {
    usage: 'every 100ms for 2s { app: insert into t values ($i, now()) }',
    doc:
      'Starts an iteration of the body every period (a steady load, a heartbeat writer) for as long as the span lasts: ' +
      '⌈span/period⌉ iterations, the first at once. An iteration still running when its successor is due delays it: ' +
      'the next starts as soon as it ends, no beat is skipped. `$i` and `as NAME` work as in `repeat`.',
  },
  now: {
    usage: 'app: insert into t values (1, now())',
    doc:
      '`NOW()`: the time the statement starts on the server that runs it, in whole seconds. Virtual time 0 is ' +
      '2025-01-01 00:00:00 on every server. A `char(19)`/`varchar(19+)`/`text` column keeps it as MySQL prints a DATETIME ' +
      "(`'2025-01-01 00:00:03'`), a `bigint` column as its number (20250101000003). A replica writes the source's value: " +
      'a statement-format event carries the source’s statement time, a row event the value itself.',
  },
  as: {
    usage: "app: begin; insert into t values (2, 'b'); commit as T2 · restart m1 as replica of r1",
    doc: 'Names the transaction that the step’s last statement belongs to, so that triggers and expectations can refer to it. In `restart … as replica of`: restart as a replica.',
    defaultText: () => 'T1, T2, … for writing transactions, R1, R2, … for reads, in order of appearance',
  },
  nowait: {
    usage: "app: insert into t values (5, 'e') nowait",
    doc: 'The script goes on without waiting for the reply, as if from a second terminal: two clients can then wait at once.',
    defaultText: () => 'the script waits for the last reply',
  },
  crash: {
    usage: 'crash m1 · crash m1 host',
    doc:
      '`kill -9` of mysqld: connections drop (clients get error 2013, lost connection), nothing is shut down cleanly. With ' +
      '`process` the OS survives, so what mysqld wrote but did not fsync is kept; with `host` the machine dies and it is lost.',
    defaultText: () => 'process',
  },
  process: {
    usage: 'crash m1 process',
    doc: 'Only mysqld dies; the operating system’s page cache survives, so a binlog written but not fsynced (`sync_binlog=0`) is still there after restart.',
  },
  host: {
    usage: 'crash m1 host',
    doc: 'The machine dies (power loss): whatever was not fsynced — binlog per `sync_binlog`, redo log per `innodb_flush_log_at_trx_commit` — is lost.',
  },
  restart: {
    usage: "restart m1 · restart m1 as replica of r1 from binlog 'mysql-bin.000001':4",
    doc:
      'Starts mysqld again: InnoDB crash recovery, then binlog recovery (a prepared transaction whose events are whole in the binlog ' +
      'is committed, any other rolled back; a partial transaction is truncated), then a new binlog file. With `as replica of`: ' +
      '`CHANGE MASTER TO …; START SLAVE` at startup.',
  },
  shutdown: {
    usage: 'shutdown m1',
    doc: 'A clean shutdown (`mysqladmin shutdown`): running commits finish, a Stop event ends the binlog, clients are disconnected.',
  },
  promote: {
    usage: 'promote r1',
    doc:
      '`STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF` (super_read_only with it), as orchestrator and MHA do: the replica ' +
      'stops replicating and takes writes. The I/O thread stops at once; the SQL thread first applies what the relay log holds (unless ' +
      'it is stopped or failed: then that is discarded). A hand-made promotion (`stop r1`, `reset slave r1`) leaves read_only as it was.',
  },
  change: {
    usage: 'stop r2 · change master r2 to r1 auto_position · start r2',
    doc:
      '`CHANGE MASTER TO MASTER_HOST=…`: points a replica at another source, from a position or by GTID. It starts no thread: ' +
      '`start r2` (START SLAVE) does. Refused while the threads run (MariaDB and MySQL 5.5: error 1198, either thread; MySQL ' +
      '5.7+: 3021 while the I/O thread runs, 3017 for MASTER_DELAY while the SQL thread runs): `stop r2` first. ' +
      '`master_delay=N` (MASTER_DELAY, SOURCE_DELAY) makes it a delayed replica, kept for later connections (0 removes it).',
    flavorText: masterWordText,
  },
  master: {
    usage: "change master r2 to r1 · reset master m1 · purge master logs m1 to 'mysql-bin.000002'",
    doc: 'Part of `change master` (CHANGE MASTER TO), `reset master` (RESET MASTER) and `purge master logs` (PURGE MASTER LOGS, the same as PURGE BINARY LOGS).',
    flavorText: masterWordText,
  },
  slave: {
    usage: 'reset slave r1 · stop slave r1',
    doc: 'Part of `reset slave` (RESET SLAVE); `stop slave r1` / `start slave r1` are `stop r1` / `start r1` (STOP SLAVE, START SLAVE).',
    flavorText: slaveWordText,
  },
  to: {
    usage: 'change master r2 to r1 · app reconnects to r1',
    doc: 'The new source of `change master`, or the server a client `reconnects to`.',
  },
  from: {
    usage: "from binlog 'mysql-bin.000002':157 · from start · from end · delete from t",
    doc: 'Where a replica starts reading its new source’s binlog (MASTER_LOG_FILE / MASTER_LOG_POS). In SQL: the table of `delete` and `select`.',
    defaultText: () => 'from the position the replica had (the binlog start for a new one)',
  },
  binlog: {
    usage: "from binlog 'mysql-bin.000001':4 · database d in binlog",
    doc: "An explicit binlog file and position: `MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=4` (4 is the first event, after the magic number). In `database d in binlog`: the schema's DDL is the first thing in each source's binlog.",
  },
  start: {
    usage: 'start r1 io_thread · from start · start transaction',
    doc: '`START SLAVE [IO_THREAD | SQL_THREAD]` (both threads without a name), also what follows a `change master`, which starts nothing. `from start`: the start of the source’s first binlog. In SQL, `start transaction` is `begin`.',
  },
  end: {
    usage: 'change master r2 to r1 from end',
    doc: 'The new source’s current end of binlog (`SHOW MASTER STATUS` File and Position): only what it commits from now on.',
  },
  auto_position: {
    usage: 'change master r2 to r1 auto_position',
    doc: 'GTID auto-positioning: `MASTER_AUTO_POSITION=1` (MySQL) or `MASTER_USE_GTID=slave_pos` (MariaDB). The replica sends the GTIDs it has and the source sends the rest (error 1236 if it purged them).',
  },
  stop: {
    usage: 'stop r1 · stop r1 io_thread · stop r1 for channel west',
    doc: '`STOP SLAVE [IO_THREAD | SQL_THREAD] [FOR CHANNEL]`: both threads without a name; a multi-source replica’s channel with `for channel` (without it, every channel on MySQL, the default connection on MariaDB).',
    defaultText: () => 'both threads',
  },
  io_thread: {
    usage: 'stop r1 io_thread',
    doc: 'The replica’s I/O (receiver) thread: connects to the source, receives events, writes them to the relay log and, with semi-sync, sends the ACK.',
  },
  sql_thread: {
    usage: 'stop r1 sql_thread',
    doc: 'The replica’s SQL (applier) thread: reads the relay log and applies each transaction; `Exec_Master_Log_Pos` tells how far it got.',
  },
  partition: {
    usage: 'partition m1 -> r1',
    doc: 'Cuts the network between the two servers, both ways, until `heal`: nothing arrives, no error either until a timeout (a semi-sync source waits for ACKs that cannot come).',
  },
  heal: { usage: 'heal m1 -> r1', doc: 'Restores a link cut by `partition` or declared `down`.' },
  kill: {
    usage: 'kill app',
    doc: '`KILL` the client’s connection. A commit waiting for a semi-sync ACK stops waiting and the client gets an error, yet the transaction is already committed on the source.',
  },
  reconnects: {
    usage: 'app reconnects to r1',
    doc: 'The client opens a new connection to another server, as an application does after a failover. A transaction it had open is gone with the old connection.',
  },
  reset: {
    usage: 'reset master m1 · reset slave r1',
    doc: '`RESET MASTER`: deletes every binlog file and starts again at .000001 (and clears gtid_executed). `RESET SLAVE`: forgets the relay logs and the replication position.',
  },
  set: {
    usage: 'set m1 semisync=off timeout=500ms · update t set v = 1',
    doc: '`SET GLOBAL` on a running server: the change applies from the next commit. In SQL, the assignments of `update`.',
  },
  wait: {
    usage: 'wait 1s · wait until r1 caught up',
    doc: 'Pauses the script for that long (virtual time), or until a replica has caught up.',
  },
  until: {
    usage: "wait until r1 caught up · start r1 until binlog 'mysql-bin.000001':1100",
    doc:
      'Part of `wait until SERVER caught up`; after `start`, START SLAVE … UNTIL: the SQL thread stops by itself, without error. ' +
      "`until binlog 'F':POS` (MASTER_LOG_FILE/MASTER_LOG_POS): every event group that starts before the position is applied whole " +
      "(MySQL 8.0+ stops after the group that reaches it). `until sql_before_gtids 'SET'` stops before the first transaction of " +
      "the set, `until sql_after_gtids 'SET'` once all of it is applied (MySQL); `until master_gtid_pos 'D-S-N'` once each domain " +
      'has applied up to that sequence number (MariaDB: the I/O thread stops there too). SHOW SLAVE STATUS keeps `Until_Condition`, `Until_Log_File` and ' +
      '`Until_Log_Pos` after the thread stopped there, until the next START SLAVE.',
    flavorText: untilText,
  },
  caught: {
    usage: 'wait until r1 caught up',
    doc: 'Until the replica’s SQL thread has applied everything its source has binlogged so far (nothing left to receive or apply).',
    defaultText: () => 'gives up at the run’s horizon',
  },
  up: { usage: 'wait until r1 caught up', doc: 'Part of `wait until SERVER caught up`.' },
  flush: {
    usage: 'flush status m1 · flush binary logs m1',
    doc:
      '`FLUSH STATUS`: the semi-sync counters (`Rpl_semi_sync_master_yes_tx`, `_no_tx`, …) go back to 0. `FLUSH BINARY LOGS`: the ' +
      'binlog rotates (a Rotate event, then a new file), and files older than `binlog_expire_logs_seconds` are deleted.',
  },
  inject: {
    usage: "inject empty transaction '3e11fa47-71ca-11e1-9e33-c80aa9429562:5' on r1",
    doc:
      "MySQL's way to skip a transaction under GTIDs: `SET gtid_next='uuid:n'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC'` on the server. " +
      'The GTID goes into gtid_executed and the binlog gets an empty transaction (Gtid, Query BEGIN, Query COMMIT), which its own replicas ' +
      'receive too; a replica whose SQL thread stopped on that GTID (error 1062, 1032, …) passes it at the next `start`. With GTID_MODE=OFF ' +
      'the SET fails (error 1781); a GTID already executed commits nothing. Not on MariaDB (no gtid_next: `set r1 sql_slave_skip_counter=1` ' +
      'or gtid_slave_pos) nor MySQL 5.5 (no GTIDs).',
    flavorText: (flavor) =>
      flavor === 'mariadb-10.11'
        ? 'MariaDB has no gtid_next: the checker refuses the step.'
        : flavor === 'mysql-5.5'
          ? 'MySQL 5.5 has no GTIDs: the checker refuses the step.'
          : undefined,
  },
  empty: {
    usage: "inject empty transaction 'uuid:5' on r1",
    doc: 'Part of `inject empty transaction`: a transaction with no statement, only its GTID (MySQL).',
  },
  purge: {
    usage: "purge binary logs m1 to 'mysql-bin.000003' · purge binary logs m1 before 2s",
    doc:
      "`PURGE BINARY LOGS TO 'file'` deletes the files before that one (error 1373 when it is not in the index); `BEFORE` a " +
      'virtual time, those last written before it. Never the file being written, nor a file a dump thread still reads (MySQL ' +
      'warns 1867), nor on MariaDB the file a rotation just closed before its Binlog_checkpoint. A replica that then asks for a ' +
      'deleted file, or for GTIDs only deleted files held, gets error 1236. `purge master logs` is the same.',
  },
  binary: { usage: "purge binary logs m1 to 'mysql-bin.000003'", doc: 'Part of `purge binary logs` and `flush binary logs`.' },
  logs: { usage: 'flush binary logs m1', doc: 'Part of `purge binary logs` and `flush binary logs`.' },
  before: {
    usage: 'purge binary logs m1 before 2s',
    doc: 'PURGE BINARY LOGS BEFORE: the files last written before this virtual time (the run starts at 0).',
  },
  status: { usage: 'flush status m1', doc: 'Part of `flush status` (FLUSH STATUS).' },
  unbounded: {
    usage: 'source m1 { semisync timeout=unbounded }',
    doc: 'A semi-sync timeout that never expires (DBAs set `rpl_semi_sync_master_timeout` to a huge value): commits wait for an ACK as long as it takes, semi-sync never falls back to async.',
  },
  // ---------------------------------------------------------------- SQL
  insert: {
    usage: "app: insert into t values (1, 'a'), (2, 'b')",
    doc: '`INSERT INTO … VALUES`: fails with error 1062 on a duplicate key. Binlogged as a Write_rows event (ROW) or the statement (STATEMENT).',
  },
  ignore: {
    usage: "app: insert ignore into t values (1, 'a')",
    doc: '`INSERT IGNORE`: a row whose key already exists is skipped with warning 1062 instead of failing the statement; the client gets OK. ROW format logs only the rows inserted (nothing at all when every row was a duplicate); STATEMENT format logs the statement, and the replica skips the same rows, or others if its data differ.',
  },
  replace: {
    usage: "app: replace into t values (1, 'b')",
    doc: '`REPLACE INTO`: a row whose key exists replaces the old one (2 rows affected). With the primary key as the only unique key, MySQL and MariaDB change the row in place: ROW format logs an Update_rows event with the before and after image, not a Delete_rows and a Write_rows; a row replaced by an identical one logs nothing. A replica without the old row stops on 1032, as for an update.',
  },
  duplicate: {
    usage: "app: insert into t values (1, 'a', 1) on duplicate key update n = n + 1",
    doc: '`INSERT … ON DUPLICATE KEY UPDATE`: when a row’s key exists, the assignments change the existing row instead (2 rows affected; 0 and nothing logged when the values stay the same). ROW format logs an Update_rows event for it, a Write_rows event for the rows inserted; STATEMENT format logs the statement.',
  },
  into: { usage: 'insert into t · replace into t', doc: 'Part of `insert into` and `replace into`.' },
  // DDL: each statement its own transaction, logged as a GTID event and one Query event.
  create: {
    usage: 'app: create table u (id int primary key, w varchar(10)) · app: create index iv on t (v)',
    doc:
      '`CREATE TABLE` / `CREATE INDEX` as a client statement, at any point of its script. Like every DDL it first commits the ' +
      'session’s open transaction (implicit commit), then is a transaction of its own: a GTID event and a Query event with the ' +
      'statement’s text (MySQL 8.0 adds the atomic-DDL xid, MariaDB its Q_XID), through the whole commit pipeline, semi-sync ' +
      "wait included. A table that exists: error 1050 `Table 'u' already exists`, nothing logged. On a replica that has the " +
      'table already, MySQL stops its SQL thread with 1050; MariaDB’s default slave_ddl_exec_mode=IDEMPOTENT runs it as ' +
      '`CREATE OR REPLACE TABLE`. CREATE INDEX: 1146 without the table, 1072 for a missing column, 1061 for a name in use.',
  },
  drop: {
    usage: 'app: drop table u · app: alter table t drop column v',
    doc:
      '`DROP TABLE` (a DDL: implicit commit, its own transaction). The server logs it as `DROP TABLE \`u\` /* generated by ' +
      "server */`. A missing table: error 1051 `Unknown table 'd.u'`, on the source for the client, on a replica for its " +
      'SQL thread, except on MariaDB with slave_ddl_exec_mode=IDEMPOTENT (its default), which runs it as `DROP TABLE IF ' +
      'EXISTS`. After `alter table t`: `DROP COLUMN`.',
  },
  truncate: {
    usage: 'app: truncate table u',
    doc:
      '`TRUNCATE TABLE`: every row goes and AUTO_INCREMENT starts again. A DDL, logged as the statement (a Query event) ' +
      'whatever binlog_format says, so a replica empties its own table, whatever rows it has. A missing table: error 1146.',
  },
  alter: {
    usage: 'app: alter table t add column n int not null · app: alter table t drop column v',
    doc:
      '`ALTER TABLE … ADD COLUMN` / `DROP COLUMN` (a DDL: implicit commit, its own transaction, a Query event). The rows there ' +
      "get the added column’s implicit default (NULL, or 0 / '' for NOT NULL); the rows inserted after carry it, and every " +
      'later row event is against the new shape. A replica whose table differs stops its SQL thread: 1146 (no table), 1060 ' +
      "`Duplicate column name`, 1091 (MySQL `Can't DROP 'c'; check that column/key exists`, MariaDB `Can't DROP COLUMN " +
      '\`c\`; check that it exists`).',
  },
  add: { usage: 'app: alter table t add column n int', doc: '`ALTER TABLE … ADD [COLUMN]`: a new last column, with its type.' },
  column: {
    usage: 'alter table t add column n int · alter table t drop column n',
    doc: 'Optional in `add column` and `drop column`, as in MySQL.',
  },
  index: {
    usage: 'app: create index iv on t (v)',
    doc: '`CREATE INDEX name ON table (columns)`: a secondary index. It changes no row; it is logged as a Query event like any DDL.',
  },
  values: { usage: "insert into t (id, v) values (1, 'a')", doc: 'The rows to insert, one tuple each, in the order of the columns.' },
  update: {
    usage: 'app: update t set v = v + 1 where id = 1 · select … for update',
    doc: '`UPDATE … SET … WHERE`: in ROW format each changed row is logged with its before and after image (Update_rows). After `for`: a locking read.',
  },
  delete: {
    usage: 'app: delete from t where id = 3',
    doc: '`DELETE FROM … WHERE`: a Delete_rows event in ROW format; on a replica, a missing row fails with error 1032.',
  },
  select: {
    usage: 'reader: select * from t where id = 2',
    doc: 'A read. It records what it saw, so that a verdict can tell a read of rows that were later lost (`read_not_durable`).',
  },
  count: {
    usage: "select count(*) from t · expect r1 has t(v='b') count 2",
    doc: '`COUNT(*)` in a select; in an expectation, how many matching rows there must be.',
    defaultText: () => 'at least one row',
  },
  where: {
    usage: "where id = 1 and v = 'a'",
    doc: 'The rows a statement reads or changes: conditions joined by `and`.',
    defaultText: () => 'every row',
  },
  and: { usage: 'where id > 1 and id < 5', doc: 'Joins conditions: a row must meet all of them.' },
  in: {
    usage: 'where id in (1, 2, 3) · database d in binlog',
    doc: 'In SQL: the column equals one of the values. After `database d`: the schema is created through replication, so each binlog starts with its CREATE DATABASE and CREATE TABLE.',
  },
  for: {
    usage: 'select * from t where id = 1 for update · every 1s for 10s { … }',
    doc:
      '`SELECT … FOR UPDATE`: a locking read; it waits for other transactions’ row locks, and holds its own until commit. ' +
      'In `every PERIOD for SPAN { … }`: how long the loop keeps starting iterations. `for channel NAME`: a replication channel ' +
      '(MySQL’s FOR CHANNEL, MariaDB’s connection name).',
  },
  begin: {
    usage: 'app: begin',
    doc: '`BEGIN`: the statements up to COMMIT or ROLLBACK form one transaction, binlogged as one group (GTID, Query BEGIN, row events, Xid) at commit.',
    defaultText: () => 'autocommit: each statement is a transaction of its own',
  },
  transaction: { usage: 'app: start transaction', doc: 'Part of `start transaction` (the same as `begin`).' },
  commit: {
    usage: 'app: commit',
    doc:
      '`COMMIT`: the commit pipeline — InnoDB prepare, binlog flush, binlog sync, then with semi-sync the ACK wait (before the engine ' +
      'commit with AFTER_SYNC, after it with AFTER_COMMIT), engine commit, OK to the client.',
  },
  rollback: { usage: 'app: rollback', doc: '`ROLLBACK`: the changes are undone; nothing reaches the binlog.' },
  retry: {
    usage: 'app: retry T2',
    doc: 'Sends T2’s statements again as a new transaction, as an application does after an error or a lost connection. If T2 had in fact committed, its rows apply twice (`duplicate_by_retry`).',
  },
  null: { usage: 'insert into t values (1, null)', doc: 'SQL NULL.' },
  // ---------------------------------------------------------------- expectations
  expect: {
    usage: 'expect T2 outcome ok · expect r1 has t(id=2) · expect no lost_acknowledged_commit',
    doc: 'A fact checked when the script reaches it. Those written after the last step are checked at the end of the run, once replication has settled.',
  },
  outcome: {
    usage: 'expect T2 outcome lost_connection',
    doc: 'What the client saw for the transaction’s commit: `ok`, `error [CODE]`, `lost_connection` (error 2013) or `pending` (no reply yet).',
  },
  has: {
    usage: 'expect m1 has t(id=2) count 1',
    doc: 'The server’s table holds a row matching every `column=value` given (or exactly `count` of them).',
  },
  lacks: { usage: 'expect r1 lacks t(id=2)', doc: 'The server’s table holds no row matching.' },
  replication: {
    usage: 'expect r1 replication running · expect r1 replication error 1062 · change replication source r2 to r1',
    doc:
      'The replica’s threads, as `SHOW SLAVE STATUS` shows them: `Slave_IO_Running` and `Slave_SQL_Running` (MySQL 8.0.22+: ' +
      '`Replica_IO_Running`, `Replica_SQL_Running`), `Last_IO_Errno`, `Last_SQL_Errno`. `change replication source r2 to r1` is ' +
      '`change master r2 to r1` in MySQL 8.0.23+ words (CHANGE REPLICATION SOURCE TO).',
  },
  running: {
    usage: 'expect r1 replication running',
    doc: 'Both replication threads run: `Slave_IO_Running: Yes`, `Slave_SQL_Running: Yes`.',
  },
  error: {
    usage: 'expect T5 outcome error 1062 · expect r1 replication error 1032',
    doc: 'The client got this MySQL error for the transaction; or a replication thread stopped with it (`Last_IO_Errno` / `Last_SQL_Errno`).',
  },
  no: { usage: 'expect no lost_acknowledged_commit', doc: 'The verdict must not be found in the run.' },
  always: {
    usage: 'expect always no lost_acknowledged_commit',
    doc:
      'A property of the whole crash-point sweep (`replscope explore`): at no crash point, under no explored policy, does the verdict appear. ' +
      'A single run does not check it; the sweep names the first crash point that breaks it.',
  },
  // ---------------------------------------------------------------- exploration
  explore: {
    usage: 'explore wait_point in (after_sync, after_commit)',
    doc:
      'The values of a setting that `replscope explore` compares: every crash point is run under each value (set on every server), ' +
      'and several `explore` lines give their cross product. A single run uses the file as written.',
  },
};
