import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binlogCheckpointEvent,
  binlogFileHeader,
  ddlEvents,
  eventTypeName,
  firstTransactionPosition,
  relayedEvents,
  relayLogHeader,
  rotateEvent,
  stopEvent,
  transactionEvents,
  type BinlogEvent,
  type RowChange,
  type TxnGtid,
} from '../src/engine/binlog-events';
import type { ColumnConfig, ColumnType, Flavor, TableConfig } from '../src/model/scenario';

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function col(name: string, type: ColumnType, nullable = true): ColumnConfig {
  return { name, type, nullable };
}

function table(database: string, name: string, columns: ColumnConfig[], primaryKey: string[] = []): TableConfig {
  return { database, name, line: 0, columns, primaryKey };
}

/** End positions of consecutive events starting at `start`. */
function ends(start: number, events: BinlogEvent[]): number[] {
  const out: number[] = [];
  let pos = start;
  for (const e of events) {
    pos += e.size;
    out.push(pos);
  }
  return out;
}

function total(events: readonly BinlogEvent[]): number {
  return events.reduce((sum, e) => sum + e.size, 0);
}

const mariaGtid = (seq: number): TxnGtid => ({ kind: 'mariadb', domain: 0, serverId: 1, seq });
const anonymous: TxnGtid = { kind: 'anonymous' };
const noGtids = { kind: 'mysql', sids: [] } as const;

/** A one-statement row-format transaction. */
function rowTxn(
  flavor: Flavor,
  database: string,
  t: TableConfig,
  text: string,
  changes: RowChange[],
  gtid: TxnGtid = flavor === 'mariadb-10.11' ? mariaGtid(1) : anonymous,
) {
  return transactionEvents(flavor, { database, format: 'row', gtid, xid: 1, statements: [{ text, table: t, changes }] });
}

function sizeOf(events: BinlogEvent[], type: BinlogEvent['type']): number {
  const e = events.find((x) => x.type === type);
  assert.ok(e, `no ${type} event`);
  return e.size;
}

// ---------------------------------------------------------------------------------------------------------------
// mariadb-observations.md §1: a real MariaDB 10.11.19, reproduced exactly.

const dt = table('d', 't', [col('id', { base: 'int' }, false), col('v', { base: 'varchar', length: 20 })], ['id']);
const insertDt = (id: number) => ({
  text: `INSERT INTO d.t VALUES (${id}, 'v${id}')`,
  table: dt,
  changes: [{ kind: 'insert', after: { id, v: `v${id}` } }] as RowChange[],
});

/** The whole observed binlog of P, as events in order, from position 4. */
function observedMariadbBinlog(): BinlogEvent[] {
  const f: Flavor = 'mariadb-10.11';
  return [
    ...binlogFileHeader(f, { fileName: 'mysql-bin.000001', gtidState: { kind: 'mariadb', gtids: [] } }),
    ...ddlEvents(f, { statement: { kind: 'createDatabase', name: 'd' }, database: '', gtid: mariaGtid(1), xid: 20 }),
    ...ddlEvents(f, { statement: { kind: 'createTable', table: dt }, database: '', gtid: mariaGtid(2), xid: 21 }),
    ...[1, 2, 3].flatMap((id) =>
      transactionEvents(f, { database: '', format: 'row', gtid: mariaGtid(id + 2), xid: 29, statements: [insertDt(id)] }),
    ),
    ...transactionEvents(f, {
      database: '',
      format: 'row',
      gtid: mariaGtid(6),
      xid: 43,
      statements: [insertDt(4), insertDt(5)],
    }),
  ];
}

void test('mariadb §1: a fresh binlog header is Format_desc 252 + Gtid_list 29 + Binlog_checkpoint 43, first transaction at 328', () => {
  const header = binlogFileHeader('mariadb-10.11', { fileName: 'mysql-bin.000001', gtidState: { kind: 'mariadb', gtids: [] } });
  assert.deepEqual(
    header.map((e) => [e.type, e.size, e.info]),
    [
      ['Format_desc', 252, 'Server ver: 10.11.19-MariaDB-0+deb12u1-log, Binlog ver: 4'],
      ['Gtid_list', 29, '[]'],
      ['Binlog_checkpoint', 43, 'mysql-bin.000001'],
    ],
  );
  assert.deepEqual(ends(4, header), [256, 285, 328]);
  assert.equal(firstTransactionPosition('mariadb-10.11', { fileName: 'mysql-bin.000001', gtidState: { kind: 'mariadb', gtids: [] } }), 328);
});

