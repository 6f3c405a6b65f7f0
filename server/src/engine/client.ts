/**
 * Clients and their sessions. A client sends its statements one at a time, each after the previous reply, on its
 * session with one server. The server executes a statement after `statement_latency` (per row for a multi-row insert);
 * an autocommit write, or a COMMIT, is answered when the commit pipeline sends the OK. A crash or a KILL of the
 * session gives the statement in flight error 2013 (lost connection) and leaves the session dead until the client
 * reconnects; a statement sent on a dead session fails at once with 2006 (MySQL server has gone away), as the client
 * library reports a write on a closed connection. Both count as `lost_connection` outcomes: the client cannot know
 * what became of its transaction. Like `mysql --force`, a client goes on with its next statement after an error.
 */
import type { ResolvedStatement, TransactionPlan } from '../model/scenario';
import { acquireLocks, cancelLockWaits, releaseLocks, waitForLock } from './locks';
import { applyDdl, ddlVerdict } from './ddl';
import { clientErrors } from './messages';
import { logRowChanges } from './recording';
import { readOnlyRefusal } from './read-only';
import { semisyncAbandonWait } from './semisync';
import { beginCommit } from './source';
import { DEFAULT_AUTO_INCREMENT } from './auto-increment';
import { executeSelect, executeWrite, type ExecContext, type WriteResult } from './statements';
import { closeSnapshot, openSnapshot } from './storage';
import { formatMicros, type ClientOutcome } from '../trace/trace';
import {
  record,
  schedule,
  serverOf,
  txnRecord,
  type ClientState,
  type QueuedStatement,
  type ServerState,
  type Session,
  type TxnRuntime,
  type World,
} from './world';

/** Queues statements for a client; it sends them one by one. */
export function enqueueStatements(world: World, clientName: string, items: QueuedStatement[]): void {
  const client = world.clients.get(clientName);
  if (!client) return;
  for (const item of items) client.queue.push(item);
  pumpClient(world, client);
}

/** Sends the next queued statement if the client is not waiting for a reply. */
export function pumpClient(world: World, client: ClientState): void {
  if (client.inFlight || client.queue.length === 0) return;
  const q = client.queue.shift()!;
  send(world, client, q);
}

function send(world: World, client: ClientState, q: QueuedStatement): void {
  const stmt = q.statement;
  const rec = txnRecord(world, q.txn);
  const session = client.session;
  if (session && rec.trace.server === null) rec.trace.server = session.server;
  const st = { line: stmt.line, text: stmt.text, sentAt: world.now, result: { kind: 'pending' } as ClientOutcome };
  rec.trace.statements.push(st);
  const serverName = session?.server ?? '';
  if (world.full)
    record(world, {
      server: serverName,
      lane: 'client',
      kind: 'statement_sent',
      client: client.name,
      txn: q.txn,
      line: stmt.line,
      label: () => `${client.name} → ${stmt.text}`,
    });
  let answered = false;
  const reply = (outcome: ClientOutcome): void => {
    if (answered) return;
    answered = true;
    const o: ClientOutcome = { ...outcome, time: world.now };
    st.result = o;
    client.inFlight = null;
    noteOutcome(world, q.txn, stmt, o);
    if (world.full)
      record(world, {
        server: serverName,
        lane: 'client',
        kind: 'statement_reply',
        client: client.name,
        txn: q.txn,
        line: stmt.line,
        label: () =>
          `${client.name} ← ${describeOutcome(o)} (${stmt.kind}${world.now > st.sentAt ? `, ${formatMicros(world.now - st.sentAt)}` : ''})`,
      });
    q.onReply?.(o);
    schedule(world, world.now, () => pumpClient(world, client));
  };
  client.inFlight = { statement: stmt, txn: q.txn, sentAt: world.now, reply };
  if (!session || !session.alive) {
    schedule(world, world.now, () => reply({ kind: 'lost_connection', ...clientErrors.goneAway }));
    return;
  }
  const server = serverOf(world, session.server);
  const rows = stmt.kind === 'insert' ? Math.max(1, stmt.rows.length) : 1;
  const incarnation = server.incarnation;
  schedule(world, world.now + server.config.statementLatency * rows, () => {
    if (!session.alive || server.incarnation !== incarnation || server.state !== 'running')
      return reply({ kind: 'lost_connection', ...clientErrors.lostConnection });
    execute(world, server, session, q, reply);
  });
}

