/**
 * The trace: the one value a run produces, and the contract every view reads (diagnostics, hovers, inlay hints,
 * the timeline webview, the command line). Plain data, serialisable with JSON.stringify, byte-identical for the same
 * scenario and seed. Documented field by field in docs/trace.md.
 */
import type { Flavor, Micros, SqlValue, TxnState, VerdictKind } from '../model/scenario';

/** The lanes of the timeline: a client, and the threads/logs of a server. */
export type Lane = 'client' | 'engine' | 'binlog' | 'dump' | 'io' | 'relay' | 'sql';

/** A place in a binlog or relay-log file: the event(s) from `start` to `end` (the end is the next event's start). */
export interface LogCoordinates {
  file: string;
  start: number;
  end: number;
}

/** What happened, by lane (see docs/trace.md for each). */
export type TraceEventKind =
  // client lane
  | 'statement_sent'
  | 'statement_reply'
  | 'read'
  // engine lane (the commit pipeline of replication-semantics.md §2, locks, faults, operations)
  | 'statement_executed'
  | 'lock_wait'
  | 'active'
  | 'prepared'
  | 'after_sync_wait'
  | 'engine_committed'
  | 'after_commit_wait'
  | 'client_ok'
  | 'rolled_back'
  | 'semisync_timeout'
  | 'semisync_off'
  | 'semisync_on'
  | 'crash'
  | 'restart'
  | 'recovery'
  | 'shutdown'
  | 'promote'
  | 'change_master'
  | 'reset_master'
  | 'reset_slave'
  | 'set_global'
  | 'flush_status'
  | 'kill'
  | 'reconnect'
  | 'link_partition'
  | 'link_heal'
  | 'trigger_fired'
  | 'still_waiting'
  | 'internal_error'
  // binlog lane
  | 'binlog_flushed'
  | 'binlog_synced'
  | 'binlog_rotate'
  | 'binlog_purge'
  | 'sql_delay'
  | 'sql_skip'
  | 'sql_until'
  | 'gtid_injected'
  | 'not_binlogged'
  | 'binlog_file_opened'
  | 'binlog_checkpoint'
  | 'binlog_stop_event'
  | 'binlog_truncated'
  // dump lane (the dump thread and the semi-sync ACK receiver of a source)
  | 'dump_start'
  | 'dump_send'
  | 'dump_stop'
  | 'dump_error'
  | 'dump_heartbeat'
  | 'ack_received'
  // io lane
  | 'io_start'
  | 'io_connecting'
  | 'io_connection_lost'
  | 'io_heartbeat'
  | 'io_connected'
  | 'io_receive'
  | 'ack_sent'
  | 'io_stop'
  | 'io_error'
  // relay lane
  | 'relay_write'
  | 'relay_sync'
  | 'relay_rotate'
  // sql lane
  | 'sql_start'
  | 'sql_stop'
  | 'applied'
  | 'sql_error';

/** One thing that happened at one instant on one lane. */
export interface TraceEvent {
  /** Index in `Trace.events` (events are in time order). */
  id: number;
  time: Micros;
  /** The server (for a client lane: the server the client's session is on). */
  server: string;
  lane: Lane;
  kind: TraceEventKind;
  /** For client-lane events: which client. */
  client?: string;
  /** The transaction concerned, by its id in the file (`T2`), when there is one. */
  txn?: string;
  /** GTID of the transaction, when it has one (`uuid:n` or `domain-server-seq`). */
  gtid?: string;
  /** Source binlog coordinates (the source's file and offsets, also on the replica's lanes). */
  log?: LogCoordinates;
  /** Relay-log coordinates on the replica. */
  relay?: LogCoordinates;
  /** Zero-based line of the step, trigger or statement that caused it. */
  line?: number;
  /** For a link's partition or heal: the other end of the link (`server` is the first). */
  peer?: string;
  /** A short human sentence, positions included. */
  label: string;
}

