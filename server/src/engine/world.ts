/**
 * The simulated world: every server, client, link and transaction in flight, the event queue, the PRNG and what
 * the trace has recorded so far. One value passed to every part of the engine; nothing global.
 */
import type { AutoIncrementSettings } from './auto-increment';
import { channelBound, channelLabel, type ChannelScope } from './channels';
import type { StatusFields } from './status';
import type {
  Action,
  DdlOperation,
  Flavor,
  MasterUseGtid,
  Micros,
  ResolvedStatement,
  Scenario,
  ServerConfig,
  TransactionPlan,
  TriggerPlan,
  TxnState,
  UntilSpec,
} from '../model/scenario';
import type { BinlogEvent, DdlStatement, TxnGtid } from './binlog-events';
import type { Binlog, BinlogChunk, LaidEvents, LogPos, LoggedTxn } from './binlog';
import type { EventQueue, QueuedEvent } from './event-queue';
import type { Deliveries } from './network';
import type { MariadbGtid, MariadbGtidState, MysqlGtidSet } from './gtid';
import type { GtidStartScan } from './gtid-start-scan';
import type { Prng } from './prng';
import type { LockTable } from './statements';
import type { Database, DbSnapshot, StorageChange } from './storage';
import type {
  ClientOutcome,
  ErrorLogLine,
  ExpectationResult,
  Lane,
  ReadOnlyRefusalFact,
  ReplicationErrorFact,
  SemisyncFallbackFact,
  LogCoordinates,
  StatusChange,
  StatementTrace,
  TraceEvent,
  TraceMessage,
  TraceRead,
  TraceRowChange,
  TraceStep,
  TraceTransaction,
} from '../trace/trace';

/** An engine commit on a server, kept in commit order so that crash recovery can rebuild the rows. */
export interface CommitRecord {
  txnId: string | undefined;
  gtid: TxnGtid;
  changes: StorageChange[];
  /** When the engine commit happened (its redo commit record was generated). */
  time: Micros;
  /** When its prepare record was generated (binlogged transactions), for durability. */
  prepareTime: Micros | undefined;
  /** The end of its Xid in this server's binlog, when binlogged here. */
  binlogEnd: LogPos | undefined;
  /** Where its chunk starts in this server's binlog, when binlogged here. */
  binlogStart?: LogPos;
  /** Committed by crash recovery (it was prepared and its Xid was in the binlog), not before the crash. */
  recovered?: boolean;
  origin: 'client' | 'applier' | 'schema';
  /** A client's DDL (here or on the source): crash recovery runs it again, in commit order, as the data dictionary keeps it. */
  ddl?: DdlOperation;
  /** For the applier: the source coordinates it ended at (crash-safe replication resumes there). */
  sourceFile?: string;
  sourceEnd?: number;
  sourceName?: string;
  /** For the applier: the replica's positions right after it (what mysql.slave_relay_log_info held with it). */
  replicaCoords?: SqlCoords;
}

/** The SQL thread's position as relay-log.info (or mysql.slave_relay_log_info) records it. */
export interface SqlCoords {
  relayMasterLogFile: string;
  execPos: number;
  fileIndex: number;
  entryIndex: number;
  relayFile: string;
  relayPos: number;
}

/** A replica's recorded positions (replica-info.ts): as last written, as last fsynced. */
export interface ReplicaInfo {
  sqlWritten: SqlCoords;
  sqlSynced: SqlCoords;
  /** Transactions since relay-log.info was last fsynced (sync_relay_log_info). */
  sqlSinceSync: number;
  /** What CHANGE MASTER, a stop of the thread or a clean shutdown wrote last, and when. */
  sqlForced: { coords: SqlCoords; time: Micros };
  ioWritten: { file: string; pos: number };
  ioSynced: { file: string; pos: number };
  /** Events since master.info was last synced, or the table last written (sync_master_info). */
  ioSinceSync: number;
  /** How far the relay log was fsynced: a file and its number of entries (undefined: nothing yet). */
  relaySynced: { fileIndex: number; entries: number } | undefined;
}