/** `OK`, `ERROR 1062: …`, `lost connection (2013)`. */
export function describeOutcome(o: ClientOutcome): string {
  if (o.kind === 'ok') return 'OK';
  if (o.kind === 'pending') return 'no reply yet';
  if (o.kind === 'lost_connection') return `ERROR ${o.code ?? 2013}: ${o.message ?? 'Lost connection'}`;
  return `ERROR ${o.code ?? ''}: ${o.message ?? ''}`;
}

/** The transaction's outcome for the client: the first failure, else the reply to its last statement. */
function noteOutcome(world: World, txnId: string, stmt: ResolvedStatement, o: ClientOutcome): void {
  const rec = txnRecord(world, txnId);
  const current = rec.trace.outcome;
  if (current.kind === 'error' || current.kind === 'lost_connection') return;
  if (o.kind !== 'ok') {
    rec.trace.outcome = o;
    return;
  }
  const plan = world.plans.get(txnId);
  const last = plan?.statements[plan.statements.length - 1];
  if (
    stmt.kind === 'commit' ||
    stmt.kind === 'rollback' ||
    plan?.autocommit ||
    last === undefined ||
    (last.line === stmt.line && last.text === stmt.text)
  ) {
    rec.trace.outcome = o;
  }
}

/** A new transaction runtime for a session. */
function newTxn(world: World, server: ServerState, session: Session, txnId: string): TxnRuntime {
  const plan: TransactionPlan = world.plans.get(txnId) ?? {
    id: txnId,
    client: '',
    line: 0,
    endLine: 0,
    statements: [],
    autocommit: true,
    readOnly: false,
  };
  const txn: TxnRuntime = {
    uid: ++world.nextUid,
    id: txnId,
    plan,
    client: world.plans.get(txnId)?.client ?? '',
    server: server.name,
    incarnation: server.incarnation,
    sessionId: session.id,
    phase: 'active',
    reached: new Set(),
    pending: [],
    logged: [],
    locks: new Set(),
    snapshot: undefined,
    chunk: undefined,
    endPos: undefined,
    gtid: undefined,
    prepareTime: undefined,
    readyToCommit: false,
    semisync: { node: false, enabledAtFlush: false, counted: false, waiting: false },
    afterWait: undefined,
    clientGone: false,
    replyTo: undefined,
    autoIncrement: session.autoIncrement,
  };
  for (const c of world.clients.values()) if (c.session === session) txn.client = c.name;
  server.txns.set(txn.uid, txn);
  return txn;
}

function context(world: World, server: ServerState, session: Session, txn: TxnRuntime): ExecContext {
  return {
    database: world.scenario.database,
    autoIncrement: session.autoIncrement,
    flavor: server.flavor,
    db: server.db,
    snapshot: txn.snapshot,
    pending: txn.pending,
    locks: server.locks,
    uid: txn.uid,
    nextRowId: () => ++server.rowIdCounter,
  };
}

/** The session's open explicit transaction, if any. */
function openExplicit(session: Session): TxnRuntime | undefined {
  const t = session.txn;
  return t && t.phase === 'active' && !t.plan.autocommit ? t : undefined;
}

