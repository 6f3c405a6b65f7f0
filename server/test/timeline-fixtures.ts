/**
 * Hand-made traces for the timeline tests and the benchmark: small and realistic (MySQL 5.5 positions, a
 * relay log, Exec_Master_Log_Pos), written before the engine existed and kept because they pin down the
 * cases the engine's examples may not (a hostile name, a dropped message, 10,000 events).
 */
import type { Flavor, Micros } from '../src/model/scenario';
import type {
  ClientOutcome,
  FaultPeriod,
  Lane,
  LogCoordinates,
  Row,
  StatusChange,
  StatusValue,
  Trace,
  TraceEvent,
  TraceEventKind,
  TraceMessage,
  TraceStep,
  TraceTransaction,
  Verdict,
} from '../src/trace/trace';

/** Builds a trace event by event, in time order. */
export class TraceBuilder {
  readonly trace: Trace;

  constructor(title: string, flavor: Flavor, servers: string[], clients: { name: string; server: string }[]) {
    this.trace = {
      version: 2,
      mode: 'full',
      title,
      flavor,
      seed: 1,
      horizon: 60_000_000,
      endTime: 0,
      endReason: 'settled',
      processedEvents: 0,
      limit: null,
      servers: servers.map((name, i) => ({
        name,
        flavor,
        serverId: i + 1,
        serverUuid: `${String(i + 1).repeat(8)}-0000-0000-0000-000000000000`.slice(0, 36),
        line: 4 + i,
      })),
      clients: clients.map((c, i) => ({ ...c, line: 8 + i })),
      events: [],
      messages: [],
      transactions: [],
      reads: [],
      statusChanges: [],
      rowChanges: [],
      steps: [],
      finalStatus: {},
      rows: {},
      errorLog: [],
      replicationErrors: [],
      semisyncFallbacks: [],
      periods: [],
      expectations: [],
      verdicts: [],
      stillWaiting: null,
      internalError: null,
    };
  }

  event(
    time: Micros,
    server: string,
    lane: Lane,
    kind: TraceEventKind,
    label: string,
    extra: Partial<Pick<TraceEvent, 'client' | 'txn' | 'gtid' | 'log' | 'relay' | 'line'>> = {},
  ): TraceEvent {
    const e: TraceEvent = { id: this.trace.events.length, time, server, lane, kind, label, ...extra };
    this.trace.events.push(e);
    this.trace.endTime = Math.max(this.trace.endTime, time);
    this.trace.processedEvents++;
    return e;
  }

  message(
    kind: TraceMessage['kind'],
    from: [string, Lane],
    to: [string, Lane],
    sendTime: Micros,
    receiveTime: Micros | null,
    label: string,
    extra: Partial<Pick<TraceMessage, 'txn' | 'log' | 'line' | 'dropped'>> = {},
  ): void {
    this.trace.messages.push({
      id: this.trace.messages.length,
      kind,
      from: { server: from[0], lane: from[1] },
      to: { server: to[0], lane: to[1] },
      sendTime,
      receiveTime,
      label,
      ...extra,
    });
  }

  /** A committed row change: the row `key` of `table` on `server` becomes `row` (null: gone). */
  row(time: Micros, server: string, table: string, key: string, row: Row | null): void {
    this.trace.rowChanges.push({ time, server, table, key, row });
  }

  /** A script step, its marks placed after every status and row change up to its end. */
  step(step: Omit<TraceStep, 'index' | 'statusMark' | 'rowMark'>): void {
    const at = step.end ?? step.start;
    this.trace.steps.push({
      ...step,
      index: this.trace.steps.length,
      statusMark: this.trace.statusChanges.filter((c) => c.time <= at).length,
      rowMark: this.trace.rowChanges.filter((c) => c.time <= at).length,
    });
  }

  status(time: Micros, server: string, set: Record<string, StatusValue>, unset: string[] = []): void {
    const change: StatusChange = { time, server, set, unset };
    this.trace.statusChanges.push(change);
  }

