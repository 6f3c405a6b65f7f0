/**
 * Checks tables and the SQL that uses them: columns exist, values fit their column's type (as MySQL's strict
 * mode would reject them), one primary key per table. Resolves statements for the engine.
 */
import type * as A from '../ast';
import type { ColumnType, ResolvedAssignment, ResolvedCondition, ResolvedStatement, SqlValue, TableConfig } from '../../model/scenario';
import { epochText, type NowCell, type NowForm } from '../../model/session-time';
import type { CheckContext } from './context';
import { closest } from './closest';

const INT_RANGES: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  mediumint: [-8388608, 8388607],
  int: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
const TYPES = [...Object.keys(INT_RANGES), 'varchar', 'char', 'text'];

export function checkTables(ctx: CheckContext, items: A.Item[], database: string): TableConfig[] {
  const tables: TableConfig[] = [];
  for (const decl of items.filter((i): i is A.TableDecl => i.kind === 'table')) {
    if (!ctx.declare('table', decl.name, decl.range, `table ${database}.${decl.name.text}`)) continue;
    tables.push(tableShape(ctx, decl, database, (col, detail, key) => ctx.declare('column', col.name, col.range, detail, key)));
  }
  return tables;
}

/**
 * The shape a `table t (…)` declaration or a `create table t (…)` statement gives: its columns with their types, one
 * primary key (its columns NOT NULL), AUTO_INCREMENT as MySQL allows it. `declareColumn` records each column's name.
 */
export function tableShape(
  ctx: CheckContext,
  decl: Pick<A.TableDecl, 'name' | 'columns' | 'primaryKeys' | 'range'>,
  database: string,
  declareColumn: (col: A.ColumnDecl, detail: string, key: string) => boolean,
): TableConfig {
  const columns: TableConfig['columns'] = [];
  for (const col of decl.columns) {
    const type = columnType(ctx, col);
    if (!declareColumn(col, columnDetail(col), `column:${decl.name.text}.${col.name.text}`)) continue;
    if (type) columns.push({ name: col.name.text, type, nullable: !col.notNull, ...(col.autoIncrement ? { autoIncrement: true } : {}) });
  }
  const [primary, ...extra] = decl.primaryKeys;
  for (const pk of extra)
    ctx.error(
      'duplicate-primary-key',
      pk.range,
      `table ${decl.name.text} already has a primary key (${primary?.columns.map((c) => c.text).join(', ')}): a table has at most one`,
    );
  const primaryKey: string[] = [];
  for (const c of primary?.columns ?? []) {
    if (!ctx.resolve(c, ['column'], 'column', decl.name.text)) continue;
    primaryKey.push(c.text);
    const column = columns.find((x) => x.name === c.text);
    if (column) column.nullable = false; // a primary key column is NOT NULL
  }
  checkAutoIncrement(ctx, decl, columns, primaryKey);
  return { database, name: decl.name.text, line: decl.range.start.line, columns, primaryKey };
}

/** `column v varchar(20) not null`, for hovers. */
export function columnDetail(col: A.ColumnDecl): string {
  return `column ${col.name.text} ${col.type.text}${col.length !== undefined ? `(${col.length})` : ''}${col.notNull ? ' not null' : ''}`;
}

/**
 * MySQL's rules for AUTO_INCREMENT: an integer column (else error 1063), at most one per table, and the first column
 * of a key (else 1075; the primary key is the only key a table has here). It is dropped from a column that breaks
 * them, so that nothing downstream generates values for it.
 */
function checkAutoIncrement(
  ctx: CheckContext,
  decl: Pick<A.TableDecl, 'columns'>,
  columns: TableConfig['columns'],
  primaryKey: string[],
): void {
  let seen = false;
  for (const col of decl.columns) {
    const range = col.autoIncrement;
    const column = columns.find((c) => c.name === col.name.text);
    if (!range || !column) continue;
    const fail = (message: string): void => {
      ctx.error('bad-value', range, message);
      delete column.autoIncrement;
    };
    if (!(column.type.base in INT_RANGES))
      fail(`incorrect column specifier for column '${column.name}': auto_increment needs an integer column (error 1063)`);
    else if (seen) fail('incorrect table definition; there can be only one auto column and it must be defined as a key (error 1075)');
    else if (primaryKey[0] !== column.name)
      fail(
        `incorrect table definition; there can be only one auto column and it must be defined as a key (error 1075): make '${column.name}' the primary key, or the first column of it`,
      );
    else seen = true;
  }
}