void test('mariadb §1: CREATE DATABASE d (Gtid 42 + Query 81) and CREATE TABLE (42 + 138) end at 451 and 631', () => {
  const events = observedMariadbBinlog();
  assert.deepEqual(
    events.slice(3, 7).map((e) => [e.type, e.size, e.info]),
    [
      ['Gtid', 42, 'GTID 0-1-1'],
      ['Query', 81, 'CREATE DATABASE d'],
      ['Gtid', 42, 'GTID 0-1-2'],
      ['Query', 138, 'CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB'],
    ],
  );
  assert.deepEqual(ends(328, events.slice(3, 7)), [370, 451, 493, 631]);
});

void test("mariadb §1: INSERT INTO d.t VALUES (1, 'v1') is Gtid 42, Annotate_rows 55, Table_map 44, Write_rows_v1 41, Xid 31", () => {
  const events = transactionEvents('mariadb-10.11', {
    database: '',
    format: 'row',
    gtid: mariaGtid(3),
    xid: 29,
    statements: [insertDt(1)],
  });
  assert.deepEqual(
    events.map((e) => [eventTypeName('mariadb-10.11', e.type), e.size, e.info]),
    [
      ['Gtid', 42, 'BEGIN GTID 0-1-3'],
      ['Annotate_rows', 55, "INSERT INTO d.t VALUES (1, 'v1')"],
      ['Table_map', 44, 'table_id: 18 (d.t)'],
      ['Write_rows_v1', 41, 'table_id: 18 flags: STMT_END_F'],
      ['Xid', 31, 'COMMIT /* xid=29 */'],
    ],
  );
  assert.equal(total(events), 213);
  assert.deepEqual(ends(631, events), [673, 728, 772, 813, 844]);
});

void test('mariadb §1: SHOW MASTER STATUS after each statement: 451, 631, 844, 1057, 1270, then COMMIT of the two-statement transaction 1623', () => {
  const events = observedMariadbBinlog();
  const positions = ends(4, events);
  // Ends of the Query/Xid events that close each group.
  const closes = events.flatMap((e, i) => (e.type === 'Query' || e.type === 'Xid' ? [positions[i]] : []));
  assert.deepEqual(closes, [451, 631, 844, 1057, 1270, 1623]);
});

void test('mariadb §1: the two-statement transaction 1270→1623 has every event boundary as observed', () => {
  const events = transactionEvents('mariadb-10.11', {
    database: '',
    format: 'row',
    gtid: mariaGtid(6),
    xid: 43,
    statements: [insertDt(4), insertDt(5)],
  });
  assert.deepEqual(
    events.map((e) => eventTypeName('mariadb-10.11', e.type)),
    ['Gtid', 'Annotate_rows', 'Table_map', 'Write_rows_v1', 'Annotate_rows', 'Table_map', 'Write_rows_v1', 'Xid'],
  );
  assert.deepEqual(ends(1270, events), [1312, 1367, 1411, 1452, 1507, 1551, 1592, 1623]);
  assert.equal(events[0]?.info, 'BEGIN GTID 0-1-6');
  assert.equal(events[7]?.info, 'COMMIT /* xid=43 */');
});

void test('mariadb §1: a later file carries the last GTID in its Gtid_list (43 bytes), first transaction at 342', () => {
  const input = {
    fileName: 'mysql-bin.000002',
    checkpointFile: 'mysql-bin.000001',
    gtidState: { kind: 'mariadb', gtids: [{ domain: 0, serverId: 1, seq: 6 }] },
  } as const;
  const header = binlogFileHeader('mariadb-10.11', input);
  assert.deepEqual(
    header.map((e) => [e.type, e.size, e.info]),
    [
      ['Format_desc', 252, 'Server ver: 10.11.19-MariaDB-0+deb12u1-log, Binlog ver: 4'],
      ['Gtid_list', 43, '[0-1-6]'],
      ['Binlog_checkpoint', 43, 'mysql-bin.000001'],
    ],
  );
  assert.equal(firstTransactionPosition('mariadb-10.11', input), 342);
  // The second checkpoint, naming the new file, is the same size.
  assert.equal(binlogCheckpointEvent('mariadb-10.11', 'mysql-bin.000002').size, 43);
});