/** Executes one statement on the server, answering through `reply`. */
function execute(world: World, server: ServerState, session: Session, q: QueuedStatement, reply: (o: ClientOutcome) => void): void {
  const stmt = q.statement;
  switch (stmt.kind) {
    case 'begin': {
      const open = openExplicit(session);
      if (open && open.pending.length === 0) endTxn(world, server, open, 'rolled_back');
      if (!openExplicit(session)) session.txn = newTxn(world, server, session, q.txn);
      return reply({ kind: 'ok' });
    }
    case 'insert':
    case 'update':
    case 'delete':
      return executeWriteStatement(world, server, session, q, reply);
    case 'select':
      return executeRead(world, server, session, q, reply);
    case 'ddl':
      return executeDdlStatement(world, server, session, q, reply);
    case 'commit': {
      const txn = openExplicit(session);
      session.txn = null;
      if (!txn) return reply({ kind: 'ok' });
      const refused = txn.pending.length > 0 ? readOnlyRefusal(world, server, txn, stmt) : undefined;
      if (refused) return refuseCommit(world, server, txn, refused, reply);
      return commit(world, server, txn, reply);
    }
    case 'rollback': {
      const txn = openExplicit(session);
      session.txn = null;
      if (txn) {
        endTxn(world, server, txn, 'rolled_back');
        txnRecord(world, txn.id).trace.rolledBack = true;
        if (world.full)
          record(world, {
            server: server.name,
            lane: 'engine',
            kind: 'rolled_back',
            txn: txn.id,
            label: () => `${txn.id} rolled back by the client`,
          });
      }
      return reply({ kind: 'ok' });
    }
  }
}

/** A COMMIT refused by read_only: the transaction is rolled back and the client gets 1290. */
function refuseCommit(
  world: World,
  server: ServerState,
  txn: TxnRuntime,
  refused: { code: number; message: string },
  reply: (o: ClientOutcome) => void,
): void {
  endTxn(world, server, txn, 'rolled_back');
  txnRecord(world, txn.id).trace.rolledBack = true;
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'rolled_back',
      txn: txn.id,
      label: () => `${txn.id} rolled back: COMMIT refused, ${server.name} is read-only (ERROR ${refused.code})`,
    });
  reply({ kind: 'error', ...refused });
}

/** Ends a transaction that will not commit (or commits nothing). */
function endTxn(world: World, server: ServerState, txn: TxnRuntime, phase: 'committed' | 'rolled_back'): void {
  txn.phase = phase;
  releaseSnapshot(server, txn);
  cancelLockWaits(world, server, txn.uid);
  releaseLocks(world, server, txn);
  server.txns.delete(txn.uid);
}

/** A transaction's read view ends with its COMMIT or ROLLBACK: the tables stop keeping old versions for it. */
function releaseSnapshot(server: ServerState, txn: TxnRuntime): void {
  if (!txn.snapshot) return;
  closeSnapshot(server.db, txn.snapshot);
  txn.snapshot = undefined;
}

/** COMMIT (or the implicit commit of an autocommit write): the pipeline when there is something to binlog. */
function commit(world: World, server: ServerState, txn: TxnRuntime, reply: (o: ClientOutcome) => void): void {
  releaseSnapshot(server, txn);
  const logsSomething = txn.pending.length > 0 || (server.config.binlogFormat === 'statement' && txn.logged.length > 0);
  if (!logsSomething) {
    endTxn(world, server, txn, 'committed');
    return reply({ kind: 'ok' });
  }
  txnRecord(world, txn.id).trace.rowChanges = txn.pending.length;
  beginCommit(world, server, txn, reply);
}

