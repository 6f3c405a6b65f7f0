/**
 * The run loop: `startSimulation(scenario, options)` builds the world from the checked scenario and runs the script
 * and everything it sets in motion on a discrete-event queue ordered by (time, seq), a slice of events at a time
 * (`advance`), so that a caller can stop it between slices. A run is a pure function of (scenario, seed, options):
 * same input, byte-identical JSON. It always ends: when nothing is left to do (settled), at the horizon, at the event
 * cap, or at the full trace's size budget; whoever still waits is reported (`still_waiting`). No exception escapes:
 * an engine bug becomes `internalError` with the seed, so the run can be repeated.
 *
 * The same code makes both results: a summary (what the verdicts, the expectations and the inlay hints need) or a
 * full trace (every event, message, status and row change, step). The verdicts are composed on top, in run.ts.
 */
import { schemaWriters } from '../model/topology';
import type { Micros, Scenario } from '../model/scenario';
import { BINLOG_MAGIC_SIZE, ddlEvents } from './binlog-events';
import { appendChunk, createBinlog, currentFile, openBinlogFile, writtenEnd } from './binlog';
import { openSession } from './client';
import { deliveries } from './deliveries';
import { EventQueue } from './event-queue';
import { checkExpectation } from './expectations';
import { configureReplica } from './failover';
import { inChannel } from './channels';
import { addGtid, createMariadbState, describeMariadbState, describeMysqlSet, gtidText, recordMariadbBinlogged } from './gtid';
import { runAction } from './actions';
import { createPrng } from './prng';
import { startIoThread } from './io-thread';
import { logRowChanges, recordStatus } from './recording';
import { markStep, startScript, type ScriptRun } from './script';
import { startSqlThread } from './sql-thread';
import { createSemisyncState, initialSemisyncStatus } from './semisync';
import { assignGtid } from './source';
import { statusOf } from './status';
import { cloneDatabase, createDatabase, dumpRows } from './storage';
import {
  formatMicros,
  type FaultPeriod,
  type RunLimit,
  type RunSummary,
  type StillWaiting,
  type Trace,
  type TraceTransaction,
} from '../trace/trace';
import { reachState } from './triggers';
import { linkBetween, record, txnRecord, type ServerState, type StateReached, type World } from './world';
import { DEFAULT_LINK_LATENCY } from '../model/settings';

/** How a run may be tuned. */
export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Virtual time at which the run stops; default max(last scripted time + 60 s, 10 min). */
  horizon?: Micros;
  /** Cap on processed events; default 20 000 000 (a minute or so of work; callers add a time budget). */
  maxEvents?: number;
  /** `full` (default): the trace the timeline and hovers read; `summary`: only what verdicts and expectations need. */
  record?: 'full' | 'summary';
  /** Cap on what a full trace holds (events, messages, status and row changes); default 3 000 000. */
  maxRecords?: number;
  /** Tests: record every server's status at every instant, not only the servers something happened to. */
  statusEveryInstant?: boolean;
  /**
   * Told of every state a transaction reaches (the moments a trigger can name), right after the triggers that match
   * it fired, with the servers still running then: what a crash-point sweep (explore/) enumerates its variants from.
   */
  onStateReached?: (reached: StateReached, running: string[], time: Micros) => void;
}

/** The default cap on processed events. */
export const DEFAULT_MAX_EVENTS = 20_000_000;

/** The default size budget of a full trace, in records: below a gigabyte of memory (about 400 bytes a record). */
export const DEFAULT_MAX_RECORDS = 1_000_000;

/** A run in progress. */
export interface Simulation {
  /** Processes up to `events` more events; true once the run has ended. */
  advance(events: number): boolean;
  /** Ends the run now, at a limit its caller sets (a time budget). */
  stop(limit: RunLimit): void;
  /** Events processed so far. */
  readonly processed: number;
  /** What the engine found, once ended (ends the run if it has not): expectations met in the script, no verdicts yet. */
  result(): RunSummary;
}