void test('mariadb §1: Rotate to mysql-bin.000002 is 47 bytes, Stop 23', () => {
  assert.deepEqual(rotateEvent('mariadb-10.11', 'mysql-bin.000002'), {
    type: 'Rotate',
    size: 47,
    info: 'mysql-bin.000002;pos=4',
  });
  assert.equal(stopEvent('mariadb-10.11').size, 23);
});

void test('mariadb §1: relay-bin.000002 holds FD 4→256, fake Rotate 47, source FD 252 (→555), then the source events without Annotate_rows: Relay_Log_Pos 1575', () => {
  const header = relayLogHeader('mariadb-10.11', {
    sourceFlavor: 'mariadb-10.11',
    sourceFile: 'mysql-bin.000001',
    sourcePos: 328,
  });
  assert.deepEqual(
    header.map((e) => [e.type, e.size, e.info, e.origin, e.endLogPos]),
    [
      ['Format_desc', 252, 'Server ver: 10.11.19-MariaDB-0+deb12u1-log, Binlog ver: 4', 'replica', 'relay'],
      ['Rotate', 47, 'mysql-bin.000001;pos=328', 'source', 'zero'],
      ['Format_desc', 252, 'Server ver: 10.11.19-MariaDB-0+deb12u1-log, Binlog ver: 4', 'source', 'zero'],
    ],
  );
  assert.deepEqual(ends(4, header), [256, 303, 555]);
  // Replicating from 328 through 1623: CREATE DATABASE, CREATE TABLE, three inserts, the two-statement transaction.
  const fromSource = observedMariadbBinlog().slice(3);
  assert.equal(4 + total(header) + total(relayedEvents('mariadb-10.11', fromSource, false)), 1575);
  // With log_slave_updates the replica asks for the Annotate_rows too: five more of 55 bytes.
  assert.equal(4 + total(header) + total(relayedEvents('mariadb-10.11', fromSource, true)), 1575 + 5 * 55);
});

// ---------------------------------------------------------------------------------------------------------------
// replication-semantics.md §7: MySQL.

void test('§7: fresh-file headers end where real servers put the first transaction: 107 / 154 / 157 / 158', () => {
  const at = (f: Flavor) => ends(4, binlogFileHeader(f, { fileName: 'mysql-bin.000001', gtidState: noGtids }));
  assert.deepEqual(at('mysql-5.5'), [107]);
  assert.deepEqual(at('mysql-5.7'), [123, 154]);
  assert.deepEqual(at('mysql-8.0'), [126, 157]);
  assert.deepEqual(at('mysql-8.4'), [127, 158]);
  assert.equal(binlogFileHeader('mysql-8.0', { fileName: 'x', gtidState: noGtids })[1]?.info, '');
});

void test('§7: Previous_gtids is 31 bytes empty and 71 with one uuid interval', () => {
  const uuid = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
  const header = binlogFileHeader('mysql-8.0', {
    fileName: 'mysql-bin.000002',
    gtidState: { kind: 'mysql', sids: [{ uuid, intervals: [{ start: 1, end: 5 }] }] },
  });
  assert.deepEqual([header[1]?.size, header[1]?.info], [71, `${uuid}:1-5`]);
});