export function columnType(ctx: CheckContext, col: A.ColumnDecl): ColumnType | undefined {
  const base = col.type.text;
  if (base in INT_RANGES) {
    if (col.length !== undefined)
      ctx.warning(
        'doubtful-setting',
        col.type.range,
        `the display width of ${base}(${col.length}) changes nothing stored (and is deprecated in MySQL 8.0)`,
      );
    return { base: base as 'int' };
  }
  if (base === 'varchar' || base === 'char') {
    if (col.length === undefined) {
      if (base === 'char') return { base, length: 1 };
      ctx.error('bad-value', col.type.range, 'varchar needs a length: varchar(N)');
      return undefined;
    }
    const max = base === 'char' ? 255 : 65535;
    if (col.length < 1 || col.length > max) {
      ctx.error('out-of-range', col.type.range, `${base} length must be between 1 and ${max}`);
      return undefined;
    }
    return { base, length: col.length };
  }
  if (base === 'text') return { base };
  const suggestion = closest(base, TYPES);
  ctx.error('bad-value', col.type.range, `unknown column type '${base}': expected one of ${TYPES.join(', ')}`, suggestion);
  return undefined;
}

/** Resolves the table of a statement, checking an explicit database name. */
export function resolveTable(ctx: CheckContext, tables: TableConfig[], ref: A.TableRef): TableConfig | undefined {
  if (ref.database) {
    const db = tables[0]?.database ?? 'test';
    if (ref.database.text !== db) {
      ctx.error(
        'unknown-name',
        ref.database.range,
        `unknown database '${ref.database.text}': the tables are in '${db}' (declared with \`database\`)`,
        db,
      );
      return undefined;
    }
    ctx.resolve(ref.database, ['database'], 'database');
  }
  if (!ctx.resolve(ref.table, ['table'], 'table')) return undefined;
  return tables.find((t) => t.name === ref.table.text);
}

export function resolveColumn(ctx: CheckContext, table: TableConfig, name: A.Name): TableConfig['columns'][number] | undefined {
  if (!ctx.resolve(name, ['column'], 'column', table.name)) return undefined;
  const column = table.columns.find((c) => c.name === name.text);
  if (!column)
    ctx.error(
      'unknown-column',
      name.range,
      `table ${table.name} has no column '${name.text}' at this point of the script: an alter table drops it before, or adds it after`,
    );
  return column;
}

/** The literal's value if it fits the column, as MySQL's strict mode stores it; reports why not otherwise. */
export function checkValue(
  ctx: CheckContext,
  column: TableConfig['columns'][number],
  literal: A.Literal,
): { ok: boolean; value: SqlValue; now?: NowForm } {
  const bad = (message: string) => {
    ctx.error('type-mismatch', literal.range, message);
    return { ok: false, value: null };
  };
  // `$i` outside a loop: the loop expansion has said so.
  if (literal.kind === 'counter') return { ok: false, value: null };
  if (literal.kind === 'now') return nowIn(column, bad);
  if (literal.kind === 'null') return column.nullable ? { ok: true, value: null } : bad(`column '${column.name}' cannot be null`);
  const t = column.type;
  if (t.base === 'varchar' || t.base === 'char' || t.base === 'text') {
    const text = literal.kind === 'string' ? literal.value : String(literal.value);
    const max = t.base === 'text' ? 65535 : t.length;
    if ([...text].length > max) return bad(`data too long for column '${column.name}' (${t.base}(${max})): error 1406 in strict mode`);
    return { ok: true, value: text };
  }
  const [min, max] = INT_RANGES[t.base];
  let n: number;
  if (literal.kind === 'string') {
    if (!/^\s*-?\d+\s*$/.test(literal.value))
      return bad(`incorrect integer value '${literal.value}' for column '${column.name}': error 1366 in strict mode`);
    n = Number.parseInt(literal.value, 10);
  } else if (literal.kind === 'decimal') {
    n = Math.round(literal.value);
  } else {
    n = literal.value;
  }
  if (n < min || n > max) return bad(`out of range value for column '${column.name}' (${t.base}): error 1264 in strict mode`);
  return { ok: true, value: n };
}

