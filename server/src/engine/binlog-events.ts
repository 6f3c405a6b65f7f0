/**
 * The binary-log events a real server writes, with their exact sizes and SHOW BINLOG EVENTS Info, so that the
 * simulator's binlog and relay-log positions match a real server byte for byte. Pure: values in, values out.
 *
 * Sizes are derived from the event formats (sql/log_event*.cc, libbinlogevents), not fitted: every event is the
 * 19-byte common header + its post-header and body + the 4-byte CRC32 (none for MySQL 5.5).
 */
import type { DdlOperation, Flavor, SqlValue, TableConfig } from '../model/scenario';
import { eventSize, flavorProfile, utf8Length, type FlavorProfile } from './binlog-format';
import type { AutoIncrementSettings } from './auto-increment';
import { rowImageSize, rowsEventFixedSize, tableMapBodySize } from './row-image';

/** The event types this module produces. MariaDB's rows events (Write_rows_v1, …) are `Write_rows` etc. here: see `eventTypeName`. */
export type BinlogEventType =
  | 'Format_desc'
  | 'Previous_gtids'
  | 'Gtid_list'
  | 'Binlog_checkpoint'
  | 'Gtid'
  | 'Anonymous_Gtid'
  | 'Query'
  | 'Intvar'
  | 'Annotate_rows'
  | 'Table_map'
  | 'Write_rows'
  | 'Update_rows'
  | 'Delete_rows'
  | 'Xid'
  | 'Rotate'
  | 'Stop';

/** One event: its type, its size in bytes (common header + body + CRC32 when the flavor writes one), and its SHOW BINLOG EVENTS Info. */
export interface BinlogEvent {
  type: BinlogEventType;
  size: number;
  info: string;
}

/** A row change as the storage engine made it: the full before/after images (binlog_row_image=FULL). */
export type RowChange =
  | { kind: 'insert'; after: Record<string, SqlValue> }
  | { kind: 'update'; before: Record<string, SqlValue>; after: Record<string, SqlValue> }
  | { kind: 'delete'; before: Record<string, SqlValue> };

/** One data-changing statement of a transaction: its text as the client sent it, its table, and the rows it changed. */
export interface StatementChanges {
  text: string;
  table: TableConfig;
  changes: readonly RowChange[];
  /** The first AUTO_INCREMENT value it generated: in statement format an Intvar event (INSERT_ID) precedes its Query. */
  insertId?: number;
  /** It calls now(): in statement format its Query carries the session's time zone, and on MariaDB the microseconds. */
  readsClock?: boolean;
}

/** The GTID a transaction is logged under: MySQL without gtid_mode (anonymous), MySQL `uuid:gno`, MariaDB `domain-server-seq`. */
export type TxnGtid =
  { kind: 'anonymous' } | { kind: 'mysql'; uuid: string; gno: number } | { kind: 'mariadb'; domain: number; serverId: number; seq: number };

/** A closed range of MySQL GTID numbers, `start-end` (both included). */
export interface GnoInterval {
  start: number;
  end: number;
}

/** The GTID state a file's Previous_gtids (MySQL: intervals per server uuid) or Gtid_list (MariaDB: the last GTID per domain) names. */
export type GtidSetDescription =
  | { kind: 'mysql'; sids: readonly { uuid: string; intervals: readonly GnoInterval[] }[] }
  | { kind: 'mariadb'; gtids: readonly { domain: number; serverId: number; seq: number }[] };

/** A transaction as commit hands it to the binlog. */
export interface TransactionInput {
  /** The client's current database (USE): the db field of the Query events; '' when none. */
  database: string;
  format: 'row' | 'statement';
  gtid: TxnGtid;
  /** The data-changing statements in order (reads are not logged). */
  statements: readonly StatementChanges[];
  /** The Xid its COMMIT event carries. */
  xid: number;
  /** The session's auto_increment_increment/offset: every Query event carries them (Q_AUTO_INCREMENT) when the increment is not 1. */
  autoIncrement?: AutoIncrementSettings;
  /** table_id per `db.table` for the Info texts; a table not listed gets the flavor's first user-table id + its order in this transaction. */
  tableIds?: Record<string, number>;
  /** MariaDB: binlogged in a group commit with other transactions, so the Gtid event carries an 8-byte commit id (44 bytes, not 42). */
  groupCommitId?: boolean;
  /**
   * MySQL 8.0/8.4: the transaction is re-logged by a replica (log_replica_updates); names the flavor of the server
   * it came from. Its Gtid event then carries the original commit timestamp (+7 bytes) and, when the original server
   * version differs from this one, the original server version (+4 bytes).
   */
  replicatedFrom?: Flavor;
  /**
   * MySQL's empty transaction for a GTID (SET gtid_next; BEGIN; COMMIT): no statement, and no Xid either, as no
   * storage engine took part: Gtid, Query BEGIN, Query COMMIT (MYSQL_BIN_LOG::commit's end event without an xid).
   */
  empty?: boolean;
  /** binlog_row_event_max_size (default 8192): a rows event that would grow past it is closed and a new one started. */
  rowsEventMaxSize?: number;
  /**
   * False: the events keep no Info text (SHOW BINLOG EVENTS' column, which only a full trace shows), but the BEGIN of a
   * Query; a summary run then does not hold tens of strings per transaction for the whole run.
   */
  infos?: boolean;
}

