/**
 * Executes a client's SQL statement against a server's data as InnoDB would for one session: writes see the latest
 * committed rows plus the transaction's own changes and take row locks; plain reads see the transaction's snapshot
 * (REPEATABLE READ: taken at its first read) plus its own changes; `FOR UPDATE` reads lock like writes. Nothing here
 * changes the committed data: a write returns the row changes that the commit will apply.
 */
import { AutoIncrementSequence, type AutoIncrementSettings } from './auto-increment';
import {
  holds,
  type ResolvedAssignment,
  type ResolvedCondition,
  type ResolvedStatement,
  type SqlValue,
  type TableConfig,
} from '../model/scenario';
import {
  applyChange,
  committedView,
  compareValues,
  insertLockKey,
  lockKeyOf,
  materialize,
  overlayView,
  primaryKeyOf,
  sortRows,
  primaryKeyText,
  sameRow,
  snapshotView,
  type Database,
  type DbSnapshot,
  type StorageChange,
  type StoredRow,
  type TableView,
} from './storage';
import type { Row } from '../trace/trace';
import { duplicateKeyName } from './messages';
import type { Flavor, Micros } from '../model/scenario';
import { atSessionTime } from '../model/session-time';

/** Row locks of one server: lock key → the runtime id of the transaction holding it. */
export type LockTable = Map<string, number>;

/** What a statement runs against. */
export interface ExecContext {
  flavor: Flavor;
  db: Database;
  /** The transaction's consistent-read snapshot, if it has taken one. */
  snapshot: DbSnapshot | undefined;
  /** The transaction's own uncommitted changes, in order. */
  pending: readonly StorageChange[];
  locks: LockTable;
  /** The runtime id of the executing transaction (0: the replica applier, which takes no locks). */
  uid: number;
  nextRowId: () => number;
  /** The session's auto_increment_increment/offset, and for a replica the INSERT_ID of the event it applies. */
  autoIncrement: AutoIncrementSettings & { insertId?: number };
  /** The session's time for this statement (now()); for a replica, the Query event's timestamp. */
  time?: Micros;
  /** The schema the tables are in, for the texts of errors about a table this server does not have. */
  database?: string;
}

/** The result of a write: its row changes and the locks it needs, or a lock wait, or an error for the client. */
export type WriteResult =
  | {
      kind: 'ok';
      changes: StorageChange[];
      lockKeys: string[];
      /** Rows affected as the client is told (REPLACE and ON DUPLICATE KEY UPDATE count a changed row twice). */
      affectedRows?: number;
      /** The first AUTO_INCREMENT value the statement generated (INSERT_ID). */
      insertId?: number;
      /** The warnings of `insert ignore` (1062 downgraded). */
      warnings?: string[];
    }
  | { kind: 'blocked'; holder: number; key: string }
  | { kind: 'error'; code: number; message: string };

/** The result of a read. */
export type ReadResult =
  | { kind: 'ok'; rows: Row[]; sawWriters: string[]; lockKeys: string[] }
  | { kind: 'blocked'; holder: number; key: string }
  | { kind: 'error'; code: number; message: string };

/** Executes INSERT, UPDATE or DELETE. */
export function executeWrite(ctx: ExecContext, written: ResolvedStatement): WriteResult {
  const stmt = atSessionTime(written, ctx.time ?? 0);
  switch (stmt.kind) {
    case 'insert':
      return executeInsert(ctx, stmt);
    case 'update':
    case 'delete':
      return executeUpdateOrDelete(ctx, stmt);
    default:
      return { kind: 'ok', changes: [], lockKeys: [] };
  }
}