/** A transaction being run by a client session on a server. */
export interface TxnRuntime {
  uid: number;
  id: string;
  plan: TransactionPlan;
  client: string;
  server: string;
  incarnation: number;
  sessionId: number;
  phase: 'active' | 'committing' | 'committed' | 'rolled_back';
  reached: Set<TxnState>;
  pending: StorageChange[];
  /** Data statements with their changes, for the binlog. */
  /** Each write statement with its row changes and, when it generated AUTO_INCREMENT values, the first one (INSERT_ID). */
  /** Each write as executed: `time` is when it started (its now(), its Query event's timestamp). */
  logged: { statement: ResolvedStatement; time: Micros; changes: StorageChange[]; insertId?: number }[];
  locks: Set<string>;
  /** Its consistent-read snapshot (REPEATABLE READ), from its first plain read until it ends. */
  snapshot: DbSnapshot | undefined;
  chunk: BinlogChunk | undefined;
  endPos: LogPos | undefined;
  gtid: TxnGtid | undefined;
  prepareTime: Micros | undefined;
  /** Past the AFTER_SYNC wait (or none): may engine-commit once every earlier binlogged transaction has. */
  readyToCommit: boolean;
  /** Semi-sync: a wait node was registered at FLUSH (status ON then); counted once. */
  semisync: { node: boolean; enabledAtFlush: boolean; counted: boolean; waitStart?: Micros; waiting: boolean; timer?: QueuedEvent };
  /** Continuation once the semi-sync wait ends. */
  afterWait: (() => void) | undefined;
  /** The client was told (kill or crash) and will not get the OK. */
  clientGone: boolean;
  /** The statement whose reply is the commit's (COMMIT, or the autocommit statement). */
  replyTo: ((outcome: ClientOutcome) => void) | undefined;
  /** Its session's auto_increment settings, which its Query events carry (Q_AUTO_INCREMENT). */
  autoIncrement: AutoIncrementSettings;
  /** A client's DDL: its own transaction, already run on the data, logged as a Query event (no rows). */
  ddl?: Extract<DdlStatement, { kind: 'client' }>;
}

/** A statement blocked on a row lock. */
export interface LockWaiter {
  uid: number;
  key: string;
  /** The transaction holding the lock. */
  holder: number;
  since: Micros;
  retry: () => void;
  timer: QueuedEvent;
}

/** Semi-sync source side (replication-semantics.md §3). */
export interface SemisyncState {
  /** rpl_semi_sync_master_status. */
  on: boolean;
  commitPos: LogPos | undefined;
  /** Highest ACK per replica. */
  acks: Map<string, LogPos>;
  waiters: TxnRuntime[];
  yesTx: number;
  noTx: number;
  noTimes: number;
  waitTimeTotal: number;
  waitCount: number;
}

/** A dump thread on a source, serving one replica connection. */
export interface DumpThread {
  replica: string;
  connId: number;
  fileIndex: number;
  chunkIndex: number;
  eventIndex: number;
  semisync: boolean;
  /** GTID auto-position: skip transactions the replica already has. */
  skip: ((chunk: BinlogChunk) => boolean) | undefined;
  /** MariaDB GTID connect: groups skipped per domain up to the replica's GTID, then a fake Gtid_list (gtid-start-scan.ts). */
  gtidScan?: GtidStartScan;
  /** The replica's MASTER_HEARTBEAT_PERIOD (0: none) and when this thread last sent anything (heartbeat.ts). */
  heartbeatPeriod: Micros;
  lastSent: Micros;
}

/** One entry of a relay log. */
export interface RelayEntry {
  kind: 'own_header' | 'source_header' | 'source_events' | 'txn' | 'relay_rotate' | 'source_rotate';
  start: number;
  end: number;
  /** Laid from `start`. */
  events: readonly BinlogEvent[];
  /** The source file and the End_log_pos of the entry's last source event (0 for fake ones). */
  sourceFile?: string;
  sourceStart?: number;
  sourceEnd?: number;
  /** For a fake Rotate / source rotate: where the source coordinates go next. */
  rotateTo?: { file: string; pos: number };
  txn?: LoggedTxn;
  /** The source events of the whole transaction where the source laid them (for end_log_pos in errors). */
  sourceEvents?: LaidEvents;
  chunkKind?: BinlogChunk['kind'];
  /** When the source wrote it (for Seconds_Behind_Master). */
  sourceTime?: Micros;
}