void test('§7 MySQL 8.0.33 single-row insert, assuming USE db1 and db1.tb1 (a INT, b INT): 157→236→310→359→403→434', () => {
  // Why the Anonymous_Gtid is 79: the rest of the transaction is 74 + 49 + 44 + 31 = 198 bytes, the Gtid event
  // without its length field 76, so the transaction length (275) needs the 3-byte packed form: 76 + 3 = 79.
  // BEGIN 74 = 19 + 13 + status vars 29 + "db1\0" 4 + "BEGIN" 5 + CRC 4, which pins the current database to 3 bytes;
  // Table_map 49 then leaves 3 bytes for the table name with two INT columns (signedness metadata 3 bytes).
  const t = table('db1', 'tb1', [col('a', { base: 'int' }), col('b', { base: 'int' })]);
  const events = rowTxn('mysql-8.0', 'db1', t, 'INSERT INTO tb1 VALUES (1, 1)', [{ kind: 'insert', after: { a: 1, b: 1 } }]);
  assert.deepEqual(
    events.map((e) => e.type),
    ['Anonymous_Gtid', 'Query', 'Table_map', 'Write_rows', 'Xid'],
  );
  assert.deepEqual(ends(157, events), [236, 310, 359, 403, 434]);
  assert.equal(events[0]?.info, "SET @@SESSION.GTID_NEXT= 'ANONYMOUS'");
  assert.equal(events[1]?.info, 'BEGIN');
});

void test('§7 MySQL 8.0.35 dump: BEGIN with no current database is 71 bytes (236→307)', () => {
  const t = table('db1', 'tb1', [col('a', { base: 'int' })]);
  const events = rowTxn('mysql-8.0', '', t, 'INSERT INTO db1.tb1 VALUES (1)', [{ kind: 'insert', after: { a: 1 } }]);
  assert.equal(events[1]?.size, 71);
});

void test('§7 MySQL 8.0.36 dump: CREATE DATABASE IF NOT EXISTS database_1 under a GTID is Gtid 77 (157→234) + Query 140 (→374)', () => {
  const events = ddlEvents('mysql-8.0', {
    statement: { kind: 'createDatabase', name: 'database_1' },
    text: 'CREATE DATABASE IF NOT EXISTS database_1',
    database: '',
    gtid: { kind: 'mysql', uuid: '88ebc247-06ef-11ef-97ee-0242ac130004', gno: 1 },
    xid: 1400,
  });
  assert.deepEqual(ends(157, events), [234, 374]);
  assert.equal(events[0]?.type, 'Gtid');
  assert.equal(events[0]?.info, "SET @@SESSION.GTID_NEXT= '88ebc247-06ef-11ef-97ee-0242ac130004:1'");
  assert.equal(events[1]?.info, 'CREATE DATABASE IF NOT EXISTS database_1 /* xid=1400 */');
});

void test('§7 MySQL 8.0: the Gtid event widens from 77 to 79 bytes exactly when the transaction length reaches 251', () => {
  const t = table('test', 't', [col('a', { base: 'int' })]);
  const gtidSizeFor = (text: string) => {
    const events = transactionEvents('mysql-8.0', {
      database: 'test',
      format: 'statement',
      gtid: anonymous,
      xid: 1,
      statements: [{ text, table: t, changes: [] }],
    });
    return { gtid: events[0]?.size ?? 0, rest: total(events.slice(1)) };
  };
  for (let n = 1; n < 200; n++) {
    const { gtid, rest } = gtidSizeFor(`INSERT INTO t VALUES (${'1'.repeat(n)})`);
    // Without the field the Gtid event is 76 bytes; a 1-byte field suffices while 76 + 1 + rest < 251.
    assert.equal(gtid, rest + 77 < 251 ? 77 : 79, `text of ${n} digits`);
  }
});

void test('§7 MySQL 5.7.14 dump: test.test (id INT, v INT) insert under a GTID: 504→569→641→689→733→764', () => {
  const t = table('test', 'test', [col('id', { base: 'int' }), col('v', { base: 'int' })]);
  const events = rowTxn('mysql-5.7', 'test', t, 'insert into test values(1,2)', [{ kind: 'insert', after: { id: 1, v: 2 } }], {
    kind: 'mysql',
    uuid: '89dfa8a4-cb13-11e6-b54d-0c29a879a3b2',
    gno: 2,
  });
  assert.deepEqual(
    events.map((e) => [e.type, e.size]),
    [
      ['Gtid', 65],
      ['Query', 72],
      ['Table_map', 48],
      ['Write_rows', 44],
      ['Xid', 31],
    ],
  );
  assert.deepEqual(ends(504, events), [569, 641, 689, 733, 764]);
});

