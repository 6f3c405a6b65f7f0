/**
 * Questions the views ask of a trace: a server's status at a time or right after a step, its rows there, the step of
 * a line, the events of a line. The trace stores only changes (status deltas, row changes); an index built once per
 * trace, on first use, answers each question by binary search instead of a replay from time 0.
 */
import type { Micros } from '../model/scenario';
import type { Row, ServerStatus, StatusValue, TableRows, Trace, TraceEvent, TraceRowChange, TraceStep } from './trace';

/** Every this many changes of a server, the index keeps its whole status, so a lookup replays at most that many. */
const CHECKPOINT_EVERY = 32;

interface StatusHistory {
  /** Positions in `trace.statusChanges` of this server's changes, ascending. */
  at: number[];
  /** The server's whole status after change number k·CHECKPOINT_EVERY of `at`. */
  checkpoints: ServerStatus[];
  /** The Seconds_Behind_Master anchor after each change (StatusChange `lagSince`). */
  lagSince: (Micros | null)[];
  /** The SQL_Remaining_Delay anchor after each change (StatusChange `delayEnd`). */
  delayEnd: (Micros | null)[];
}

/** One row's history on one server: log positions and the row after each. */
interface RowHistory {
  at: number[];
  rows: (Row | null)[];
}

interface TraceIndex {
  status: Map<string, StatusHistory>;
  /** server → table → key → history. */
  rows: Map<string, Map<string, Map<string, RowHistory>>>;
  stepsByLine: Map<number, TraceStep[]>;
  eventsByLine: Map<number, TraceEvent[]>;
}

const indexes = new WeakMap<Trace, TraceIndex>();

function indexOf(trace: Trace): TraceIndex {
  let index = indexes.get(trace);
  if (!index) {
    index = buildIndex(trace);
    indexes.set(trace, index);
  }
  return index;
}