/** Starts a run of a checked scenario; never throws. */
export function startSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  const horizon = options.horizon ?? defaultHorizon(scenario);
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  let world: World | undefined;
  let script: ScriptRun | undefined;
  let processed = 0;
  let ended = false;
  let endReason: RunSummary['endReason'] = 'settled';
  let limit: RunLimit | null = null;
  let failure: unknown;
  let finished: RunSummary | undefined;
  try {
    world = createWorld(scenario, seed, horizon, options);
    script = begin(world);
  } catch (error) {
    failure = error;
    ended = true;
  }

  const loop = (w: World, s: ScriptRun, budget: number): void => {
    for (let n = 0; n < budget; n++) {
      if (s.done && w.queue.idle()) return void (ended = true);
      const ev = w.queue.pop();
      if (!ev) return void (ended = true);
      if (ev.cancelled) continue;
      if (ev.time > w.horizon) {
        endReason = 'horizon';
        w.now = w.horizon;
        return void (ended = true);
      }
      w.now = ev.time;
      w.cause = ev.cause;
      ev.run();
      w.cause = undefined;
      processed++;
      // Status is recorded once per instant: what several events at the same time change shows as one change.
      if (w.full) {
        const next = w.queue.peek();
        if (!next || next.time !== w.now) recordStatus(w);
      }
      if (processed >= maxEvents) {
        endReason = 'event_limit';
        limit = { kind: 'events', message: `this scenario produced ${maxEvents} events, the engine's cap; the run stopped there` };
        return void (ended = true);
      }
      if (w.full && recordCount(w) >= maxRecords) {
        endReason = 'budget';
        limit = {
          kind: 'records',
          message: `the trace reached ${maxRecords} records (events, messages, status and row changes) after ${processed} events; the run stopped there`,
        };
        return void (ended = true);
      }
    }
  };

  return {
    get processed() {
      return processed;
    },
    advance(events: number): boolean {
      if (ended || !world || !script) return true;
      try {
        loop(world, script, events);
      } catch (error) {
        failure = error;
        ended = true;
      }
      return ended;
    },
    stop(why: RunLimit): void {
      if (ended) return;
      ended = true;
      endReason = 'budget';
      limit = why;
    },
    result(): RunSummary {
      ended = true;
      if (finished) return finished;
      if (failure === undefined && world && script) {
        try {
          finished = finish(world, script, endReason, limit, processed);
        } catch (error) {
          failure = error;
        }
      }
      finished ??= internalErrorTrace(scenario, seed, horizon, world, failure, options.record !== 'summary');
      return finished;
    },
  };
}

/** Runs a checked scenario to its end: the engine's findings without verdicts (run.ts composes those). */
export function simulate(scenario: Scenario, options: SimulationOptions = {}): RunSummary {
  const sim = startSimulation(scenario, options);
  sim.advance(Number.POSITIVE_INFINITY);
  return sim.result();
}

function recordCount(world: World): number {
  return world.events.length + world.messages.length + world.statusChanges.length + world.rowChanges.length;
}

/** max(sum of the script's explicit times + 60 s, 10 min) of virtual time. */
export function defaultHorizon(scenario: Scenario): Micros {
  let last = 0;
  let sum = 0;
  const beats = new Map<number, number>();
  for (const entry of scenario.script) {
    if ('expect' in entry) continue;
    if (entry.timing?.kind === 'at') last = Math.max(last, entry.timing.micros);
    if (entry.timing?.kind === 'after') sum += entry.timing.micros;
    // An `every` loop's beats: each waits its offset's growth since the one before.
    if (entry.timing?.kind === 'tick') {
      sum += entry.timing.micros - (beats.get(entry.timing.loop) ?? 0);
      beats.set(entry.timing.loop, entry.timing.micros);
    }
    if (entry.action.kind === 'wait') sum += entry.action.micros;
  }
  return Math.max(last + sum + 60_000_000, 600_000_000);
}