/** One relay-log file. */
export interface RelayFile {
  name: string;
  index: number;
  entries: RelayEntry[];
  size: number;
}

/** How a replica asks its source where to start. */
export type StartRequest =
  | { kind: 'file'; file: string; pos: number }
  | { kind: 'mysqlGtid'; set: MysqlGtidSet }
  | { kind: 'mariadbGtid'; pos: Map<number, MariadbGtid> };

/** A replica's threads, relay log and coordinates (SHOW SLAVE STATUS). */
export interface ReplicaState {
  sourceName: string;
  /** Master_UUID (MySQL 5.6+): the server_uuid of the source the I/O thread last connected to; empty before. */
  masterUuid: string;
  /** The replication channel (MariaDB: connection) of a multi-source replica; undefined or '' for the default one. */
  channel?: string;
  autoPosition: boolean;
  /** MariaDB, with autoPosition: MASTER_USE_GTID, the position it sends (gtid_slave_pos or gtid_current_pos). */
  useGtid: MasterUseGtid;
  /** Master_Log_File / Read_Master_Log_Pos. */
  masterLogFile: string;
  readPos: number;
  /** Relay_Master_Log_File / Exec_Master_Log_Pos. */
  relayMasterLogFile: string;
  execPos: number;
  io: {
    state: 'running' | 'connecting' | 'stopped';
    connId: number;
    /** semi-sync active on this connection (rpl_semi_sync_slave_enabled when it started). */
    semisync: boolean;
    lastErrno: number;
    lastError: string;
    busyUntil: Micros;
    eventsSinceSync: number;
    retry: QueuedEvent | undefined;
    /** The connection is established (the dump thread answered). */
    connected: boolean;
    /** MariaDB UNTIL master_gtid_pos: the highest sequence number received per domain on this start. */
    receivedSeq?: Map<number, number>;
    /** slave_net_timeout of this connection (read and connect timeout), taken when it connects (net-timeout.ts). */
    netTimeout: Micros;
    /** When the last packet of the connection arrived (events, the dump thread's answer, a heartbeat). */
    lastHeard: Micros;
    readTimer: QueuedEvent | undefined;
    /** The connect timeout of the attempt under way (cancelled once the source answers). */
    connectTimer?: QueuedEvent;
    /** Failed connection attempts in a row (master_retry_count gives up after that many). */
    failedAttempts: number;
    /** The connection was lost after it was up: attempts are reconnections (the texts say `reconnecting`). */
    reconnecting: boolean;
    /** Slave_received_heartbeats and when the last one came. */
    heartbeats: number;
    lastHeartbeat: Micros | undefined;
  };
  sql: {
    state: 'running' | 'stopped';
    busy: boolean;
    /** The end of the transaction being applied (cancelled when the thread stops in the middle of it). */
    applying: QueuedEvent | undefined;
    lastErrno: number;
    lastError: string;
    fileIndex: number;
    entryIndex: number;
    /** Relay_Log_File / Relay_Log_Pos. */
    relayFile: string;
    relayPos: number;
    /** MASTER_DELAY: the sql_delay_end (whole seconds, as µs) the thread sleeps until before its next transaction. */
    delayEnd?: Micros;
    /** Skip_Counter: events still to skip (sql_slave_skip_counter, taken while the thread was stopped). */
    skipCounter: number;
    /** START SLAVE … UNTIL: where the thread stops by itself (Until_Condition); kept after it stopped there. */
    until?: UntilSpec;
  };
  relay: RelayFile[];
  /** Retrieved_Gtid_Set (MySQL). */
  retrieved: MysqlGtidSet;
  /** MariaDB Gtid_IO_Pos: the GTID position the I/O thread asked for at its last connect, moved by each GTID received. */
  gtidIoPos?: Map<number, MariadbGtid>;
  /** The next relay file number. */
  nextRelayIndex: number;
  /** relay-log.info and master.info (or their tables) as written and as synced: what a crash leaves. */
  info: ReplicaInfo;
}