/** A message between two lanes: shipped events (dump → io), ACKs (io → dump), connects, errors. */
export interface TraceMessage {
  id: number;
  kind: 'events' | 'ack' | 'connect' | 'disconnect' | 'error';
  from: { server: string; lane: Lane };
  to: { server: string; lane: Lane };
  sendTime: Micros;
  /** When it was received; null when it never was (dropped: the receiver was down, or the run ended first). */
  receiveTime: Micros | null;
  /** Why it was not received. */
  dropped?: string;
  txn?: string;
  log?: LogCoordinates;
  line?: number;
  label: string;
}

/** What the client was told for one statement or one transaction. */
export interface ClientOutcome {
  kind: 'ok' | 'error' | 'lost_connection' | 'pending';
  /** MySQL error number (2013 for a lost connection, 2006 for a statement sent on a dead session). */
  code?: number;
  message?: string;
  /** When the client received it (absent while pending). */
  time?: Micros;
}

/** One statement a client sent, with its reply. */
export interface StatementTrace {
  line: number;
  text: string;
  sentAt: Micros;
  result: ClientOutcome;
}

/** A transaction of the file (each retry is a transaction of its own, linked by `retryOf`). */
export interface TraceTransaction {
  id: string;
  client: string;
  /** The server its session ran it on; null when it never reached one. */
  server: string | null;
  line: number;
  endLine: number;
  autocommit: boolean;
  readOnly: boolean;
  retryOf?: string;
  retriedBy: string[];
  statements: StatementTrace[];
  /** The client's view: the first failed statement's reply, else the COMMIT's (or the only statement's). */
  outcome: ClientOutcome;
  /** Rows it changed (0: nothing to binlog). */
  rowChanges: number;
  /** Ended by ROLLBACK (or rolled back by the server: kill, deadlock, crash recovery). */
  rolledBack: boolean;
  gtid?: string;
  /** Where the source binlogged it (first binlogging; GTID event to Xid). */
  binlog?: LogCoordinates;
  /** When each commit-pipeline state was first reached on its server. */
  states: Partial<Record<TxnState, Micros>>;
  /** Replicas whose ACK for it the source received. */
  ackedBy: string[];
  /** Servers that applied it through replication, with the time. */
  appliedBy: { server: string; time: Micros }[];
  /**
   * Replicas whose SQL thread passed it without applying it: sql_slave_skip_counter, or (MySQL) its GTID already in
   * gtid_executed, as after an injected empty transaction. Such a replica is not behind on it: its rows may differ.
   */
  skippedBy?: { server: string; time: Micros }[];
  /** At the end of the run, per server: are its changes committed there (after crash recovery, for a crashed server)? */
  presence: Record<string, 'present' | 'absent'>;
  /** Its server was a replica when it committed there: a write on a replica (errant), not a source's commit. */
  onReplica: boolean;
  /** Committed by a session with sql_log_bin=0: never written to the binlog, so no replica gets it. */
  unlogged?: boolean;
}

/** A row as a client or a status snapshot sees it. */
export type Row = Record<string, SqlValue>;

/** Rows of every table of one server, by table name, in primary-key (or insertion) order. */
export type TableRows = Record<string, Row[]>;

/** A read: what a SELECT returned to a client, and whose writes it saw. */
export interface TraceRead {
  client: string;
  server: string;
  txn: string;
  line: number;
  time: Micros;
  statement: string;
  rows: Row[];
  /** Transactions (other than the reader's own) whose committed changes produced the rows it saw. */
  sawTxns: string[];
}

/** One status value as MySQL prints it. */
export type StatusValue = string | number;

/**
 * A server's status as flat MySQL names: SHOW MASTER STATUS (`File`, `Position`, `Executed_Gtid_Set`), SHOW SLAVE
 * STATUS (`Master_Host`, `Master_Log_File`, `Read_Master_Log_Pos`, …; absent when the server is not a replica),
 * `gtid_executed` (MySQL) / `gtid_binlog_pos`, `gtid_slave_pos`, `gtid_current_pos` (MariaDB), `Rpl_semi_sync_*`,
 * and `Server_state` (running | crashed | shutdown).
 */
