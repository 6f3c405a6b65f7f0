/**
 * The storage engine's committed data: tables with real rows and primary keys, so that duplicate keys (1062) and
 * missing rows (1032) arise from the data itself. A table without a primary key accepts duplicates, as InnoDB does
 * (it keys rows by a hidden row id). Each row remembers the transaction that last wrote it, so that a read can say
 * whose writes it saw.
 *
 * Reads go through views, never copies: a consistent-read snapshot keeps, like InnoDB's undo log, only the old
 * versions of the rows changed after it was taken; a transaction's own uncommitted changes are laid over the rows it
 * reads. A primary-key lookup costs one index probe whatever the table's size.
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

/** The old versions one consistent-read snapshot needs of one table: row id → the row as it was (null: not there yet). */
export interface SnapshotLayer {
  saved: Map<number, StoredRow | null>;
  /** Primary key → row id of the saved versions (tables with a key). */
  savedPk: Map<string, number>;
}

/** One table's committed rows. */
export interface TableData {
  config: TableConfig;
  /** Rows by row id, in insertion order. */
  rows: Map<number, StoredRow>;
  /** Primary key → row id (empty for a table without a key). */
  pkIndex: Map<string, number>;
  /** The snapshots open on this table: each keeps the version a row had before its first change since. */
  snapshots: SnapshotLayer[];
  /** Told of every committed change (the trace's row log): the row before and after (undefined: not there). */
  observer?: RowObserver;
  /** The largest AUTO_INCREMENT value the table has had on this server (InnoDB's counter; 0: none yet). */
  autoIncrement: number;
  /** The secondary indexes CREATE INDEX added, by name (they change no row, only what a second CREATE INDEX meets). */
  indexes?: string[];
}

/** Called after a row of a table changes. */
export type RowObserver = (before: StoredRow | undefined, after: StoredRow | undefined) => void;

/** A server's data: its tables by name. */
export interface Database {
  tables: Map<string, TableData>;
}

/** A consistent-read snapshot of a database (REPEATABLE READ), open until `closeSnapshot`. */
export interface DbSnapshot {
  layers: Map<string, SnapshotLayer>;
}

/** A row change of one transaction on one table; `rowId` pins the exact row for tables without a key. */
export interface StorageChange {
  table: string;
  change: RowChange;
  rowId: number;
}

/** Why a change could not be applied (the applier's 1062 / 1032). */
export type ApplyFailure = { error: 'duplicate'; key: string } | { error: 'not_found' };

/** A table as some reader sees it. */
export interface TableView {
  readonly config: TableConfig;
  /** The row whose primary key is `pk` (as `primaryKeyOf` gives it). */
  byKey(pk: string): StoredRow | undefined;
  /** The row with hidden row id `rowId`. */
  byRowId(rowId: number): StoredRow | undefined;
  /** Every row, in no particular order. */
  all(): Iterable<StoredRow>;
}

/** An empty database with the declared tables. */
export function createDatabase(tables: readonly TableConfig[]): Database {
  const db: Database = { tables: new Map() };
  for (const config of tables) db.tables.set(config.name, emptyTable(config));
  return db;
}

/** A table with no rows yet. */
export function emptyTable(config: TableConfig): TableData {
  return { config, rows: new Map(), pkIndex: new Map(), snapshots: [], autoIncrement: 0 };
}

/** A deep copy (crash images). Row objects are copied, so later writes cannot leak into the copy. */
export function cloneDatabase(db: Database): Database {
  const out: Database = { tables: new Map() };
  for (const [name, t] of db.tables) out.tables.set(name, cloneTable(t));
  return out;
}

/** A copy of one table (without its snapshots). */
export function cloneTable(t: TableData): TableData {
  const rows = new Map<number, StoredRow>();
  for (const [id, r] of t.rows) rows.set(id, copyRow(r));
  return {
    config: t.config,
    rows,
    pkIndex: new Map(t.pkIndex),
    snapshots: [],
    autoIncrement: t.autoIncrement,
    ...(t.indexes ? { indexes: [...t.indexes] } : {}),
  };
}

function copyRow(r: StoredRow): StoredRow {
  return { rowId: r.rowId, values: { ...r.values }, writtenBy: r.writtenBy };
}

/** The primary-key value of a row as an index key; undefined for a table without a key. */
export function primaryKeyOf(config: TableConfig, values: Row): string | undefined {
  const pk = config.primaryKey;
  if (pk.length === 0) return undefined;
  if (pk.length === 1) {
    // JSON.stringify([v]) without the array.
    const v = values[pk[0]] ?? null;
    return typeof v === 'number' && Number.isFinite(v) ? `[${v}]` : `[${JSON.stringify(v)}]`;
  }
  return JSON.stringify(pk.map((c) => values[c] ?? null));
}

/** The key as MySQL prints it in `Duplicate entry '…'`: the values joined with '-'. */
export function primaryKeyText(config: TableConfig, values: Row): string {
  return config.primaryKey.map((c) => sqlValueText(values[c] ?? null)).join('-');
}

