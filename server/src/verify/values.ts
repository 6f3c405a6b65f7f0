/**
 * What `replscope verify` compares, and how a value is written, the same for the engine and for a real server: a
 * scenario's probe points (each expectation, and the end), the values read at each, and a snapshot of servers
 * (status, rows, client outcomes) from which both sides derive those values. Pure: no process, no connection.
 */
import type { ExpectationPlan, Scenario, SqlValue, TableConfig } from '../model/scenario';
import { canonicalStatusName } from '../engine/status';
import { rowsAfterStep, statusAfterStep } from '../trace/query';
import type { ClientOutcome, Row, ServerStatus, TableRows, Trace } from '../trace/trace';

/** One value at one probe point: `r1 Exec_Master_Log_Pos` at line 38 (one-based), or at the end (line null). */
export interface Observation {
  value: string;
  /** One-based line of the expectation; null for the end of the run. */
  line: number | null;
  /** As text; `—` when the server does not print it (not a replica, not running). */
  text: string;
}

/** What one side knows at one moment: each server's status, rows and state; each transaction's outcome. */
export interface Snapshot {
  status: Record<string, ServerStatus>;
  rows: Record<string, TableRows>;
  /** Transactions by id: `ok`, `error 1062`, `lost_connection`, `pending`. */
  outcomes: Record<string, string>;
  /** Each server's error-log lines about semi-sync switches and timeouts, without the time prefix. */
  errorLog?: Record<string, string[]>;
}

/** The error-log lines both sides write: a commit's timeout, semi-sync switched OFF or back ON. */
export const SEMISYNC_LOG_LINE = /^(Timeout waiting for reply of binlog|Semi-sync replication switched (ON|OFF))/;

/**
 * The semi-sync lines of a MariaDB error log, without their prefix. MariaDB writes `2026-12-03 12:47:53 8 [Warning] …`
 * and pads a one-digit hour with a space (`2026-12-04  8:05:12 8 [Note] …`), so the fields are split on any run of spaces.
 */
export function semisyncLogLines(errorLog: string): string[] {
  return errorLog
    .split(/\r?\n/)
    .map((l) => l.replace(/^\S+\s+\S+\s+\d+\s+\[\w+\]\s+/, ''))
    .filter((l) => SEMISYNC_LOG_LINE.test(l));
}

export const ABSENT = '—';

/** SHOW MASTER STATUS, the GTID variables, semi-sync status: what every MariaDB server prints. */
export const SERVER_VALUES = [
  'File',
  'Position',
  'gtid_binlog_pos',
  'gtid_slave_pos',
  'gtid_current_pos',
  'Rpl_semi_sync_master_status',
  'Rpl_semi_sync_master_clients',
  'Rpl_semi_sync_master_yes_tx',
  'Rpl_semi_sync_master_no_tx',
  'Rpl_semi_sync_master_no_times',
  'Rpl_semi_sync_master_wait_sessions',
  'Rpl_semi_sync_slave_status',
] as const;

/** SHOW SLAVE STATUS fields, printed by a server that is configured as a replica. */
export const REPLICA_VALUES = [
  'Master_Host',
  'Master_Log_File',
  'Read_Master_Log_Pos',
  'Relay_Log_File',
  'Relay_Log_Pos',
  'Relay_Master_Log_File',
  'Exec_Master_Log_Pos',
  'Slave_IO_Running',
  'Slave_SQL_Running',
  'Last_IO_Errno',
  'Last_IO_Error',
  'Last_SQL_Errno',
  'Last_SQL_Error',
  'Seconds_Behind_Master',
  'Using_Gtid',
  'Gtid_IO_Pos',
] as const;

const REPLICATION_VALUES = ['Slave_IO_Running', 'Slave_SQL_Running', 'Last_IO_Errno', 'Last_IO_Error', 'Last_SQL_Errno', 'Last_SQL_Error'];

