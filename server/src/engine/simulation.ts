/**
 * The run loop: `runScenario(scenario, options)` builds the world from the checked scenario, runs the script and
 * everything it sets in motion on a discrete-event queue ordered by (time, seq), and returns the trace. A run is a
 * pure function of (scenario, seed): same input, byte-identical JSON. It always ends: when nothing is left to do
 * (settled), at the horizon, or at the event cap; whoever still waits is reported (`still_waiting`). No exception
 * escapes: an engine bug becomes `internalError` with the seed, so the run can be repeated.
 */
import type { Micros, Scenario } from '../model/scenario';
import { computeVerdicts, expectationVerdicts } from '../verdicts';
import { runAction } from './actions';
import { ddlEvents } from './binlog-events';
import { appendChunk, createBinlog, currentFile, openBinlogFile, writtenEnd } from './binlog';
import { openSession } from './client';
import { EventQueue } from './event-queue';
import { checkExpectation } from './expectations';
import { configureReplica } from './failover';
import { addGtid, createMariadbState, describeMariadbState, describeMysqlSet, gtidText, recordMariadbBinlogged } from './gtid';
import { createPrng } from './prng';
import { startIoThread } from './io-thread';
import { startSqlThread } from './sql-thread';
import { markStep, startScript, type ScriptRun } from './script';
import { logRowChanges, recordStatus } from './recording';
import { createSemisyncState, initialSemisyncStatus } from './semisync';
import { assignGtid } from './source';
import { statusOf } from './status';
import { cloneDatabase, createDatabase, dumpRows } from './storage';
import { formatMicros, type FaultPeriod, type StillWaiting, type Trace, type TraceTransaction } from '../trace/trace';
import { reachState } from './triggers';
import { linkBetween, record, txnRecord, type ServerState, type World } from './world';
import { DEFAULT_LINK_LATENCY } from '../model/settings';

/** How a run may be tuned. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Virtual time at which the run stops; default max(last scripted time + 60 s, 10 min). */
  horizon?: Micros;
  /** Cap on processed events; default 500 000. */
  maxEvents?: number;
}

/** The default cap on processed events. */
export const DEFAULT_MAX_EVENTS = 500_000;

/** Runs a checked scenario; never throws. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Trace {
  const seed = options.seed ?? scenario.seed;
  const horizon = options.horizon ?? defaultHorizon(scenario);
  let world: World | undefined;
  try {
    world = createWorld(scenario, seed, horizon);
    return run(world, options.maxEvents ?? DEFAULT_MAX_EVENTS);
  } catch (error) {
    return internalErrorTrace(scenario, seed, horizon, world, error);
  }
}

/** max(sum of the script's explicit times + 60 s, 10 min) of virtual time. */
export function defaultHorizon(scenario: Scenario): Micros {
  let last = 0;
  let sum = 0;
  for (const entry of scenario.script) {
    if ('expect' in entry) continue;
    if (entry.timing?.kind === 'at') last = Math.max(last, entry.timing.micros);
    if (entry.timing?.kind === 'after') sum += entry.timing.micros;
    if (entry.action.kind === 'wait') sum += entry.action.micros;
  }
  return Math.max(last + sum + 60_000_000, 600_000_000);
}

function createWorld(scenario: Scenario, seed: number, horizon: Micros): World {
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
    nextSessionId: 0,
    events: [],
    messages: [],
    reads: [],
    statusChanges: [],
    rowChanges: [],
    lastStatus: new Map(),
    steps: [],
    errorLog: [],
    expectations: [],
    appliedListeners: new Set(),

    hooks: { reachState, runAction },
    setup: false,
  };
  for (const config of scenario.servers) world.servers.set(config.name, createServer(world, config));
  for (const server of world.servers.values()) logRowChanges(world, server);
  for (const l of scenario.links) {
    const link = linkBetween(world, l.from, l.to, DEFAULT_LINK_LATENCY);
    link.latency = l.latency;
    link.jitter = l.jitter;
    link.down = l.down;
  }
  for (const c of scenario.clients) {
    const client = { name: c.name, session: null, queue: [], inFlight: null };
    world.clients.set(c.name, client);
    openSession(world, client, c.server);
  }
  return world;
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
    const events = ddlEvents(server.flavor, { statement, database, gtid, xid });
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

