/**
 * Runs a checked scenario on real MariaDB servers, step by step, and reads at each probe point (values.ts) what the
 * servers print. Steps a release server cannot reproduce (crash points inside the pipeline, host crashes, network
 * partitions, latencies) are listed as such and the run goes on where it can. Every server is stopped at the end.
 */
import { schemaWriters } from '../model/topology';
import { REPLICATION_USER } from '../model/settings';
import { rmSync } from 'node:fs';
import type { Connection, SqlError } from 'mariadb';
import { createDatabaseStatement, createTableStatement } from '../engine/binlog-events';
import type { Action, ClientAction, Scenario, ServerAction, ServerConfig, StartSpec } from '../model/scenario';
import type { ServerStatus, TableRows } from '../trace/trace';
import { RealServer, Workspace, type Binaries } from './mariadb-server';
import { untilText } from '../engine/replica-repair';
import { readsClock, sessionTimestamp } from '../model/session-time';
import { observe, probesOf, semisyncLogLines, type Observation, type Snapshot } from './values';

export interface NotReproducible {
  /** One-based line. */
  line: number;
  why: string;
}

export interface RealRun {
  version: string;
  observations: Observation[];
  notReproducible: NotReproducible[];
  /** Each server's error log lines about semi-sync, in order. */
  semisyncLog: Record<string, string[]>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A bound for a race: does not keep the process alive once the rest is done. */
const bound = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

const debugStart = Date.now();
/** Progress on stderr with REPLSCOPE_VERIFY_DEBUG=1. */
function debug(what: string): void {
  if (process.env['REPLSCOPE_VERIFY_DEBUG']) process.stderr.write(`[verify +${Date.now() - debugStart} ms] ${what}\n`);
}

/** How long a bounded wait for replication (caught up, connected) lasts on a real server. */
const SETTLE_MS = 8000;

/** A result row as the connector gives it (numbers as numbers: bigIntAsNumber). */
type DbValue = string | number | null | undefined;
type DbRow = Record<string, string | number | null>;

interface ClientSession {
  name: string;
  server: string;
  conn: Connection | undefined;
  dead: boolean;
  /** The statements it is running (a `nowait` step runs on while the script goes on). */
  busy: Promise<void>;
}

/** Startup options of a server, from its declared configuration. */
export function startupOptions(c: ServerConfig): string[] {
  const onOff = (b: boolean) => (b ? 'ON' : 'OFF');
  const timeout = c.semisyncTimeout === null ? 4294967295 : Math.max(0, Math.round(c.semisyncTimeout / 1000));
  return [
    `--server-id=${c.serverId}`,
    '--log-bin=mysql-bin',
    '--relay-log=relay-bin',
    `--binlog-format=${c.binlogFormat.toUpperCase()}`,
    `--max-binlog-size=${c.maxBinlogSize}`,
    `--sync-binlog=${c.syncBinlog}`,
    `--innodb-flush-log-at-trx-commit=${c.innodbFlushLogAtTrxCommit}`,
    `--sync-relay-log=${c.syncRelayLog}`,
    `--sync-relay-log-info=${c.syncRelayLogInfo}`,
    `--sync-master-info=${c.syncMasterInfo}`,
    ...(c.relayLogRecovery ? ['--relay-log-recovery=ON'] : []),
    `--log-slave-updates=${onOff(c.logSlaveUpdates)}`,
    `--auto-increment-increment=${c.autoIncrementIncrement}`,
    `--auto-increment-offset=${c.autoIncrementOffset}`,
    `--rpl-semi-sync-master-enabled=${onOff(c.semisyncMaster)}`,
    `--rpl-semi-sync-slave-enabled=${onOff(c.semisyncSlave)}`,
    `--rpl-semi-sync-master-wait-point=${c.waitPoint.toUpperCase()}`,
    `--rpl-semi-sync-master-timeout=${timeout}`,
    `--rpl-semi-sync-master-wait-no-slave=${onOff(c.waitNoSlave)}`,
    ...(c.readOnly ? ['--read-only=ON'] : []),
    ...(c.gtidDomainId !== 0 ? [`--gtid-domain-id=${c.gtidDomainId}`] : []),
    ...(c.gtidStrictMode ? ['--gtid-strict-mode=ON'] : []),
    ...(c.binlogExpireSeconds > 0 ? [`--binlog-expire-logs-seconds=${c.binlogExpireSeconds}`] : []),
    ...(c.slaveExecMode !== 'strict' ? [`--slave-exec-mode=${c.slaveExecMode.toUpperCase()}`] : []),
    ...(c.slaveDdlExecMode !== 'idempotent' ? [`--slave-ddl-exec-mode=${c.slaveDdlExecMode.toUpperCase()}`] : []),
    ...(c.slaveSkipErrors === 'all'
      ? ['--slave-skip-errors=ALL']
      : c.slaveSkipErrors.length > 0
        ? [`--slave-skip-errors=${c.slaveSkipErrors.join(',')}`]
        : []),
  ];
}

/** SET GLOBAL statements for a `set` step; what MariaDB 10.11 has no variable for is returned apart. */
export function setGlobals(changes: Partial<ServerConfig>): { sql: string[]; missing: string[] } {
  const sql: string[] = [];
  const missing: string[] = [];
  const onOff = (b: boolean | undefined) => (b ? 'ON' : 'OFF');
  for (const [key, value] of Object.entries(changes) as [keyof ServerConfig, unknown][]) {
    switch (key) {
      case 'semisyncMaster':
        sql.push(`SET GLOBAL rpl_semi_sync_master_enabled=${onOff(value as boolean)}`);
        break;
      case 'semisyncSlave':
        sql.push(`SET GLOBAL rpl_semi_sync_slave_enabled=${onOff(value as boolean)}`);
        break;
      case 'waitPoint':
        sql.push(`SET GLOBAL rpl_semi_sync_master_wait_point=${String(value).toUpperCase()}`);
        break;
      case 'semisyncTimeout':
        sql.push(`SET GLOBAL rpl_semi_sync_master_timeout=${value === null ? 4294967295 : Math.round((value as number) / 1000)}`);
        break;
      case 'waitNoSlave':
        sql.push(`SET GLOBAL rpl_semi_sync_master_wait_no_slave=${onOff(value as boolean)}`);
        break;
      case 'syncBinlog':
        sql.push(`SET GLOBAL sync_binlog=${value as number}`);
        break;
      case 'innodbFlushLogAtTrxCommit':
        sql.push(`SET GLOBAL innodb_flush_log_at_trx_commit=${value as number}`);
        break;
      case 'binlogFormat':
        sql.push(`SET GLOBAL binlog_format=${String(value).toUpperCase()}`);
        break;
      case 'maxBinlogSize':
        sql.push(`SET GLOBAL max_binlog_size=${value as number}`);
        break;
      case 'syncRelayLog':
        sql.push(`SET GLOBAL sync_relay_log=${value as number}`);
        break;
      case 'syncRelayLogInfo':
        sql.push(`SET GLOBAL sync_relay_log_info=${value as number}`);
        break;
      case 'syncMasterInfo':
        sql.push(`SET GLOBAL sync_master_info=${value as number}`);
        break;
      case 'serverId':
        sql.push(`SET GLOBAL server_id=${value as number}`);
        break;
      case 'readOnly':
        sql.push(`SET GLOBAL read_only=${onOff(value as boolean)}`);
        break;
      case 'binlogExpireSeconds':
        sql.push(`SET GLOBAL binlog_expire_logs_seconds=${value as number}`);
        break;
      case 'superReadOnly':
        // read_only=OFF also clears super_read_only, which MariaDB does not have: nothing to do for OFF.
        if (value) missing.push(key);
        break;
      case 'autoIncrementIncrement':
        sql.push(`SET GLOBAL auto_increment_increment=${value as number}`);
        break;
      case 'autoIncrementOffset':
        sql.push(`SET GLOBAL auto_increment_offset=${value as number}`);
        break;
      case 'sqlSlaveSkipCounter':
        sql.push(`SET GLOBAL sql_slave_skip_counter=${value as number}`);
        break;
      case 'gtidStrictMode':
        sql.push(`SET GLOBAL gtid_strict_mode=${onOff(value as boolean)}`);
        break;
      case 'gtidSlavePos':
        sql.push(`SET GLOBAL gtid_slave_pos='${String(value).replace(/'/g, "''")}'`);
        break;
      case 'slaveExecMode':
        sql.push(`SET GLOBAL slave_exec_mode=${String(value).toUpperCase()}`);
        break;
      case 'slaveDdlExecMode':
        sql.push(`SET GLOBAL slave_ddl_exec_mode=${String(value).toUpperCase()}`);
        break;
      case 'fsyncLatency':
      case 'applyLatency':
      case 'statementLatency':
        break; // timing only: no value depends on it
      default:
        missing.push(key);
    }
  }
  return { sql, missing };
}

/** Whether an error means the connection is gone (the server died, the session was killed). */
function connectionGone(e: unknown): boolean {
  const err = e as Partial<SqlError> & { code?: string };
  if (err.fatal) return true;
  return err.errno === 2006 || err.errno === 2013 || err.errno === 1927 || err.code === 'ECONNRESET';
}

function errnoOf(e: unknown): number {
  return (e as Partial<SqlError>).errno ?? 0;
}

/** `mysql-bin.000002` → 2 (for comparing positions across files). */
function fileIndex(name: string | number | null | undefined): number {
  const m = /\.(\d+)$/.exec(String(name ?? ''));
  return m ? Number(m[1]) : 0;
}

function comparePos(fa: DbValue, pa: DbValue, fb: DbValue, pb: DbValue): number {
  return fileIndex(fa) - fileIndex(fb) || Number(pa) - Number(pb);
}

class RealScenario {
  readonly servers = new Map<string, RealServer>();
  readonly state = new Map<string, 'running' | 'crashed' | 'shutdown'>();
  private readonly admins = new Map<string, Connection>();
  readonly clients = new Map<string, ClientSession>();
  readonly outcomes: Record<string, string> = {};
  readonly notReproducible: NotReproducible[] = [];
  /** MASTER_DELAY given by a `change master … master_delay=N` (else the declared one). */
  private readonly masterDelay = new Map<string, number>();
  /** MASTER_USE_GTID given by a `change master … master_use_gtid=…` (else the declared one). */
  private readonly useGtid = new Map<string, 'slave_pos' | 'current_pos' | 'no'>();
  /** Transactions whose first statement has been sent. */
  private readonly started = new Set<string>();
  /** When the script started (Date.now()): virtual time 0, what a `now()` counts from. */
  scriptStart = Date.now();