/**
 * A DDL statement the binlog records as a Query event: the declared schema's (`database d in binlog`), or a client's
 * (`client`), which carries what it changes and its text as the client sent it.
 */
export type DdlStatement =
  | { kind: 'createDatabase'; name: string }
  | { kind: 'createTable'; table: TableConfig }
  | {
      kind: 'client';
      operation: DdlOperation;
      text: string;
      database: string;
      /** A DROP TABLE a MariaDB replica ran as DROP TABLE IF EXISTS (slave_ddl_exec_mode=IDEMPOTENT), and so logs again. */
      ifExists?: boolean;
    };

/** A DDL statement as commit hands it to the binlog (it is its own transaction). */
export interface DdlInput {
  statement: DdlStatement;
  /** The client's current database ('' when none). */
  database: string;
  gtid: TxnGtid;
  /** The xid MySQL 8.0 (atomic DDL) and MariaDB (DDL on a transactional engine) record in the Query event. */
  xid: number;
  /** The statement text as the client sent it; defaults to `createDatabaseStatement` / `createTableStatement`. */
  text?: string;
  /** The session's auto_increment settings (Q_AUTO_INCREMENT when the increment is not 1). */
  autoIncrement?: AutoIncrementSettings;
  /** MySQL 8.0/8.4: re-logged by a replica (log_replica_updates), from a server of this flavor (see TransactionInput). */
  replicatedFrom?: Flavor;
}

/** Where a relay-log header event's End_log_pos comes from. */
export type RelayEndLogPos = 'relay' | 'source' | 'zero';

/** A header event of a relay log, with who wrote it and what End_log_pos SHOW RELAYLOG EVENTS prints for it. */
export interface RelayLogHeaderEvent extends BinlogEvent {
  /** The replica itself (its Format_desc, its Previous_gtids) or the source (fake Rotate, the source's Format_desc). */
  origin: 'replica' | 'source';
  /** 'relay': the offset in the relay log; 'source': the event's end in the source binlog; 'zero': 0 (the source marks it as not at a position). */
  endLogPos: RelayEndLogPos;
}

/** Every binlog and relay log file starts with these 4 magic bytes (0xfe 'b' 'i' 'n'); the first event is at 4. */
export const BINLOG_MAGIC_SIZE = 4;

/** binlog_row_event_max_size's default in MySQL and MariaDB. */
export const DEFAULT_ROWS_EVENT_MAX_SIZE = 8192;

// ---------------------------------------------------------------------------------------------------------------
// Event builders, one per event type.

/**
 * Format_description: binlog version (2) + server version (50) + create timestamp (4) + header length (1) + one
 * post-header length per event type, + the checksum algorithm byte on checksum-aware servers (5.6.1+, MariaDB 5.3+).
 */
function formatDescEvent(p: FlavorProfile, serverVersion: string): BinlogEvent {
  const body = 2 + 50 + 4 + 1 + p.eventTypeCount + (p.checksum ? 1 : 0);
  return { type: 'Format_desc', size: eventSize(p, body), info: `Server ver: ${serverVersion}, Binlog ver: 4` };
}

/** MySQL's GTID-set text: `uuid:1-5:7,\nuuid2:3` (SHOW BINLOG EVENTS separates server uuids with ",\n"). */
function mysqlGtidSetText(sids: readonly { uuid: string; intervals: readonly GnoInterval[] }[]): string {
  return sids
    .map((s) => [s.uuid, ...s.intervals.map((i) => (i.start === i.end ? `${i.start}` : `${i.start}-${i.end}`))].join(':'))
    .join(',\n');
}

