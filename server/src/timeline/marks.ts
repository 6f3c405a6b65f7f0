/**
 * How each kind of trace event looks on the timeline: its shape, the short title written beside it, and the log
 * positions written inline (`mysql-bin.000001:157→434`, `relay-bin.000002:367→644`, `Exec 434`). The engine's own
 * sentence (`TraceEvent.label`) stays the detail shown on hover; the diagram needs words short enough to sit on one row.
 */
import type { LogCoordinates, TraceEvent, TraceEventKind } from '../trace/trace';

/** The drawn shape of a mark; the CSS colours it by shape and, for client replies, by outcome. */
export type MarkShape =
  | 'dot'
  | 'send'
  | 'receive'
  | 'commit'
  | 'binlog'
  | 'wait'
  | 'crash'
  | 'restart'
  | 'promote'
  | 'timeout'
  | 'error'
  | 'semisync'
  | 'operation'
  | 'reply'
  /** A client's reply that settles nothing: the OK of a statement inside a transaction. */
  | 'tick';

const TITLES: Record<TraceEventKind, string> = {
  statement_sent: 'sends',
  statement_reply: 'reply',
  read: 'read',
  statement_executed: 'executes',
  lock_wait: 'waits for a row lock',
  active: 'active',
  prepared: 'prepare',
  after_sync_wait: 'waits for ACK (AFTER_SYNC)',
  engine_committed: 'engine commit',
  after_commit_wait: 'waits for ACK (AFTER_COMMIT)',
  client_ok: 'OK sent',
  rolled_back: 'rolled back',
  semisync_timeout: 'ACK timeout',
  semisync_off: 'semi-sync OFF',
  semisync_on: 'semi-sync ON',
  crash: 'CRASH',
  restart: 'restart',
  recovery: 'crash recovery',
  shutdown: 'shutdown',
  promote: 'PROMOTED to source',
  change_master: 'CHANGE MASTER',
  reset_master: 'RESET MASTER',
  reset_slave: 'RESET SLAVE',
  set_global: 'SET GLOBAL',
  flush_status: 'FLUSH STATUS',
  kill: 'KILL',
  reconnect: 'reconnects',
  link_partition: 'link cut',
  link_heal: 'link healed',
  trigger_fired: 'trigger fires',
  still_waiting: 'still waiting',
  internal_error: 'engine error',
  binlog_flushed: 'binlog write',
  binlog_synced: 'binlog fsync',
  binlog_rotate: 'binlog rotate',
  binlog_purge: 'binlog purge',
  sql_delay: 'waits for MASTER_DELAY',
  sql_skip: 'skipped',
  sql_until: 'UNTIL reached',
  gtid_injected: 'empty transaction',
  not_binlogged: 'not binlogged (sql_log_bin=0)',
  binlog_file_opened: 'new binlog file',
  binlog_checkpoint: 'binlog checkpoint',
  binlog_stop_event: 'Stop event',
  binlog_truncated: 'binlog tail truncated',
  dump_start: 'dump thread starts',
  dump_send: 'sent',
  dump_stop: 'dump thread ends',
  dump_error: 'dump thread error',
  dump_heartbeat: 'heartbeat sent',
  ack_received: 'ACK received',
  io_start: 'I/O thread starts',
  io_connecting: 'connect attempt failed',
  io_connection_lost: 'connection lost',
  io_heartbeat: 'heartbeat',
  io_connected: 'connected',
  io_receive: 'received',
  ack_sent: 'ACK sent',
  io_stop: 'I/O thread stops',
  io_error: 'I/O error',
  relay_write: 'relay log write',
  relay_sync: 'relay log fsync',
  relay_rotate: 'relay log rotate',
  sql_start: 'SQL thread starts',
  sql_stop: 'SQL thread stops',
  applied: 'applied',
  sql_error: 'SQL error',
};

const SHAPES: Partial<Record<TraceEventKind, MarkShape>> = {
  statement_sent: 'send',
  statement_reply: 'reply',
  read: 'receive',
  lock_wait: 'wait',
  after_sync_wait: 'wait',
  after_commit_wait: 'wait',
  engine_committed: 'commit',
  client_ok: 'commit',
  applied: 'commit',
  rolled_back: 'error',
  semisync_timeout: 'timeout',
  still_waiting: 'timeout',
  semisync_off: 'semisync',
  semisync_on: 'semisync',
  crash: 'crash',
  restart: 'restart',
  recovery: 'restart',
  promote: 'promote',
  shutdown: 'operation',
  change_master: 'operation',
  reset_master: 'operation',
  reset_slave: 'operation',
  set_global: 'operation',
  flush_status: 'operation',
  kill: 'operation',
  reconnect: 'operation',
  link_partition: 'operation',
  link_heal: 'operation',
  trigger_fired: 'operation',
  internal_error: 'error',
  binlog_flushed: 'binlog',
  binlog_synced: 'binlog',
  binlog_rotate: 'binlog',
  binlog_purge: 'operation',
  sql_delay: 'wait',
  sql_skip: 'error',
  sql_until: 'operation',
  gtid_injected: 'commit',
  not_binlogged: 'error',
  binlog_file_opened: 'binlog',
  binlog_checkpoint: 'binlog',
  binlog_stop_event: 'binlog',
  binlog_truncated: 'error',
  dump_send: 'send',
  ack_sent: 'send',
  io_receive: 'receive',
  ack_received: 'receive',
  relay_write: 'binlog',
  dump_error: 'error',
  io_error: 'error',
  sql_error: 'error',
};