  constructor(
    readonly scenario: Scenario,
    readonly ws: Workspace,
  ) {}

  note(line: number, why: string): void {
    this.notReproducible.push({ line: line + 1, why });
  }

  config(name: string): ServerConfig {
    const c = this.scenario.servers.find((s) => s.name === name);
    if (!c) throw new Error(`no server ${name}`);
    return c;
  }

  server(name: string): RealServer {
    const s = this.servers.get(name);
    if (!s) throw new Error(`no server ${name}`);
    return s;
  }

  async admin(name: string): Promise<Connection> {
    let c = this.admins.get(name);
    if (c && c.isValid()) return c;
    c = await this.server(name).connect();
    this.admins.set(name, c);
    return c;
  }

  private dropAdmin(name: string): void {
    const c = this.admins.get(name);
    this.admins.delete(name);
    if (c) c.destroy();
  }

  async query(name: string, sql: string): Promise<DbRow[]> {
    const c = await this.admin(name);
    return c.query<DbRow[]>(sql);
  }

  /** Runs a statement for the script, ignoring a refusal (what the engine does with a pointless operation). */
  async tryQuery(name: string, sql: string): Promise<void> {
    try {
      await this.query(name, sql);
    } catch {
      // e.g. STOP SLAVE on a server that is not a replica
    }
  }