/** Previous_gtids: the number of server uuids (8), then per uuid its 16 bytes, the interval count (8) and 16 per interval. */
function previousGtidsEvent(p: FlavorProfile, sids: readonly { uuid: string; intervals: readonly GnoInterval[] }[]): BinlogEvent {
  const body = 8 + sids.reduce((sum, s) => sum + 16 + 8 + 16 * s.intervals.length, 0);
  return { type: 'Previous_gtids', size: eventSize(p, body), info: mysqlGtidSetText(sids) };
}

/**
 * MariaDB Gtid_list: count and flags (4), then domain (4) + server_id (4) + seq_no (8) per GTID. An empty list is
 * padded to a 6-byte body, the minimum an old replica needs to replace it with a dummy event (29 bytes, as observed).
 */
function gtidListEvent(p: FlavorProfile, gtids: readonly { domain: number; serverId: number; seq: number }[]): BinlogEvent {
  const body = gtids.length === 0 ? 6 : 4 + 16 * gtids.length;
  const info = `[${gtids.map((g) => `${g.domain}-${g.serverId}-${g.seq}`).join(',')}]`;
  return { type: 'Gtid_list', size: eventSize(p, body), info };
}

/** MariaDB Binlog_checkpoint: the file-name length (4) and the name of the oldest binlog crash recovery still needs. */
function checkpointEvent(p: FlavorProfile, fileName: string): BinlogEvent {
  return { type: 'Binlog_checkpoint', size: eventSize(p, 4 + utf8Length(fileName)), info: fileName };
}

/**
 * The event that opens a transaction's event group.
 * - MySQL 5.7 Gtid/Anonymous_Gtid: flags 1 + sid 16 + gno 8 + logical-clock typecode 1 + last_committed 8 + sequence 8 = 42.
 * - MySQL 8.0+ adds the immediate commit timestamp (7; +7 original when it differs), the transaction length as a
 *   packed integer, and the immediate server version (4; +4 original when it differs). The length counts the Gtid
 *   event itself, so its own field size is found as Gtid_log_event::set_trx_length_by_cache_size does: start from 1
 *   byte and widen at 251, 2^16 and 2^24 as the running total crosses them.
 * - MariaDB Gtid: seq_no 8 + domain 4 + flags 1 + (commit id 8 when group committed, else 6 zero bytes).
 * `restSize` is the size of the transaction's other events (needed for 8.0's transaction length).
 */
function gtidEvent(
  p: FlavorProfile,
  gtid: TxnGtid,
  restSize: number,
  options: { standalone: boolean; groupCommitId?: boolean; replicatedFrom?: Flavor; named?: boolean },
): BinlogEvent | null {
  const named = options.named !== false;
  switch (p.gtidEvent) {
    case 'none':
      if (gtid.kind !== 'anonymous') throw new Error(`${p.flavor} has no GTIDs; got a ${gtid.kind} GTID`);
      return null;
    case 'mariadb': {
      if (gtid.kind !== 'mariadb') throw new Error(`${p.flavor} logs MariaDB GTIDs; got a ${gtid.kind} GTID`);
      const body = 8 + 4 + 1 + (options.groupCommitId ? 8 : 6);
      const size = eventSize(p, body);
      if (!named) return { type: 'Gtid', size, info: '' };
      const text = `${gtid.domain}-${gtid.serverId}-${gtid.seq}`;
      return { type: 'Gtid', size, info: options.standalone ? `GTID ${text}` : `BEGIN GTID ${text}` };
    }
    case 'mysql-5.7':
    case 'mysql-8.0': {
      if (gtid.kind === 'mariadb') throw new Error(`${p.flavor} logs MySQL GTIDs; got a MariaDB GTID`);
      const type: BinlogEventType = gtid.kind === 'anonymous' ? 'Anonymous_Gtid' : 'Gtid';
      const info = named ? `SET @@SESSION.GTID_NEXT= '${gtid.kind === 'anonymous' ? 'ANONYMOUS' : `${gtid.uuid}:${gtid.gno}`}'` : '';
      if (p.gtidEvent === 'mysql-5.7') return { type, size: eventSize(p, 42), info };
      const replicated = options.replicatedFrom !== undefined;
      const versionDiffers = replicated && flavorProfile(options.replicatedFrom ?? p.flavor).serverVersion !== p.serverVersion;
      const withoutLength = eventSize(p, 42 + 7 + (replicated ? 7 : 0) + 4 + (versionDiffers ? 4 : 0));
      const lengthField = transactionLengthFieldSize(restSize + withoutLength);
      return { type, size: withoutLength + lengthField, info };
    }
  }
}

/**
 * Size of the packed transaction_length field of a MySQL 8.0 Gtid event, given the transaction's length without that
 * field: 1 byte, widened by 2 once the total reaches 251, by 1 more at 2^16 and by 5 more at 2^24.
 */