/** How `now()` is stored in the column, as MySQL's strict mode would (DATETIME text, or its number in a BIGINT). */
function nowIn(
  column: TableConfig['columns'][number],
  bad: (message: string) => { ok: boolean; value: SqlValue },
): { ok: boolean; value: SqlValue; now?: NowForm } {
  const t = column.type;
  if (t.base === 'varchar' || t.base === 'char' || t.base === 'text') {
    if (t.base !== 'text' && t.length < 19)
      return bad(
        `data too long for column '${column.name}' (${t.base}(${t.length})): now() is 19 characters ('${epochText}'), error 1406 in strict mode`,
      );
    return { ok: true, value: null, now: 'datetime' };
  }
  if (t.base === 'bigint') return { ok: true, value: null, now: 'number' };
  return bad(
    `out of range value for column '${column.name}' (${t.base}): now() as a number is YYYYMMDDhhmmss, which only a bigint holds (error 1264 in strict mode); a char(19) column keeps it as text`,
  );
}

/** `now()` where a value is compared, not written: there it would be the checker's guess of a time. */
function nowNotHere(ctx: CheckContext, literal: A.Literal, where: string): boolean {
  if (literal.kind !== 'now') return false;
  ctx.error(
    'type-mismatch',
    literal.range,
    `now() is a value to write, not to compare in ${where}: write the time as MySQL prints it ('${epochText}')`,
  );
  return true;
}

function conditions(ctx: CheckContext, table: TableConfig, where: A.Condition[]): ResolvedCondition[] | undefined {
  const out: ResolvedCondition[] = [];
  let ok = true;
  for (const c of where) {
    const column = resolveColumn(ctx, table, c.column);
    if (!column) {
      ok = false;
      continue;
    }
    const values = c.values.map((v) =>
      v.kind === 'null'
        ? { ok: true, value: null }
        : nowNotHere(ctx, v, 'a WHERE')
          ? { ok: false, value: null }
          : checkValue(ctx, { ...column, nullable: true }, v),
    );
    if (values.some((v) => !v.ok)) ok = false;
    out.push({ column: column.name, op: c.op, values: values.map((v) => v.value) });
  }
  return ok ? out : undefined;
}

/** The assignments of an UPDATE or of `on duplicate key update`, checked against the columns; null when one is wrong. */
function assignments(
  ctx: CheckContext,
  table: TableConfig,
  written: A.Assignment[],
  now?: { index: number; form: NowForm }[],
): ResolvedAssignment[] | null {
  let ok = true;
  const set: ResolvedAssignment[] = [];
  for (const a of written) {
    const column = resolveColumn(ctx, table, a.column);
    if (!column) {
      ok = false;
      continue;
    }
    if (a.value.kind === 'literal') {
      const checked = checkValue(ctx, column, a.value.literal);
      ok &&= checked.ok;
      if (checked.now) now?.push({ index: set.length, form: checked.now });
      set.push({ column: column.name, value: checked.value });
    } else {
      const from = resolveColumn(ctx, table, a.value.column);
      if (!from) {
        ok = false;
        continue;
      }
      if (a.value.delta !== 0 && !(from.type.base in INT_RANGES)) {
        ctx.error('type-mismatch', a.value.range, `'${from.name}' is not a number: arithmetic needs an integer column`);
        ok = false;
      }
      set.push({ column: column.name, fromColumn: from.name, delta: a.value.delta });
    }
  }
  return ok ? set : null;
}