function buildIndex(trace: Trace): TraceIndex {
  const status = new Map<string, StatusHistory>();
  const current = new Map<string, ServerStatus>();
  trace.statusChanges.forEach((change, i) => {
    let h = status.get(change.server);
    if (!h) status.set(change.server, (h = { at: [], checkpoints: [], lagSince: [], delayEnd: [] }));
    const s = current.get(change.server) ?? {};
    for (const k of change.unset) delete s[k];
    Object.assign(s, change.set);
    current.set(change.server, s);
    if (h.at.length % CHECKPOINT_EVERY === 0) h.checkpoints.push({ ...s });
    h.lagSince.push(change.lagSince !== undefined ? change.lagSince : (h.lagSince[h.lagSince.length - 1] ?? null));
    h.delayEnd.push(change.delayEnd !== undefined ? change.delayEnd : (h.delayEnd[h.delayEnd.length - 1] ?? null));
    h.at.push(i);
  });
  const rows = new Map<string, Map<string, Map<string, RowHistory>>>();
  trace.rowChanges.forEach((c: TraceRowChange, i) => {
    let tables = rows.get(c.server);
    if (!tables) rows.set(c.server, (tables = new Map<string, Map<string, RowHistory>>()));
    let keys = tables.get(c.table);
    if (!keys) tables.set(c.table, (keys = new Map<string, RowHistory>()));
    let h = keys.get(c.key);
    if (!h) keys.set(c.key, (h = { at: [], rows: [] }));
    h.at.push(i);
    h.rows.push(c.row);
  });
  const stepsByLine = new Map<number, TraceStep[]>();
  for (const step of trace.steps) push(stepsByLine, step.line, step);
  const eventsByLine = new Map<number, TraceEvent[]>();
  for (const e of trace.events) if (e.line !== undefined) push(eventsByLine, e.line, e);
  return { status, rows, stepsByLine, eventsByLine };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The number of elements of the ascending `list` that are < `bound`. */
function countBelow(list: readonly number[], bound: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many status changes happened at or before `time` (the log is in time order). */
function statusPosAt(trace: Trace, time: Micros): number {
  const log = trace.statusChanges;
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid].time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many row changes happened at or before `time`. */
function rowPosAt(trace: Trace, time: Micros): number {
  const log = trace.rowChanges;
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid].time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The status of `server` after the first `pos` entries of the status log, as SHOW SLAVE STATUS prints it at `time`
 * (Seconds_Behind_Master keeps growing while the replica lags, between its recorded changes).
 */
function statusAtPos(trace: Trace, server: string, pos: number, time: Micros): ServerStatus {
  const h = indexOf(trace).status.get(server);
  if (!h) return {};
  const n = countBelow(h.at, pos);
  if (n === 0) return {};
  const base = Math.floor((n - 1) / CHECKPOINT_EVERY);
  const status: ServerStatus = { ...h.checkpoints[base] };
  for (let k = base * CHECKPOINT_EVERY + 1; k < n; k++) {
    const change = trace.statusChanges[h.at[k]];
    for (const key of change.unset) delete status[key];
    Object.assign(status, change.set);
  }
  const lagSince = h.lagSince[n - 1];
  if (lagSince !== null && typeof status['Seconds_Behind_Master'] === 'number')
    status['Seconds_Behind_Master'] = Math.max(0, Math.floor((time - lagSince) / 1_000_000));
  const delayEnd = h.delayEnd[n - 1];
  if (delayEnd !== null && typeof status['SQL_Remaining_Delay'] === 'number')
    status['SQL_Remaining_Delay'] = Math.max(0, Math.round(delayEnd / 1_000_000) - Math.floor(time / 1_000_000));
  return status;
}

/** The status of `server` at virtual time `time` (every change at or before it applied); empty if unknown. */
export function statusAt(trace: Trace, server: string, time: Micros): ServerStatus {
  return statusAtPos(trace, server, statusPosAt(trace, time), time);
}

/** Every server's status at `time`. */
export function allStatusAt(trace: Trace, time: Micros): Record<string, ServerStatus> {
  const pos = statusPosAt(trace, time);
  const out: Record<string, ServerStatus> = {};
  for (const s of trace.servers) out[s.name] = statusAtPos(trace, s.name, pos, time);
  return out;
}

/** Every server's status right after script step `index` (what its hover shows). */
export function statusAfterStep(trace: Trace, index: number): Record<string, ServerStatus> {
  const step = trace.steps[index];
  if (!step) return {};
  const out: Record<string, ServerStatus> = {};
  const time = step.end ?? trace.endTime;
  for (const s of trace.servers) out[s.name] = statusAtPos(trace, s.name, step.statusMark, time);
  return out;
}

/** One status value of `server` at `time`. */
export function statusValueAt(trace: Trace, server: string, time: Micros, name: string): StatusValue | undefined {
  return statusAt(trace, server, time)[name];
}

/** The rows of every table of `server` after the first `pos` row changes, in primary-key (or insertion) order. */
function rowsAtPos(trace: Trace, server: string, pos: number): TableRows {
  const out: TableRows = {};
  const tables = indexOf(trace).rows.get(server);
  for (const table of Object.keys(trace.rows[server] ?? {})) {
    const keys = tables?.get(table);
    const present: { key: string; row: Row }[] = [];
    if (keys) {
      for (const [key, h] of keys) {
        const n = countBelow(h.at, pos);
        const row = n > 0 ? h.rows[n - 1] : null;
        if (row) present.push({ key, row });
      }
    }
    out[table] = orderRows(present);
  }
  return out;
}

/** Primary-key order (the key values, compared as the index does), or insertion order for a table without a key. */
function orderRows(rows: { key: string; row: Row }[]): Row[] {
  const keyed = rows.map((r) => ({ ...r, sortKey: r.key.startsWith('#') ? Number(r.key.slice(1)) : (JSON.parse(r.key) as unknown[]) }));
  keyed.sort((a, b) => {
    if (typeof a.sortKey === 'number' && typeof b.sortKey === 'number') return a.sortKey - b.sortKey;
    const x = a.sortKey as (string | number | null)[];
    const y = b.sortKey as (string | number | null)[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = compareKeyValues(x[i] ?? null, y[i] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed.map((r) => ({ ...r.row }));
}

/** Orders two key values as an index does: NULL first, numbers numerically, strings by code unit. */
function compareKeyValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Every server's rows right after script step `index`. */
export function rowsAfterStep(trace: Trace, index: number): Record<string, TableRows> {
  const step = trace.steps[index];
  if (!step) return {};
  const out: Record<string, TableRows> = {};
  for (const s of trace.servers) out[s.name] = rowsAtPos(trace, s.name, step.rowMark);
  return out;
}

/** Every server's rows at `time` (every change at or before it applied). */
export function rowsAt(trace: Trace, time: Micros): Record<string, TableRows> {
  const pos = rowPosAt(trace, time);
  const out: Record<string, TableRows> = {};
  for (const s of trace.servers) out[s.name] = rowsAtPos(trace, s.name, pos);
  return out;
}

/** The step whose line is `line` (the last one if a line ran several times), for hovers. */
export function stepAtLine(trace: Trace, line: number): TraceStep | undefined {
  const steps = indexOf(trace).stepsByLine.get(line);
  return steps?.[steps.length - 1];
}

/** Every step that ran the script line `line`, in order. */
export function stepsAtLine(trace: Trace, line: number): readonly TraceStep[] {
  return indexOf(trace).stepsByLine.get(line) ?? [];
}

/** The events caused by `line`, in time order. */
export function eventsOfLine(trace: Trace, line: number): readonly TraceEvent[] {
  return indexOf(trace).eventsByLine.get(line) ?? [];
}