function createWorld(scenario: Scenario, seed: number, horizon: Micros, options: SimulationOptions): World {
  const world: World = {
    scenario,
    seed,
    prng: createPrng(seed),
    queue: new EventQueue(),
    now: 0,
    horizon,
    servers: new Map(),
    clients: new Map(),
    links: new Map(),
    plans: new Map(scenario.transactions.map((t) => [t.id, t])),
    records: new Map(),
    triggers: scenario.triggers.map((plan) => ({ plan, fired: false })),
    waiters: new Set(),
    cause: undefined,
    nextUid: 0,
    nextConnId: 0,
    nextMessageSeq: 0,
    nextSessionId: 0,
    full: options.record !== 'summary',
    dirty: new Set(),
    statusEveryInstant: options.statusEveryInstant === true,
    events: [],
    messages: [],
    reads: [],
    statusChanges: [],
    rowChanges: [],
    lastStatus: new Map(),
    lagSince: new Map(),
    steps: [],
    errorLog: [],
    replicationErrors: [],
    semisyncFallbacks: [],
    expectations: [],
    appliedListeners: new Set(),
    hooks: { reachState: observed(options.onStateReached), runAction },
    deliveries,
    setup: false,
  };
  for (const config of scenario.servers) world.servers.set(config.name, createServer(world, config));
  if (world.full) for (const server of world.servers.values()) logRowChanges(world, server);
  for (const l of scenario.links) {
    const link = linkBetween(world, l.from, l.to, DEFAULT_LINK_LATENCY);
    link.latency = l.latency;
    link.jitter = l.jitter;
    link.bandwidth = l.bandwidth;
    link.down = l.down;
  }
  for (const c of scenario.clients) {
    const client = { name: c.name, session: null, queue: [], inFlight: null };
    world.clients.set(c.name, client);
    openSession(world, client, c.server);
  }
  return world;
}

/** `reachState`, and then the observer of the options when there is one. */
function observed(observer: SimulationOptions['onStateReached']): World['hooks']['reachState'] {
  if (!observer) return reachState;
  return (world, reached) => {
    reachState(world, reached);
    const running: string[] = [];
    for (const server of world.servers.values()) if (server.state === 'running') running.push(server.name);
    observer(reached, running, world.now);
  };
}

function createServer(world: World, source: Scenario['servers'][number]): ServerState {
  const config = { ...source };
  const db = createDatabase(world.scenario.tables);
  const server: ServerState = {
    name: config.name,
    config,
    flavor: config.flavor,
    state: 'running',
    incarnation: 1,
    db,
    initialDb: cloneDatabase(db),
    rowIdCounter: 0,
    xidCounter: 0,
    locks: new Map(),
    lockWaiters: [],
    binlog: createBinlog(),
    gtidExecuted: new Map(),
    gtidAssigned: new Map(),
    mariadb: createMariadbState(),
    committed: [],
    redoFlushes: [],
    pipeline: { flushQueue: [], groupBusy: false, groups: 0, commitOrder: [] },
    semisync: createSemisyncState(),
    dumpThreads: [],
    replica: null,
    txns: new Map(),
    crash: null,
    pendingCheckpoint: undefined,
  };
  const mariadb = server.flavor === 'mariadb-10.11';
  openBinlogFile(server.binlog, server.flavor, {
    gtidState: mariadb ? describeMariadbState(server.mariadb) : describeMysqlSet(server.gtidExecuted),
    now: 0,
  });
  // A new binlog file is synced when it is created.
  server.binlog.synced = writtenEnd(server.binlog);
  server.binlog.published = writtenEnd(server.binlog);
  server.semisync.on = initialSemisyncStatus(server);
  return server;
}

/** Writes the schema's DDL into a source's binlog (`database d in binlog`). */
function logSchema(world: World, server: ServerState): void {
  const statements = [
    { kind: 'createDatabase' as const, name: world.scenario.database },
    ...world.scenario.tables.map((table) => ({ kind: 'createTable' as const, table })),
  ];
  for (const statement of statements) {
    const gtid = assignGtid(server);
    const xid = ++server.xidCounter;
    // As an administrator would type it, without a default database (`CREATE TABLE d.t …`): the Query event's db is empty.
    const database = '';
    const autoIncrement = { increment: server.config.autoIncrementIncrement, offset: server.config.autoIncrementOffset };
    const events = ddlEvents(server.flavor, { statement, database, gtid, xid, autoIncrement });
    const chunk = appendChunk(
      server.binlog,
      'ddl',
      events,
      {
        txnId: undefined,
        gtid,
        gtidText: gtidText(gtid),
        originServerId: server.config.serverId,
        originFlavor: server.flavor,
        database,
        format: 'statement',
        statements: [],
        xid,
        ddl: statement,
        ...(autoIncrement.increment !== 1 ? { autoIncrement } : {}),
      },
      0,
    );
    if (gtid.kind === 'mariadb') recordMariadbBinlogged(server.mariadb, gtid);
    else if (gtid.kind === 'mysql') {
      addGtid(server.gtidExecuted, gtid.uuid, gtid.gno);
      addGtid(server.gtidAssigned, gtid.uuid, gtid.gno);
    }
    server.committed.push({
      txnId: undefined,
      gtid,
      changes: [],
      time: 0,
      prepareTime: 0,
      binlogEnd: { fileIndex: chunk.fileIndex, pos: chunk.end },
      origin: 'schema',
    });
  }
  server.binlog.synced = writtenEnd(server.binlog);
  server.binlog.published = writtenEnd(server.binlog);
}