/** Kinds whose engine sentence is the point (why it failed, what recovery did): written after the positions. */
const NOTED: ReadonlySet<TraceEventKind> = new Set<TraceEventKind>([
  'crash',
  'recovery',
  'promote',
  'semisync_timeout',
  'semisync_off',
  'semisync_on',
  'still_waiting',
  'internal_error',
  'binlog_truncated',
  'dump_error',
  'io_error',
  'sql_error',
  'rolled_back',
  'change_master',
  'kill',
  'link_partition',
  'link_heal',
  'set_global',
]);

/** The shape a kind of event is drawn with. */
export function shapeOf(kind: TraceEventKind): MarkShape {
  return SHAPES[kind] ?? 'dot';
}

/**
 * The shape of a mark: its kind's, but a client's reply with no outcome of its own (an OK inside a transaction,
 * before the reply that decides it) is a small tick, so that only the deciding reply reads as an outcome.
 */
export function markShapeOf(kind: TraceEventKind, outcome: string | undefined): MarkShape {
  return kind === 'statement_reply' && outcome === undefined ? 'tick' : shapeOf(kind);
}

/** `mysql-bin.000001:157→434`: a range of a binlog or relay log. */
export function formatRange(c: LogCoordinates): string {
  return c.start === c.end ? `${c.file}:${c.end}` : `${c.file}:${c.start}→${c.end}`;
}

/** `3e11fa47…:23` for a MySQL GTID (the uuid is the long part, its first block is enough to tell servers apart); MariaDB's `0-1-4` as is. */
export function shortGtid(gtid: string): string {
  const m = /^([0-9a-f]{8})-[0-9a-f-]{27}(:.*)$/i.exec(gtid);
  return m ? `${m[1]}…${m[2]}` : gtid;
}

/** The MySQL error number a sentence names (`… Error_code: 1062 …`, `error 1236`), if any. */
export function errorNumber(text: string): number | undefined {
  const m = /Error_code:\s*(\d{4})/.exec(text) ?? /\b(?:error|errno|ERROR)\s*(\d{4})\b/.exec(text) ?? /\b(1\d{3}|2\d{3})\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The short title of an event on the diagram, without its transaction (the caller prefixes it). */
export function titleOf(event: TraceEvent): string {
  const base = TITLES[event.kind] ?? event.kind;
  if (event.kind === 'sql_error' || event.kind === 'io_error' || event.kind === 'dump_error') {
    const errno = errorNumber(event.label);
    return errno === undefined ? base : `${base} ${errno}`;
  }
  if (event.kind === 'crash' && /\bhost\b/i.test(event.label)) return 'CRASH (host)';
  return base;
}

/**
 * The positions written inline on a mark: where in the binlog or relay log the event sits, in the words a DBA
 * compares with `SHOW MASTER STATUS` / `SHOW SLAVE STATUS`.
 */
export function positionsOf(event: TraceEvent): string[] {
  const out: string[] = [];
  const { log, relay } = event;
  switch (event.kind) {
    case 'applied':
      if (log) out.push(`Exec ${log.end}`);
      break;
    case 'sql_error':
      // The SQL thread stops before the failing transaction: Exec_Master_Log_Pos stays at its start.
      if (log) out.push(`Exec stays ${log.start}`);
      break;
    case 'ack_sent':
    case 'ack_received':
      if (log) out.push(`ACK ${log.file}:${log.end}`);
      break;
    case 'dump_start':
    case 'io_start':
    case 'io_connecting':
    case 'io_connected':
    case 'change_master':
      if (log) out.push(`from ${log.file}:${log.start}`);
      break;
    case 'binlog_synced':
      if (log) out.push(`${log.file}:${log.end}`);
      break;
    case 'relay_write':
    case 'relay_sync':
    case 'relay_rotate':
      if (relay) out.push(formatRange(relay));
      else if (log) out.push(formatRange(log));
      break;
    case 'io_receive':
      if (log) out.push(formatRange(log));
      if (relay) out.push(formatRange(relay));
      break;
    default:
      if (log && (event.lane === 'binlog' || event.lane === 'dump')) out.push(formatRange(log));
  }
  // A crash, a recovery or a promotion says in its sentence where the binlog stood: that is a position too.
  if (out.length === 0 && !log && NOTED.has(event.kind)) {
    const at = /\b[\w.-]*-bin\.\d{6}:\d+/g;
    const found = event.label.match(at);
    if (found) out.push(found[found.length - 1]);
  }
  if (event.gtid && (event.kind === 'binlog_flushed' || event.kind === 'applied' || event.kind === 'io_receive')) {
    out.push(`GTID ${shortGtid(event.gtid)}`);
  }
  return out;
}

/** The engine's sentence, when it says something the title and positions do not (errors, recovery, promotion). */
export function noteOf(event: TraceEvent): string | undefined {
  return NOTED.has(event.kind) && event.label ? condense(event.label) : undefined;
}

/**
 * The telling part of a MySQL error sentence: `Could not execute Write_rows event on table d.t; Duplicate entry '2'
 * for key 'PRIMARY', Error_code: 1062; handler error …` is read as `Duplicate entry '2' for key 'PRIMARY'`.
 */
export function condense(sentence: string): string {
  const patterns = [
    /Duplicate entry '[^']*' for key '[^']*'/,
    /Can't find record in '[^']*'/,
    /Got fatal error \d+ from (?:master|source) when reading data from binary log: '([^']*)'/,
  ];
  for (const p of patterns) {
    const m = p.exec(sentence);
    if (m) return m[1] ?? m[0];
  }
  return sentence;
}