function executeWriteStatement(
  world: World,
  server: ServerState,
  session: Session,
  q: QueuedStatement,
  reply: (o: ClientOutcome) => void,
): void {
  const open = openExplicit(session);
  const txn = open ?? newTxn(world, server, session, q.txn);
  if (!open) session.txn = txn;
  const autocommit = !open;
  // The statement's start: what its now() returns, also after a lock wait, and what its Query event carries.
  const startedAt = world.now;
  const run = (): void => {
    if (!session.alive || server.state !== 'running' || server.incarnation !== txn.incarnation) return;
    const refused = readOnlyRefusal(world, server, txn, q.statement);
    const result = refused
      ? ({ kind: 'error', ...refused } as const)
      : executeWrite({ ...context(world, server, session, txn), time: startedAt }, q.statement);
    if (result.kind === 'blocked') {
      const deadlock = waitForLock(world, server, txn, result.key, result.holder, run, (error) => {
        if (autocommit) {
          endTxn(world, server, txn, 'rolled_back');
          session.txn = null;
        }
        reply({ kind: 'error', ...error });
      });
      if (deadlock) {
        endTxn(world, server, txn, 'rolled_back');
        session.txn = null;
        txnRecord(world, txn.id).trace.rolledBack = true;
        if (world.full)
          record(world, {
            server: server.name,
            lane: 'engine',
            kind: 'rolled_back',
            txn: txn.id,
            label: () => `${txn.id} rolled back: deadlock victim`,
          });
        reply({ kind: 'error', ...deadlock });
      }
      return;
    }
    if (result.kind === 'error') {
      if (autocommit) {
        endTxn(world, server, txn, 'rolled_back');
        session.txn = null;
      }
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'engine',
          kind: 'statement_executed',
          txn: txn.id,
          label: () => `${txn.id}: ERROR ${result.code}: ${result.message}`,
        });
      return reply({ kind: 'error', code: result.code, message: result.message });
    }
    acquireLocks(server, txn, result.lockKeys);
    for (const change of result.changes) txn.pending.push(change);
    txn.logged.push({
      statement: q.statement,
      time: startedAt,
      changes: result.changes,
      ...(result.insertId !== undefined ? { insertId: result.insertId } : {}),
    });
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'engine',
        kind: 'statement_executed',
        txn: txn.id,
        label: () => `${txn.id}: ${executedText(q.statement, result)}`,
      });
    if (!txn.reached.has('active') && result.changes.length > 0) {
      txn.reached.add('active');
      world.hooks.reachState(world, { txn: txn.id, server: server.name, state: 'active' });
      if (!session.alive || server.incarnation !== txn.incarnation || server.state !== 'running') return;
    }
    if (autocommit) {
      session.txn = null;
      commit(world, server, txn, reply);
    } else reply({ kind: 'ok' });
  };
  run();
}

/** What a write did, as the engine lane says it: rows changed, the rows affected a client sees, generated keys, warnings. */
function executedText(stmt: ResolvedStatement, result: Extract<WriteResult, { kind: 'ok' }>): string {
  const parts = [
    `${stmt.kind === 'insert' && stmt.onConflict === 'replace' ? 'replace' : stmt.kind} changed ${result.changes.length} row(s)`,
  ];
  if (result.affectedRows !== undefined && result.affectedRows !== result.changes.length)
    parts.push(`${result.affectedRows} row(s) affected`);
  if (result.insertId !== undefined) parts.push(`LAST_INSERT_ID() ${result.insertId}`);
  for (const w of result.warnings ?? []) parts.push(`Warning 1062: ${w}`);
  return `${parts.join(', ')}, invisible to other sessions until the engine commit`;
}

/**
 * A DDL statement: first the implicit commit of the session's open transaction (as MySQL does before any DDL), then
 * the DDL as its own transaction. The server checks it against its own schema (1050, 1146, …: the client gets the
 * error and nothing is logged), runs it on the data, and commits it through the pipeline like any transaction (a GTID
 * and a Query event; semi-sync waits for it too).
 */