/** What crash recovery decided (reported at the restart). */
export interface RecoverySummary {
  mode: 'process' | 'host' | 'shutdown';
  binlogKeptTo: string;
  truncated: string[];
  committedByRecovery: string[];
  rolledBack: string[];
  lostCommitted: string[];
  /** A replica's positions as its repositories held them (replica-info.ts). */
  replica?: ReplicaRecovery;
}

/** What a crash left of a replica's positions. */
export interface ReplicaRecovery {
  /** The SQL thread's recorded position is older than the last transaction it committed. */
  staleSql: boolean;
  /** Where master.info (or its table) says the I/O thread was, used when the relay log is kept. */
  io?: { file: string; pos: number };
  /** Relay-log entries a host crash took (written after the last fsync). */
  relayLost: number;
}

/** A server that is down: when, how, and what its recovery decided. */
export interface CrashImage {
  mode: 'process' | 'host' | 'shutdown';
  time: Micros;
  summary: RecoverySummary;
}

/** One server. */
export interface ServerState {
  name: string;
  config: ServerConfig;
  flavor: Flavor;
  state: 'running' | 'crashed' | 'shutdown';
  /** How it went down the last time: a dead host answers nothing, a dead process's host resets connections. */
  downHow?: 'process' | 'host' | 'shutdown';
  incarnation: number;
  db: Database;
  initialDb: Database;
  rowIdCounter: number;
  xidCounter: number;
  locks: LockTable;
  lockWaiters: LockWaiter[];
  binlog: Binlog;
  gtidExecuted: MysqlGtidSet;
  /** MySQL GTIDs written to the binlog (assigned at FLUSH, before they enter gtid_executed at the engine commit). */
  gtidAssigned: MysqlGtidSet;
  mariadb: MariadbGtidState;
  committed: CommitRecord[];
  /** Completed redo flushes (start, end), for durability after a crash. */
  redoFlushes: { start: Micros; end: Micros }[];
  pipeline: {
    flushQueue: TxnRuntime[];
    groupBusy: boolean;
    groups: number;
    /** Binlogged transactions not yet engine-committed, in binlog order (the commit stage is ordered). */
    commitOrder: TxnRuntime[];
  };
  semisync: SemisyncState;
  dumpThreads: DumpThread[];
  replica: ReplicaState | null;
  /** A multi-source replica: every channel's state by name (channels.ts); `replica` is the one whose code runs. */
  channels?: Map<string, ReplicaState>;
  /** Transactions of client sessions on this server that are not finished. */
  txns: Map<number, TxnRuntime>;
  crash: CrashImage | null;
  /** MariaDB: after a rotation, the second Binlog_checkpoint (naming the new file) is written after the file's first transaction. */
  pendingCheckpoint: string | undefined;
}

/** A client session on a server. */
export interface Session {
  id: number;
  server: string;
  incarnation: number;
  alive: boolean;
  txn: TxnRuntime | null;
  /** The session's auto_increment_increment/offset: the server's global values when it connected (SET GLOBAL changes only later sessions). */
  autoIncrement: AutoIncrementSettings;
}

/** A statement a client will send, and who waits for its reply. */
export interface QueuedStatement {
  statement: ResolvedStatement;
  txn: string;
  onReply?: (outcome: ClientOutcome) => void;
}

/** A client. */
export interface ClientState {
  name: string;
  session: Session | null;
  queue: QueuedStatement[];
  /** The statement sent and not yet answered. */
  inFlight: { statement: ResolvedStatement; txn: string; sentAt: Micros; reply: (o: ClientOutcome) => void } | null;
}

/** A link's live state. */
export interface LinkState {
  a: string;
  b: string;
  latency: Micros;
  jitter: Micros;
  /** Bytes per second each way (undefined: unlimited), and when each direction's wire is free again. */
  bandwidth: number | undefined;
  wireFreeAB: Micros;
  wireFreeBA: Micros;
  down: boolean;
  /** Messages that reached a down link, with their send order: delivered in that order when it heals. */
  held: { seq: number; travel: () => void }[];
  /** When the last message from `a` to `b` (and from `b` to `a`) arrives: a later one never overtakes it. */
  lastArrivalAB: Micros;
  lastArrivalBA: Micros;
}