export type ServerStatus = Record<string, StatusValue>;

/** A change of one server's status at one time: keys set to new values, keys removed. */
export interface StatusChange {
  time: Micros;
  server: string;
  set: Record<string, StatusValue>;
  unset: string[];
  /**
   * From here on, while the server lags, `Seconds_Behind_Master` at a time t is floor((t − lagSince) / 1 s): the
   * source time of its oldest unapplied transaction (null: it does not lag). Present only when it changes.
   */
  lagSince?: Micros | null;
  /**
   * From here on, while the SQL thread waits out MASTER_DELAY, `SQL_Remaining_Delay` at a time t is delayEnd (whole
   * seconds) − floor(t); null when it does not wait. Present only when it changes.
   */
  delayEnd?: Micros | null;
}

/**
 * A script step as run: when it started and finished, and where the status and row logs stood right after it, so
 * that every server's status and rows after it can be asked (trace/query.ts `statusAfterStep`, `rowsAfterStep`).
 */
export interface TraceStep {
  index: number;
  line: number;
  /** The action kind (`client`, `crash`, `promote`, `expect`, …). */
  kind: string;
  label: string;
  start: Micros;
  /** When the script went on; null when the run ended while it still waited. */
  end: Micros | null;
  /** `statusChanges.length` right after the step (at the end of the run for a step still waiting). */
  statusMark: number;
  /** `rowChanges.length` right after the step. */
  rowMark: number;
}

/** A committed change of one row on one server: the row as it is after it (null: gone). */
export interface TraceRowChange {
  time: Micros;
  server: string;
  table: string;
  /** The row's primary key (`[1]`, JSON of the key values), or `#` and its hidden row id for a table without one. */
  key: string;
  row: Row | null;
}

/** The result of one expectation of the file. */
export interface ExpectationResult {
  line: number;
  kind: string;
  atEnd: boolean;
  passed: boolean;
  /** When it was checked. */
  time: Micros;
  /** What was expected, and (when it failed) what happened. */
  message: string;
}

/** A finding about the run, computed without being asked (verdicts/). */
export interface Verdict {
  kind: VerdictKind;
  severity: 'error' | 'warning' | 'info';
  message: string;
  txn?: string;
  servers: string[];
  time: Micros;
  line?: number;
  /** The line of an expectation that names this verdict (`expect duplicate_by_retry of T2`): it was foreseen. */
  expectedBy?: number;
}

/** Who was still waiting for what when the run stopped at the horizon or the event cap. */
export interface StillWaiting {
  time: Micros;
  reason: 'horizon' | 'event_limit' | 'budget';
  waiters: { who: string; what: string; since: Micros; line?: number }[];
}

/** A line of a server's error log (semi-sync switches, timeouts, recovery). */
export interface ErrorLogLine {
  time: Micros;
  server: string;
  text: string;
}

/** A span of time in which something was wrong, for shading: semi-sync OFF, a link down, a server down, a thread stopped. */
export interface FaultPeriod {
  kind: 'semisync_off' | 'link_down' | 'server_down' | 'io_thread_stopped' | 'sql_thread_stopped';
  /** The server, or `a->b` for a link. */
  subject: string;
  start: Micros;
  /** null: still so at the end. */
  end: Micros | null;
}

/** Why a run stopped before it settled, when it hit one of its limits. */
export interface RunLimit {
  /** `events`: the event cap; `records`: the full trace's size budget; `time` and `memory`: the caller's budgets. */
  kind: 'events' | 'records' | 'time' | 'memory';
  /** What was reached, in words (`this scenario produced 500000 events; …`). */
  message: string;
}

/** A replication thread that stopped with an error (what SHOW SLAVE STATUS's Last_*_Errno/Error then say). */
export interface ReplicationErrorFact {
  time: Micros;
  server: string;
  thread: 'io' | 'sql';
  errno: number;
  message: string;
  /** The transaction it failed on (SQL thread). */
  txn?: string;
  /** Exec_Master_Log_Pos, which stays at the start of the failed transaction (SQL thread). */
  execPos?: number;
  line?: number;
}