function run(world: World, maxEvents: number): Trace {
  // Time 0: the schema, the initial status, the replicas connecting.
  const sources = [...world.servers.values()].filter((s) => s.config.sourceName === undefined);
  const firstTxnPos = new Map<string, { file: string; pos: number }>();
  for (const s of world.servers.values()) firstTxnPos.set(s.name, { file: currentFile(s.binlog)!.name, pos: writtenEnd(s.binlog).pos });
  if (world.scenario.schemaInBinlog) for (const s of sources) logSchema(world, s);
  recordStatus(world);
  world.setup = true;
  for (const server of world.servers.values()) {
    const src = server.config.sourceName;
    if (src === undefined) continue;
    const link = linkBetween(world, server.name, src, DEFAULT_LINK_LATENCY);
    world.setup = !link.down;
    const gtid = server.flavor === 'mariadb-10.11' ? server.config.gtidMode : server.config.gtidMode && server.flavor !== 'mysql-5.5';
    const at = firstTxnPos.get(src) ?? { file: 'mysql-bin.000001', pos: 4 };
    world.cause = server.config.line;
    server.replica = configureReplica(world, server, src, gtid ? { kind: 'autoPosition' } : { kind: 'file', file: at.file, pos: at.pos });
    startSqlThread(world, server);
    startIoThread(world, server);
  }
  world.setup = false;
  world.cause = undefined;
  const script = startScript(world);
  recordStatus(world);
  let processed = 0;
  let endReason: Trace['endReason'] = 'settled';
  for (;;) {
    if (script.done && world.queue.idle()) break;
    const ev = world.queue.pop();
    if (!ev) break;
    if (ev.cancelled) continue;
    if (ev.time > world.horizon) {
      endReason = 'horizon';
      world.now = world.horizon;
      break;
    }
    world.now = ev.time;
    ev.run();
    processed++;
    // Status is recorded once per instant: what several events at the same time change shows as one change.
    const next = world.queue.peek();
    if (!next || next.time !== world.now) recordStatus(world);
    if (processed >= maxEvents) {
      endReason = 'event_limit';
      break;
    }
  }
  recordStatus(world);
  const stillWaiting = collectWaiters(world, script, endReason);
  if (stillWaiting && endReason === 'settled') {
    // Nothing more can happen, yet someone waits: it would wait forever. The run ends at the horizon.
    endReason = 'horizon';
    world.now = Math.max(world.now, world.horizon);
    stillWaiting.time = world.now;
    recordStatus(world);
  }
  for (const plan of script.atEnd) world.expectations.push(checkExpectation(world, plan));
  for (const step of world.steps) if (step.end === null) markStep(world, step);
  const trace = buildTrace(world, endReason, processed, stillWaiting);
  finishVerdicts(world, trace);
  return trace;
}

/** Verdicts, then the verdict expectations, then a verdict for every failed expectation. */
function finishVerdicts(world: World, trace: Trace): void {
  trace.verdicts = computeVerdicts(trace);
  const verdictPlans = world.scenario.script.flatMap((e) => ('expect' in e && e.expect.kind === 'verdict' ? [e.expect] : []));
  for (const plan of verdictPlans) trace.expectations.push(checkExpectation(world, plan, trace.verdicts));
  // An expectation the script never reached (it was still waiting when the run ended) did not hold either.
  const checked = new Set(trace.expectations.map((e) => e.line));
  for (const entry of world.scenario.script) {
    if (!('expect' in entry) || checked.has(entry.line)) continue;
    const waiting = trace.stillWaiting?.waiters[0];
    trace.expectations.push({
      line: entry.line,
      kind: entry.expect.kind,
      atEnd: entry.expect.atEnd,
      passed: false,
      time: trace.endTime,
      message: `never checked: the run ended at ${formatMicros(trace.endTime)} before the script got here${waiting ? ` (${waiting.who}: ${waiting.what})` : ''}`,
    });
  }
  trace.expectations.sort((a, b) => a.line - b.line);
  trace.verdicts.push(...expectationVerdicts(trace));
}

function collectWaiters(world: World, script: ScriptRun, endReason: Trace['endReason']): StillWaiting | null {
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
  return { time: world.now, reason: endReason === 'event_limit' ? 'event_limit' : 'horizon', waiters };
}

