/**
 * The schema as the script changes it: the declared tables, then each client DDL in file order (`create table`,
 * `alter table … add/drop column`, `drop table`, `truncate table`, `create index`). Each statement is checked against
 * the shape its table has at that point, so a row inserted after `add column` may give the new column.
 *
 * Which server runs a DDL, and when, is the engine's to decide: a `create table` of a table that exists at that point
 * of the file, or a statement on a table an earlier DDL dropped, is not an error here but information (the server
 * answers 1050 or 1146 if it still is so when the statement runs). A table that no declaration and no earlier DDL
 * creates is an unknown name, as before.
 */
import type * as A from '../ast';
import type { ColumnConfig, DdlOperation, ResolvedStatement, TableConfig } from '../../model/scenario';
import type { CheckContext } from './context';
import { columnDetail, columnType, tableShape } from './schema';

/** Where a table stands at some point of the script. */
interface TableState {
  /** Its shape: the current one, or the last it had before a DDL dropped it. */
  table: TableConfig;
  /** The line of the DDL that dropped it, while it is gone. */
  droppedOn?: number;
  /** The indexes `create index` gave it. */
  indexes: string[];
}

export class ScriptSchema {
  private readonly states = new Map<string, TableState>();
  /** The tables as expectations see them (every table known so far, in the last shape it had); the same array until a DDL. */
  private knownView: TableConfig[];

  constructor(
    private readonly database: string,
    declared: TableConfig[],
  ) {
    for (const table of declared) this.states.set(table.name, { table, indexes: [] });
    this.knownView = declared;
  }

  /** Every table known at this point, dropped ones in their last shape (what an expectation may name). */
  known(): TableConfig[] {
    return this.knownView;
  }

  /**
   * The tables a data statement on `ref` resolves against. A table an earlier DDL dropped resolves to its last shape,
   * with an information: the server decides (1146 if it is still gone when the statement runs).
   */
  tablesFor(ctx: CheckContext, ref: A.TableRef | undefined): TableConfig[] {
    const state = ref ? this.states.get(ref.table.text) : undefined;
    if (ref && state?.droppedOn !== undefined)
      ctx.report(
        'unknown-name',
        'information',
        ref.table.range,
        `table '${ref.table.text}' was dropped on line ${state.droppedOn + 1}: unless it is created again first, the server answers ` +
          `error 1146 (Table '${this.database}.${ref.table.text}' doesn't exist)`,
      );
    return this.knownView;
  }