/** The lock key of a row: its primary key, or its hidden row id. */
export function lockKeyOf(config: TableConfig, row: StoredRow): string {
  const pk = primaryKeyOf(config, row.values);
  return `${config.name}/${pk ?? `#${row.rowId}`}`;
}

/** The lock key of a primary key about to be inserted. */
export function insertLockKey(config: TableConfig, values: Row): string | undefined {
  const pk = primaryKeyOf(config, values);
  return pk === undefined ? undefined : `${config.name}/${pk}`;
}

/** The key under which the trace logs a row: its primary key, or `#` and its hidden row id. */
export function rowLogKey(config: TableConfig, row: StoredRow): string {
  return primaryKeyOf(config, row.values) ?? `#${row.rowId}`;
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

/** The committed rows of a table as a view. */
export function committedView(t: TableData): TableView {
  return {
    config: t.config,
    byKey: (pk) => {
      const id = t.pkIndex.get(pk);
      return id === undefined ? undefined : t.rows.get(id);
    },
    byRowId: (rowId) => t.rows.get(rowId),
    all: () => t.rows.values(),
  };
}

/** Finds the row a before-image names: by primary key when the table has one, else by a full-row match (as the applier does). */
export function findRow(view: TableView, before: Row): StoredRow | undefined {
  const pk = primaryKeyOf(view.config, before);
  if (pk !== undefined) return view.byKey(pk);
  for (const row of view.all()) if (sameRow(view.config, row.values, before)) return row;
  return undefined;
}

/** Keeps, in every snapshot open on the table, the version of row `rowId` before it changes (once per snapshot). */
function preserve(table: TableData, rowId: number): void {
  if (table.snapshots.length === 0) return;
  const current = table.rows.get(rowId);
  for (const layer of table.snapshots) {
    if (layer.saved.has(rowId)) continue;
    layer.saved.set(rowId, current ? copyRow(current) : null);
    const pk = current ? primaryKeyOf(table.config, current.values) : undefined;
    if (pk !== undefined) layer.savedPk.set(pk, rowId);
  }
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
    preserve(table, id);
    const row: StoredRow = { rowId: id, values: { ...change.after }, writtenBy };
    table.rows.set(id, row);
    if (pk !== undefined) table.pkIndex.set(pk, id);
    noteAutoIncrement(table, row.values);
    table.observer?.(undefined, row);
    return undefined;
  }
  const existing =
    rowId !== undefined && config.primaryKey.length === 0 && table.rows.has(rowId)
      ? table.rows.get(rowId)
      : findRow(committedView(table), change.before);
  if (!existing) return { error: 'not_found' };
  const oldPk = primaryKeyOf(config, existing.values);
  if (change.kind === 'delete') {
    preserve(table, existing.rowId);
    table.rows.delete(existing.rowId);
    if (oldPk !== undefined) table.pkIndex.delete(oldPk);
    table.observer?.(existing, undefined);
    return undefined;
  }
  const newPk = primaryKeyOf(config, change.after);
  if (newPk !== undefined && newPk !== oldPk && table.pkIndex.has(newPk)) {
    return { error: 'duplicate', key: primaryKeyText(config, change.after) };
  }
  preserve(table, existing.rowId);
  // A new object, not an update in place: a consistent-read snapshot may hold the old one.
  const updated: StoredRow = { rowId: existing.rowId, values: { ...change.after }, writtenBy };
  table.rows.set(existing.rowId, updated);
  noteAutoIncrement(table, updated.values);
  if (oldPk !== undefined && newPk !== oldPk) {
    table.pkIndex.delete(oldPk);
    if (newPk !== undefined) table.pkIndex.set(newPk, existing.rowId);
  }
  table.observer?.(existing, updated);
  return undefined;
}

/** A row written with a value in the AUTO_INCREMENT column raises the table's counter past it (a replica's too). */
function noteAutoIncrement(table: TableData, values: Row): void {
  const column = table.config.columns.find((c) => c.autoIncrement);
  const v = column ? values[column.name] : undefined;
  if (typeof v === 'number' && v > table.autoIncrement) table.autoIncrement = v;
}

/** The highest AUTO_INCREMENT value among a table's rows (what MySQL 5.7 and earlier read back at startup). */
export function highestAutoIncrementValue(table: TableData): number {
  const column = table.config.columns.find((c) => c.autoIncrement);
  let max = 0;
  if (!column) return max;
  for (const row of table.rows.values()) {
    const v = row.values[column.name];
    if (typeof v === 'number' && v > max) max = v;
  }
  return max;
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
): { failure: ApplyFailure } | { undo: () => void; rowId: number } {
  if (change.kind === 'insert') {
    let id = 0;
    const failure = applyChange(table, change, writtenBy, () => (id = nextRowId()));
    return failure ? { failure } : { undo: () => removeRow(table, id), rowId: id };
  }
  const target = findRow(committedView(table), change.before);
  const saved = target ? copyRow(target) : undefined;
  const failure = applyChange(table, change, writtenBy, nextRowId, target?.rowId);
  if (failure || !saved) return { failure: failure ?? { error: 'not_found' } };
  return {
    undo: () => {
      removeRow(table, saved.rowId);
      table.rows.set(saved.rowId, saved);
      const pk = primaryKeyOf(table.config, saved.values);
      if (pk !== undefined) table.pkIndex.set(pk, saved.rowId);
      table.observer?.(undefined, saved);
    },
    rowId: saved.rowId,
  };
}