void test('§7 MySQL 5.7.26: CREATE DATABASE testdb (154→219→319) and, assuming testdb.tb1 (id INT, name VARCHAR(20), age INT), the insert 541→606→680→732→782→813', () => {
  // Query 100 = 19 + 13 + status vars 26 + Q_UPDATED_DB_NAMES (2 + "testdb\0") + "testdb\0" + 22-byte text + 4:
  // only a 6-letter database name fits, and BEGIN (74 = 68 + 6) agrees.
  const ddl = ddlEvents('mysql-5.7', {
    statement: { kind: 'createDatabase', name: 'testdb' },
    database: '',
    gtid: anonymous,
    xid: 1,
  });
  assert.deepEqual(ends(154, ddl), [219, 319]);
  assert.equal(ddl[1]?.info, 'CREATE DATABASE testdb');

  // Table_map 52 leaves table name + columns + metadata + null bitmap = 9 bytes; Write_rows 50 leaves 14 bytes of
  // values: 4 + (1 + 5) + 4 for (3, 'alice', 30).
  const t = table(
    'testdb',
    'tb1',
    [col('id', { base: 'int' }, false), col('name', { base: 'varchar', length: 20 }), col('age', { base: 'int' })],
    ['id'],
  );
  const events = rowTxn('mysql-5.7', 'testdb', t, "INSERT INTO tb1 VALUES (3, 'alice', 30)", [
    { kind: 'insert', after: { id: 3, name: 'alice', age: 30 } },
  ]);
  assert.deepEqual(ends(541, events), [606, 680, 732, 782, 813]);
});

void test('MySQL 5.5 writes no checksum and no GTID events: BEGIN 68 + db, Xid 27, Rotate 43, Stop 19', () => {
  const t = table('test', 't', [col('a', { base: 'int' })]);
  const events = rowTxn('mysql-5.5', 'test', t, 'INSERT INTO t VALUES (1)', [{ kind: 'insert', after: { a: 1 } }]);
  // BEGIN: 19 + 13 + 26 + "test\0" + "BEGIN"; Table_map: 19 + 8 + 6 + 3 + 1 + 1 + 1 + 1; Write_rows v1: 19 + 8 + 1 + 1 + 1 + 4.
  assert.deepEqual(
    events.map((e) => [e.type, e.size]),
    [
      ['Query', 68],
      ['Table_map', 40],
      ['Write_rows', 34],
      ['Xid', 27],
    ],
  );
  assert.deepEqual(ends(107, events).slice(0, 1), [175]);
  assert.equal(rotateEvent('mysql-5.5', 'mysql-bin.000002').size, 43);
  assert.equal(stopEvent('mysql-5.5').size, 19);
  assert.throws(() => rowTxn('mysql-5.5', 'test', t, 'x', [{ kind: 'insert', after: { a: 1 } }], mariaGtid(1)));
});

// ---------------------------------------------------------------------------------------------------------------
// §3: rows events, derived from the row format.

void test('update rows carry both images and a second column bitmap; delete rows the before image', () => {
  // MariaDB d.t: Update_rows_v1 = 19 + 8 + width 1 + 2 bitmaps + (null bitmap 1 + 4 + 1 + 2) + (1 + 4 + 1 + 1) + 4.
  const update = rowTxn(
    'mariadb-10.11',
    '',
    dt,
    "UPDATE d.t SET v = 'x' WHERE id = 1",
    [{ kind: 'update', before: { id: 1, v: 'v1' }, after: { id: 1, v: 'x' } }],
    mariaGtid(7),
  );
  assert.equal(sizeOf(update, 'Update_rows'), 19 + 8 + 1 + 2 + 8 + 7 + 4);
  assert.equal(eventTypeName('mariadb-10.11', 'Update_rows'), 'Update_rows_v1');
  const del = rowTxn(
    'mariadb-10.11',
    '',
    dt,
    'DELETE FROM d.t WHERE id = 1',
    [{ kind: 'delete', before: { id: 1, v: 'v1' } }],
    mariaGtid(8),
  );
  assert.equal(sizeOf(del, 'Delete_rows'), 41);
  // MySQL 8.0 v2 rows events have a 10-byte post-header: two more bytes than MariaDB's v1.
  const t80 = rowTxn('mysql-8.0', 'd', dt, "UPDATE t SET v = 'x' WHERE id = 1", [
    { kind: 'update', before: { id: 1, v: 'v1' }, after: { id: 1, v: 'x' } },
  ]);
  assert.equal(sizeOf(t80, 'Update_rows'), sizeOf(update, 'Update_rows') + 2);
});