  period(kind: FaultPeriod['kind'], subject: string, start: Micros, end: Micros | null): void {
    this.trace.periods.push({ kind, subject, start, end });
  }

  txn(t: Partial<TraceTransaction> & Pick<TraceTransaction, 'id' | 'client' | 'server' | 'line' | 'statements' | 'outcome'>): void {
    this.trace.transactions.push({
      endLine: t.line,
      autocommit: false,
      readOnly: false,
      retriedBy: [],
      rowChanges: 1,
      rolledBack: false,
      states: {},
      ackedBy: [],
      appliedBy: [],
      onReplica: false,
      presence: {},
      ...t,
    });
  }

  verdict(v: Verdict): void {
    this.trace.verdicts.push(v);
  }
}

const log = (file: string, start: number, end: number): LogCoordinates => ({ file, start, end });
const ok = (time: Micros): ClientOutcome => ({ kind: 'ok', time });

/**
 * S4 by hand: classic semi-sync (AFTER_COMMIT) on MySQL 5.5, the source crashes after T2's engine commit, before
 * the ACK. r1 is promoted, the client retries T2 there (as T3, at r1's mysql-bin.000001:107→310), the old source
 * restarts as a replica of r1 from 'mysql-bin.000001':4 and its SQL thread stops on 1062: it already has id=2.
 */
