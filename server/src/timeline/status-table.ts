/**
 * The state of every server at one instant, as the DBA would read it on each server: `SHOW MASTER STATUS`,
 * `SHOW SLAVE STATUS`, the GTID variables, `SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'`, and the rows. The webview
 * shows it at the time cursor, the HTML export at the end of the run; both render it with `renderStatusTableHtml`.
 */
import type { Micros } from '../model/scenario';
import { allStatusAt, rowsAfterStep } from '../trace/query';
import { formatMicros, type Row, type StatusValue, type TableRows, type Trace } from '../trace/trace';
import { escapeMarkup as esc, truncate } from './escape';
import { printedStatusName, printsReplicaNames } from '../model/status-variables';

/** One variable across the servers. */
export interface StatusTableRow {
  name: string;
  /** One value per server (null: not set there). */
  values: (string | null)[];
  /** True where the value changed at exactly this instant. */
  changed: boolean[];
}

/** A block of the table, titled by the statement that prints it. */
export interface StatusTableSection {
  title: string;
  rows: StatusTableRow[];
}

/** Every server's state at one instant. */
export interface StatusTable {
  time: Micros;
  servers: string[];
  sections: StatusTableSection[];
  /** Where the rows come from (`after line 12`, `end of run`), or null when no step has finished yet. */
  rowsSource: string | null;
}

const SECTIONS: { title: string; keys: readonly string[]; prefix?: string }[] = [
  { title: 'server', keys: ['Server_state', 'read_only'] },
  { title: 'SHOW MASTER STATUS', keys: ['File', 'Position', 'Executed_Gtid_Set'] },
  {
    title: 'SHOW SLAVE STATUS',
    keys: [
      'Master_Host',
      'Master_User',
      'Master_UUID',
      'Master_Log_File',
      'Read_Master_Log_Pos',
      'Relay_Log_File',
      'Relay_Log_Pos',
      'Relay_Master_Log_File',
      'Exec_Master_Log_Pos',
      'Slave_IO_Running',
      'Slave_SQL_Running',
      'Seconds_Behind_Master',
      'Last_IO_Errno',
      'Last_IO_Error',
      'Last_SQL_Errno',
      'Last_SQL_Error',
      'Retrieved_Gtid_Set',
      'Auto_Position',
      'Using_Gtid',
      'Gtid_IO_Pos',
    ],
  },
  { title: 'GTID', keys: ['gtid_executed', 'gtid_binlog_pos', 'gtid_slave_pos', 'gtid_current_pos'] },
  { title: "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'", keys: [], prefix: 'Rpl_semi_sync_' },
];

const KNOWN = new Set(SECTIONS.flatMap((s) => s.keys));

/**
 * The statements' and variables' names as the servers print them: MySQL 8.0.22+ and 8.4 say SHOW REPLICA STATUS,
 * `Source_Log_File`, `Replica_IO_Running`, … (8.4 also SHOW BINARY LOG STATUS and `Rpl_semi_sync_source_*`). Only when
 * every server of the file prints them: a mixed topology keeps the names the trace uses.
 */
function printedNames(trace: Trace): { name: (n: string) => string; title: (t: string) => string } {
  const flavors = new Set(trace.servers.map((s) => s.flavor));
  const [flavor] = [...flavors];
  if (flavors.size !== 1 || flavor === undefined || !printsReplicaNames(flavor)) return { name: (n) => n, title: (t) => t };
  return {
    name: (n) => printedStatusName(flavor, n),
    title: (t) =>
      t === 'SHOW SLAVE STATUS'
        ? 'SHOW REPLICA STATUS'
        : t === 'SHOW MASTER STATUS' && flavor === 'mysql-8.4'
          ? 'SHOW BINARY LOG STATUS'
          : t === "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'" && flavor === 'mysql-8.4'
            ? "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_source%'"
            : t,
  };
}