/** Time 0: the schema, the initial status, the replicas connecting; then the script starts. */
function begin(world: World): ScriptRun {
  const servers = [...world.servers.values()];
  const writers = new Set(schemaWriters(servers.map((s) => s.config)).map((c) => c.name));
  const sources = servers.filter((s) => writers.has(s.name));
  // A file/position replica is set up as a DBA does on a fresh source: at the head of its first binlog (position 4), so
  // that the source's header events after its Format_desc (MariaDB's Gtid_list and Binlog_checkpoint, MySQL's
  // Previous_gtids) reach it as events, as they do on a real server.
  const binlogHead = new Map<string, { file: string; pos: number }>();
  for (const s of world.servers.values()) binlogHead.set(s.name, { file: currentFile(s.binlog)!.name, pos: BINLOG_MAGIC_SIZE });
  if (world.scenario.schemaInBinlog) for (const s of sources) logSchema(world, s);
  if (world.full) recordStatus(world, true);
  world.setup = true;
  for (const server of world.servers.values()) {
    const src = server.config.sourceName;
    if (src === undefined) continue;
    const gtid = server.flavor === 'mariadb-10.11' ? server.config.gtidMode : server.config.gtidMode && server.flavor !== 'mysql-5.5';
    world.cause = server.config.line;
    const connect = (source: string): void => {
      const link = linkBetween(world, server.name, source, DEFAULT_LINK_LATENCY);
      world.setup = !link.down;
      const at = binlogHead.get(source) ?? { file: 'mysql-bin.000001', pos: BINLOG_MAGIC_SIZE };
      server.replica = configureReplica(
        world,
        server,
        source,
        gtid ? { kind: 'autoPosition' } : { kind: 'file', file: at.file, pos: at.pos },
      );
      const channel = server.replica.channel ?? (server.channels ? '' : undefined);
      if (channel !== undefined) server.channels?.set(channel, server.replica);
      startSqlThread(world, server);
      startIoThread(world, server);
    };
    const channels = server.config.channels;
    if (!channels) {
      connect(src);
      continue;
    }
    // A multi-source replica: every channel is set up and started in its own scope (channels.ts).
    server.channels = new Map();
    for (const c of channels) server.channels.set(c.name, configureReplica(world, server, c.sourceName, undefined));
    for (const c of channels) inChannel(world, server, c.name, () => connect(c.sourceName));
    server.replica = server.channels.get('') ?? server.channels.get(channels[0]?.name ?? '') ?? null;
  }
  world.setup = false;
  world.cause = undefined;
  const script = startScript(world);
  if (world.full) recordStatus(world, true);
  return script;
}

/** After the last event: who still waits, the end-of-run expectations, and the result. */
function finish(world: World, script: ScriptRun, reason: RunSummary['endReason'], limit: RunLimit | null, processed: number): RunSummary {
  let endReason = reason;
  if (world.full) recordStatus(world, true);
  const stillWaiting = collectWaiters(world, script, endReason);
  if (stillWaiting && endReason === 'settled') {
    // Nothing more can happen, yet someone waits: it would wait forever. The run ends at the horizon.
    endReason = 'horizon';
    world.now = Math.max(world.now, world.horizon);
    stillWaiting.time = world.now;
    if (world.full) recordStatus(world, true);
  }
  for (const plan of script.atEnd) world.expectations.push(checkExpectation(world, plan));
  if (world.full) for (const step of world.steps) if (step.end === null) markStep(world, step);
  return buildResult(world, endReason, limit, processed, stillWaiting);
}

