/**
 * `now()`: the time a statement started, as the server's session sees it. MySQL fixes it when the statement begins
 * (every `now()` of one statement is the same), in whole seconds for NOW() without a precision. Virtual time 0 is
 * `epochText`; a DATETIME column is written as a `char(19)`/`varchar`/`text` here, in MySQL's own format
 * (`'2025-01-01 00:00:03'`), and a BIGINT column takes NOW()'s numeric form (20250101000003), as MySQL stores it.
 *
 * A replica never asks its own clock: in STATEMENT format the Query event carries the source's statement time (the
 * event header's timestamp, which the applier sets as its session's timestamp), so `now()` gives the source's value;
 * in ROW format the value is in the row image.
 */
import type { Micros, ResolvedAssignment, ResolvedStatement, SqlValue } from './scenario';

/** What virtual time 0 is on every server's clock. */
export const epochText = '2025-01-01 00:00:00';
const epochMillis = Date.UTC(2025, 0, 1);

/** How a column stores `now()`: the DATETIME text, or its YYYYMMDDhhmmss number (a BIGINT column). */
export type NowForm = 'datetime' | 'number';

/** A value of a statement that is `now()`: a cell of an inserted row, or an assignment (UPDATE … SET, ON DUPLICATE KEY UPDATE). */
export type NowCell =
  { in: 'row'; row: number; column: string; form: NowForm } | { in: 'set' | 'onDuplicate'; index: number; form: NowForm };

/** `'2025-01-01 00:00:03'`: the DATETIME at a virtual time, in whole seconds. */
export function datetimeAt(time: Micros): string {
  const iso = new Date(epochMillis + Math.floor(time / 1_000_000) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The Unix timestamp of a virtual time, as `SET TIMESTAMP` takes it (seconds, to the microsecond). */
export function sessionTimestamp(time: Micros): string {
  const micros = epochMillis * 1000 + Math.max(0, Math.floor(time));
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** `now()` at a virtual time, in the column's form. */
export function nowValue(time: Micros, form: NowForm): SqlValue {
  const text = datetimeAt(time);
  return form === 'datetime' ? text : Number(text.replace(/\D/g, ''));
}

/** The statement calls now(): its value depends on when it runs (and its Query event says so). */
export function readsClock(stmt: ResolvedStatement): boolean {
  return 'now' in stmt && stmt.now !== undefined && stmt.now.length > 0;
}

/** The statement with each `now()` replaced by its value at `time`; the statement itself when it has none. */
export function atSessionTime(stmt: ResolvedStatement, time: Micros): ResolvedStatement {
  if (!readsClock(stmt) || !('now' in stmt) || !stmt.now) return stmt;
  const cells = stmt.now;
  const set = (list: ResolvedAssignment[] | undefined, where: 'set' | 'onDuplicate') =>
    list?.map((a, index) => {
      const cell = cells.find((c) => c.in === where && c.index === index);
      return cell ? { column: a.column, value: nowValue(time, cell.form) } : a;
    });
  if (stmt.kind === 'insert') {
    const rows = stmt.rows.map((row, r) => {
      const filled = { ...row };
      for (const c of cells) if (c.in === 'row' && c.row === r) filled[c.column] = nowValue(time, c.form);
      return filled;
    });
    const onDuplicate = set(stmt.onDuplicate, 'onDuplicate');
    return { ...stmt, rows, ...(onDuplicate ? { onDuplicate } : {}) };
  }
  if (stmt.kind === 'update') return { ...stmt, set: set(stmt.set, 'set') ?? stmt.set };
  return stmt;
}