/** A probe point: an expectation's line and the values its subject concerns, or the end with everything. */
export interface Probe {
  /** One-based line; null for the end. */
  line: number | null;
  /** Zero-based line of the expectation in the scenario, when it is one. */
  scriptLine?: number;
  /** Checked at the end of the run (an expectation after the last step): read from the end snapshot. */
  atEnd: boolean;
  values: ProbeValue[];
}

export type ProbeValue =
  | { kind: 'status'; server: string; name: string }
  | { kind: 'rows'; server: string; table: string }
  | { kind: 'outcome'; txn: string }
  | { kind: 'state'; server: string }
  | { kind: 'log'; server: string };

/** The name a value is shown and recorded under. */
export function valueName(v: ProbeValue): string {
  switch (v.kind) {
    case 'status':
      return `${v.server} ${v.name}`;
    case 'rows':
      return `${v.server} rows ${v.table}`;
    case 'outcome':
      return `${v.txn} outcome`;
    case 'state':
      return `${v.server} Server_state`;
    case 'log':
      return `${v.server} error log (semi-sync)`;
  }
}

/** The status name a MariaDB server prints for an expectation's variable (`gtid_executed` is `gtid_current_pos`). */
function printedName(scenario: Scenario, server: string, variable: string): string {
  const name = canonicalStatusName(variable);
  const all = [...SERVER_VALUES, ...REPLICA_VALUES] as readonly string[];
  const known = all.find((n) => n.toLowerCase() === name.toLowerCase());
  if (known) return known;
  const flavor = scenario.servers.find((s) => s.name === server)?.flavor;
  if (name.toLowerCase() === 'gtid_executed' && flavor === 'mariadb-10.11') return 'gtid_current_pos';
  return name;
}

function expectationValues(scenario: Scenario, e: ExpectationPlan): ProbeValue[] {
  switch (e.kind) {
    case 'outcome':
      return [{ kind: 'outcome', txn: e.txn }];
    case 'rows':
      return [{ kind: 'rows', server: e.server, table: e.table }];
    case 'replication':
      return REPLICATION_VALUES.map((name) => ({ kind: 'status', server: e.server, name }));
    case 'status':
      return [{ kind: 'status', server: e.server, name: printedName(scenario, e.server, e.variable) }];
    case 'verdict':
      return [];
  }
}

/** Every probe of a scenario: one per expectation that reads a value, then the end. */
export function probesOf(scenario: Scenario): Probe[] {
  const probes: Probe[] = [];
  for (const entry of scenario.script) {
    if (!('expect' in entry)) continue;
    const values = expectationValues(scenario, entry.expect);
    if (values.length > 0) probes.push({ line: entry.line + 1, scriptLine: entry.line, atEnd: entry.expect.atEnd, values });
  }
  const end: ProbeValue[] = [];
  for (const s of scenario.servers) {
    end.push({ kind: 'state', server: s.name });
    end.push({ kind: 'log', server: s.name });
    for (const name of SERVER_VALUES) end.push({ kind: 'status', server: s.name, name });
    for (const name of REPLICA_VALUES) end.push({ kind: 'status', server: s.name, name });
    for (const t of scenario.tables) end.push({ kind: 'rows', server: s.name, table: t.name });
  }
  for (const t of scenario.transactions) if (!t.readOnly) end.push({ kind: 'outcome', txn: t.id });
  probes.push({ line: null, atEnd: true, values: end });
  return probes;
}

/** A value as text: numbers and strings as MySQL prints them, `ON`/`OFF` and `Yes`/`No` as they are. */
function text(value: SqlValue | undefined): string {
  if (value === undefined) return ABSENT;
  if (value === null) return 'NULL';
  return String(value);
}

/** Compares two primary-key values as an index does: NULL first, numbers numerically, strings by code unit. */
function compareValues(a: SqlValue | undefined, b: SqlValue | undefined): number {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : 1;
}

/** A table's rows as one line of text, in primary-key order (whole-row order without a key), columns in order. */
export function rowsText(table: TableConfig, rows: readonly Row[] | undefined): string {
  if (rows === undefined) return ABSENT;
  const keys = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
  const sorted = [...rows].sort((a, b) => {
    for (const k of keys) {
      const d = compareValues(a[k], b[k]);
      if (d !== 0) return d;
    }
    return 0;
  });
  if (sorted.length === 0) return '(empty)';
  return sorted.map((r) => `(${table.columns.map((c) => (r[c.name] === null ? 'NULL' : JSON.stringify(r[c.name]))).join(',')})`).join(' ');
}