/** The state of every server of `trace` at `time` (every change at or before it applied). */
export function statusTableAt(trace: Trace, time: Micros): StatusTable {
  const servers = trace.servers.map((s) => s.name);
  const printed = printedNames(trace);
  const now = allStatusAt(trace, time);
  const before = allStatusAt(trace, time - 1);
  const keysOf = (pred: (k: string) => boolean) => {
    const keys = new Set<string>();
    for (const s of servers) for (const k of Object.keys(now[s] ?? {})) if (pred(k)) keys.add(k);
    return [...keys];
  };
  const row = (name: string): StatusTableRow => ({
    name: printed.name(name),
    values: servers.map((s) => show(now[s]?.[name])),
    changed: servers.map((s) => show(now[s]?.[name]) !== show(before[s]?.[name])),
  });
  const sections: StatusTableSection[] = [];
  for (const spec of SECTIONS) {
    let keys: string[];
    if (spec.prefix !== undefined) {
      const p = spec.prefix;
      keys = keysOf((k) => k.startsWith(p)).sort();
    } else {
      const present = new Set(keysOf((k) => spec.keys.includes(k)));
      keys = spec.keys.filter((k) => present.has(k));
    }
    if (keys.length > 0) sections.push({ title: printed.title(spec.title), rows: keys.map(row) });
  }
  const other = keysOf((k) => !KNOWN.has(k) && !k.startsWith('Rpl_semi_sync_')).sort();
  if (other.length > 0) sections.push({ title: 'other', rows: other.map(row) });

  const rows = rowsAt(trace, time);
  if (rows) {
    const tables = new Set<string>();
    for (const s of servers) for (const t of Object.keys(rows.rows[s] ?? {})) tables.add(t);
    sections.push({
      title: 'rows',
      rows: [...tables].sort().map((t) => ({
        name: t,
        values: servers.map((s) => {
          const list = rows.rows[s]?.[t];
          return list ? formatRows(list) : null;
        }),
        changed: servers.map(() => false),
      })),
    });
  }
  return { time, servers, sections, rowsSource: rows ? rows.source : null };
}

/** The rows at `time`: the snapshot after the last step finished by then, or the final rows at the end. */
function rowsAt(trace: Trace, time: Micros): { rows: Record<string, TableRows>; source: string } | null {
  if (time >= trace.endTime) return { rows: trace.rows, source: 'end of run' };
  let found: Trace['steps'][number] | undefined;
  for (const step of trace.steps) {
    if (step.end !== null && step.end <= time && (found === undefined || (found.end ?? 0) <= step.end)) found = step;
  }
  return found
    ? { rows: rowsAfterStep(trace, found.index), source: `after line ${found.line + 1} (${formatMicros(found.end ?? found.start)})` }
    : null;
}

function show(v: StatusValue | undefined): string | null {
  return v === undefined ? null : String(v);
}

/** `(1, 'a') (2, 'b')`, at most eight rows. */
export function formatRows(rows: Row[]): string {
  if (rows.length === 0) return 'empty';
  const shown = rows.slice(0, 8).map(
    (r) =>
      `(${Object.values(r)
        .map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`))
        .join(', ')})`,
  );
  return rows.length > 8 ? `${shown.join(' ')} … +${rows.length - 8}` : shown.join(' ');
}

/** The table as HTML (every value escaped); `changed` cells get the class `chg`. */
export function renderStatusTableHtml(table: StatusTable, caption?: string): string {
  const out: string[] = ['<table class="status">'];
  if (caption !== undefined) out.push(`<caption>${esc(caption)}</caption>`);
  out.push('<thead><tr><th scope="col"></th>');
  for (const s of table.servers) out.push(`<th scope="col">${esc(s)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const section of table.sections) {
    const title = section.title === 'rows' && table.rowsSource ? `rows (${table.rowsSource})` : section.title;
    out.push(`<tr class="sec"><th colspan="${table.servers.length + 1}" scope="colgroup">${esc(title)}</th></tr>`);
    for (const r of section.rows) {
      out.push(`<tr><th scope="row">${esc(r.name)}</th>`);
      r.values.forEach((v, i) => {
        // Short values (file names, positions) stay on one line; long ones (error messages, GTID sets, rows) wrap.
        const classes = [r.changed[i] ? 'chg' : v === null ? 'none' : '', v !== null && v.length > 32 ? 'long' : ''].filter(Boolean);
        const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
        out.push(`<td${cls}${v !== null && v.length > 240 ? ` title="${esc(v)}"` : ''}>${v === null ? '—' : esc(truncate(v, 240))}</td>`);
      });
      out.push('</tr>');
    }
  }
  out.push('</tbody></table>');
  return out.join('');
}