function transactionLengthFieldSize(lengthWithoutField: number): number {
  let total = lengthWithoutField + 1;
  if (total >= 251) {
    total += 2;
    if (total >= 65536) {
      total += 1;
      if (total >= 16777216) total += 5;
    }
  }
  return total - lengthWithoutField;
}

/**
 * Q_UPDATED_DB_NAMES (MySQL 5.6+): code (1) + count (1) + each name NUL-terminated; past 16 databases only the
 * count (OVER_MAX_DBS_IN_EVENT_MTS) is written.
 */
function updatedDbNamesSize(p: FlavorProfile, dbs: readonly string[]): number {
  if (!p.updatedDbNames) return 0;
  const distinct = [...new Set(dbs)];
  if (distinct.length > 16 || (distinct.length === 1 && distinct[0] === '')) return 2;
  return 2 + distinct.reduce((sum, db) => sum + utf8Length(db) + 1, 0);
}

/**
 * Query: post-header thread_id 4 + exec_time 4 + db length 1 + error code 2 + status-vars length 2 = 13, then the
 * status variables, the db name with its NUL, and the statement text.
 */
function queryEvent(p: FlavorProfile, q: { db: string; text: string; statusVars: number; info: string }): BinlogEvent {
  const body = 13 + q.statusVars + utf8Length(q.db) + 1 + utf8Length(q.text);
  return { type: 'Query', size: eventSize(p, body), info: q.info };
}

/**
 * Q_AUTO_INCREMENT (code 1 + increment 2 + offset 2), which Query_log_event::write adds when the session's
 * auto_increment_increment is not 1 (with an increment of 1 the offset changes nothing generated).
 */
function autoIncrementVarSize(settings: AutoIncrementSettings | undefined): number {
  return settings !== undefined && settings.increment !== 1 ? 5 : 0;
}

/**
 * What a statement that read the clock (now()) adds to its Query event: the session's time zone, Q_TIME_ZONE_CODE
 * (code 1 + length 1 + the name, `SYSTEM` by default), which a statement that used it carries so that a replica
 * converts the time as the source did; on MariaDB also Q_HRNOW (code 1 + 3 bytes of microseconds), the fraction of
 * the statement's start that `SET TIMESTAMP` alone does not carry.
 */
function clockVarsSize(p: FlavorProfile): number {
  const timeZone = 2 + 'SYSTEM'.length;
  return p.gtidEvent === 'mariadb' ? timeZone + 4 : timeZone;
}

/** Intvar INSERT_ID: type (1) + value (8); the value a replica gives the statement's first generated AUTO_INCREMENT row. */
function intvarEvent(p: FlavorProfile, insertId: number, named: boolean): BinlogEvent {
  return { type: 'Intvar', size: eventSize(p, 1 + 8), info: named ? `INSERT_ID=${insertId}` : '' };
}

/** `use \`db\`; text` as Query_log_event::pack_info shows a statement logged with a current database. */
function withUse(db: string, text: string): string {
  return db === '' ? text : `use \`${db.replace(/`/g, '``')}\`; ${text}`;
}

/** Xid: the 8-byte transaction id. */
function xidEvent(p: FlavorProfile, xid: number, named: boolean): BinlogEvent {
  return { type: 'Xid', size: eventSize(p, 8), info: named ? `COMMIT /* xid=${xid} */` : '' };
}

/** MariaDB Annotate_rows: just the statement text, no post-header. */
function annotateRowsEvent(p: FlavorProfile, text: string, named: boolean): BinlogEvent {
  return { type: 'Annotate_rows', size: eventSize(p, utf8Length(text)), info: named ? text : '' };
}

/** Table_map: maps the table_id the rows events use to the table's names and column types (see `tableMapBodySize`). */
function tableMapEvent(p: FlavorProfile, table: TableConfig, tableId: number, named: boolean): BinlogEvent {
  return {
    type: 'Table_map',
    size: eventSize(p, tableMapBodySize(p, table)),
    info: named ? `table_id: ${tableId} (${table.database}.${table.name})` : '',
  };
}

const ROWS_EVENT_TYPE = { insert: 'Write_rows', update: 'Update_rows', delete: 'Delete_rows' } as const;

/** Bytes a change adds to a rows event: the after image (insert), the before image (delete), or both (update). */
function changeSize(p: FlavorProfile, table: TableConfig, change: RowChange): number {
  switch (change.kind) {
    case 'insert':
      return rowImageSize(p, table, change.after);
    case 'delete':
      return rowImageSize(p, table, change.before);
    case 'update':
      return rowImageSize(p, table, change.before) + rowImageSize(p, table, change.after);
  }
}