export function s04Trace(serverNames: [string, string] = ['m1', 'r1'], clientName = 'app'): Trace {
  const [m1, r1] = serverNames;
  const app = clientName;
  const b = new TraceBuilder('AFTER_COMMIT crash before the ACK', 'mysql-5.5', [m1, r1], [{ name: app, server: m1 }]);
  const BIN = 'mysql-bin.000001';
  const RELAY = 'relay-bin.000002';

  b.status(0, m1, {
    Server_state: 'running',
    File: BIN,
    Position: 107,
    Rpl_semi_sync_master_status: 'ON',
    Rpl_semi_sync_master_clients: 0,
    Rpl_semi_sync_master_yes_tx: 0,
    Rpl_semi_sync_master_no_tx: 0,
  });
  b.status(0, r1, {
    Server_state: 'running',
    File: BIN,
    Position: 107,
    Master_Host: m1,
    Master_Log_File: BIN,
    Read_Master_Log_Pos: 4,
    Relay_Log_File: RELAY,
    Relay_Log_Pos: 4,
    Relay_Master_Log_File: BIN,
    Exec_Master_Log_Pos: 4,
    Slave_IO_Running: 'Connecting',
    Slave_SQL_Running: 'Yes',
    Last_SQL_Errno: 0,
    Last_SQL_Error: '',
    Rpl_semi_sync_slave_status: 'OFF',
  });
  b.event(0, r1, 'io', 'io_start', `I/O thread starts: connecting to ${m1}`, { line: 5 });
  b.event(0, r1, 'sql', 'sql_start', 'SQL thread starts', { line: 5 });
  b.message('connect', [r1, 'io'], [m1, 'dump'], 0, 2000, `${r1} asks for ${BIN}:4`);
  b.event(2000, m1, 'dump', 'dump_start', `dump thread for ${r1} starts at ${BIN}:4`, { log: log(BIN, 4, 107) });
  b.status(2000, m1, { Rpl_semi_sync_master_clients: 1 });
  b.message('events', [m1, 'dump'], [r1, 'io'], 2000, 4000, `Format_description ${BIN}:4→107`, { log: log(BIN, 4, 107) });
  b.event(4000, r1, 'io', 'io_connected', `connected to ${m1}; Rpl_semi_sync_slave_status ON`, { log: log(BIN, 4, 107) });
  b.status(4000, r1, { Slave_IO_Running: 'Yes', Read_Master_Log_Pos: 107, Rpl_semi_sync_slave_status: 'ON' });

  // T1: autocommit insert, acknowledged.
  b.event(5000, m1, 'client', 'statement_sent', "insert into t values (1, 'a')", { client: app, txn: 'T1', line: 11 });
  b.event(5100, m1, 'engine', 'statement_executed', 'T1: insert into t values (1, ...) changed 1 row', { txn: 'T1', line: 11 });
  b.event(5100, m1, 'engine', 'prepared', 'T1 prepared in InnoDB', { txn: 'T1', line: 11 });
  b.event(5100, m1, 'binlog', 'binlog_flushed', `T1 written to ${BIN}:107→310 (Query BEGIN, Table_map, Write_rows, Xid)`, {
    txn: 'T1',
    line: 11,
    log: log(BIN, 107, 310),
  });
  b.status(5100, m1, { Position: 310 });
  b.event(5600, m1, 'binlog', 'binlog_synced', `fsync ${BIN} up to 310`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.event(5600, m1, 'engine', 'engine_committed', 'T1 committed in InnoDB: visible to other sessions', { txn: 'T1', line: 11 });
  b.event(5600, m1, 'engine', 'after_commit_wait', `T1 waits for an ACK of ${BIN}:310 (AFTER_COMMIT)`, { txn: 'T1', line: 11 });
  b.status(5600, m1, { Rpl_semi_sync_master_wait_sessions: 1 });
  b.event(5600, m1, 'dump', 'dump_send', `sends T1 ${BIN}:107→310 to ${r1}`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.message('events', [m1, 'dump'], [r1, 'io'], 5600, 7600, `T1 ${BIN}:107→310`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.event(7600, r1, 'io', 'io_receive', `receives T1 ${BIN}:107→310`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.event(7600, r1, 'relay', 'relay_write', `writes T1 to ${RELAY}:253→456`, {
    txn: 'T1',
    line: 11,
    log: log(BIN, 107, 310),
    relay: log(RELAY, 253, 456),
  });
  b.status(7600, r1, { Read_Master_Log_Pos: 310 });
  b.event(7600, r1, 'io', 'ack_sent', `ACK ${BIN}:310 to ${m1}`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.message('ack', [r1, 'io'], [m1, 'dump'], 7600, 9600, `ACK ${BIN}:310`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.event(7700, r1, 'sql', 'applied', `applies T1: Exec_Master_Log_Pos 310, Relay_Log_Pos 456`, {
    txn: 'T1',
    line: 11,
    log: log(BIN, 107, 310),
    relay: log(RELAY, 253, 456),
  });
  b.status(7700, r1, { Exec_Master_Log_Pos: 310, Relay_Log_Pos: 456 });
  b.event(9600, m1, 'dump', 'ack_received', `ACK from ${r1} up to ${BIN}:310`, { txn: 'T1', line: 11, log: log(BIN, 107, 310) });
  b.event(9600, m1, 'engine', 'client_ok', 'T1: OK to the client', { txn: 'T1', line: 11 });
  b.status(9600, m1, { Rpl_semi_sync_master_wait_sessions: 0, Rpl_semi_sync_master_yes_tx: 1 });
  b.event(9600, m1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T1', line: 11 });
  b.txn({
    id: 'T1',
    client: app,
    server: m1,
    line: 11,
    autocommit: true,
    statements: [{ line: 11, text: "insert into t values (1, 'a')", sentAt: 5000, result: ok(9600) }],
    outcome: ok(9600),
    binlog: log(BIN, 107, 310),
    ackedBy: [r1],
    appliedBy: [{ server: r1, time: 7700 }],
    presence: { [m1]: 'present', [r1]: 'present' },
  });

  // T2: the crash after the engine commit, before the ACK.
  b.event(10000, m1, 'client', 'statement_sent', 'begin', { client: app, txn: 'T2', line: 12 });
  b.event(10000, m1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T2', line: 12 });
  b.event(10100, m1, 'client', 'statement_sent', "insert into t values (2, 'b')", { client: app, txn: 'T2', line: 12 });
  b.event(10200, m1, 'engine', 'statement_executed', 'T2: insert changed 1 row', { txn: 'T2', line: 12 });
  b.event(10200, m1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T2', line: 12 });
  b.event(10200, m1, 'client', 'statement_sent', 'commit', { client: app, txn: 'T2', line: 12 });
  b.event(10300, m1, 'engine', 'prepared', 'T2 prepared in InnoDB', { txn: 'T2', line: 12 });
  b.event(10300, m1, 'binlog', 'binlog_flushed', `T2 written to ${BIN}:310→513`, { txn: 'T2', line: 12, log: log(BIN, 310, 513) });
  b.status(10300, m1, { Position: 513 });
  b.event(10800, m1, 'binlog', 'binlog_synced', `fsync ${BIN} up to 513`, { txn: 'T2', line: 12, log: log(BIN, 310, 513) });
  b.event(10800, m1, 'engine', 'engine_committed', 'T2 committed in InnoDB: visible to other sessions', { txn: 'T2', line: 12 });
  b.event(10800, m1, 'engine', 'trigger_fired', 'on T2 engine_committed: crash m1', { txn: 'T2', line: 13 });
  b.event(10800, m1, 'engine', 'crash', `${m1} crashes (process): T2 is committed in InnoDB and in the binlog, not yet sent`, { line: 13 });
  b.status(10800, m1, { Server_state: 'crashed', Rpl_semi_sync_master_clients: 0 });
  b.message('events', [m1, 'dump'], [r1, 'io'], 10800, null, `T2 ${BIN}:310→513`, {
    txn: 'T2',
    line: 12,
    dropped: `${m1} crashed before sending`,
    log: log(BIN, 310, 513),
  });
  b.event(10800, m1, 'client', 'statement_reply', 'ERROR 2013: Lost connection to MySQL server during query', {
    client: app,
    txn: 'T2',
    line: 12,
  });
  b.period('server_down', m1, 10800, 30000);
  b.event(12800, r1, 'io', 'io_error', `error reconnecting to ${m1}: Lost connection (error 2013); retrying`, {});
  b.status(12800, r1, { Slave_IO_Running: 'Connecting', Last_IO_Errno: 2013, Last_IO_Error: 'error reconnecting to master' });
  b.txn({
    id: 'T2',
    client: app,
    server: m1,
    line: 12,
    statements: [
      { line: 12, text: 'begin', sentAt: 10000, result: ok(10000) },
      { line: 12, text: "insert into t values (2, 'b')", sentAt: 10100, result: ok(10200) },
      {
        line: 12,
        text: 'commit',
        sentAt: 10200,
        result: { kind: 'lost_connection', code: 2013, message: 'Lost connection to MySQL server during query', time: 10800 },
      },
    ],
    outcome: { kind: 'lost_connection', code: 2013, message: 'Lost connection to MySQL server during query', time: 10800 },
    binlog: log(BIN, 310, 513),
    retriedBy: ['T3'],
    presence: { [m1]: 'present', [r1]: 'absent' },
  });

  // Failover.
  b.event(14000, r1, 'engine', 'promote', `${r1} promoted: STOP SLAVE; RESET SLAVE ALL; read_only=OFF`, { line: 14 });
  b.event(14000, r1, 'io', 'io_stop', 'I/O thread stops', { line: 14 });
  b.event(14000, r1, 'sql', 'sql_stop', 'SQL thread stops', { line: 14 });
  b.status(14000, r1, {}, [
    'Master_Host',
    'Master_Log_File',
    'Read_Master_Log_Pos',
    'Relay_Log_File',
    'Relay_Log_Pos',
    'Relay_Master_Log_File',
    'Exec_Master_Log_Pos',
    'Last_IO_Errno',
    'Last_IO_Error',
    'Last_SQL_Errno',
    'Last_SQL_Error',
    'Slave_IO_Running',
    'Slave_SQL_Running',
  ]);
  b.event(14100, r1, 'client', 'reconnect', `${app} reconnects to ${r1}`, { client: app, line: 15 });
  b.event(14200, r1, 'client', 'statement_sent', 'begin', { client: app, txn: 'T3', line: 16 });
  b.event(14200, r1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T3', line: 16 });
  b.event(14300, r1, 'client', 'statement_sent', "insert into t values (2, 'b')", { client: app, txn: 'T3', line: 16 });
  b.event(14400, r1, 'engine', 'statement_executed', 'T3: insert changed 1 row', { txn: 'T3', line: 16 });
  b.event(14400, r1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T3', line: 16 });
  b.event(14400, r1, 'client', 'statement_sent', 'commit', { client: app, txn: 'T3', line: 16 });
  b.event(14500, r1, 'binlog', 'binlog_flushed', `T3 written to ${BIN}:107→310`, { txn: 'T3', line: 16, log: log(BIN, 107, 310) });
  b.status(14500, r1, { Position: 310 });
  b.event(15000, r1, 'engine', 'engine_committed', 'T3 committed in InnoDB', { txn: 'T3', line: 16 });
  b.event(15000, r1, 'engine', 'client_ok', 'T3: OK to the client (no semi-sync replica connected: wait_no_slave)', {
    txn: 'T3',
    line: 16,
  });
  b.event(15000, r1, 'client', 'statement_reply', 'OK', { client: app, txn: 'T3', line: 16 });
  b.txn({
    id: 'T3',
    client: app,
    server: r1,
    line: 16,
    retryOf: 'T2',
    statements: [
      { line: 16, text: 'begin', sentAt: 14200, result: ok(14200) },
      { line: 16, text: "insert into t values (2, 'b')", sentAt: 14300, result: ok(14400) },
      { line: 16, text: 'commit', sentAt: 14400, result: ok(15000) },
    ],
    outcome: ok(15000),
    binlog: log(BIN, 107, 310),
    presence: { [m1]: 'absent', [r1]: 'present' },
  });

  // The old source rejoins from the seed's position, and breaks.
  b.event(30000, m1, 'engine', 'restart', `${m1} restarts`, { line: 17 });
  b.event(30000, m1, 'engine', 'recovery', 'crash recovery: T2 is in the binlog (Xid at 513): kept committed', { line: 17, txn: 'T2' });
  b.event(30000, m1, 'binlog', 'binlog_file_opened', 'opens mysql-bin.000002', { line: 17, log: log('mysql-bin.000002', 4, 107) });
  b.status(30000, m1, { Server_state: 'running', File: 'mysql-bin.000002', Position: 107 });
  b.event(30000, m1, 'engine', 'change_master', `CHANGE MASTER TO MASTER_HOST='${r1}', MASTER_LOG_FILE='${BIN}', MASTER_LOG_POS=4`, {
    line: 17,
    log: log(BIN, 4, 4),
  });
  b.event(30000, m1, 'io', 'io_start', `I/O thread starts: connecting to ${r1}`, { line: 17, log: log(BIN, 4, 4) });
  b.event(30000, m1, 'sql', 'sql_start', 'SQL thread starts', { line: 17 });
  b.status(30000, m1, {
    Master_Host: r1,
    Master_Log_File: BIN,
    Read_Master_Log_Pos: 4,
    Relay_Log_File: 'relay-bin.000001',
    Relay_Log_Pos: 4,
    Relay_Master_Log_File: BIN,
    Exec_Master_Log_Pos: 4,
    Slave_IO_Running: 'Connecting',
    Slave_SQL_Running: 'Yes',
  });
  b.message('connect', [m1, 'io'], [r1, 'dump'], 30000, 32000, `${m1} asks for ${BIN}:4`, { line: 17 });
  b.event(32000, r1, 'dump', 'dump_start', `dump thread for ${m1} starts at ${BIN}:4`, { log: log(BIN, 4, 107), line: 17 });
  b.event(32000, r1, 'dump', 'dump_send', `sends T3 ${BIN}:107→310 to ${m1}`, { txn: 'T3', log: log(BIN, 107, 310), line: 16 });
  b.message('events', [r1, 'dump'], [m1, 'io'], 32000, 34000, `T3 ${BIN}:4→310`, { txn: 'T3', log: log(BIN, 107, 310), line: 16 });
  b.event(34000, m1, 'io', 'io_receive', `receives T3 ${BIN}:107→310`, { txn: 'T3', log: log(BIN, 107, 310), line: 16 });
  b.event(34000, m1, 'relay', 'relay_write', 'writes T3 to relay-bin.000001:253→456', {
    txn: 'T3',
    log: log(BIN, 107, 310),
    relay: log('relay-bin.000001', 253, 456),
    line: 16,
  });
  b.status(34000, m1, { Slave_IO_Running: 'Yes', Read_Master_Log_Pos: 310 });
  const err = `Could not execute Write_rows event on table test.t; Duplicate entry '2' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's master log ${BIN}, end_log_pos 310`;
  b.event(34100, m1, 'sql', 'sql_error', err, { txn: 'T3', log: log(BIN, 107, 310), relay: log('relay-bin.000001', 253, 456), line: 16 });
  b.status(34100, m1, { Slave_SQL_Running: 'No', Last_SQL_Errno: 1062, Last_SQL_Error: err, Exec_Master_Log_Pos: 107 });
  b.period('sql_thread_stopped', m1, 34100, null);

  b.row(9600, m1, 't', '[1]', { id: 1, v: 'a' });
  b.row(9600, r1, 't', '[1]', { id: 1, v: 'a' });
  b.step({ line: 11, kind: 'client', label: "app: insert into t values (1, 'a')", start: 5000, end: 9600 });
  b.row(10800, m1, 't', '[2]', { id: 2, v: 'b' });
  b.step({ line: 12, kind: 'client', label: 'app: begin; insert …; commit as T2', start: 10000, end: 10800 });
  b.row(15000, r1, 't', '[2]', { id: 2, v: 'b' });
  b.step({ line: 16, kind: 'client', label: 'app: retry T2', start: 14200, end: 15000 });
  b.trace.rows = {
    [m1]: {
      t: [
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ],
    },
    [r1]: {
      t: [
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ],
    },
  };
  b.verdict({
    kind: 'committed_after_error',
    severity: 'warning',
    message: `T2: the client got a lost connection (2013), yet T2 is committed on ${m1}`,
    txn: 'T2',
    servers: [m1],
    time: 10800,
    line: 12,
  });
  b.verdict({
    kind: 'replication_stopped',
    severity: 'error',
    message: `${m1}: the SQL thread stopped with error 1062 (Duplicate entry '2' for key 'PRIMARY')`,
    txn: 'T3',
    servers: [m1],
    time: 34100,
    line: 17,
  });
  b.trace.expectations.push(
    { line: 19, kind: 'outcome', atEnd: true, passed: true, time: 34100, message: 'T2 outcome lost_connection' },
    { line: 21, kind: 'replication', atEnd: true, passed: true, time: 34100, message: `${m1} replication error 1062` },
  );
  b.trace.endTime = 34100;
  return b.trace;
}

/** S4 with hostile names at trace level (the language cannot write them, a hand-made or future trace could) and `<script>` in a row value and a statement. */
export function hostileTrace(): Trace {
  const trace = s04Trace(['<img src=x onerror=alert(1)>', 'r1'], '"><script>alert(2)</script>');
  trace.title = '</title><script>alert(3)</script>';
  const hostileRow = { id: 3, v: '<script>alert(4)</script>' };
  for (const server of Object.keys(trace.rows)) trace.rows[server]?.t?.push(hostileRow);
  const t1 = trace.transactions[0];
  if (t1?.statements[0]) t1.statements[0].text = "insert into t values (3, '<script>alert(5)</script>')";
  return trace;
}

/**
 * A generated trace of about `events` events: three servers, two clients, autocommit inserts shipped, ACKed and
 * applied, with a binlog rotation every 200 transactions, a replica restart and semi-sync periods. For the
 * benchmark and the scale tests.
 */
export function bigTrace(events = 10_000): Trace {
  const servers = ['m1', 'r1', 'r2'];
  const b = new TraceBuilder('ten thousand events', 'mysql-8.0', servers, [
    { name: 'app', server: 'm1' },
    { name: 'batch', server: 'm1' },
  ]);
  b.status(0, 'm1', { Server_state: 'running', File: 'mysql-bin.000001', Position: 157, Rpl_semi_sync_master_status: 'ON' });
  for (const r of ['r1', 'r2'])
    b.status(0, r, {
      Server_state: 'running',
      Master_Host: 'm1',
      Master_Log_File: 'mysql-bin.000001',
      Read_Master_Log_Pos: 157,
      Exec_Master_Log_Pos: 157,
      Slave_IO_Running: 'Yes',
      Slave_SQL_Running: 'Yes',
    });
  let time = 1000;
  let file = 1;
  let pos = 157;
  let relayPos = 400;
  let n = 0;
  while (b.trace.events.length < events) {
    n++;
    const txn = `T${n}`;
    const client = n % 3 === 0 ? 'batch' : 'app';
    const bin = `mysql-bin.${String(file).padStart(6, '0')}`;
    const l = log(bin, pos, pos + 277);
    const line = 20 + (n % 400);
    b.event(time, 'm1', 'client', 'statement_sent', `insert into t values (${n}, 'v${n}')`, { client, txn, line });
    b.event(time + 100, 'm1', 'binlog', 'binlog_flushed', `${txn} written to ${bin}:${l.start}→${l.end}`, { txn, line, log: l });
    b.event(time + 600, 'm1', 'engine', 'engine_committed', `${txn} committed`, { txn, line });
    b.event(time + 600, 'm1', 'dump', 'dump_send', `sends ${txn}`, { txn, line, log: l });
    for (const [i, r] of ['r1', 'r2'].entries()) {
      const at = time + 800 + i * 150;
      b.message('events', ['m1', 'dump'], [r, 'io'], time + 600, at, `${txn} ${bin}:${l.start}→${l.end}`, { txn, line, log: l });
      b.event(at, r, 'io', 'io_receive', `receives ${txn}`, { txn, line, log: l });
      b.event(at, r, 'relay', 'relay_write', `relay ${txn}`, {
        txn,
        line,
        log: l,
        relay: log('relay-bin.000002', relayPos, relayPos + 277),
      });
      b.event(at + 150, r, 'sql', 'applied', `applies ${txn}`, { txn, line, log: l });
      b.status(at + 150, r, { Read_Master_Log_Pos: l.end, Exec_Master_Log_Pos: l.end, Master_Log_File: bin });
    }
    b.message('ack', ['r1', 'io'], ['m1', 'dump'], time + 800, time + 1000, `ACK ${l.end}`, { txn, line });
    b.event(time + 1000, 'm1', 'dump', 'ack_received', `ACK ${txn}`, { txn, line, log: l });
    b.event(time + 1000, 'm1', 'client', 'statement_reply', 'OK', { client, txn, line });
    b.status(time + 1000, 'm1', { Position: l.end, File: bin, Rpl_semi_sync_master_yes_tx: n });
    b.txn({
      id: txn,
      client,
      server: 'm1',
      line,
      autocommit: true,
      statements: [{ line, text: `insert into t values (${n}, 'v${n}')`, sentAt: time, result: ok(time + 1000) }],
      outcome: ok(time + 1000),
      binlog: l,
      presence: { m1: 'present', r1: 'present', r2: 'present' },
    });
    pos += 277;
    relayPos += 277;
    time += n % 50 === 0 ? 20_000 : 1200;
    if (n % 200 === 0) {
      b.event(time, 'm1', 'binlog', 'binlog_rotate', `rotate to mysql-bin.${String(file + 1).padStart(6, '0')}`, {
        log: log(bin, pos, pos + 47),
      });
      file++;
      pos = 157;
      time += 100;
    }
    if (n % 500 === 0) {
      b.period('io_thread_stopped', 'r2', time, time + 5000);
      b.period('semisync_off', 'm1', time, time + 3000);
    }
  }
  b.step({ line: 20, kind: 'client', label: 'load', start: 1000, end: time });
  b.trace.rows = { m1: { t: [] }, r1: { t: [] }, r2: { t: [] } };
  return b.trace;
}
