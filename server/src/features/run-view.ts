/**
 * What the run says about one line of the file, in words: the hover section of a step or trigger and the
 * inlay hint of a transaction. Pure functions of the trace, shared by the hover and inlay-hint handlers.
 */
import { mdCell, mdText } from './markdown';
import { allStatusAt, eventsOfLine, statusAfterStep, stepsAtLine } from '../trace/query';
import { formatMicros, type RunSummary, type ServerStatus, type Trace, type TraceTransaction } from '../trace/trace';
import type { Flavor } from '../model/scenario';
import { printedStatusName } from '../model/status-variables';

/** `mysql-bin.000001:157→434`. */
export function formatCoordinates(c: { file: string; start: number; end: number }): string {
  return `${c.file}:${c.start}→${c.end}`;
}

/** The fate of a transaction in a few words, from the verdicts and where it ended up. */
export function transactionFate(run: Pick<RunSummary, 'verdicts'>, txn: TraceTransaction): string {
  const verdict = (kind: string) => run.verdicts.some((v) => v.kind === kind && v.txn === txn.id);
  if (verdict('lost_acknowledged_commit')) return 'acked, then lost';
  if (verdict('duplicate_by_retry')) return 'duplicated by retry';
  if (verdict('committed_after_error')) return `got ${outcomeWords(txn)}, yet committed`;
  if (verdict('read_not_durable')) return 'read, then lost';
  if (txn.rolledBack) return 'rolled back';
  if (txn.outcome.kind === 'pending') return 'still pending';
  if (txn.outcome.kind !== 'ok') return outcomeWords(txn);
  const servers = Object.values(txn.presence);
  const on = Object.entries(txn.presence)
    .filter(([, p]) => p === 'present')
    .map(([s]) => s);
  if (on.length === 0) return 'on no server';
  if (on.length === servers.length && on.length > 2) return `on all ${on.length} servers`;
  return `on ${on.join(', ')}`;
}

function outcomeWords(txn: TraceTransaction): string {
  const o = txn.outcome;
  if (o.kind === 'lost_connection') return `lost connection (${o.code ?? 2013})`;
  if (o.kind === 'error') return `error ${o.code ?? ''}`.trim();
  return o.kind;
}

/**
 * The inlay hint after a transaction, fate first (an editor cuts long hints): `acked, then lost · acked by r1 ·
 * mysql-bin.000001:157→434`. The GTID is in the detail.
 */
export function transactionHint(run: Pick<RunSummary, 'verdicts'>, txn: TraceTransaction): string {
  const parts = [transactionFate(run, txn)];
  if (txn.ackedBy.length > 0) parts.push(`acked by ${txn.ackedBy.join(', ')}`);
  if (txn.binlog) parts.push(formatCoordinates(txn.binlog));
  return parts.join(' · ');
}

/** Everything the hint says and more, one fact per line: the hint's tooltip and the transaction's hover. */
export function transactionDetail(run: Pick<RunSummary, 'verdicts'>, txn: TraceTransaction): string {
  const lines = [`${txn.id}: ${transactionFate(run, txn)}`];
  if (txn.outcome.kind !== 'pending') lines.push(`client got: ${outcomeWords(txn)}`);
  if (txn.ackedBy.length > 0) lines.push(`acknowledged by ${txn.ackedBy.join(', ')}`);
  if (txn.binlog) lines.push(`binlog: ${formatCoordinates(txn.binlog)}`);
  if (txn.gtid) lines.push(`GTID: ${txn.gtid}`);
  const present = Object.entries(txn.presence).map(([server, p]) => `${server} ${p}`);
  if (present.length > 0) lines.push(`at the end: ${present.join(', ')}`);
  return lines.join('\n');
}

const SHOWN: readonly string[] = [
  'Server_state',
  'File',
  'Position',
  'Master_Log_File',
  'Read_Master_Log_Pos',
  'Relay_Log_File',
  'Relay_Log_Pos',
  'Exec_Master_Log_Pos',
  'Slave_IO_Running',
  'Slave_SQL_Running',
  'Last_IO_Errno',
  'Last_SQL_Errno',
  'Rpl_semi_sync_master_status',
  'Rpl_semi_sync_master_yes_tx',
  'Rpl_semi_sync_master_no_tx',
];