/** A client's write refused with 1290 because its server was read-only. */
export interface ReadOnlyRefusalFact {
  time: Micros;
  server: string;
  client: string;
  /** The transaction the refused statement belonged to. */
  txn: string;
  option: '--read-only' | '--super-read-only';
  /** Whether the server replicated from a source then (a replica protected), or not (a source left read-only). */
  replicating: boolean;
  line?: number;
}

/** Semi-sync switched OFF on a source: commits stopped waiting for replicas. */
export interface SemisyncFallbackFact {
  time: Micros;
  server: string;
  /** Why, in words (`timeout waiting for the ACK of mysql-bin.000001:481 (T2)`). */
  why: string;
  /** The transaction whose wait timed out, when a timeout caused it. */
  timedOut?: string;
  line?: number;
}

/**
 * What every run gives, the summary run included: enough for the verdicts, the expectations, the inlay hints and the
 * diagnostics (docs/trace.md). A full trace (`Trace`) adds what the timeline and the hovers draw.
 */
export interface RunSummary {
  version: 2;
  /** `summary`: only this; `full`: a `Trace`. */
  mode: 'summary' | 'full';
  title: string;
  flavor: Flavor;
  seed: number;
  horizon: Micros;
  /** Virtual time of the last processed event. */
  endTime: Micros;
  endReason: 'settled' | 'horizon' | 'event_limit' | 'budget' | 'internal_error';
  processedEvents: number;
  /** The limit the run stopped at (event cap, size or time budget); null when it settled or reached its horizon. */
  limit: RunLimit | null;
  /** `sources`: the servers each replicates from as declared (absent for a source): with the final topology, its cluster. */
  servers: { name: string; flavor: Flavor; serverId: number; serverUuid: string; line: number; sources?: string[] }[];
  clients: { name: string; server: string; line: number }[];
  transactions: TraceTransaction[];
  reads: TraceRead[];
  /** Every server's status at the end. */
  finalStatus: Record<string, ServerStatus>;
  /** Every server's rows at the end (a crashed server: as its crash recovery will find them). */
  rows: Record<string, TableRows>;
  errorLog: ErrorLogLine[];
  /** Replication threads that stopped with an error, in time order. */
  replicationErrors: ReplicationErrorFact[];
  /** Semi-sync switches to OFF, in time order. */
  semisyncFallbacks: SemisyncFallbackFact[];
  /** Client writes refused by read_only / super_read_only, in time order (absent when none). */
  readOnlyRefusals?: ReadOnlyRefusalFact[];
  expectations: ExpectationResult[];
  verdicts: Verdict[];
  stillWaiting: StillWaiting | null;
  /** An engine bug, reported instead of thrown. */
  internalError: { message: string; seed: number; time: Micros } | null;
}

/** The whole result of a run: the summary, and every event, message, status and row change, step and fault period. */
export interface Trace extends RunSummary {
  mode: 'full';
  events: TraceEvent[];
  messages: TraceMessage[];
  /** Status at time 0 is the first change of each server; `statusAt` folds them. */
  statusChanges: StatusChange[];
  /** Every committed row change on every server, in order (rows start empty); `rowsAt` folds them. */
  rowChanges: TraceRowChange[];
  steps: TraceStep[];
  periods: FaultPeriod[];
}

/** `12.4 ms`, `3 s`, `250 µs`: a virtual time or duration for messages. */
export function formatMicros(micros: Micros): string {
  if (micros === 0) return '0 ms';
  const abs = Math.abs(micros);
  if (abs < 1000) return `${micros} µs`;
  if (abs < 1_000_000) return `${trimNumber(micros / 1000)} ms`;
  return `${trimNumber(micros / 1_000_000)} s`;
}

function trimNumber(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}