function executeInsert(ctx: ExecContext, stmt: Extract<ResolvedStatement, { kind: 'insert' }>): WriteResult {
  const tableName = stmt.table;
  const view = tableView(ctx, tableName, false);
  const data = ctx.db.tables.get(tableName);
  if (!view || !data) return unknownTable(ctx, tableName);
  const config = view.config;
  const autoColumn = config.columns.find((c) => c.autoIncrement)?.name;
  const sequence = new AutoIncrementSequence(data.autoIncrement, ctx.autoIncrement, ctx.autoIncrement.insertId);
  const changes: StorageChange[] = [];
  const lockKeys: string[] = [];
  const warnings: string[] = [];
  let affectedRows = 0;
  // The rows this statement has written so far, by primary key (null: moved away), over what the transaction sees.
  const written = new Map<string, { values: Row; rowId: number } | null>();
  const lookup = (pk: string): { values: Row; rowId: number } | undefined => {
    if (written.has(pk)) return written.get(pk) ?? undefined;
    const row = view.byKey(pk);
    return row && { values: row.values, rowId: row.rowId };
  };
  const duplicate = (values: Row): string =>
    `Duplicate entry '${primaryKeyText(config, values)}' for key '${duplicateKeyName(ctx.flavor, config.name)}'`;
  // InnoDB does not give back the values a statement took, even when it fails: gaps are normal.
  const finish = <R extends WriteResult>(result: R): R => {
    if (result.kind !== 'blocked') data.autoIncrement = Math.max(data.autoIncrement, sequence.max);
    return result;
  };
  for (const given of stmt.rows) {
    const after = fullRow(config, given);
    if (autoColumn !== undefined) {
      const v = after[autoColumn];
      if (v === null) after[autoColumn] = sequence.next();
      else if (typeof v === 'number') sequence.note(v);
    }
    const key = insertLockKey(config, after);
    if (key !== undefined) {
      const holder = ctx.locks.get(key);
      if (holder !== undefined && holder !== ctx.uid && ctx.uid !== 0) return { kind: 'blocked', holder, key };
    }
    const pk = primaryKeyOf(config, after);
    const existing = pk === undefined ? undefined : lookup(pk);
    if (existing === undefined) {
      const rowId = ctx.nextRowId();
      changes.push({ table: tableName, change: { kind: 'insert', after }, rowId });
      lockKeys.push(key ?? `${tableName}/#${rowId}`);
      if (pk !== undefined) written.set(pk, { values: after, rowId });
      affectedRows += 1;
      continue;
    }
    if (stmt.onConflict === undefined) return finish({ kind: 'error', code: 1062, message: duplicate(after) });
    if (stmt.onConflict === 'ignore') {
      warnings.push(duplicate(after));
      continue;
    }
    // REPLACE on a table whose only unique key is the one that collided, and ON DUPLICATE KEY UPDATE, change the
    // existing row in place (write_record: ha_update_row, an Update_rows event), not a delete and an insert.
    const replaced = stmt.onConflict === 'replace' ? after : assigned(existing.values, stmt.onDuplicate ?? []);
    if (autoColumn !== undefined && typeof replaced[autoColumn] === 'number') sequence.note(replaced[autoColumn]);
    lockKeys.push(key!);
    // An unchanged row is neither changed nor logged (HA_ERR_RECORD_IS_THE_SAME); REPLACE still counts it.
    if (sameRow(config, existing.values, replaced)) {
      if (stmt.onConflict === 'replace') affectedRows += 1;
      continue;
    }
    const newPk = primaryKeyOf(config, replaced);
    if (newPk !== undefined && newPk !== pk) {
      if (lookup(newPk) !== undefined) return finish({ kind: 'error', code: 1062, message: duplicate(replaced) });
      const newKey = insertLockKey(config, replaced)!;
      const holder = ctx.locks.get(newKey);
      if (holder !== undefined && holder !== ctx.uid && ctx.uid !== 0) return { kind: 'blocked', holder, key: newKey };
      lockKeys.push(newKey);
      written.set(pk!, null);
    }
    changes.push({ table: tableName, change: { kind: 'update', before: { ...existing.values }, after: replaced }, rowId: existing.rowId });
    written.set(newPk ?? pk!, { values: replaced, rowId: existing.rowId });
    affectedRows += 2;
  }
  return finish({
    kind: 'ok',
    changes,
    lockKeys,
    affectedRows,
    ...(sequence.first !== undefined ? { insertId: sequence.first } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

/** A row with assignments applied (`v = 'x'`, `n = n + 1`: the right side reads the row as it was). */
function assigned(before: Row, set: readonly ResolvedAssignment[]): Row {
  const after = { ...before };
  for (const a of set) {
    if ('value' in a) after[a.column] = a.value;
    else {
      const base = before[a.fromColumn] ?? null;
      after[a.column] = base === null ? null : Number(base) + a.delta;
    }
  }
  return after;
}

function executeUpdateOrDelete(ctx: ExecContext, stmt: Extract<ResolvedStatement, { kind: 'update' | 'delete' }>): WriteResult {
  const view = tableView(ctx, stmt.table, false);
  if (!view) return unknownTable(ctx, stmt.table);
  const config = view.config;
  const matched = matching(view, stmt.where);
  const lockKeys: string[] = [];
  for (const row of matched) {
    const key = lockKeyOf(config, row);
    const holder = ctx.locks.get(key);
    if (holder !== undefined && holder !== ctx.uid && ctx.uid !== 0) return { kind: 'blocked', holder, key };
    lockKeys.push(key);
  }
  const changes: StorageChange[] = [];
  for (const row of matched) {
    const before = { ...row.values };
    if (stmt.kind === 'delete') {
      changes.push({ table: stmt.table, change: { kind: 'delete', before }, rowId: row.rowId });
      continue;
    }
    const after = assigned(before, stmt.set);
    // InnoDB neither changes nor logs a matched row whose values stay the same ("Rows matched: 1  Changed: 0").
    if (sameRow(config, before, after)) continue;
    changes.push({ table: stmt.table, change: { kind: 'update', before, after }, rowId: row.rowId });
  }
  // A primary-key update may collide with another row (1062): apply the changes in order to a copy to find out.
  const movesKey = changes.some(
    (c) => c.change.kind === 'update' && primaryKeyOf(config, c.change.before) !== primaryKeyOf(config, c.change.after),
  );
  const scratch = movesKey ? materialize(view) : undefined;
  for (const c of scratch ? changes : []) {
    const failure = applyChange(scratch!, c.change, undefined, ctx.nextRowId, config.primaryKey.length === 0 ? c.rowId : undefined);
    if (failure?.error === 'duplicate') {
      return {
        kind: 'error',
        code: 1062,
        message: `Duplicate entry '${failure.key}' for key '${duplicateKeyName(ctx.flavor, config.name)}'`,
      };
    }
  }
  return { kind: 'ok', changes, lockKeys };
}

/** Executes a SELECT: rows (or a count) and whose committed writes produced them. */
export function executeSelect(ctx: ExecContext, stmt: Extract<ResolvedStatement, { kind: 'select' }>): ReadResult {
  const view = tableView(ctx, stmt.table, !stmt.forUpdate);
  if (!view) {
    const missing = unknownTable(ctx, stmt.table);
    return missing.kind === 'error' ? missing : { kind: 'ok', rows: [], sawWriters: [], lockKeys: [] };
  }
  const matched = matching(view, stmt.where);
  const lockKeys: string[] = [];
  if (stmt.forUpdate) {
    for (const row of matched) {
      const key = lockKeyOf(view.config, row);
      const holder = ctx.locks.get(key);
      if (holder !== undefined && holder !== ctx.uid) return { kind: 'blocked', holder, key };
      lockKeys.push(key);
    }
  }
  const sawWriters: string[] = [];
  for (const r of matched) if (r.writtenBy !== undefined && !sawWriters.includes(r.writtenBy)) sawWriters.push(r.writtenBy);
  const rows: Row[] = stmt.count ? [{ 'count(*)': matched.length }] : matched.map((r) => project(r, stmt.columns));
  return { kind: 'ok', rows, sawWriters, lockKeys };
}

/** The rows that satisfy the conditions, in primary-key (or insertion) order: by index probes when the conditions name whole keys. */
function matching(view: TableView, where: readonly ResolvedCondition[]): StoredRow[] {
  const out: StoredRow[] = [];
  const keys = lookupKeys(view.config, where);
  if (keys) {
    for (const key of keys) {
      const r = view.byKey(key);
      if (r && matches(r.values, where)) out.push(r);
    }
  } else for (const r of view.all()) if (matches(r.values, where)) out.push(r);
  return sortRows(view.config, out);
}

/** At most this many index probes replace a scan (`id in (…)` over a composite key multiplies). */
const MAX_PROBES = 1024;

/**
 * The primary keys that conditions pin down (`id = 5`, `id in (1, 2)`, every column of a composite key), as index
 * keys without duplicates; undefined when they do not (then the table is scanned).
 */
function lookupKeys(config: TableConfig, where: readonly ResolvedCondition[]): string[] | undefined {
  if (config.primaryKey.length === 0) return undefined;
  let combos: SqlValue[][] = [[]];
  for (const column of config.primaryKey) {
    const cond = where.find((c) => c.column === column && (c.op === '=' || c.op === 'in'));
    if (!cond) return undefined;
    const values = cond.op === '=' ? cond.values.slice(0, 1) : cond.values;
    const next: SqlValue[][] = [];
    for (const combo of combos) for (const v of values) if (v !== null) next.push([...combo, v]);
    if (next.length > MAX_PROBES) return undefined;
    combos = next;
  }
  return [...new Set(combos.map((combo) => JSON.stringify(combo)))];
}

/**
 * A table as one transaction sees it: the committed rows (or, for a consistent read, its snapshot's versions) with
 * its own pending changes laid over them.
 */
export function tableView(ctx: ExecContext, table: string, consistentRead: boolean): TableView | undefined {
  const t = ctx.db.tables.get(table);
  if (!t) return undefined;
  const layer = consistentRead ? ctx.snapshot?.layers.get(table) : undefined;
  const base = layer ? snapshotView(t, layer) : committedView(t);
  return overlayView(base, ctx.pending, table);
}

/** Whether a row satisfies every condition (NULL compares false, as in SQL). */
export function matches(values: Row, where: readonly ResolvedCondition[]): boolean {
  return where.every((cond) => {
    const v = values[cond.column] ?? null;
    if (v === null) return false;
    if (cond.op === 'in') return cond.values.some((x) => x !== null && compareValues(v, x) === 0);
    const x = cond.values[0] ?? null;
    if (x === null) return false;
    return holds(cond.op, compareValues(v, x));
  });
}

function project(row: StoredRow, columns: string[] | '*'): Row {
  if (columns === '*') return { ...row.values };
  const out: Row = {};
  for (const c of columns) out[c] = row.values[c] ?? null;
  return out;
}

/** A row with every column of the table (missing ones NULL, as the checker left them out). */
function fullRow(config: TableConfig, given: Record<string, SqlValue>): Row {
  const row: Row = {};
  for (const c of config.columns) row[c.name] = given[c.name] ?? null;
  return row;
}

/** 1146: the table is not on this server (a DDL dropped it, or it was never created there). */
function unknownTable(ctx: ExecContext, table: string): WriteResult {
  return { kind: 'error', code: 1146, message: `Table '${ctx.database ?? 'test'}.${table}' doesn't exist` };
}
