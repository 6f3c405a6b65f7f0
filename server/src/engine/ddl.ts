/**
 * A client's DDL on one server's data: whether the server refuses it (with MySQL's or MariaDB's error and text), and
 * the schema change itself. The same functions serve the source (the client gets the error, nothing is logged) and
 * the replica's SQL thread (the error stops it), where MariaDB's slave_ddl_exec_mode=IDEMPOTENT turns CREATE TABLE
 * into CREATE OR REPLACE TABLE and DROP TABLE into DROP TABLE IF EXISTS. Pure but for the database it changes.
 */
import type { ColumnConfig, DdlOperation, Flavor, SqlValue, TableConfig } from '../model/scenario';
import { ddlErrors } from './messages';
import { emptyTable, primaryKeyOf, type Database, type TableData } from './storage';

/** How a server runs the DDL: as a client's statement, or as its applier does under slave_ddl_exec_mode. */
export type DdlMode = 'client' | 'strict' | 'idempotent';

/** What running a DDL on a server comes to: refused with an error, or run (perhaps as its idempotent variant). */
export type DdlVerdict = { kind: 'error'; code: number; message: string } | { kind: 'ok'; effect?: 'replaced' | 'nothing_to_drop' };

/** The table a DDL names. */
export function ddlTable(ddl: DdlOperation): string {
  return ddl.op === 'createTable' ? ddl.table.name : ddl.table;
}

/** Whether the server refuses the DDL, and how it runs it when it does not. */
export function ddlVerdict(flavor: Flavor, db: Database, database: string, ddl: DdlOperation, mode: DdlMode): DdlVerdict {
  const name = ddlTable(ddl);
  const table = db.tables.get(name);
  const idempotent = mode === 'idempotent';
  const error = (e: { code: number; message: string }): DdlVerdict => ({ kind: 'error', ...e });
  switch (ddl.op) {
    case 'createTable':
      if (!table) return { kind: 'ok' };
      return idempotent ? { kind: 'ok', effect: 'replaced' } : error(ddlErrors.tableExists(name));
    case 'dropTable':
      if (table) return { kind: 'ok' };
      return idempotent ? { kind: 'ok', effect: 'nothing_to_drop' } : error(ddlErrors.unknownTable(flavor, database, name));
    case 'truncate':
      return table ? { kind: 'ok' } : error(ddlErrors.noSuchTable(database, name));
    case 'addColumn':
      if (!table) return error(ddlErrors.noSuchTable(database, name));
      if (table.config.columns.some((c) => c.name.toLowerCase() === ddl.column.name.toLowerCase()))
        return error(ddlErrors.duplicateColumn(ddl.column.name));
      return { kind: 'ok' };
    case 'dropColumn':
      if (!table) return error(ddlErrors.noSuchTable(database, name));
      if (!table.config.columns.some((c) => c.name === ddl.column)) return error(ddlErrors.cantDropColumn(flavor, ddl.column));
      if (table.config.columns.length === 1) return error(ddlErrors.cantDropAllColumns);
      return { kind: 'ok' };
    case 'createIndex': {
      if (!table) return error(ddlErrors.noSuchTable(database, name));
      const missing = ddl.columns.find((c) => !table.config.columns.some((x) => x.name === c));
      if (missing !== undefined) return error(ddlErrors.keyColumnMissing(missing));
      if ((table.indexes ?? []).includes(ddl.index) || ddl.index.toUpperCase() === 'PRIMARY')
        return error(ddlErrors.duplicateKeyName(ddl.index));
      return { kind: 'ok' };
    }
  }
}

/**
 * Runs a DDL the server accepted (see `ddlVerdict`) on its data. Every row that goes (DROP, TRUNCATE, a table
 * replaced) is told to the table's observer, as a DELETE would be; a new shape keeps the rows, with an added column's
 * implicit default (NULL, or 0 / '' for NOT NULL) or without a dropped column.
 */
export function applyDdl(db: Database, ddl: DdlOperation): void {
  const name = ddlTable(ddl);
  const table = db.tables.get(name);
  switch (ddl.op) {
    case 'createTable':
      if (table) removeRows(table);
      db.tables.set(name, { ...emptyTable(ddl.table), ...(table?.observer ? { observer: table.observer } : {}) });
      return;
    case 'dropTable':
      if (!table) return;
      removeRows(table);
      db.tables.delete(name);
      return;
    case 'truncate':
      if (!table) return;
      removeRows(table);
      // TRUNCATE recreates the table: its AUTO_INCREMENT counter starts again.
      table.autoIncrement = 0;
      return;
    case 'addColumn': {
      if (!table) return;
      const value = implicitDefault(ddl.column);
      reshape(table, { ...table.config, columns: [...table.config.columns, ddl.column] }, (values) => ({
        ...values,
        [ddl.column.name]: value,
      }));
      return;
    }
    case 'dropColumn': {
      if (!table) return;
      const config: TableConfig = {
        ...table.config,
        columns: table.config.columns.filter((c) => c.name !== ddl.column),
        primaryKey: table.config.primaryKey.filter((c) => c !== ddl.column),
      };
      reshape(table, config, (values) => {
        const { [ddl.column]: _dropped, ...rest } = values;
        return rest;
      });
      return;
    }
    case 'createIndex':
      if (table) table.indexes = [...(table.indexes ?? []), ddl.index];
      return;
  }
}

/** The value an added column gives the rows already there: NULL, or the type's implicit default when NOT NULL. */
function implicitDefault(column: ColumnConfig): SqlValue {
  if (column.nullable) return null;
  return column.type.base === 'varchar' || column.type.base === 'char' || column.type.base === 'text' ? '' : 0;
}

/** Every row leaves the table (the row log sees each go). */
function removeRows(table: TableData): void {
  const rows = [...table.rows.values()];
  table.rows.clear();
  table.pkIndex.clear();
  for (const row of rows) table.observer?.(row, undefined);
}

/** ALTER TABLE copies the rows into the new shape; the row log sees each row as it now is. */
function reshape(table: TableData, config: TableConfig, convert: (values: Record<string, SqlValue>) => Record<string, SqlValue>): void {
  table.config = config;
  table.pkIndex.clear();
  for (const row of table.rows.values()) {
    const before = { ...row, values: { ...row.values } };
    row.values = convert(row.values);
    const pk = primaryKeyOf(config, row.values);
    if (pk !== undefined) table.pkIndex.set(pk, row.rowId);
    table.observer?.(before, row);
  }
}