function buildResult(
  world: World,
  endReason: RunSummary['endReason'],
  limit: RunLimit | null,
  processed: number,
  stillWaiting: StillWaiting | null,
): RunSummary {
  const committedOn = new Map<string, Set<string>>();
  for (const server of world.servers.values()) {
    const ids = new Set<string>();
    for (const c of server.committed) if (c.txnId !== undefined) ids.add(c.txnId);
    committedOn.set(server.name, ids);
  }
  const transactions: TraceTransaction[] = [];
  const byId = new Map<string, TraceTransaction>();
  const ids = new Set([...world.scenario.transactions.map((t) => t.id), ...world.records.keys()]);
  for (const id of ids) {
    // A transaction the run never reached still has its record (pending, on no server).
    const trace = txnRecord(world, id).trace;
    trace.presence = {};
    for (const server of world.servers.keys()) trace.presence[server] = committedOn.get(server)!.has(id) ? 'present' : 'absent';
    transactions.push(trace);
    byId.set(id, trace);
  }
  for (const t of transactions) {
    if (t.retryOf === undefined) continue;
    const original = byId.get(t.retryOf);
    if (original && !original.retriedBy.includes(t.id)) original.retriedBy.push(t.id);
  }
  const finalStatus: Record<string, Record<string, string | number>> = {};
  const rows: RunSummary['rows'] = {};
  for (const server of world.servers.values()) {
    finalStatus[server.name] = statusOf(world, server);
    rows[server.name] = dumpRows(server.db);
  }
  const summary: RunSummary = {
    version: 2,
    mode: 'summary',
    title: world.scenario.title,
    flavor: world.scenario.flavor,
    seed: world.seed,
    horizon: world.horizon,
    endTime: world.now,
    endReason,
    processedEvents: processed,
    limit,
    servers: serversOf(world.scenario),
    clients: world.scenario.clients.map((c) => ({ ...c })),
    transactions,
    reads: world.reads,
    finalStatus,
    rows,
    errorLog: world.errorLog,
    replicationErrors: world.replicationErrors,
    semisyncFallbacks: world.semisyncFallbacks,
    ...(world.readOnlyRefusals ? { readOnlyRefusals: world.readOnlyRefusals } : {}),
    expectations: world.expectations,
    verdicts: [],
    stillWaiting,
    internalError: null,
  };
  if (!world.full) return summary;
  if (stillWaiting) {
    if (world.full)
      record(world, {
        server: world.scenario.servers[0]?.name ?? '',
        lane: 'engine',
        kind: 'still_waiting',
        label: () =>
          `still waiting at ${formatMicros(stillWaiting.time)}: ${stillWaiting.waiters.map((w) => `${w.who}: ${w.what}`).join('; ')}`,
      });
  }
  const trace: Trace = {
    ...summary,
    mode: 'full',
    events: world.events,
    messages: world.messages,
    statusChanges: world.statusChanges,
    rowChanges: world.rowChanges,
    steps: world.steps,
    periods: [],
  };
  trace.periods = faultPeriods(world, trace);
  return trace;
}

function serversOf(scenario: Scenario): RunSummary['servers'] {
  return scenario.servers.map((s) => ({
    name: s.name,
    flavor: s.flavor,
    serverId: s.serverId,
    serverUuid: s.serverUuid,
    line: s.line,
    ...(s.sourceName !== undefined ? { sources: s.channels ? s.channels.map((c) => c.sourceName) : [s.sourceName] } : {}),
  }));
}

function collectWaiters(world: World, script: ScriptRun, endReason: RunSummary['endReason']): StillWaiting | null {
  const waiters: StillWaiting['waiters'] = [];
  for (const w of world.waiters) {
    if (!w.active()) continue;
    waiters.push({ who: w.who, what: w.what(), since: w.since, ...(w.line !== undefined ? { line: w.line } : {}) });
  }
  for (const server of world.servers.values()) {
    for (const w of server.lockWaiters) {
      const txn = server.txns.get(w.uid);
      waiters.push({
        who: `${txn?.client ?? 'a session'} (${txn?.id ?? '?'}) on ${server.name}`,
        what: `waits for a row lock (${w.key})`,
        since: w.since,
      });
    }
  }
  // A client waiting for a reply is named once: its commit's wait (above) already says why.
  for (const client of world.clients.values()) {
    const f = client.inFlight;
    if (!f || waiters.some((w) => w.who.startsWith(`${client.name} (${f.txn})`))) continue;
    waiters.push({
      who: client.name,
      what: `waits for the reply to "${f.statement.text}" (${f.txn})`,
      since: f.sentAt,
      line: f.statement.line,
    });
  }
  const current = script.current;
  if (current && current.end === null && waiters.length === 0) {
    waiters.push({
      who: `the script (line ${current.line + 1})`,
      what: `waits for "${current.label}" to finish`,
      since: current.start,
      line: current.line,
    });
  }
  if (waiters.length === 0 && endReason === 'settled') return null;
  if (waiters.length === 0 && script.done) return null;
  return { time: world.now, reason: endReason === 'event_limit' ? 'event_limit' : endReason === 'budget' ? 'budget' : 'horizon', waiters };
}