/**
 * A compact table of every server's status: one row per server, the columns that any server has, under the names
 * the servers print (`Exec_Source_Log_Pos` when every server is MySQL 8.0.22+ or 8.4).
 */
export function statusTable(status: Record<string, ServerStatus>, flavors: readonly Flavor[] = []): string {
  const servers = Object.keys(status);
  const columns = SHOWN.filter((k) => servers.some((s) => status[s]?.[k] !== undefined && status[s]?.[k] !== ''));
  if (servers.length === 0 || columns.length === 0) return '';
  const flavor = flavors.length > 0 && flavors.every((f) => f === flavors[0]) ? flavors[0] : undefined;
  const head = `| server | ${columns.map((c) => mdCell(shortName(flavor ? printedStatusName(flavor, c) : c))).join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---').join('|')}|`;
  // Every value is the file's to choose (a file name from `from binlog '…'`): escaped, cell by cell.
  const rows = servers.map((s) => `| ${mdCell(s)} | ${columns.map((c) => mdCell(String(status[s]?.[c] ?? ''))).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

function shortName(column: string): string {
  return column
    .replace(/Rpl_semi_sync_(master|source)_/, 'semisync ')
    .replace(/(Slave|Replica)_/, '')
    .replace(/(Master|Source)_Log_/, '');
}

/** The hover section for a line that ran: what it did, and every server's state right after it. */
export function runHoverSection(trace: Trace, line: number): string | undefined {
  const steps = stepsAtLine(trace, line);
  const fired = trace.events.filter((e) => e.line === line && e.kind === 'trigger_fired');
  const txns = trace.transactions.filter((t) => t.endLine === line && t.binlog);
  if (steps.length === 0 && fired.length === 0 && txns.length === 0) return undefined;
  const out: string[] = [];
  for (const step of bothEnds(steps, 'runs')) {
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const when =
      step.end === null
        ? `started at ${formatMicros(step.start)}, still waiting when the run ended`
        : `${formatMicros(step.start)} → ${formatMicros(step.end)}`;
    out.push(`**Ran** ${escape(step.label)} (${when})`);
  }
  for (const t of bothEnds(txns, 'transactions'))
    out.push(typeof t === 'string' ? t : `**${escape(t.id)}**: ${escape(transactionHint(trace, t))}`);
  for (const e of fired) {
    out.push(`**Fired** at ${formatMicros(e.time)}: ${escape(e.label)}`);
    // What the action did at that instant: a crash says what was on disk and what recovery will keep.
    const effects = eventsOfLine(trace, line).filter((x) => x.time === e.time && x.kind !== 'trigger_fired');
    if (effects.length > 0) out.push(effects.map((x) => `- ${escape(x.server)}: ${escape(x.label)}`).join('\n'));
    const lost = trace.transactions.filter(
      (t) => t.states.prepared !== undefined && t.states.prepared <= e.time && Object.values(t.presence).every((p) => p === 'absent'),
    );
    if (lost.length > 0) out.push(`Lost everywhere: ${escape(lost.map((t) => t.id).join(', '))}`);
  }
  const last = steps[steps.length - 1];
  const flavors = trace.servers.map((s) => s.flavor);
  const table = last
    ? statusTable(statusAfterStep(trace, last.index), flavors)
    : fired[0]
      ? statusTable(allStatusAt(trace, fired[0].time), flavors)
      : '';
  if (table) out.push(`State right after:\n\n${table}`);
  return out.join('\n\n');
}

/** How many of a loop line's runs (or transactions) a hover tells at each end; the middle is counted. */
const toldAtEachEnd = 3;

/** A loop's line runs once per iteration: its first and last few, and how many between. */
function bothEnds<T>(list: readonly T[], what: string): (T | string)[] {
  if (list.length <= 2 * toldAtEachEnd + 1) return [...list];
  return [...list.slice(0, toldAtEachEnd), `… ${list.length - 2 * toldAtEachEnd} more ${what} …`, ...list.slice(-toldAtEachEnd)];
}

/** The run's words on a transaction (hovering an `expect TXN outcome …` line), as markdown. */
export function transactionHoverSection(trace: Trace, id: string): string | undefined {
  const txn = trace.transactions.find((t) => t.id === id);
  return txn ? `**${escape(txn.id)}** in this run: ${escape(transactionHint(trace, txn))}` : undefined;
}

/** Markdown-safe text (names, statements and file names from the file cannot carry markup into a hover). */
const escape = mdText;