function buildTrace(world: World, endReason: Trace['endReason'], processed: number, stillWaiting: StillWaiting | null): Trace {
  const committedOn = new Map<string, Set<string>>();
  for (const server of world.servers.values()) {
    committedOn.set(server.name, new Set(server.committed.flatMap((c) => (c.txnId !== undefined ? [c.txnId] : []))));
  }
  const transactions: TraceTransaction[] = [];
  const ids = new Set([...world.scenario.transactions.map((t) => t.id), ...world.records.keys()]);
  for (const id of ids) {
    // A transaction the run never reached still has its record (pending, on no server).
    const trace = txnRecord(world, id).trace;
    trace.presence = {};
    for (const server of world.servers.keys()) trace.presence[server] = committedOn.get(server)!.has(id) ? 'present' : 'absent';
    transactions.push(trace);
  }
  for (const t of transactions) {
    if (t.retryOf === undefined) continue;
    const original = transactions.find((o) => o.id === t.retryOf);
    if (original && !original.retriedBy.includes(t.id)) original.retriedBy.push(t.id);
  }
  const finalStatus: Record<string, Record<string, string | number>> = {};
  const rows: Trace['rows'] = {};
  for (const server of world.servers.values()) {
    finalStatus[server.name] = statusOf(world, server);
    rows[server.name] = dumpRows(server.db);
  }
  const trace: Trace = {
    version: 2,
    title: world.scenario.title,
    flavor: world.scenario.flavor,
    seed: world.seed,
    horizon: world.horizon,
    endTime: world.now,
    endReason,
    processedEvents: processed,
    servers: world.scenario.servers.map((s) => ({
      name: s.name,
      flavor: s.flavor,
      serverId: s.serverId,
      serverUuid: s.serverUuid,
      line: s.line,
    })),
    clients: world.scenario.clients.map((c) => ({ ...c })),
    events: world.events,
    messages: world.messages,
    transactions,
    reads: world.reads,
    statusChanges: world.statusChanges,
    rowChanges: world.rowChanges,
    steps: world.steps,
    finalStatus,
    rows,
    errorLog: world.errorLog,
    periods: [],
    expectations: world.expectations,
    verdicts: [],
    stillWaiting,
    internalError: null,
  };
  trace.periods = faultPeriods(world, trace);
  if (stillWaiting) {
    record(world, {
      server: world.scenario.servers[0]?.name ?? '',
      lane: 'engine',
      kind: 'still_waiting',
      label: `still waiting at ${formatMicros(stillWaiting.time)}: ${stillWaiting.waiters.map((w) => `${w.who}: ${w.what}`).join('; ')}`,
    });
  }
  return trace;
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
    if (e.kind !== 'link_partition' && e.kind !== 'link_heal') continue;
    const m = /link (\S+) ↔ (\S+)/.exec(e.label);
    if (!m) continue;
    const subject = `${m[1]}->${m[2]}`;
    if (e.kind === 'link_partition') start('link_down', subject, e.time);
    else stop('link_down', subject, e.time);
  }
  // What began and ended within one instant (a crash and restart at the same time) shades nothing.
  return periods.filter((p) => p.end !== p.start).sort((a, b) => a.start - b.start);
}

function internalErrorTrace(scenario: Scenario, seed: number, horizon: Micros, world: World | undefined, error: unknown): Trace {
  const message = error instanceof Error ? error.message : String(error);
  const time = world?.now ?? 0;
  const text = `internal error in the replication engine (not a problem of the scenario): ${message}; run again with seed ${seed} to reproduce`;
  return {
    version: 2,
    title: scenario.title,
    flavor: scenario.flavor,
    seed,
    horizon,
    endTime: time,
    endReason: 'internal_error',
    processedEvents: 0,
    servers: scenario.servers.map((s) => ({
      name: s.name,
      flavor: s.flavor,
      serverId: s.serverId,
      serverUuid: s.serverUuid,
      line: s.line,
    })),
    clients: scenario.clients.map((c) => ({ ...c })),
    events: world?.events ?? [],
    messages: world?.messages ?? [],
    transactions: [],
    reads: world?.reads ?? [],
    statusChanges: world?.statusChanges ?? [],
    rowChanges: world?.rowChanges ?? [],
    steps: world?.steps ?? [],
    finalStatus: {},
    rows: {},
    errorLog: world?.errorLog ?? [],
    periods: [],
    expectations: [],
    verdicts: [],
    stillWaiting: null,
    internalError: { message: text, seed, time },
  };
}