/** Spans where something was wrong, for shading: from status changes, link events and crashes. */
function faultPeriods(world: World, trace: Trace): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  const open = new Map<string, FaultPeriod>();
  const start = (kind: FaultPeriod['kind'], subject: string, time: number): void => {
    const key = `${kind}|${subject}`;
    if (open.has(key)) return;
    const p: FaultPeriod = { kind, subject, start: time, end: null };
    open.set(key, p);
    periods.push(p);
  };
  const stop = (kind: FaultPeriod['kind'], subject: string, time: number): void => {
    const key = `${kind}|${subject}`;
    const p = open.get(key);
    if (!p) return;
    p.end = time;
    open.delete(key);
  };
  for (const l of world.scenario.links) if (l.down) start('link_down', `${l.from}->${l.to}`, 0);
  const wasOn = new Set<string>();
  for (const change of trace.statusChanges) {
    const set = change.set;
    const state = set['Server_state'];
    if (state === 'running') stop('server_down', change.server, change.time);
    else if (state !== undefined) start('server_down', change.server, change.time);
    const sem = set['Rpl_semi_sync_master_status'];
    if (sem === 'ON') {
      wasOn.add(change.server);
      stop('semisync_off', change.server, change.time);
    } else if (sem === 'OFF' && wasOn.has(change.server)) start('semisync_off', change.server, change.time);
    const io = set['Slave_IO_Running'];
    if (io === 'Yes') stop('io_thread_stopped', change.server, change.time);
    else if (io !== undefined) start('io_thread_stopped', change.server, change.time);
    const sql = set['Slave_SQL_Running'];
    if (sql === 'Yes') stop('sql_thread_stopped', change.server, change.time);
    else if (sql !== undefined) start('sql_thread_stopped', change.server, change.time);
    if (change.unset.includes('Slave_IO_Running')) {
      stop('io_thread_stopped', change.server, change.time);
      stop('sql_thread_stopped', change.server, change.time);
    }
  }
  for (const e of world.events) {
    if ((e.kind !== 'link_partition' && e.kind !== 'link_heal') || e.peer === undefined) continue;
    const subject = `${e.server}->${e.peer}`;
    if (e.kind === 'link_partition') start('link_down', subject, e.time);
    else stop('link_down', subject, e.time);
  }
  // What began and ended within one instant (a crash and restart at the same time) shades nothing.
  return periods.filter((p) => p.end !== p.start).sort((a, b) => a.start - b.start);
}

function internalErrorTrace(
  scenario: Scenario,
  seed: number,
  horizon: Micros,
  world: World | undefined,
  error: unknown,
  full: boolean,
): RunSummary {
  const message = error instanceof Error ? error.message : String(error);
  const time = world?.now ?? 0;
  const text = `internal error in the replication engine (not a problem of the scenario): ${message}; run again with seed ${seed} to reproduce`;
  const summary: RunSummary = {
    version: 2,
    mode: 'summary',
    title: scenario.title,
    flavor: scenario.flavor,
    seed,
    horizon,
    endTime: time,
    endReason: 'internal_error',
    processedEvents: 0,
    limit: null,
    servers: serversOf(scenario),
    clients: scenario.clients.map((c) => ({ ...c })),
    transactions: [],
    reads: world?.reads ?? [],
    finalStatus: {},
    rows: {},
    errorLog: world?.errorLog ?? [],
    replicationErrors: [],
    semisyncFallbacks: [],
    expectations: [],
    verdicts: [],
    stillWaiting: null,
    internalError: { message: text, seed, time },
  };
  if (!full) return summary;
  const trace: Trace = {
    ...summary,
    mode: 'full',
    events: world?.events ?? [],
    messages: world?.messages ?? [],
    statusChanges: world?.statusChanges ?? [],
    rowChanges: world?.rowChanges ?? [],
    steps: world?.steps ?? [],
    periods: [],
  };
  return trace;
}