  async setup(): Promise<void> {
    for (const c of this.scenario.servers) {
      this.servers.set(c.name, await this.ws.create(c.name, startupOptions(c)));
      if (c.waitForSlaveCount !== 1)
        this.note(
          c.line,
          `rpl_semi_sync_master_wait_for_slave_count=${c.waitForSlaveCount}: MariaDB 10.11 has no such variable (error 1193)`,
        );
    }
    await Promise.all([...this.servers.values()].map((s) => s.start()));
    debug('servers started');
    for (const c of this.scenario.servers) this.state.set(c.name, 'running');
    for (const l of this.scenario.links)
      if (l.down) this.note(l.line, `link ${l.from} -> ${l.to} down: a partition needs a network namespace`);
    for (const t of this.scenario.triggers)
      this.note(t.line, `a trigger at a commit-pipeline state (${t.state}) cannot be placed on a release server`);
    const schema = [createDatabaseStatement(this.scenario.database), ...this.scenario.tables.map((t) => createTableStatement(t))];
    if (!this.scenario.schemaInBinlog) {
      for (const c of this.scenario.servers) {
        const conn = await this.admin(c.name);
        await conn.query('SET SESSION sql_log_bin=0');
        for (const sql of schema) await conn.query(sql);
        await conn.query('SET SESSION sql_log_bin=1');
      }
    }
    const replicas = this.scenario.servers.filter((c) => c.sourceName !== undefined);
    for (const c of replicas) await this.changeMaster(c.name, c.sourceName ?? '', undefined, { start: true });
    await Promise.all(replicas.map((c) => this.waitConnected(c.name)));
    await this.waitSemisyncClients();
    if (this.scenario.schemaInBinlog) {
      for (const c of schemaWriters(this.scenario.servers)) for (const sql of schema) await this.query(c.name, sql);
      for (const c of replicas) await this.waitCaughtUp(c.name);
    }
    for (const c of this.scenario.servers) await this.createAccounts(c.name);
    for (const cl of this.scenario.clients) {
      const session: ClientSession = { name: cl.name, server: cl.server, conn: undefined, dead: false, busy: Promise.resolve() };
      session.conn = await this.server(cl.server).connect(this.scenario.database, cl.name);
      if (cl.sqlLogBin === false) await session.conn.query('SET SESSION sql_log_bin=0');
      this.clients.set(cl.name, session);
    }
  }