/** Removes a row by its row id. */
function removeRow(table: TableData, rowId: number): void {
  const row = table.rows.get(rowId);
  if (!row) return;
  preserve(table, rowId);
  table.rows.delete(rowId);
  const pk = primaryKeyOf(table.config, row.values);
  if (pk !== undefined && table.pkIndex.get(pk) === rowId) table.pkIndex.delete(pk);
  table.observer?.(row, undefined);
}

/** Takes a consistent-read snapshot of every table (REPEATABLE READ's read view). */
export function openSnapshot(db: Database): DbSnapshot {
  const layers = new Map<string, SnapshotLayer>();
  for (const [name, table] of db.tables) {
    const layer: SnapshotLayer = { saved: new Map(), savedPk: new Map() };
    table.snapshots.push(layer);
    layers.set(name, layer);
  }
  return { layers };
}

/** Ends a snapshot: its tables stop keeping old versions for it. */
export function closeSnapshot(db: Database, snapshot: DbSnapshot): void {
  for (const [name, layer] of snapshot.layers) {
    const table = db.tables.get(name);
    if (table) table.snapshots = table.snapshots.filter((l) => l !== layer);
  }
}

/** A table as a snapshot sees it: the committed rows, with the versions changed since replaced by the saved ones. */
export function snapshotView(table: TableData, layer: SnapshotLayer): TableView {
  return {
    config: table.config,
    byKey: (pk) => {
      const savedId = layer.savedPk.get(pk);
      if (savedId !== undefined) return layer.saved.get(savedId) ?? undefined;
      const id = table.pkIndex.get(pk);
      if (id === undefined || layer.saved.has(id)) return undefined;
      return table.rows.get(id);
    },
    byRowId: (rowId) => (layer.saved.has(rowId) ? (layer.saved.get(rowId) ?? undefined) : table.rows.get(rowId)),
    all: function* () {
      for (const row of table.rows.values()) if (!layer.saved.has(row.rowId)) yield row;
      for (const row of layer.saved.values()) if (row) yield row;
    },
  };
}

/**
 * A table as one transaction sees it: `base` with the transaction's own pending changes on `table` laid over it
 * (rows it wrote carry writer undefined: a read never reports the reader's own writes as someone else's).
 */
export function overlayView(base: TableView, pending: readonly StorageChange[], table: string): TableView {
  let mine: StorageChange[] | undefined;
  for (const c of pending) if (c.table === table) (mine ??= []).push(c);
  if (!mine) return base;
  const config = base.config;
  const rows = new Map<number, StoredRow | null>();
  const pks = new Map<string, number | null>();
  const byRowId = (rowId: number): StoredRow | undefined => (rows.has(rowId) ? (rows.get(rowId) ?? undefined) : base.byRowId(rowId));
  const byKey = (pk: string): StoredRow | undefined => {
    if (pks.has(pk)) {
      const id = pks.get(pk);
      return id === null || id === undefined ? undefined : (rows.get(id) ?? undefined);
    }
    const row = base.byKey(pk);
    if (!row || !rows.has(row.rowId)) return row;
    return rows.get(row.rowId) ?? undefined;
  };
  const view: TableView = {
    config,
    byKey,
    byRowId,
    all: function* () {
      for (const row of base.all()) if (!rows.has(row.rowId)) yield row;
      for (const row of rows.values()) if (row) yield row;
    },
  };
  for (const c of mine) {
    const change = c.change;
    if (change.kind === 'insert') {
      rows.set(c.rowId, { rowId: c.rowId, values: { ...change.after }, writtenBy: undefined });
      const pk = primaryKeyOf(config, change.after);
      if (pk !== undefined) pks.set(pk, c.rowId);
      continue;
    }
    const target = config.primaryKey.length === 0 ? byRowId(c.rowId) : findRow(view, change.before);
    if (!target) continue;
    const oldPk = primaryKeyOf(config, target.values);
    if (change.kind === 'delete') {
      rows.set(target.rowId, null);
      if (oldPk !== undefined) pks.set(oldPk, null);
      continue;
    }
    const newPk = primaryKeyOf(config, change.after);
    rows.set(target.rowId, { rowId: target.rowId, values: { ...change.after }, writtenBy: undefined });
    if (oldPk !== undefined && newPk !== oldPk) pks.set(oldPk, null);
    if (newPk !== undefined) pks.set(newPk, target.rowId);
  }
  return view;
}

/** A table holding exactly the rows of a view (for a scratch run of changes that move primary keys). */
export function materialize(view: TableView): TableData {
  const out = emptyTable(view.config);
  for (const row of view.all()) {
    out.rows.set(row.rowId, copyRow(row));
    const pk = primaryKeyOf(view.config, row.values);
    if (pk !== undefined) out.pkIndex.set(pk, row.rowId);
  }
  return out;
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