  /** Checks a DDL statement against the schema at this point, resolves it, and changes the schema as it would. */
  resolveDdl(ctx: CheckContext, s: A.Ddl): ResolvedStatement | undefined {
    if (!this.checkDatabase(ctx, s.table)) return undefined;
    const name = s.table.table;
    const line = s.range.start.line;
    const resolved = (ddl: DdlOperation): ResolvedStatement => ({ kind: 'ddl', line, text: s.text, table: name.text, ddl });
    const op = s.op;
    if (op.kind === 'createTable') {
      ctx.declareOrReference('table', name, s.range, `table ${this.database}.${name.text} (created on line ${line + 1})`);
      const errors = ctx.diagnostics.filter((d) => d.severity === 'error').length;
      const table = tableShape(
        ctx,
        { name, columns: op.columns, primaryKeys: op.primaryKeys, range: s.range },
        this.database,
        (col, detail, key) => ctx.declareOrReference('column', col.name, col.range, detail, key),
      );
      if (ctx.diagnostics.filter((d) => d.severity === 'error').length > errors) return undefined;
      const names = new Set<string>();
      for (const col of op.columns) {
        if (names.has(col.name.text.toLowerCase())) {
          ctx.error('duplicate-name', col.name.range, `duplicate column name '${col.name.text}' (error 1060)`);
          return undefined;
        }
        names.add(col.name.text.toLowerCase());
      }
      const state = this.states.get(name.text);
      // A table that exists at this point may not exist on the server that runs this (a DDL on another server, or one
      // that failed): the new shape is the one the statements after it are checked against.
      if (state && state.droppedOn === undefined)
        this.inform(
          ctx,
          name,
          `table '${name.text}' exists at this point (${this.origin(state)}): where it still does when this runs, the server answers ` +
            `error 1050 (Table '${name.text}' already exists) and logs nothing; the statements after this one are checked against the new shape`,
        );
      this.set(name.text, { table, indexes: [] });
      return resolved({ op: 'createTable', table });
    }
    if (!ctx.resolve(name, ['table'], 'table')) return undefined;
    const state = this.states.get(name.text);
    if (!state) return undefined;
    const gone = state.droppedOn !== undefined;
    const missing = (): void =>
      this.inform(
        ctx,
        name,
        `table '${name.text}' was dropped on line ${(state.droppedOn ?? 0) + 1}: unless it is created again first, the server answers ` +
          (op.kind === 'dropTable'
            ? `error 1051 (Unknown table '${this.database}.${name.text}')`
            : `error 1146 (Table '${this.database}.${name.text}' doesn't exist)`),
      );
    switch (op.kind) {
      case 'dropTable':
        if (gone) missing();
        else this.set(name.text, { ...state, droppedOn: line, indexes: [] });
        return resolved({ op: 'dropTable', table: name.text });
      case 'truncate':
        if (gone) missing();
        return resolved({ op: 'truncate', table: name.text });
      case 'addColumn': {
        const column = this.addedColumn(ctx, op.column, op.primaryKey);
        if (!column) return undefined;
        ctx.declareOrReference(
          'column',
          op.column.name,
          op.column.range,
          columnDetail(op.column),
          `column:${name.text}.${op.column.name.text}`,
        );
        if (gone) missing();
        else if (state.table.columns.some((c) => c.name.toLowerCase() === column.name.toLowerCase()))
          this.inform(
            ctx,
            op.column.name,
            `table '${name.text}' has a column '${column.name}' at this point: the server answers error 1060 (Duplicate column name '${column.name}')`,
          );
        else this.set(name.text, { ...state, table: { ...state.table, columns: [...state.table.columns, column] } });
        return resolved({ op: 'addColumn', table: name.text, column });
      }
      case 'dropColumn': {
        const dropped = op.column.text;
        const key = `column:${name.text}.${dropped}`;
        if (ctx.symbols.declarations.has(key)) ctx.symbols.references.push({ key, name: op.column });
        if (state.table.primaryKey.includes(dropped)) {
          ctx.error(
            'bad-value',
            op.column.range,
            `'${dropped}' is in the primary key of ${name.text}: dropping a key column is not modelled`,
          );
          return undefined;
        }
        if (gone) missing();
        else if (!state.table.columns.some((c) => c.name === dropped))
          this.inform(ctx, op.column, `table '${name.text}' has no column '${dropped}' at this point: the server answers error 1091`);
        else if (state.table.columns.length === 1) {
          ctx.error(
            'bad-value',
            op.column.range,
            `'${dropped}' is the only column of ${name.text}: ALTER TABLE cannot drop every column (error 1090); use drop table`,
          );
          return undefined;
        } else this.set(name.text, { ...state, table: { ...state.table, columns: state.table.columns.filter((c) => c.name !== dropped) } });
        return resolved({ op: 'dropColumn', table: name.text, column: dropped });
      }
      case 'createIndex': {
        for (const c of op.columns) {
          // A column the table had once (dropped since) is for the server to refuse (1072); one it never had is unknown.
          if (!ctx.resolve(c, ['column'], 'column', name.text)) return undefined;
          if (!gone && !state.table.columns.some((x) => x.name === c.text))
            this.inform(ctx, c, `table '${name.text}' has no column '${c.text}' at this point: the server answers error 1072`);
        }
        if (gone) missing();
        else if (state.indexes.includes(op.index.text))
          this.inform(
            ctx,
            op.index,
            `table '${name.text}' already has an index '${op.index.text}': the server answers error 1061 (Duplicate key name '${op.index.text}')`,
          );
        else this.set(name.text, { ...state, indexes: [...state.indexes, op.index.text] });
        return resolved({ op: 'createIndex', table: name.text, index: op.index.text, columns: op.columns.map((c) => c.text) });
      }
    }
  }

  /** The column `add column` gives, checked as a declaration's; the key and AUTO_INCREMENT of a new column are not modelled. */
  private addedColumn(ctx: CheckContext, col: A.ColumnDecl, primaryKey: A.Range | undefined): ColumnConfig | undefined {
    const type = columnType(ctx, col);
    if (!type) return undefined;
    if (primaryKey) {
      ctx.error('bad-value', primaryKey, 'adding a primary key column is not modelled: declare the key when the table is created');
      return undefined;
    }
    if (col.autoIncrement) {
      ctx.error('bad-value', col.autoIncrement, 'an added AUTO_INCREMENT column needs a key (error 1075): not modelled');
      return undefined;
    }
    return { name: col.name.text, type, nullable: !col.notNull };
  }

  /** `create table d.t`: the database, if written, must be the scenario's. */
  private checkDatabase(ctx: CheckContext, ref: A.TableRef): boolean {
    if (!ref.database) return true;
    if (ref.database.text !== this.database) {
      ctx.error(
        'unknown-name',
        ref.database.range,
        `unknown database '${ref.database.text}': the tables are in '${this.database}' (declared with \`database\`)`,
        this.database,
      );
      return false;
    }
    ctx.resolve(ref.database, ['database'], 'database');
    return true;
  }

  private origin(state: TableState): string {
    return `declared or created on line ${state.table.line + 1}`;
  }

  private inform(ctx: CheckContext, name: A.Name, message: string): void {
    ctx.report('unknown-name', 'information', name.range, message);
  }

  private set(name: string, state: TableState): void {
    this.states.set(name, state);
    this.knownView = [...this.states.values()].map((s) => s.table);
  }
}