  /**
   * Each client's own account on a server (outside the binlog), as an application's: every privilege on the
   * scenario's database and none global, so that read_only refuses it; SUPER or READ ONLY ADMIN when the file
   * gives it. The anonymous accounts of a fresh data directory go first (they would match before `name@%`).
   */
  async createAccounts(server: string): Promise<void> {
    const conn = await this.admin(server);
    await conn.query('SET SESSION sql_log_bin=0');
    for (const row of await conn.query<DbRow[]>("SELECT User AS u, Host AS h FROM mysql.user WHERE User = ''"))
      await conn.query(`DROP USER ''@'${String(row['h'])}'`);
    for (const cl of this.scenario.clients) {
      await conn.query(`CREATE USER IF NOT EXISTS '${cl.name}'@'%'`);
      await conn.query(`GRANT ALL ON \`${this.scenario.database}\`.* TO '${cl.name}'@'%'`);
      if (cl.super) await conn.query(`GRANT SUPER ON *.* TO '${cl.name}'@'%'`);
      if (cl.readOnlyAdmin) await conn.query(`GRANT READ ONLY ADMIN ON *.* TO '${cl.name}'@'%'`);
      // SET SESSION sql_log_bin needs BINLOG ADMIN (or SUPER): the DBA's session that writes outside the binlog has it.
      if (cl.sqlLogBin === false) await conn.query(`GRANT BINLOG ADMIN ON *.* TO '${cl.name}'@'%'`);
    }
    await conn.query('SET SESSION sql_log_bin=1');
  }

  /** Until the replica's I/O thread is connected (bounded). */
  async waitConnected(name: string): Promise<void> {
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      const [s] = await this.query(name, 'SHOW SLAVE STATUS');
      if (!s || s['Slave_IO_Running'] === 'Yes' || s['Slave_IO_Running'] === 'No') return;
      await sleep(20);
    }
  }