/** A trigger with whether it fired. */
export interface TriggerState {
  plan: TriggerPlan;
  fired: boolean;
}

/** A transaction's trace record, built as the run goes. */
export interface TxnRecord {
  trace: TraceTransaction;
  /** Its changes as committed on its own server (for presence and reads). */
  changes: StorageChange[];
}

/** Something the run waits for, for a still-waiting report. */
export interface Waiter {
  who: string;
  what: () => string;
  since: Micros;
  line?: number;
  /** Still waiting? (A waiter whose server crashed is not.) */
  active: () => boolean;
}

/** The world. */
export interface World {
  scenario: Scenario;
  seed: number;
  prng: Prng;
  queue: EventQueue;
  now: Micros;
  horizon: Micros;
  servers: Map<string, ServerState>;
  clients: Map<string, ClientState>;
  /** Links by one end, then the other (both orders lead to the same link). */
  links: Map<string, Map<string, LinkState>>;
  plans: Map<string, TransactionPlan>;
  records: Map<string, TxnRecord>;
  triggers: TriggerState[];
  waiters: Set<Waiter>;
  /** The line that caused what is being done now. */
  cause: number | undefined;
  nextUid: number;
  nextConnId: number;
  /** Send order of messages (a healed link delivers what it held in this order). */
  nextMessageSeq: number;
  nextSessionId: number;
  /** Whether the run keeps a full trace (events, messages, status and row logs, steps) or only its summary. */
  full: boolean;
  /** Full traces: servers something happened to during the current instant (their status is recorded at its end). */
  dirty: Set<string>;
  /** Tests: record every server's status at every instant instead of the dirty ones only. */
  statusEveryInstant: boolean;
  /** Recorded output (events, messages, status and row logs, steps: full traces only). */
  events: TraceEvent[];
  messages: TraceMessage[];
  reads: TraceRead[];
  statusChanges: StatusChange[];
  rowChanges: TraceRowChange[];
  /** Each server's status as last recorded (every name, undefined where the server has none). */
  lastStatus: Map<string, StatusFields>;
  /** The Seconds_Behind_Master anchor last recorded per server (status.ts `lagSince`). */
  lagSince: Map<string, number | null>;
  /** The SQL_Remaining_Delay anchor last recorded per server (replica-delay.ts; created at the first delay). */
  delayEnd?: Map<string, number | null>;
  steps: TraceStep[];
  errorLog: ErrorLogLine[];
  replicationErrors: ReplicationErrorFact[];
  semisyncFallbacks: SemisyncFallbackFact[];
  /** Client writes refused by read_only (created at the first). */
  readOnlyRefusals?: ReadOnlyRefusalFact[];
  expectations: ExpectationResult[];
  /** Checks run after each applied transaction (waits until caught up). */
  appliedListeners: Set<() => void>;
  /** True while the initial topology is built: messages are delivered at once and not traced. */
  setup: boolean;
  /** Late-bound entry points, so that low-level parts can fire triggers and run actions without import cycles. */
  hooks: EngineHooks;
  /** Who handles each kind of message on arrival (deliveries.ts). */
  deliveries: Deliveries;
  /** The replication channel whose code runs now (channels.ts); undefined outside any. */
  channelScope?: ChannelScope;
}

/** A moment a trigger can name, as it happens. */
export interface StateReached {
  txn: string;
  /** Where it happens: the source for pipeline states and `sent`/`acked`, the replica for `relay_logged`/`applied`. */
  server: string;
  state: TxnState;
  /** For replica-side states: the replica. */
  by?: string;
  /** For replica-side states: the source it came from. */
  source?: string;
}

/** Entry points installed by the simulation. */
export interface EngineHooks {
  /** Records the state and fires the triggers waiting for it (their actions run right now). */
  reachState(world: World, reached: StateReached): void;
  /** Runs a script or trigger action; `done` is called when the script may go on. */
  runAction(world: World, action: Action, line: number, done: () => void): void;
}

