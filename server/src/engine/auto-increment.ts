/**
 * AUTO_INCREMENT values as InnoDB and the server's handler generate them. A table keeps, per server, the largest
 * value it has had (InnoDB's counter, which a rollback does not give back: gaps are normal); a session draws the
 * next value from the series `offset + k × increment` of its `auto_increment_increment` / `auto_increment_offset`
 * (read from the global values when it connected), the first one above that largest value, and the next rows of the
 * same statement take the following values of the series. A replica applying a statement-format INSERT takes its
 * first value from the Intvar event (INSERT_ID) and the series from the Query event's Q_AUTO_INCREMENT, never from
 * its own settings, so that it generates what the source generated. Pure.
 */

/** A session's auto_increment_increment and auto_increment_offset. */
export interface AutoIncrementSettings {
  increment: number;
  offset: number;
}

/** The server defaults (1, 1): consecutive values. */
export const DEFAULT_AUTO_INCREMENT: AutoIncrementSettings = { increment: 1, offset: 1 };

/**
 * The first value of the series above `after` (handler.cc compute_next_insert_id). An offset greater than the
 * increment is ignored, as the manual says (the series is then the multiples of the increment plus one).
 */
export function nextAutoIncrementValue(after: number, settings: AutoIncrementSettings): number {
  const increment = Math.max(1, settings.increment);
  const offset = settings.offset > increment ? 1 : Math.max(1, settings.offset);
  if (increment === 1) return Math.max(after, 0) + 1;
  const base = Math.max(after, 0);
  return Math.floor((base + increment - offset) / increment) * increment + offset;
}

/**
 * Generates the AUTO_INCREMENT values of one INSERT statement, one row at a time. Each value is the next of the
 * series above everything used so far, explicit values of the statement included (handler.cc
 * adjust_next_insert_id_after_explicit_value: `(null), (7), (null)` with increment 2 and offset 2 gives 2, 7, 8).
 * A replica applying a statement-format event starts at the event's INSERT_ID and goes on from what the statement
 * itself used (its forced interval never asks the table), so it generates what the source did.
 */
export class AutoIncrementSequence {
  /** The first value this statement generated (the INSERT_ID its Intvar event carries in statement format). */
  first: number | undefined;
  /** The largest value this statement used, generated or explicit. */
  private statementMax = 0;
  private readonly forced: boolean;

  /** `tableMax`: the largest value the table has had; `forcedFirst`: the INSERT_ID of the event a replica applies. */
  constructor(
    private tableMax: number,
    private readonly settings: AutoIncrementSettings,
    private readonly forcedFirst: number | undefined,
  ) {
    this.forced = forcedFirst !== undefined;
  }

  /** The value for a row that asks for one. */
  next(): number {
    let value: number;
    if (this.forced) value = this.first === undefined ? this.forcedFirst! : nextAutoIncrementValue(this.statementMax, this.settings);
    else value = nextAutoIncrementValue(this.tableMax, this.settings);
    this.first ??= value;
    this.note(value);
    return value;
  }

  /** A value the statement used: later generated values go above it. */
  note(value: number): void {
    if (value > this.tableMax) this.tableMax = value;
    if (value > this.statementMax) this.statementMax = value;
  }

  /** The table's largest value after this statement (kept even when the statement fails or rolls back). */
  get max(): number {
    return this.tableMax;
  }
}