void test('several rows of one statement share one rows event; NULLs take only their bit', () => {
  const rows: RowChange[] = [
    { kind: 'insert', after: { id: 1, v: 'a' } },
    { kind: 'insert', after: { id: 2, v: null } },
    { kind: 'insert', after: { id: 3, v: 'ccc' } },
  ];
  const events = rowTxn('mariadb-10.11', '', dt, "INSERT INTO d.t VALUES (1,'a'),(2,NULL),(3,'ccc')", rows, mariaGtid(9));
  assert.equal(events.filter((e) => e.type === 'Write_rows').length, 1);
  // 19 + 8 + 1 + 1 + rows (1 + 4 + 1 + 1) + (1 + 4) + (1 + 4 + 1 + 3) + 4
  assert.equal(sizeOf(events, 'Write_rows'), 19 + 8 + 1 + 1 + 7 + 5 + 9 + 4);
});

void test('integers take 1, 2, 3, 4 and 8 bytes; the Table_map has no metadata for them', () => {
  const bases = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'] as const;
  const t = table(
    'test',
    'ints',
    bases.map((b) => col(b, { base: b })),
  );
  const after = Object.fromEntries(bases.map((b) => [b, 1]));
  const events = rowTxn('mysql-5.7', 'test', t, 'INSERT INTO ints VALUES (1,1,1,1,1)', [{ kind: 'insert', after }]);
  // Write_rows v2: 19 + 10 + 1 + 1 + (1 + 1 + 2 + 3 + 4 + 8) + 4
  assert.equal(sizeOf(events, 'Write_rows'), 19 + 10 + 1 + 1 + 19 + 4);
  // Table_map: 19 + 8 + "test" 6 + "ints" 6 + count 1 + 5 types + metadata length 1 + 0 + null bitmap 1 + 4
  assert.equal(sizeOf(events, 'Table_map'), 19 + 8 + 6 + 6 + 1 + 5 + 1 + 1 + 4);
});

void test('VARCHAR length prefix: 1 byte while max length × charset bytes ≤ 255 (latin1 on 5.7, utf8mb4 on 8.0), else 2', () => {
  const rowSize = (f: Flavor, length: number) => {
    const t = table('test', 't', [col('v', { base: 'varchar', length })]);
    return sizeOf(rowTxn(f, 'test', t, 'x', [{ kind: 'insert', after: { v: 'abc' } }]), 'Write_rows');
  };
  assert.equal(rowSize('mysql-8.0', 64) - rowSize('mysql-8.0', 63), 1); // 252 vs 256 bytes
  assert.equal(rowSize('mysql-5.7', 256) - rowSize('mysql-5.7', 255), 1); // latin1
  assert.equal(rowSize('mysql-5.7', 64), rowSize('mysql-5.7', 63));
  assert.equal(rowSize('mariadb-10.11', 64) - rowSize('mariadb-10.11', 63), 1); // utf8mb4, as Debian configures it
});

void test('utf8mb4 values count their UTF-8 bytes; latin1 values one byte per character', () => {
  const t = table('test', 't', [col('v', { base: 'varchar', length: 20 })]);
  const size = (f: Flavor, v: string) => sizeOf(rowTxn(f, 'test', t, 'x', [{ kind: 'insert', after: { v } }]), 'Write_rows');
  assert.equal(size('mysql-8.0', 'é') - size('mysql-8.0', 'e'), 1);
  assert.equal(size('mysql-5.7', 'é'), size('mysql-5.7', 'e'));
});