  /** Until each semi-sync source counts its connected semi-sync replicas (the ACK channel is up). */
  async waitSemisyncClients(): Promise<void> {
    for (const src of this.scenario.servers) {
      if (this.state.get(src.name) !== 'running') continue;
      let want = 0;
      for (const r of this.scenario.servers) {
        if (!r.semisyncSlave || this.state.get(r.name) !== 'running') continue;
        const [s] = await this.query(r.name, 'SHOW SLAVE STATUS');
        if (s && s['Slave_IO_Running'] === 'Yes' && Number(s['Master_Port']) === this.server(src.name).port) want++;
      }
      if (want === 0 || !src.semisyncMaster) continue;
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        const [row] = await this.query(src.name, "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_clients'");
        if (Number(row?.['Value'] ?? 0) >= want) break;
        await sleep(20);
      }
    }
  }

  /** `wait until R caught up`: until R has applied what its source had binlogged when the wait began (bounded). */
  async waitCaughtUp(name: string): Promise<void> {
    if (this.state.get(name) !== 'running') return;
    const [first] = await this.query(name, 'SHOW SLAVE STATUS');
    if (!first) return;
    const source = [...this.servers.values()].find((s) => s.port === Number(first['Master_Port']));
    if (!source || this.state.get(source.name) !== 'running') return;
    const [target] = await this.query(source.name, 'SHOW MASTER STATUS');
    if (!target) return;
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      const [s] = await this.query(name, 'SHOW SLAVE STATUS');
      if (!s) return;
      if (comparePos(s['Relay_Master_Log_File'], s['Exec_Master_Log_Pos'], target['File'], target['Position']) >= 0) return;
      // The applier cannot get there: stopped, or failed.
      if (s['Slave_SQL_Running'] !== 'Yes') return;
      const received = comparePos(s['Master_Log_File'], s['Read_Master_Log_Pos'], target['File'], target['Position']) >= 0;
      if (!received && s['Slave_IO_Running'] === 'No') return;
      if (received && s['Slave_SQL_Running_State'] === 'Slave has read all relay log; waiting for more updates') {
        // Everything received is applied: the rest was filtered (its own events) or is not a transaction.
        if (comparePos(s['Relay_Master_Log_File'], s['Exec_Master_Log_Pos'], s['Master_Log_File'], s['Read_Master_Log_Pos']) >= 0) return;
      }
      await sleep(20);
    }
  }

  /**
   * CHANGE MASTER TO the source; `then.start`: START SLAVE after it, as a server set up or restarted as a replica
   * does (the threads are not running then). The step `change master` starts nothing.
   */
  async changeMaster(name: string, sourceName: string, start: StartSpec | undefined, then: { start: boolean }): Promise<boolean> {
    if (this.state.get(name) !== 'running') return false;
    const replica = this.config(name);
    const useGtid = this.useGtid.get(name) ?? (replica.gtidMode ? replica.masterUseGtid : 'no');
    const spec: StartSpec = start ?? (useGtid !== 'no' ? { kind: 'autoPosition' } : { kind: 'start' });
    const source = this.server(sourceName);
    let position: string;
    if (spec.kind === 'autoPosition') position = `MASTER_USE_GTID=${useGtid === 'no' ? replica.masterUseGtid : useGtid}`;
    else {
      let file = 'mysql-bin.000001';
      let pos = 4;
      if (spec.kind === 'file') {
        file = spec.file;
        pos = spec.pos;
      } else if (this.state.get(sourceName) === 'running') {
        const rows = await this.query(sourceName, spec.kind === 'end' ? 'SHOW MASTER STATUS' : 'SHOW BINARY LOGS');
        if (spec.kind === 'end') {
          file = String(rows[0]?.['File'] ?? file);
          pos = Number(rows[0]?.['Position'] ?? pos);
        } else file = String(rows[0]?.['Log_name'] ?? file);
      }
      position = `MASTER_LOG_FILE='${file}', MASTER_LOG_POS=${pos}, MASTER_USE_GTID=no`;
    }
    const delay = this.masterDelay.get(name) ?? replica.masterDelay;
    if (delay > 0 || this.masterDelay.has(name)) position += `, MASTER_DELAY=${delay}`;
    const change = `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${source.port}, MASTER_USER='${REPLICATION_USER}', MASTER_PASSWORD='', ${position}`;
    if (!then.start) {
      // The scenario's own step: refused (1198) while a thread runs, as the engine says, and nothing started.
      try {
        await this.query(name, change);
        return true;
      } catch {
        return false;
      }
    }
    // A restarted server may have started the threads of its old configuration by itself.
    await this.tryQuery(name, 'STOP SLAVE');
    await this.query(name, change);
    await this.query(name, 'START SLAVE');
    return true;
  }

  async client(action: ClientAction): Promise<void> {
    const session = this.clients.get(action.client);
    if (!session) return;
    const run = async (): Promise<void> => {
      for (const { statement, txn } of action.statements) {
        this.started.add(txn);
        const set = (o: string) => {
          const current = this.outcomes[txn];
          if (current !== undefined && current !== 'ok' && current !== 'pending') return;
          this.outcomes[txn] = o;
        };
        if (session.dead || !session.conn) {
          set('lost_connection');
          continue;
        }
        this.outcomes[txn] ??= 'pending';
        try {
          // `now()`: the session's clock set to the virtual epoch plus the time the script has run, as the engine's is.
          const timed = readsClock(statement);
          if (timed) await session.conn.query(`SET TIMESTAMP = ${sessionTimestamp((Date.now() - this.scriptStart) * 1000)}`);
          await session.conn.query(statement.text);
          if (timed) await session.conn.query('SET TIMESTAMP = DEFAULT');
          set('ok');
        } catch (e) {
          if (connectionGone(e)) {
            session.dead = true;
            set('lost_connection');
          } else set(`error ${errnoOf(e)}`);
        }
      }
    };
    const work = session.busy.then(run);
    session.busy = work;
    if (action.nowait) {
      // Long enough for the statements to reach the server before the script goes on.
      await Promise.race([work, bound(50)]);
      return;
    }
    await work;
  }

  async step(line: number, action: Action): Promise<void> {
    switch (action.kind) {
      case 'client':
        return this.client(action);
      case 'wait':
        return sleep(action.micros / 1000);
      case 'waitCaughtUp':
        return this.waitCaughtUp(action.server);
      default:
        return this.serverAction(line, action);
    }
  }

  private async serverAction(line: number, action: ServerAction): Promise<void> {
    switch (action.kind) {
      case 'crash':
        if (action.mode === 'host')
          this.note(line, 'a host crash (unsynced page cache lost) cannot be made: the process is killed instead');
        this.dropAdmin(action.server);
        await this.server(action.server).kill();
        this.state.set(action.server, 'crashed');
        await sleep(20);
        return;
      case 'shutdown':
        this.dropAdmin(action.server);
        await this.server(action.server).shutdown();
        this.state.set(action.server, 'shutdown');
        return;
      case 'restart':
        this.dropAdmin(action.server);
        await this.server(action.server).start();
        this.state.set(action.server, 'running');
        if (action.asReplicaOf !== undefined) await this.changeMaster(action.server, action.asReplicaOf, action.start, { start: true });
        await this.waitConnected(action.server).catch(() => undefined);
        return;
      case 'promote': {
        const name = action.server;
        if (this.state.get(name) !== 'running') return;
        await this.tryQuery(name, 'STOP SLAVE IO_THREAD');
        const deadline = Date.now() + SETTLE_MS;
        while (Date.now() < deadline) {
          const [s] = await this.query(name, 'SHOW SLAVE STATUS');
          if (!s || s['Slave_SQL_Running'] !== 'Yes') break;
          if (s['Slave_SQL_Running_State'] === 'Slave has read all relay log; waiting for more updates') break;
          await sleep(20);
        }
        await this.tryQuery(name, 'STOP SLAVE');
        await this.tryQuery(name, 'RESET SLAVE ALL');
        await this.tryQuery(name, 'SET GLOBAL read_only=OFF');
        return;
      }
      case 'changeMaster': {
        // Its options are kept for later connections, unless the server refuses the statement.
        const before = { delay: this.masterDelay.get(action.replica), useGtid: this.useGtid.get(action.replica) };
        if (action.masterDelay !== undefined) this.masterDelay.set(action.replica, action.masterDelay);
        if (action.useGtid !== undefined) this.useGtid.set(action.replica, action.useGtid);
        if (await this.changeMaster(action.replica, action.source, action.start, { start: false })) return;
        if (before.delay === undefined) this.masterDelay.delete(action.replica);
        else this.masterDelay.set(action.replica, before.delay);
        if (before.useGtid === undefined) this.useGtid.delete(action.replica);
        else this.useGtid.set(action.replica, before.useGtid);
        return;
      }
      case 'threadControl': {
        if (this.state.get(action.server) !== 'running') return;
        const thread = action.thread === 'both' ? '' : action.thread === 'io_thread' ? ' IO_THREAD' : ' SQL_THREAD';
        const until = action.until ? ` UNTIL ${untilText(action.until)}` : '';
        await this.tryQuery(action.server, `${action.op.toUpperCase()} SLAVE${thread}${until}`);
        if (action.op === 'start' && action.thread !== 'sql_thread') {
          await this.waitConnected(action.server);
          await sleep(30);
        }
        return;
      }
      case 'linkControl':
        this.note(line, `${action.op} ${action.from} -> ${action.to}: a partition needs a network namespace`);
        return;
      case 'reset':
        if (this.state.get(action.server) !== 'running') return;
        if (action.what === 'master') await this.tryQuery(action.server, 'RESET MASTER');
        else {
          await this.tryQuery(action.server, 'STOP SLAVE');
          await this.tryQuery(action.server, 'RESET SLAVE');
        }
        return;
      case 'set': {
        const { sql, missing } = setGlobals(action.changes);
        for (const m of missing) this.note(line, `set ${m}: MariaDB 10.11 has no global variable for it`);
        for (const s of sql) {
          try {
            await this.query(action.server, s);
          } catch (e) {
            this.note(line, `${s}: error ${errnoOf(e)} ${(e as Partial<SqlError>).sqlMessage ?? ''}`.trim());
          }
        }
        return;
      }
      case 'flushStatus':
        await this.tryQuery(action.server, 'FLUSH STATUS');
        return;
      case 'flushBinaryLogs':
        await this.tryQuery(action.server, 'FLUSH BINARY LOGS');
        return;
      case 'purgeLogs':
        if (action.to === undefined) {
          this.note(line, 'PURGE BINARY LOGS BEFORE a virtual time: the real servers run on their own clock');
          return;
        }
        await this.tryQuery(action.server, `PURGE BINARY LOGS TO '${action.to}'`);
        return;
      case 'injectEmpty':
        // The real servers are MariaDB, which has no gtid_next (the checker refuses the step there).
        this.note(line, 'an empty transaction for a GTID is MySQL only: not run');
        return;
      case 'kill': {
        const session = this.clients.get(action.client);
        if (!session?.conn || session.dead) return;
        await this.tryQuery(session.server, `KILL ${session.conn.threadId}`);
        await Promise.race([session.busy, bound(100)]);
        return;
      }
      case 'reconnect': {
        const session = this.clients.get(action.client);
        if (!session) return;
        await Promise.race([session.busy, bound(100)]);
        session.conn?.destroy();
        session.server = action.server;
        session.dead = false;
        try {
          session.conn = await this.server(action.server).connect(this.scenario.database, action.client);
          if (this.scenario.clients.find((c) => c.name === action.client)?.sqlLogBin === false)
            await session.conn.query('SET SESSION sql_log_bin=0');
        } catch {
          session.conn = undefined;
          session.dead = true;
        }
        session.busy = Promise.resolve();
        return;
      }
    }
  }

  /** Waits for what is still going on: clients' statements (bounded), replicas catching up. */
  async settle(): Promise<void> {
    const timeouts = this.scenario.servers.map((s) => (s.semisyncTimeout === null ? 15_000_000 : s.semisyncTimeout));
    const limit = Math.min(15_000, timeouts.reduce((m, t) => Math.max(m, t), 0) / 1000 + 2000);
    await Promise.race([Promise.all([...this.clients.values()].map((c) => c.busy)), bound(limit)]);
    for (const c of this.scenario.servers) await this.waitCaughtUp(c.name).catch(() => undefined);
    await this.waitSemisyncClients().catch(() => undefined);
  }

  /** What every server prints now. */
  async snapshot(): Promise<Snapshot> {
    const status: Record<string, ServerStatus> = {};
    const rows: Record<string, TableRows> = {};
    for (const c of this.scenario.servers) {
      const state = this.state.get(c.name) ?? 'crashed';
      if (state !== 'running') {
        status[c.name] = { Server_state: state };
        continue;
      }
      const s: ServerStatus = { Server_state: 'running' };
      const [master] = await this.query(c.name, 'SHOW MASTER STATUS');
      s['File'] = String(master?.['File'] ?? '');
      s['Position'] = Number(master?.['Position'] ?? 0);
      const [gtid] = await this.query(c.name, 'SELECT @@gtid_binlog_pos AS b, @@gtid_slave_pos AS s, @@gtid_current_pos AS c');
      s['gtid_binlog_pos'] = String(gtid?.['b'] ?? '');
      s['gtid_slave_pos'] = String(gtid?.['s'] ?? '');
      s['gtid_current_pos'] = String(gtid?.['c'] ?? '');
      s['Binary_logs'] = (await this.query(c.name, 'SHOW BINARY LOGS')).map((r) => String(r['Log_name'])).join(', ');
      const [ro] = await this.query(c.name, 'SELECT @@read_only AS r');
      s['read_only'] = Number(ro?.['r'] ?? 0) ? 'ON' : 'OFF';
      for (const row of await this.query(c.name, "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'")) {
        const value = String(row['Value'] ?? '');
        s[String(row['Variable_name'])] = /^\d+$/.test(value) ? Number(value) : value;
      }
      const [slave] = await this.query(c.name, 'SHOW SLAVE STATUS');
      if (slave) {
        for (const [k, v] of Object.entries(slave)) s[k] = v === null ? 'NULL' : v;
        const source = [...this.servers.values()].find((x) => x.port === Number(slave['Master_Port']));
        s['Master_Host'] = source?.name ?? String(slave['Master_Host']);
      }
      status[c.name] = s;
      const tables: TableRows = {};
      for (const t of this.scenario.tables) {
        try {
          tables[t.name] = (await this.query(c.name, `SELECT * FROM \`${t.database}\`.\`${t.name}\``)).map((r) => ({ ...r }));
        } catch {
          // no such table on this server (the schema never reached it)
        }
      }
      rows[c.name] = tables;
    }
    const outcomes: Record<string, string> = {};
    for (const t of this.scenario.transactions) outcomes[t.id] = this.started.has(t.id) ? (this.outcomes[t.id] ?? 'pending') : 'pending';
    const errorLog: Record<string, string[]> = {};
    for (const [name, server] of this.servers) errorLog[name] = semisyncLogLines(server.errorLog());
    return { status, rows, outcomes, errorLog };
  }

  close(): void {
    for (const c of this.clients.values()) c.conn?.destroy();
    for (const name of [...this.admins.keys()]) this.dropAdmin(name);
  }
}