function executeDdlStatement(
  world: World,
  server: ServerState,
  session: Session,
  q: QueuedStatement,
  reply: (o: ClientOutcome) => void,
): void {
  const stmt = q.statement;
  if (stmt.kind !== 'ddl') return;
  const open = openExplicit(session);
  const run = (): void => {
    if (!session.alive || server.state !== 'running' || server.incarnation !== session.incarnation) return;
    const txn = newTxn(world, server, session, q.txn);
    const refused = readOnlyRefusal(world, server, txn, stmt);
    const verdict = refused
      ? ({ kind: 'error', ...refused } as const)
      : ddlVerdict(server.flavor, server.db, world.scenario.database, stmt.ddl, 'client');
    if (verdict.kind === 'error') {
      endTxn(world, server, txn, 'rolled_back');
      if (world.full)
        record(world, {
          server: server.name,
          lane: 'engine',
          kind: 'statement_executed',
          txn: txn.id,
          label: () => `${txn.id}: ERROR ${verdict.code}: ${verdict.message}; nothing is logged`,
        });
      return reply({ kind: 'error', code: verdict.code, message: verdict.message });
    }
    applyDdl(server.db, stmt.ddl);
    if (world.full) logRowChanges(world, server);
    txn.ddl = { kind: 'client', operation: stmt.ddl, text: stmt.text, database: world.scenario.database };
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'engine',
        kind: 'statement_executed',
        txn: txn.id,
        label: () => `${txn.id}: ${stmt.text} done in the data dictionary; now logged as its own transaction`,
      });
    txn.reached.add('active');
    world.hooks.reachState(world, { txn: txn.id, server: server.name, state: 'active' });
    if (!session.alive || server.incarnation !== txn.incarnation || server.state !== 'running') return;
    beginCommit(world, server, txn, reply);
  };
  if (!open) return run();
  // The implicit commit: the open transaction commits (and is answered) before the DDL runs.
  session.txn = null;
  if (open.pending.length === 0 && !(server.config.binlogFormat === 'statement' && open.logged.length > 0)) {
    endTxn(world, server, open, 'committed');
    return run();
  }
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'statement_executed',
      txn: open.id,
      label: () => `${open.id} committed implicitly: ${stmt.text} ends the open transaction first`,
    });
  commit(world, server, open, (o) => {
    if (o.kind !== 'ok') {
      noteOutcome(world, open.id, stmt, o);
      return reply(o);
    }
    run();
  });
}

function executeRead(world: World, server: ServerState, session: Session, q: QueuedStatement, reply: (o: ClientOutcome) => void): void {
  const stmt = q.statement;
  if (stmt.kind !== 'select') return;
  const open = openExplicit(session);
  const txn = open ?? newTxn(world, server, session, q.txn);
  // REPEATABLE READ: an explicit transaction's first consistent read fixes its snapshot.
  if (open && !open.snapshot && !stmt.forUpdate) open.snapshot = openSnapshot(server.db);
  const run = (): void => {
    if (!session.alive || server.state !== 'running' || server.incarnation !== txn.incarnation) return;
    const refused = readOnlyRefusal(world, server, txn, stmt);
    if (refused) {
      if (!open) endTxn(world, server, txn, 'rolled_back');
      return reply({ kind: 'error', ...refused });
    }
    const result = executeSelect(context(world, server, session, txn), stmt);
    if (result.kind === 'error') {
      if (!open) endTxn(world, server, txn, 'rolled_back');
      return reply({ kind: 'error', code: result.code, message: result.message });
    }
    if (result.kind === 'blocked') {
      const deadlock = waitForLock(world, server, txn, result.key, result.holder, run, (error) => {
        if (!open) endTxn(world, server, txn, 'rolled_back');
        reply({ kind: 'error', ...error });
      });
      if (deadlock) {
        endTxn(world, server, txn, 'rolled_back');
        session.txn = null;
        reply({ kind: 'error', ...deadlock });
      }
      return;
    }
    if (open) acquireLocks(server, txn, result.lockKeys);
    else endTxn(world, server, txn, 'committed');
    const client = [...world.clients.values()].find((c) => c.session === session)?.name ?? '';
    world.reads.push({
      client,
      server: server.name,
      txn: q.txn,
      line: stmt.line,
      time: world.now,
      statement: stmt.text,
      rows: result.rows,
      sawTxns: result.sawWriters.filter((w) => w !== txn.id),
    });
    if (world.full)
      record(world, {
        server: server.name,
        lane: 'client',
        kind: 'read',
        client,
        txn: q.txn,
        line: stmt.line,
        label: () =>
          `${client} reads ${result.rows.length} row(s) on ${server.name}${result.sawWriters.length > 0 ? ` (written by ${result.sawWriters.join(', ')})` : ''}`,
      });
    reply({ kind: 'ok' });
  };
  run();
}