void test('CHAR drops trailing spaces; TEXT has a 2-byte length and 1 byte of metadata', () => {
  const t = table('test', 't', [col('c', { base: 'char', length: 10 }), col('x', { base: 'text' })]);
  const events = rowTxn('mysql-5.7', 'test', t, 'x', [{ kind: 'insert', after: { c: 'ab  ', x: 'hello' } }]);
  // Write_rows: 19 + 10 + 1 + 1 + (1 + (1 + 2) + (2 + 5)) + 4
  assert.equal(sizeOf(events, 'Write_rows'), 19 + 10 + 1 + 1 + 11 + 4);
  // Table_map metadata: CHAR 2 + TEXT 1.
  assert.equal(sizeOf(events, 'Table_map'), 19 + 8 + 6 + 3 + 1 + 2 + 1 + 3 + 1 + 4);
});

void test('MySQL 8.0 Table_map carries MINIMAL optional metadata: signedness (3) and the default charset (5)', () => {
  const intOnly = table('test', 't', [col('a', { base: 'int' })]);
  const withText = table('test', 't', [col('a', { base: 'int' }), col('v', { base: 'varchar', length: 10 })]);
  const textOnly = table('test', 't', [col('v', { base: 'varchar', length: 10 })]);
  const tm = (f: Flavor, t: TableConfig) => sizeOf(rowTxn(f, 'test', t, 'x', [{ kind: 'insert', after: { a: 1, v: 'x' } }]), 'Table_map');
  assert.equal(tm('mysql-8.0', intOnly) - tm('mysql-5.7', intOnly), 3);
  assert.equal(tm('mysql-8.0', withText) - tm('mysql-5.7', withText), 3 + 5);
  assert.equal(tm('mysql-8.0', textOnly) - tm('mysql-5.7', textOnly), 5);
  assert.equal(tm('mysql-8.4', withText), tm('mysql-8.0', withText));
});

void test('a statement whose rows exceed binlog_row_event_max_size is split into several rows events; only the last has STMT_END_F', () => {
  const t = table('test', 't', [col('id', { base: 'int' }), col('x', { base: 'text' })]);
  const big = 'y'.repeat(3000);
  const changes: RowChange[] = [1, 2, 3, 4].map((id) => ({ kind: 'insert', after: { id, x: big } }));
  const events = rowTxn('mysql-8.0', 'test', t, 'x', changes);
  const rows = events.filter((e) => e.type === 'Write_rows');
  // A row is 1 + 4 + 2 + 3000 = 3007 bytes; an event's data (12 fixed + rows) stays ≤ 8192: two rows per event.
  assert.deepEqual(
    rows.map((e) => [e.size, e.info]),
    [
      [19 + 12 + 2 * 3007 + 4, `table_id: 89`],
      [19 + 12 + 2 * 3007 + 4, `table_id: 89 flags: STMT_END_F`],
    ],
  );
  assert.equal(events.filter((e) => e.type === 'Table_map').length, 1);
});

void test('statement format logs a Query with the text instead of Table_map + rows (MySQL: with Q_UPDATED_DB_NAMES)', () => {
  const t = table('test', 't', [col('a', { base: 'int' })]);
  const text = 'INSERT INTO t VALUES (1)';
  const txn = (f: Flavor, gtid: TxnGtid) =>
    transactionEvents(f, { database: 'test', format: 'statement', gtid, xid: 7, statements: [{ text, table: t, changes: [] }] });
  // 5.7: 19 + 13 + (26 + 2 + "test\0") + "test\0" + text + 4
  assert.deepEqual(
    txn('mysql-5.7', anonymous).map((e) => [e.type, e.size, e.info]),
    [
      ['Anonymous_Gtid', 65, "SET @@SESSION.GTID_NEXT= 'ANONYMOUS'"],
      ['Query', 19 + 13 + 33 + 5 + 5 + 4, 'BEGIN'],
      ['Query', 19 + 13 + 33 + 5 + text.length + 4, `use \`test\`; ${text}`],
      ['Xid', 31, 'COMMIT /* xid=7 */'],
    ],
  );
  // MariaDB: no BEGIN, no Annotate_rows, status vars 26.
  assert.deepEqual(
    txn('mariadb-10.11', mariaGtid(10)).map((e) => [e.type, e.size]),
    [
      ['Gtid', 42],
      ['Query', 19 + 13 + 26 + 5 + text.length + 4],
      ['Xid', 31],
    ],
  );
});