/** The values of one probe, read from a snapshot. */
export function observe(scenario: Scenario, probe: Probe, snap: Snapshot): Observation[] {
  return probe.values.map((v) => {
    let t: string;
    switch (v.kind) {
      case 'status':
        t = text(snap.status[v.server]?.[v.name]);
        break;
      case 'state':
        t = text(snap.status[v.server]?.['Server_state']);
        break;
      case 'rows': {
        const table = scenario.tables.find((x) => x.name === v.table);
        const state = snap.status[v.server]?.['Server_state'];
        t = table && (state === undefined || state === 'running') ? rowsText(table, snap.rows[v.server]?.[v.table]) : ABSENT;
        break;
      }
      case 'outcome':
        t = snap.outcomes[v.txn] ?? ABSENT;
        break;
      case 'log': {
        const lines = snap.errorLog?.[v.server];
        t = lines === undefined ? ABSENT : lines.length === 0 ? '(none)' : lines.join(' | ');
        break;
      }
    }
    return { value: valueName(v), line: probe.line, text: t };
  });
}

/** A client outcome as compared: `ok`, `error 1062`, `lost_connection`, `pending`. */
export function outcomeText(o: ClientOutcome): string {
  if (o.kind === 'error') return `error ${o.code ?? ''}`.trim();
  return o.kind;
}

/** Only what a running server prints: a down server shows its state and nothing else. */
function printed(status: ServerStatus): ServerStatus {
  if (status['Server_state'] !== 'running') return { Server_state: status['Server_state'] ?? 'crashed' };
  const out: ServerStatus = {};
  for (const [k, v] of Object.entries(status)) out[k] = v;
  return out;
}

/** The engine's snapshot right after a script step, or at the end of the run (`index` undefined). */
export function engineSnapshot(trace: Trace, index?: number): Snapshot {
  const step = index !== undefined ? trace.steps[index] : undefined;
  const status = step ? statusAfterStep(trace, step.index) : trace.finalStatus;
  const rows = step ? rowsAfterStep(trace, step.index) : trace.rows;
  const time = step ? (step.end ?? trace.endTime) : Number.POSITIVE_INFINITY;
  const outcomes: Record<string, string> = {};
  for (const t of trace.transactions) {
    const known = t.outcome.kind !== 'pending' && (t.outcome.time === undefined || t.outcome.time <= time);
    outcomes[t.id] = known ? outcomeText(t.outcome) : 'pending';
  }
  const printedStatus: Record<string, ServerStatus> = {};
  for (const [server, s] of Object.entries(status)) printedStatus[server] = printed(s);
  const errorLog: Record<string, string[]> = {};
  for (const s of trace.servers) errorLog[s.name] = [];
  for (const l of trace.errorLog) if (l.time <= time && SEMISYNC_LOG_LINE.test(l.text)) errorLog[l.server]?.push(l.text);
  return { status: printedStatus, rows, outcomes, errorLog };
}

/** Every value the engine gives at every probe of the scenario. */
export function engineObservations(scenario: Scenario, trace: Trace): Observation[] {
  const out: Observation[] = [];
  for (const probe of probesOf(scenario)) {
    let snap: Snapshot;
    if (probe.atEnd) snap = engineSnapshot(trace);
    else {
      const step = trace.steps.filter((s) => s.line === probe.scriptLine).pop();
      snap = step ? engineSnapshot(trace, step.index) : { status: {}, rows: {}, outcomes: {} };
    }
    for (const o of observe(scenario, probe, snap)) out.push(o);
  }
  return out;
}

/** The key a recorded value is stored under: `38 r1 Exec_Master_Log_Pos`, `end m1 Position`. */
export function observationKey(o: { value: string; line: number | null }): string {
  return `${o.line ?? 'end'} ${o.value}`;
}