/** Runs `fn` at `time` (never before now), keeping the line that caused it (the run loop restores it). */
export function schedule(world: World, time: Micros, fn: () => void, canProgress?: () => boolean): QueuedEvent {
  return world.queue.push(Math.max(time, world.now), channelBound(world, fn), world.cause, canProgress);
}

/** What `record` is given: an event's fields, its label built only when the trace is full. */
export type EventInput = { server: string; lane: Lane; kind: TraceEvent['kind']; label: string | (() => string) } & Partial<
  Pick<TraceEvent, 'client' | 'txn' | 'gtid' | 'log' | 'relay' | 'line' | 'peer'>
>;

/**
 * Records a trace event now (full traces only: a summary run keeps no events, and never builds their labels). The
 * server it happens on is marked as changed, so its status is recorded at the end of the instant.
 */
export function record(world: World, e: EventInput): void {
  if (!world.full) return;
  world.dirty.add(e.server);
  const line = e.line ?? world.cause;
  // Assigned field by field in the trace's key order: spreading optional fields would allocate an object for each.
  const ev = { id: world.events.length, time: world.now, server: e.server, lane: e.lane, kind: e.kind } as TraceEvent;
  if (e.client !== undefined) ev.client = e.client;
  if (e.txn !== undefined) ev.txn = e.txn;
  if (e.gtid !== undefined) ev.gtid = e.gtid;
  if (e.log !== undefined) ev.log = e.log;
  if (e.relay !== undefined) ev.relay = e.relay;
  if (e.peer !== undefined) ev.peer = e.peer;
  if (line !== undefined) ev.line = line;
  ev.label = channelLabel(world, e.server, typeof e.label === 'string' ? e.label : e.label());
  world.events.push(ev);
}

/** A line of a server's error log. */
export function errorLog(world: World, server: string, text: string): void {
  world.errorLog.push({ time: world.now, server, text });
}

/** The server named `name` (the checker guarantees it exists). */
export function serverOf(world: World, name: string): ServerState {
  const s = world.servers.get(name);
  if (!s) throw new Error(`unknown server ${name}`);
  return s;
}

/** Whether a server is up and still the same incarnation. */
export function isUp(world: World, name: string, incarnation?: number): boolean {
  const s = world.servers.get(name);
  return !!s && s.state === 'running' && (incarnation === undefined || s.incarnation === incarnation);
}

/** The link between two servers (both directions); one with the default latency when none was declared. */
export function linkBetween(world: World, x: string, y: string, defaultLatency: Micros): LinkState {
  let byPeer = world.links.get(x);
  if (!byPeer) world.links.set(x, (byPeer = new Map<string, LinkState>()));
  let link = byPeer.get(y);
  if (!link) {
    link = world.links.get(y)?.get(x) ?? {
      a: x,
      b: y,
      latency: defaultLatency,
      jitter: 0,
      bandwidth: undefined,
      wireFreeAB: 0,
      wireFreeBA: 0,
      down: false,
      held: [],
      lastArrivalAB: 0,
      lastArrivalBA: 0,
    };
    byPeer.set(y, link);
  }
  return link;
}

/** A coordinates object for the trace. */
export function coords(file: string, start: number, end: number): LogCoordinates {
  return { file, start, end };
}

/** The trace record of a transaction id (created on first use from its plan). */
export function txnRecord(world: World, id: string): TxnRecord {
  let rec = world.records.get(id);
  if (!rec) {
    const plan = world.plans.get(id);
    rec = {
      trace: {
        id,
        client: plan?.client ?? '',
        server: null,
        line: plan?.line ?? 0,
        endLine: plan?.endLine ?? 0,
        autocommit: plan?.autocommit ?? true,
        readOnly: plan?.readOnly ?? false,
        ...(plan?.retryOf !== undefined ? { retryOf: plan.retryOf } : {}),
        retriedBy: [],
        statements: [] as StatementTrace[],
        outcome: { kind: 'pending' },
        rowChanges: 0,
        rolledBack: false,
        states: {},
        ackedBy: [],
        appliedBy: [],
        presence: {},
        onReplica: false,
      },
      changes: [],
    };
    world.records.set(id, rec);
  }
  return rec;
}