void test('a row-format transaction that changed no row writes nothing; a statement without rows writes no Table_map', () => {
  const t = table('test', 't', [col('a', { base: 'int' })]);
  const none = transactionEvents('mysql-8.0', {
    database: 'test',
    format: 'row',
    gtid: anonymous,
    xid: 1,
    statements: [{ text: 'DELETE FROM t WHERE a = 9', table: t, changes: [] }],
  });
  assert.deepEqual(none, []);
});

void test('MySQL 8.0 Gtid events: same size with a uuid as anonymous; re-logged by a replica +7 (original commit timestamp), +4 more across versions', () => {
  const t = table('db1', 'tb1', [col('a', { base: 'int' }), col('b', { base: 'int' })]);
  const base = {
    database: 'db1',
    format: 'row',
    xid: 1,
    statements: [{ text: 'x', table: t, changes: [{ kind: 'insert', after: { a: 1, b: 1 } }] as RowChange[] }],
  } as const;
  const size = (f: Flavor, extra: object) => transactionEvents(f, { ...base, gtid: anonymous, ...extra })[0]?.size;
  assert.equal(size('mysql-8.0', { gtid: { kind: 'mysql', uuid: '3e11fa47-71ca-11e1-9e33-c80aa9429562', gno: 9 } }), 79);
  assert.equal(size('mysql-8.0', { replicatedFrom: 'mysql-8.0' }), 79 + 7);
  assert.equal(size('mysql-8.4', { replicatedFrom: 'mysql-8.0' }), 79 + 7 + 4);
  assert.equal(size('mysql-5.7', { replicatedFrom: 'mysql-5.7' }), 65);
});

void test('MariaDB Gtid of a group commit carries the commit id: 44 bytes', () => {
  const events = transactionEvents('mariadb-10.11', {
    database: '',
    format: 'row',
    gtid: mariaGtid(3),
    xid: 29,
    groupCommitId: true,
    statements: [insertDt(1)],
  });
  assert.equal(events[0]?.size, 44);
});

void test('MySQL relay log: own Format_desc + Previous_gtids, fake Rotate, the source Format_desc; Previous_gtids and Stop of the source are not relayed', () => {
  const header = relayLogHeader('mysql-8.0', { sourceFlavor: 'mysql-8.0', sourceFile: 'mysql-bin.000001', sourcePos: 157 });
  assert.deepEqual(
    header.map((e) => [e.type, e.size, e.origin, e.endLogPos]),
    [
      ['Format_desc', 122, 'replica', 'relay'],
      ['Previous_gtids', 31, 'replica', 'relay'],
      ['Rotate', 47, 'source', 'zero'],
      ['Format_desc', 122, 'source', 'zero'],
    ],
  );
  const fromStart = relayLogHeader('mysql-8.0', { sourceFlavor: 'mysql-5.5', sourceFile: 'mysql-bin.000001', sourcePos: 4 });
  // A 5.5 source writes no checksums: its fake Rotate is 43 bytes and its Format_desc 103; from 4 the FD keeps its position.
  assert.deepEqual(
    fromStart.slice(2).map((e) => [e.size, e.endLogPos]),
    [
      [43, 'zero'],
      [103, 'source'],
    ],
  );
  const sourceFile = [...binlogFileHeader('mysql-8.0', { fileName: 'mysql-bin.000002', gtidState: noGtids }), stopEvent('mysql-8.0')];
  assert.deepEqual(
    relayedEvents('mysql-8.0', sourceFile, true).map((e) => e.type),
    ['Format_desc'],
  );
  // A relay log rotated while connected repeats the source's Format_desc after its own header, without a fake Rotate.
  const rotated = relayLogHeader('mysql-8.0', {
    sourceFlavor: 'mysql-8.0',
    sourceFile: 'mysql-bin.000001',
    sourcePos: 900,
    cause: 'relayRotation',
  });
  assert.deepEqual(
    rotated.map((e) => [e.type, e.origin]),
    [
      ['Format_desc', 'replica'],
      ['Previous_gtids', 'replica'],
      ['Format_desc', 'source'],
    ],
  );
});

void test('pure: the same input gives the same events', () => {
  assert.deepEqual(observedMariadbBinlog(), observedMariadbBinlog());
});
