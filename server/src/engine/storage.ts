/**
 * The storage engine's committed data: tables with real rows and primary keys, so that duplicate keys (1062) and
 * missing rows (1032) arise from the data itself. A table without a primary key accepts duplicates, as InnoDB does
 * (it keys rows by a hidden row id). Each row remembers the transaction that last wrote it, so that a read can say
 * whose writes it saw.
 */
import type { SqlValue, TableConfig } from '../model/scenario';
import type { RowChange } from './binlog-events';
import type { Row } from '../trace/trace';

/** A committed row: its values, a hidden row id (InnoDB's DB_ROW_ID for tables without a key), its last writer. */
export interface StoredRow {
  rowId: number;
  values: Row;
  /** The transaction (file id) whose commit last wrote it; undefined for the initial schema. */
  writtenBy: string | undefined;
}

/** One table's committed rows. */
export interface TableData {
  config: TableConfig;
  /** Rows by row id, in insertion order. */
  rows: Map<number, StoredRow>;
  /** Primary key → row id (empty for a table without a key). */
  pkIndex: Map<string, number>;
}

/** A server's data: its tables by name. */
export interface Database {
  tables: Map<string, TableData>;
}

/** A row change of one transaction on one table; `rowId` pins the exact row for tables without a key. */
export interface StorageChange {
  table: string;
  change: RowChange;
  rowId: number;
}

/** Why a change could not be applied (the applier's 1062 / 1032). */
export type ApplyFailure = { error: 'duplicate'; key: string } | { error: 'not_found' };

/** An empty database with the declared tables. */
export function createDatabase(tables: readonly TableConfig[]): Database {
  const db: Database = { tables: new Map() };
  for (const config of tables) db.tables.set(config.name, { config, rows: new Map(), pkIndex: new Map() });
  return db;
}

/** A deep copy (snapshots, crash images). Row objects are copied, so later writes cannot leak into the copy. */
export function cloneDatabase(db: Database): Database {
  const out: Database = { tables: new Map() };
  for (const [name, t] of db.tables) out.tables.set(name, cloneTable(t));
  return out;
}

/** A copy of one table. */
export function cloneTable(t: TableData): TableData {
  const rows = new Map<number, StoredRow>();
  for (const [id, r] of t.rows) rows.set(id, { rowId: r.rowId, values: { ...r.values }, writtenBy: r.writtenBy });
  return { config: t.config, rows, pkIndex: new Map(t.pkIndex) };
}

/** The primary-key value of a row as an index key; undefined for a table without a key. */
export function primaryKeyOf(config: TableConfig, values: Row): string | undefined {
  if (config.primaryKey.length === 0) return undefined;
  return JSON.stringify(config.primaryKey.map((c) => values[c] ?? null));
}

/** The key as MySQL prints it in `Duplicate entry '…'`: the values joined with '-'. */
export function primaryKeyText(config: TableConfig, values: Row): string {
  return config.primaryKey.map((c) => sqlValueText(values[c] ?? null)).join('-');
}

/** The lock key of a row: its primary key, or its hidden row id. */
export function lockKeyOf(table: TableData, row: StoredRow): string {
  const pk = primaryKeyOf(table.config, row.values);
  return `${table.config.name}/${pk ?? `#${row.rowId}`}`;
}

/** The lock key of a primary key about to be inserted. */
export function insertLockKey(config: TableConfig, values: Row): string | undefined {
  const pk = primaryKeyOf(config, values);
  return pk === undefined ? undefined : `${config.name}/${pk}`;
}

/** A value as MySQL prints it inside a message. */
export function sqlValueText(v: SqlValue): string {
  return v === null ? 'NULL' : String(v);
}

/** Two values equal as the server compares them (numbers and numeric strings compare as numbers; NULL equals NULL here, for row images). */
export function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === typeof b) return a === b;
  return Number(a) === Number(b);
}

/** Whether two row images are the same row, column by column over the table's columns. */
export function sameRow(config: TableConfig, a: Row, b: Row): boolean {
  return config.columns.every((c) => sameValue(a[c.name] ?? null, b[c.name] ?? null));
}

/** Finds the row a before-image names: by primary key when the table has one, else by a full-row match (as the applier does). */
export function findRow(table: TableData, before: Row): StoredRow | undefined {
  const pk = primaryKeyOf(table.config, before);
  if (pk !== undefined) {
    const id = table.pkIndex.get(pk);
    return id === undefined ? undefined : table.rows.get(id);
  }
  for (const row of table.rows.values()) if (sameRow(table.config, row.values, before)) return row;
  return undefined;
}