/** Runs the scenario on real MariaDB servers (every server of the file must be of the mariadb-10.11 flavor). */
export async function runOnMariadb(scenario: Scenario, bin: Binaries, version: string): Promise<RealRun> {
  const ws = new Workspace(bin);
  const stopAll = () => ws.killAllSync();
  // Interrupted: stop every server by its PID before going (an 'exit' handler alone does not run on a signal).
  const interrupted = (signal: NodeJS.Signals) => {
    stopAll();
    rmSync(ws.root, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', stopAll);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const real = new RealScenario(scenario, ws);
  try {
    await real.setup();
    debug('set up');
    const probes = probesOf(scenario);
    const observations: Observation[] = [];
    const t0 = Date.now();
    real.scriptStart = t0;
    let last = t0;
    const loopStarts = new Map<number, number>();
    for (const entry of scenario.script) {
      if ('expect' in entry) {
        const probe = probes.find((p) => p.scriptLine === entry.line && !p.atEnd);
        if (probe) for (const o of observe(scenario, probe, await real.snapshot())) observations.push(o);
        continue;
      }
      if (entry.timing?.kind === 'at') await sleep(Math.max(0, t0 + entry.timing.micros / 1000 - Date.now()));
      else if (entry.timing?.kind === 'after') await sleep(Math.max(0, last + entry.timing.micros / 1000 - Date.now()));
      else if (entry.timing?.kind === 'tick') {
        const first = loopStarts.get(entry.timing.loop);
        if (first === undefined || entry.timing.micros === 0) loopStarts.set(entry.timing.loop, Date.now());
        else await sleep(Math.max(0, first + entry.timing.micros / 1000 - Date.now()));
      }
      await real.step(entry.line, entry.action);
      debug(`line ${entry.line + 1}: ${entry.action.kind}`);
      last = Date.now();
    }
    await real.settle();
    debug('settled');
    const end = await real.snapshot();
    for (const probe of probes) if (probe.atEnd) for (const o of observe(scenario, probe, end)) observations.push(o);
    const semisyncLog: Record<string, string[]> = {};
    for (const [name, s] of real.servers)
      semisyncLog[name] = s
        .errorLog()
        .split('\n')
        .filter((l) => /semi-sync/i.test(l));
    return { version, observations, notReproducible: real.notReproducible, semisyncLog };
  } finally {
    real.close();
    await ws.dispose();
    process.removeListener('exit', stopAll);
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}