/**
 * The rows events of one statement. Rows accumulate in one event while it stays within binlog_row_event_max_size
 * (THD::binlog_prepare_pending_rows_event starts a new event when the pending one's data size plus the new row would
 * exceed it, or when the kind of change differs); the last event carries STMT_END_F.
 */
function rowsEvents(p: FlavorProfile, st: StatementChanges, tableId: number, maxSize: number, named: boolean): BinlogEvent[] {
  const groups: { kind: RowChange['kind']; dataSize: number }[] = [];
  for (const change of st.changes) {
    const needed = changeSize(p, st.table, change);
    const last = groups[groups.length - 1];
    if (last !== undefined && last.kind === change.kind && last.dataSize + needed <= maxSize) {
      last.dataSize += needed;
    } else {
      groups.push({ kind: change.kind, dataSize: rowsEventFixedSize(p, st.table, change.kind === 'update') + needed });
    }
  }
  return groups.map((g, i) => ({
    type: ROWS_EVENT_TYPE[g.kind],
    size: eventSize(p, g.dataSize),
    info: !named ? '' : i === groups.length - 1 ? `table_id: ${tableId} flags: STMT_END_F` : `table_id: ${tableId}`,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The public functions.

/**
 * The events a commit appends, in order: the GTID event (MySQL 5.7+: Gtid/Anonymous_Gtid; MariaDB: Gtid, which
 * stands for BEGIN), MySQL's Query BEGIN, then per statement either [Annotate_rows] Table_map + rows events (row
 * format; a statement that changed no row writes nothing) or a Query with its text (statement format), and the Xid.
 * Returns [] when a row-format transaction changed no row (nothing is binlogged).
 */
export function transactionEvents(flavor: Flavor, txn: TransactionInput): BinlogEvent[] {
  const p = flavorProfile(flavor);
  const maxSize = txn.rowsEventMaxSize ?? DEFAULT_ROWS_EVENT_MAX_SIZE;
  const logged = txn.format === 'row' ? txn.statements.filter((s) => s.changes.length > 0) : txn.statements;
  if (txn.empty && txn.gtid.kind === 'mysql' && p.gtidEvent !== 'mariadb' && p.gtidEvent !== 'none') return emptyGtidTransaction(p, txn);
  if (logged.length === 0) return [];

  // A summary run names no event (`infos: false`): the texts are not built at all.
  const named = txn.infos !== false;
  const tableOrder: string[] = [];
  const tableIdOf = (table: TableConfig): number => {
    const key = `${table.database}.${table.name}`;
    const given = txn.tableIds?.[key];
    if (given !== undefined) return given;
    if (!tableOrder.includes(key)) tableOrder.push(key);
    return p.firstTableId + tableOrder.indexOf(key);
  };

  const rest: BinlogEvent[] = [];
  if (p.gtidEvent !== 'mariadb') {
    // MySQL opens every transaction with a Query BEGIN in the client's current database. In statement format it is
    // written when the first statement is logged, so it carries that statement's Q_UPDATED_DB_NAMES too.
    const dbs = txn.format === 'statement' ? [logged[0]?.table.database ?? ''] : [];
    const statusVars = p.queryStatusBase + autoIncrementVarSize(txn.autoIncrement) + (dbs.length > 0 ? updatedDbNamesSize(p, dbs) : 0);
    rest.push(queryEvent(p, { db: txn.database, text: 'BEGIN', statusVars, info: 'BEGIN' }));
  }
  for (const st of logged) {
    if (txn.format === 'statement') {
      const statusVars =
        p.queryStatusBase +
        autoIncrementVarSize(txn.autoIncrement) +
        updatedDbNamesSize(p, [st.table.database]) +
        (st.readsClock ? clockVarsSize(p) : 0);
      if (st.insertId !== undefined) rest.push(intvarEvent(p, st.insertId, named));
      rest.push(queryEvent(p, { db: txn.database, text: st.text, statusVars, info: named ? withUse(txn.database, st.text) : '' }));
      continue;
    }
    const tableId = tableIdOf(st.table);
    if (p.annotateRows) rest.push(annotateRowsEvent(p, st.text, named));
    rest.push(tableMapEvent(p, st.table, tableId, named));
    for (const e of rowsEvents(p, st, tableId, maxSize, named)) rest.push(e);
  }
  rest.push(xidEvent(p, txn.xid, named));

  let restSize = 0;
  for (const e of rest) restSize += e.size;
  const gtid = gtidEvent(p, txn.gtid, restSize, {
    standalone: false,
    groupCommitId: txn.groupCommitId,
    replicatedFrom: txn.replicatedFrom,
    named,
  });
  if (gtid !== null) rest.unshift(gtid);
  return rest;
}

/** Gtid + Query BEGIN + Query COMMIT, both Query events in the session's database with the usual status variables. */
function emptyGtidTransaction(p: FlavorProfile, txn: TransactionInput): BinlogEvent[] {
  const statusVars = p.queryStatusBase + autoIncrementVarSize(txn.autoIncrement);
  const rest = [
    queryEvent(p, { db: txn.database, text: 'BEGIN', statusVars, info: 'BEGIN' }),
    queryEvent(p, { db: txn.database, text: 'COMMIT', statusVars, info: 'COMMIT' }),
  ];
  const gtid = gtidEvent(p, txn.gtid, rest[0].size + rest[1].size, { standalone: false, replicatedFrom: txn.replicatedFrom });
  const events = gtid === null ? rest : [gtid, ...rest];
  if (txn.infos === false) for (const e of events) if (e.type !== 'Query') e.info = '';
  return events;
}

/** `CREATE DATABASE name`, the text `ddlEvents` logs for a createDatabase by default. */
export function createDatabaseStatement(name: string): string {
  return `CREATE DATABASE ${name}`;
}

const SQL_TYPE = { tinyint: 'TINYINT', smallint: 'SMALLINT', mediumint: 'MEDIUMINT', int: 'INT', bigint: 'BIGINT' } as const;

/** `CREATE TABLE db.t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB`, the text `ddlEvents` logs for a createTable by default. */
export function createTableStatement(table: TableConfig): string {
  const singlePk = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const columns = table.columns.map((c) => {
    const type =
      c.type.base === 'varchar' || c.type.base === 'char'
        ? `${c.type.base.toUpperCase()}(${c.type.length})`
        : c.type.base === 'text'
          ? 'TEXT'
          : SQL_TYPE[c.type.base];
    const auto = c.autoIncrement ? ' AUTO_INCREMENT' : '';
    if (c.name === singlePk) return `${c.name} ${type}${auto} PRIMARY KEY`;
    return c.nullable ? `${c.name} ${type}${auto}` : `${c.name} ${type} NOT NULL${auto}`;
  });
  if (table.primaryKey.length > 1) columns.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  return `CREATE TABLE ${table.database}.${table.name} (${columns.join(', ')}) ENGINE=InnoDB`;
}

/**
 * The text a client's DDL is logged with. DROP TABLE is rewritten by the server (mysql_rm_table_no_locks builds the
 * query again from the tables it dropped): `DROP TABLE \`t\`` and a `generated by server` comment, the name quoted
 * and qualified only when its database is not the current one. Every other DDL is logged as the client wrote it.
 */
export function loggedDdlText(
  operation: DdlOperation,
  text: string,
  tableDatabase: string,
  currentDatabase: string,
  ifExists = false,
): string {
  if (operation.op !== 'dropTable') return text;
  const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
  const name = tableDatabase === currentDatabase ? quote(operation.table) : `${quote(tableDatabase)}.${quote(operation.table)}`;
  return `DROP TABLE ${ifExists ? 'IF EXISTS ' : ''}${name} /* generated by server */`;
}

/**
 * The events a DDL statement appends: its GTID event (MariaDB: a standalone `GTID d-s-n`) and one Query event.
 * Status variables beyond the flavor's base: MySQL 5.6+ Q_UPDATED_DB_NAMES (the database created, or the table's);
 * MySQL 8.0 atomic DDL Q_DDL_LOGGED_WITH_XID (1+8), plus Q_DEFAULT_TABLE_ENCRYPTION (1+1) for CREATE DATABASE or
 * Q_SQL_REQUIRE_PRIMARY_KEY (1+1) for CREATE TABLE; MariaDB Q_XID (1+8) for a DDL on a transactional engine
 * (CREATE TABLE … InnoDB, not CREATE DATABASE). CREATE DATABASE is logged with the new database as its db and no
 * `use` (the server suppresses it); CREATE TABLE with the client's current database.
 */
export function ddlEvents(flavor: Flavor, ddl: DdlInput): BinlogEvent[] {
  const p = flavorProfile(flavor);
  const st = ddl.statement;
  const text =
    ddl.text ??
    (st.kind === 'createDatabase'
      ? createDatabaseStatement(st.name)
      : st.kind === 'createTable'
        ? createTableStatement(st.table)
        : loggedDdlText(st.operation, st.text, st.database, ddl.database, st.ifExists));
  const mysql80 = p.gtidEvent === 'mysql-8.0';
  const mariadb = p.gtidEvent === 'mariadb';
  let query: BinlogEvent;
  if (st.kind === 'createDatabase') {
    const statusVars =
      p.queryStatusBase + autoIncrementVarSize(ddl.autoIncrement) + updatedDbNamesSize(p, [st.name]) + (mysql80 ? 9 + 2 : 0);
    const info = mysql80 ? `${text} /* xid=${ddl.xid} */` : text;
    query = queryEvent(p, { db: st.name, text, statusVars, info });
  } else {
    // MySQL 8.0 writes Q_SQL_REQUIRE_PRIMARY_KEY for CREATE TABLE and ALTER TABLE only (not CREATE INDEX, DROP, TRUNCATE).
    // MariaDB logs TRUNCATE without Q_XID (a real 10.11: 9 bytes less than the other DDL of the same text length).
    const op = st.kind === 'client' ? st.operation.op : 'createTable';
    const requirePk = op === 'createTable' || op === 'addColumn' || op === 'dropColumn';
    const statusVars =
      p.queryStatusBase +
      autoIncrementVarSize(ddl.autoIncrement) +
      updatedDbNamesSize(p, [st.kind === 'client' ? st.database : st.table.database]) +
      (mysql80 ? 9 + (requirePk ? 2 : 0) : mariadb && op !== 'truncate' ? 9 : 0);
    const info = withUse(ddl.database, mysql80 ? `${text} /* xid=${ddl.xid} */` : text);
    query = queryEvent(p, { db: ddl.database, text, statusVars, info });
  }
  const gtid = gtidEvent(p, ddl.gtid, query.size, { standalone: true, replicatedFrom: ddl.replicatedFrom });
  return gtid === null ? [query] : [gtid, query];
}

/**
 * The events at the head of a binlog file after the 4-byte magic: Format_desc; MySQL 5.7+ Previous_gtids (written
 * even without gtid_mode); MariaDB Gtid_list and a Binlog_checkpoint. `gtidState` is what Previous_gtids/Gtid_list
 * names (MariaDB: the last GTID of each domain so far). `checkpointFile` is the file the Binlog_checkpoint names:
 * the file itself on a fresh start (default); after a rotation MariaDB names the previous file, and writes a second
 * checkpoint naming the new one once the previous file's transactions are durable (`binlogCheckpointEvent`).
 */
export function binlogFileHeader(
  flavor: Flavor,
  input: { fileName: string; gtidState: GtidSetDescription; checkpointFile?: string; serverVersion?: string },
): BinlogEvent[] {
  const p = flavorProfile(flavor);
  const fd = formatDescEvent(p, input.serverVersion ?? p.serverVersion);
  const state = input.gtidState;
  switch (p.gtidEvent) {
    case 'none':
      return [fd];
    case 'mariadb':
      if (state.kind !== 'mariadb' && state.sids.length > 0) throw new Error(`${flavor} cannot name MySQL GTIDs`);
      return [
        fd,
        gtidListEvent(p, state.kind === 'mariadb' ? state.gtids : []),
        checkpointEvent(p, input.checkpointFile ?? input.fileName),
      ];
    case 'mysql-5.7':
    case 'mysql-8.0':
      if (state.kind !== 'mysql' && state.gtids.length > 0) throw new Error(`${flavor} cannot name MariaDB GTIDs`);
      return [fd, previousGtidsEvent(p, state.kind === 'mysql' ? state.sids : [])];
  }
}

/** The offset where the first transaction of a file starts: the magic plus the header events (107/154/157/158/328 for a fresh file). */
export function firstTransactionPosition(flavor: Flavor, input: Parameters<typeof binlogFileHeader>[1]): number {
  return binlogFileHeader(flavor, input).reduce((pos, e) => pos + e.size, BINLOG_MAGIC_SIZE);
}

/** MariaDB's Binlog_checkpoint naming `fileName` (written on its own when the older binlogs are no longer needed for crash recovery). */
export function binlogCheckpointEvent(flavor: Flavor, fileName: string): BinlogEvent {
  const p = flavorProfile(flavor);
  if (p.gtidEvent !== 'mariadb') throw new Error(`${flavor} writes no Binlog_checkpoint events`);
  return checkpointEvent(p, fileName);
}

/** The fake Gtid_list a MariaDB dump thread sends a GTID-connected replica once it reaches its position (not in the binlog). */
export function fakeGtidListEvent(flavor: Flavor, gtids: readonly { domain: number; serverId: number; seq: number }[]): BinlogEvent {
  const p = flavorProfile(flavor);
  if (p.gtidEvent !== 'mariadb') throw new Error(`${flavor} sends no Gtid_list events`);
  return gtidListEvent(p, gtids);
}

/** The Rotate event that closes a file and names the next one: position (8) + the file name; Info `name;pos=4`. */
export function rotateEvent(flavor: Flavor, nextFile: string, position = 4): BinlogEvent {
  const p = flavorProfile(flavor);
  return { type: 'Rotate', size: eventSize(p, 8 + utf8Length(nextFile)), info: `${nextFile};pos=${position}` };
}

/** The Stop event a clean shutdown appends (no body: 23 bytes, 19 without a checksum). */
export function stopEvent(flavor: Flavor): BinlogEvent {
  return { type: 'Stop', size: eventSize(flavorProfile(flavor), 0), info: '' };
}

/**
 * What a replica's relay log holds before the first source event. Every relay log file starts with the replica's
 * own Format_desc (and on MySQL 5.7+ its own Previous_gtids, naming `relayGtidState`); MariaDB relay logs carry no
 * Gtid_list of their own.
 * - `cause: 'connect'` (default), a file opened when the I/O thread connects: then come what the source's dump
 *   thread sends first, a fake Rotate naming the source file and start position (End_log_pos 0), and the source's
 *   Format_desc, whose End_log_pos is 0 when the replica starts past the beginning of the file (the dump thread
 *   zeroes it so that the receiver does not count it as progress) and its real end when it starts at 4.
 * - `cause: 'relayRotation'`, a file opened because the relay log rotated while connected (max_relay_log_size):
 *   the receiver writes the source's Format_desc it keeps in memory again, so that the applier can decode what
 *   follows; no fake Rotate (End_log_pos 0).
 * The source's events follow, with the source's sizes and End_log_pos.
 */
export function relayLogHeader(
  flavor: Flavor,
  input: {
    sourceFlavor: Flavor;
    sourceFile: string;
    sourcePos: number;
    relayGtidState?: GtidSetDescription;
    cause?: 'connect' | 'relayRotation';
  },
): RelayLogHeaderEvent[] {
  const own = binlogFileHeader(flavor, {
    fileName: '',
    gtidState: input.relayGtidState ?? { kind: 'mysql', sids: [] },
  }).filter((e) => e.type === 'Format_desc' || e.type === 'Previous_gtids');
  const sourceFd = binlogFileHeader(input.sourceFlavor, {
    fileName: input.sourceFile,
    gtidState: { kind: 'mysql', sids: [] },
  })[0];
  if (sourceFd === undefined) throw new Error('a binlog header always starts with Format_desc');
  const ownEvents = own.map((e): RelayLogHeaderEvent => ({ ...e, origin: 'replica', endLogPos: 'relay' }));
  if (input.cause === 'relayRotation') return [...ownEvents, { ...sourceFd, origin: 'source', endLogPos: 'zero' }];
  return [
    ...ownEvents,
    { ...rotateEvent(input.sourceFlavor, input.sourceFile, input.sourcePos), origin: 'source', endLogPos: 'zero' },
    { ...sourceFd, origin: 'source', endLogPos: input.sourcePos > BINLOG_MAGIC_SIZE ? 'zero' : 'source' },
  ];
}

/**
 * Which of the source's events the replica's I/O thread writes to its relay log, in order: all but the source's
 * Previous_gtids (MySQL's receiver drops it), Stop (a source shutdown is not relayed), and MariaDB's Annotate_rows
 * unless the replica has log_slave_updates (it only asks the source for them when it will re-log them).
 */
export function relayedEvents(flavor: Flavor, events: readonly BinlogEvent[], logSlaveUpdates: boolean): readonly BinlogEvent[] {
  const keepAnnotate = logSlaveUpdates && flavorProfile(flavor).annotateRows;
  const kept = (e: BinlogEvent) => e.type !== 'Previous_gtids' && e.type !== 'Stop' && (e.type !== 'Annotate_rows' || keepAnnotate);
  // Usually every event is kept: the relay log then shares the source's list.
  return events.every(kept) ? events : events.filter(kept);
}

/** The Event_type column of SHOW BINLOG EVENTS: MariaDB writes v1 rows events and names them `Write_rows_v1` etc. */
export function eventTypeName(flavor: Flavor, type: BinlogEventType): string {
  const p = flavorProfile(flavor);
  if (p.gtidEvent === 'mariadb' && (type === 'Write_rows' || type === 'Update_rows' || type === 'Delete_rows')) {
    return `${type}_v1`;
  }
  return type;
}