/** Opens a session for the client on `serverName` (a dead one when the server is down: error 2003). */
export function openSession(world: World, client: ClientState, serverName: string): void {
  const server = world.servers.get(serverName);
  const up = !!server && server.state === 'running';
  client.session = {
    id: ++world.nextSessionId,
    server: serverName,
    incarnation: server?.incarnation ?? 0,
    alive: up,
    txn: null,
    autoIncrement: server
      ? { increment: server.config.autoIncrementIncrement, offset: server.config.autoIncrementOffset }
      : DEFAULT_AUTO_INCREMENT,
  };
  if (!up) {
    const e = clientErrors.cannotConnect(serverName);
    if (world.full)
      record(world, {
        server: serverName,
        lane: 'client',
        kind: 'reconnect',
        client: client.name,
        label: () => `${client.name} cannot connect to ${serverName}: ERROR ${e.code}: ${e.message}`,
      });
  }
}

/** Closes a session from the server side (KILL, crash, shutdown, reconnect): its open transaction rolls back. */
export function closeSession(world: World, client: ClientState, why: 'kill' | 'crash' | 'reconnect'): void {
  const session = client.session;
  if (!session || !session.alive) return;
  session.alive = false;
  const server = world.servers.get(session.server);
  if (server && why !== 'crash') {
    for (const txn of [...server.txns.values()]) {
      if (txn.sessionId !== session.id) continue;
      cancelLockWaits(world, server, txn.uid);
      if (txn.phase === 'active') {
        endTxn(world, server, txn, 'rolled_back');
        txnRecord(world, txn.id).trace.rolledBack = txn.pending.length > 0 || txnRecord(world, txn.id).trace.rolledBack;
        if (world.full)
          record(world, {
            server: server.name,
            lane: 'engine',
            kind: 'rolled_back',
            txn: txn.id,
            label: () => `${txn.id} rolled back: its session was closed (${why})`,
          });
      } else {
        // Past the point of no return: the commit goes on without the client (rule 9).
        txn.clientGone = true;
        if (txn.semisync.waiting) semisyncAbandonWait(world, server, txn);
      }
    }
  }
  if (server && why === 'crash') for (const txn of server.txns.values()) if (txn.sessionId === session.id) txn.clientGone = true;
  session.txn = null;
  client.inFlight?.reply({ kind: 'lost_connection', ...clientErrors.lostConnection });
}

/** KILL the client's connection. */
export function killClient(world: World, clientName: string): void {
  const client = world.clients.get(clientName);
  if (!client?.session) return;
  if (world.full)
    record(world, {
      server: client.session.server,
      lane: 'engine',
      kind: 'kill',
      client: clientName,
      label: () => `KILL of ${clientName}'s connection`,
    });
  closeSession(world, client, 'kill');
}

/** The client reconnects to another (or the same) server. */
export function reconnectClient(world: World, clientName: string, serverName: string): void {
  const client = world.clients.get(clientName);
  if (!client) return;
  closeSession(world, client, 'reconnect');
  openSession(world, client, serverName);
  if (client.session?.alive) {
    if (world.full)
      record(world, {
        server: serverName,
        lane: 'client',
        kind: 'reconnect',
        client: clientName,
        label: () => `${clientName} connects to ${serverName}`,
      });
  }
}

/** Every session on a server that went down loses its connection. */
export function sessionsLost(world: World, serverName: string): void {
  for (const client of world.clients.values()) {
    if (client.session?.server === serverName && client.session.alive) closeSession(world, client, 'crash');
  }
}