/**
 * Applies one row change to a table. `rowId` is the row to touch for a table without a key (the source knows it);
 * when absent, the row is found by its before-image. `nextRowId` supplies ids for new rows.
 */
export function applyChange(
  table: TableData,
  change: RowChange,
  writtenBy: string | undefined,
  nextRowId: () => number,
  rowId?: number,
): ApplyFailure | undefined {
  const config = table.config;
  if (change.kind === 'insert') {
    const pk = primaryKeyOf(config, change.after);
    if (pk !== undefined && table.pkIndex.has(pk)) return { error: 'duplicate', key: primaryKeyText(config, change.after) };
    const id = rowId !== undefined && !table.rows.has(rowId) ? rowId : nextRowId();
    table.rows.set(id, { rowId: id, values: { ...change.after }, writtenBy });
    if (pk !== undefined) table.pkIndex.set(pk, id);
    return undefined;
  }
  const existing =
    rowId !== undefined && config.primaryKey.length === 0 && table.rows.has(rowId) ? table.rows.get(rowId) : findRow(table, change.before);
  if (!existing) return { error: 'not_found' };
  const oldPk = primaryKeyOf(config, existing.values);
  if (change.kind === 'delete') {
    table.rows.delete(existing.rowId);
    if (oldPk !== undefined) table.pkIndex.delete(oldPk);
    return undefined;
  }
  const newPk = primaryKeyOf(config, change.after);
  if (newPk !== undefined && newPk !== oldPk && table.pkIndex.has(newPk)) {
    return { error: 'duplicate', key: primaryKeyText(config, change.after) };
  }
  existing.values = { ...change.after };
  existing.writtenBy = writtenBy;
  if (oldPk !== undefined && newPk !== oldPk) {
    table.pkIndex.delete(oldPk);
    if (newPk !== undefined) table.pkIndex.set(newPk, existing.rowId);
  }
  return undefined;
}

/**
 * Applies a change and returns how to undo it (the applier applies a whole transaction or nothing, without copying
 * the table first).
 */
export function applyWithUndo(
  table: TableData,
  change: RowChange,
  writtenBy: string | undefined,
  nextRowId: () => number,
): { failure: ApplyFailure } | { undo: () => void } {
  if (change.kind === 'insert') {
    let id = 0;
    const failure = applyChange(table, change, writtenBy, () => (id = nextRowId()));
    return failure ? { failure } : { undo: () => removeRow(table, id) };
  }
  const target = findRow(table, change.before);
  const saved = target ? { rowId: target.rowId, values: { ...target.values }, writtenBy: target.writtenBy } : undefined;
  const failure = applyChange(table, change, writtenBy, nextRowId, target?.rowId);
  if (failure || !saved) return { failure: failure ?? { error: 'not_found' } };
  return {
    undo: () => {
      removeRow(table, saved.rowId);
      table.rows.set(saved.rowId, { rowId: saved.rowId, values: saved.values, writtenBy: saved.writtenBy });
      const pk = primaryKeyOf(table.config, saved.values);
      if (pk !== undefined) table.pkIndex.set(pk, saved.rowId);
    },
  };
}

/** Removes a row by its row id. */
function removeRow(table: TableData, rowId: number): void {
  const row = table.rows.get(rowId);
  if (!row) return;
  table.rows.delete(rowId);
  const pk = primaryKeyOf(table.config, row.values);
  if (pk !== undefined && table.pkIndex.get(pk) === rowId) table.pkIndex.delete(pk);
}

/** Rows of a table in the order InnoDB returns them: primary-key order, or insertion order without a key. */
export function orderedRows(table: TableData): StoredRow[] {
  return sortRows(table.config, [...table.rows.values()]);
}

/** Sorts some rows of a table in primary-key (or insertion) order. */
export function sortRows(config: TableConfig, rows: StoredRow[]): StoredRow[] {
  const pk = config.primaryKey;
  if (pk.length === 0) return rows.sort((a, b) => a.rowId - b.rowId);
  return rows.sort((a, b) => {
    for (const c of pk) {
      const d = compareValues(a.values[c] ?? null, b.values[c] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** Orders two values as an index does: NULL first, numbers numerically, strings by code unit. */
export function compareValues(a: SqlValue, b: SqlValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number' || typeof b === 'number') {
    const na = Number(a);
    const nb = Number(b);
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Every table's rows as plain values, for the trace. */
export function dumpRows(db: Database): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const [name, t] of db.tables) out[name] = orderedRows(t).map((r) => ({ ...r.values }));
  return out;
}