/** Checks one SQL statement against the schema and resolves it; undefined when it has an error. */
export function resolveStatement(
  ctx: CheckContext,
  tables: TableConfig[],
  s: Exclude<A.SqlStatement, A.Retry | A.Ddl>,
): ResolvedStatement | undefined {
  const line = s.range.start.line;
  switch (s.kind) {
    case 'begin':
    case 'commit':
    case 'rollback':
      return { kind: s.kind, line, text: s.text };
    case 'insert': {
      const table = resolveTable(ctx, tables, s.table);
      if (!table) return undefined;
      const columns = s.columns ? s.columns.map((c) => resolveColumn(ctx, table, c)) : table.columns;
      if (columns.some((c) => !c)) return undefined;
      const named = columns as TableConfig['columns'];
      const rows: Record<string, SqlValue>[] = [];
      const now: NowCell[] = [];
      let ok = true;
      for (const tuple of s.rows) {
        if (tuple.length !== named.length) {
          const range = tuple[0] ? { start: tuple[0].range.start, end: tuple[tuple.length - 1].range.end } : s.range;
          ctx.error(
            'type-mismatch',
            range,
            `column count doesn't match value count: ${named.length} column${named.length === 1 ? '' : 's'}, ${tuple.length} value${tuple.length === 1 ? '' : 's'} (error 1136)`,
          );
          ok = false;
          continue;
        }
        const row: Record<string, SqlValue> = Object.fromEntries(table.columns.map((c) => [c.name, null]));
        tuple.forEach((literal, i) => {
          const column = named[i];
          // NULL or 0 in an AUTO_INCREMENT column asks for the next value (NULL here, generated by the server).
          const checked = column.autoIncrement ? checkValue(ctx, { ...column, nullable: true }, literal) : checkValue(ctx, column, literal);
          ok &&= checked.ok;
          if (checked.now) now.push({ in: 'row', row: rows.length, column: column.name, form: checked.now });
          row[column.name] = column.autoIncrement && checked.value === 0 ? null : checked.value;
        });
        for (const c of table.columns) {
          if (!c.nullable && !c.autoIncrement && row[c.name] === null && !named.includes(c)) {
            ctx.error('type-mismatch', s.table.range, `field '${c.name}' doesn't have a default value (error 1364 in strict mode)`);
            ok = false;
          }
        }
        rows.push(row);
      }
      const duplicateNow: { index: number; form: NowForm }[] = [];
      const onDuplicate = s.onDuplicate ? assignments(ctx, table, s.onDuplicate, duplicateNow) : undefined;
      for (const c of duplicateNow) now.push({ in: 'onDuplicate', ...c });
      if (onDuplicate === null) return undefined;
      const onConflict = s.onDuplicate ? 'update' : s.mode === 'insert' ? undefined : s.mode;
      if (onConflict && table.primaryKey.length === 0) {
        const what = onConflict === 'update' ? 'on duplicate key update' : onConflict === 'ignore' ? 'insert ignore' : 'replace';
        ctx.warning(
          'doubtful-setting',
          s.table.range,
          `table ${table.name} has no primary key: no row can be a duplicate, so \`${what}\` always inserts, as a plain insert does`,
        );
      }
      if (!ok) return undefined;
      return {
        kind: 'insert',
        line,
        text: s.text,
        table: table.name,
        rows,
        ...(onConflict ? { onConflict } : {}),
        ...(onDuplicate ? { onDuplicate } : {}),
        ...(now.length > 0 ? { now } : {}),
      };
    }
    case 'update': {
      const table = resolveTable(ctx, tables, s.table);
      if (!table) return undefined;
      const setNow: { index: number; form: NowForm }[] = [];
      const set = assignments(ctx, table, s.assignments, setNow);
      const where = conditions(ctx, table, s.where);
      const now: NowCell[] = setNow.map((c) => ({ in: 'set', ...c }));
      return set && where
        ? { kind: 'update', line, text: s.text, table: table.name, set, where, ...(now.length > 0 ? { now } : {}) }
        : undefined;
    }
    case 'delete': {
      const table = resolveTable(ctx, tables, s.table);
      if (!table) return undefined;
      const where = conditions(ctx, table, s.where);
      return where ? { kind: 'delete', line, text: s.text, table: table.name, where } : undefined;
    }
    case 'select': {
      const table = resolveTable(ctx, tables, s.table);
      if (!table) return undefined;
      const columns = s.columns?.map((c) => resolveColumn(ctx, table, c)?.name);
      const where = conditions(ctx, table, s.where);
      if (!where || columns?.some((c) => c === undefined)) return undefined;
      return {
        kind: 'select',
        line,
        text: s.text,
        table: table.name,
        columns: (columns as string[] | undefined) ?? '*',
        count: s.count,
        where,
        forUpdate: s.forUpdate,
      };
    }
  }
}

/** Checks a row pattern of an expectation (`t(id=2)`) and returns its values. */
export function resolveRowMatch(
  ctx: CheckContext,
  tables: TableConfig[],
  ref: A.TableRef,
  match: { column: A.Name; value: A.Literal }[],
): { table: string; match: Record<string, SqlValue> } | undefined {
  const table = resolveTable(ctx, tables, ref);
  if (!table) return undefined;
  const out: Record<string, SqlValue> = {};
  let ok = true;
  for (const m of match) {
    const column = resolveColumn(ctx, table, m.column);
    if (!column) {
      ok = false;
      continue;
    }
    const checked = nowNotHere(ctx, m.value, 'an expectation')
      ? { ok: false, value: null }
      : checkValue(ctx, { ...column, nullable: true }, m.value);
    ok &&= checked.ok;
    out[column.name] = checked.value;
  }
  return ok ? { table: table.name, match: out } : undefined;
}
