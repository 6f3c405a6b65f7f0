/**
 * Checks the file's expectations against the run: a client's outcome, rows present or absent on a server, a
 * replication error, a status variable, a verdict. A failure says what was expected and what happened
 * (`expected T2 outcome lost_connection, but the client got OK at 12.4 ms`).
 */
import { holds, type Comparison, type ExpectationPlan, type SqlValue } from '../model/scenario';
import { statusOrder } from '../model/compare';
import { orderedRows, sameValue } from './storage';
import { channelRow, lookupStatus, statusOf } from './status';
import { formatMicros, type ClientOutcome, type ExpectationResult, type Row, type StatusValue } from '../trace/trace';
import type { World } from './world';

/** Checks one expectation now (not a verdict expectation: those are checked on the run's verdicts, verdicts/expectations.ts). */
export function checkExpectation(world: World, plan: ExpectationPlan): ExpectationResult {
  const result = (passed: boolean, message: string): ExpectationResult => ({
    line: plan.line,
    kind: plan.kind,
    atEnd: plan.atEnd,
    passed,
    time: world.now,
    message,
  });
  switch (plan.kind) {
    case 'outcome': {
      const outcome = world.records.get(plan.txn)?.trace.outcome ?? { kind: 'pending' };
      const want = `${plan.txn} outcome ${plan.outcome}${plan.code !== undefined ? ` ${plan.code}` : ''}`;
      const passed = outcome.kind === plan.outcome && (plan.code === undefined || outcome.code === plan.code);
      return result(passed, passed ? `${want}: ${describe(outcome)}` : `expected ${want}, but the client got ${describe(outcome)}`);
    }
    case 'rows': {
      const server = world.servers.get(plan.server);
      const tableName = plan.table.includes('.') ? plan.table.slice(plan.table.indexOf('.') + 1) : plan.table;
      const table = server?.db.tables.get(tableName);
      const rows = table ? orderedRows(table).map((r) => r.values) : [];
      const matching = rows.filter((r) => Object.entries(plan.match).every(([c, v]) => sameValue(r[c] ?? null, v)));
      const what = `${plan.table}(${Object.entries(plan.match)
        .map(([c, v]) => `${c}=${sqlText(v)}`)
        .join(', ')})`;
      const down =
        server && server.state !== 'running' ? ` (${plan.server} is ${server.state}: rows as its crash recovery finds them)` : '';
      if (plan.present) {
        const passed = plan.count !== undefined ? matching.length === plan.count : matching.length > 0;
        const want = `${plan.server} has ${what}${plan.count !== undefined ? ` count ${plan.count}` : ''}`;
        return result(
          passed,
          passed ? `${want}${down}` : `expected ${want}, but it has ${matching.length} such row(s)${down}; ${tableText(rows)}`,
        );
      }
      const passed = matching.length === 0;
      const want = `${plan.server} lacks ${what}`;
      return result(
        passed,
        passed
          ? `${want}${down}`
          : `expected ${want}, but it has ${matching.length} such row(s)${down}: ${matching.map(rowText).join(', ')}`,
      );
    }
    case 'replication': {
      const server = world.servers.get(plan.server);
      const all = server ? statusOf(world, server) : {};
      // A multi-source replica: running when every channel runs; the error is any channel's.
      const rows = server?.channels ? [...server.channels.keys()].map((name) => channelRow(all, name)) : [all];
      const status =
        rows.find((row) => plan.errno !== undefined && [row['Last_SQL_Errno'], row['Last_IO_Errno']].includes(plan.errno)) ??
        rows.find((row) => row['Slave_IO_Running'] !== 'Yes' || row['Slave_SQL_Running'] !== 'Yes') ??
        rows[0] ??
        all;
      const io = status['Slave_IO_Running'];
      const sql = status['Slave_SQL_Running'];
      const ioErr = Number(status['Last_IO_Errno'] ?? 0);
      const sqlErr = Number(status['Last_SQL_Errno'] ?? 0);
      const now = `Slave_IO_Running ${io ?? '(not a replica)'}, Slave_SQL_Running ${sql ?? '(not a replica)'}, Last_IO_Errno ${ioErr}, Last_SQL_Errno ${sqlErr}`;
      if (plan.errno !== undefined) {
        const passed = ioErr === plan.errno || sqlErr === plan.errno;
        const text = sqlErr === plan.errno ? status['Last_SQL_Error'] : ioErr === plan.errno ? status['Last_IO_Error'] : '';
        return result(
          passed,
          passed
            ? `${plan.server} replication error ${plan.errno}: ${String(text)}`
            : `expected ${plan.server} replication error ${plan.errno}, but ${now}`,
        );
      }
      const passed = io === 'Yes' && sql === 'Yes';
      return result(passed, passed ? `${plan.server} replication running` : `expected ${plan.server} replication running, but ${now}`);
    }
    case 'status': {
      const server = world.servers.get(plan.server);
      const status = server ? statusOf(world, server) : undefined;
      const actual = status
        ? lookupStatus(plan.channel !== undefined ? channelRow(status, plan.channel) : status, plan.variable)
        : undefined;
      const want = `${plan.server}${plan.channel !== undefined ? ` for channel ${plan.channel}` : ''} ${plan.variable} ${plan.op} ${plan.value}`;
      if (actual === undefined) return result(false, `expected ${want}, but ${plan.server} has no ${plan.variable}`);
      const passed = compare(actual, plan.op, plan.value);
      return result(passed, passed ? `${want} (it is ${actual})` : `expected ${want}, but it is ${actual === '' ? "''" : actual}`);
    }
    case 'verdict':
      // Verdicts are about the whole run: run.ts checks these once the verdicts are known.
      return result(false, 'a verdict expectation is checked at the end of the run');
  }
}

function describe(o: ClientOutcome): string {
  const at = o.time !== undefined ? ` at ${formatMicros(o.time)}` : '';
  switch (o.kind) {
    case 'ok':
      return `OK${at}`;
    case 'pending':
      return 'no reply (still pending)';
    case 'lost_connection':
      return `a lost connection (${o.code ?? 2013})${at}`;
    case 'error':
      return `error ${o.code ?? ''}${o.message ? ` (${o.message})` : ''}${at}`;
  }
}

/** Compares a status value: numbers numerically, words by code point with ASCII case folded (model/compare.ts). */
export function compare(actual: StatusValue, op: Comparison, expected: number | string): boolean {
  return holds(op, statusOrder(actual, expected));
}

function sqlText(v: SqlValue): string {
  return v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v);
}

function rowText(r: Row): string {
  return `(${Object.values(r).map(sqlText).join(', ')})`;
}

function tableText(rows: Row[]): string {
  if (rows.length === 0) return 'the table is empty';
  const shown = rows.slice(0, 8).map(rowText).join(', ');
  return `rows: ${shown}${rows.length > 8 ? `, … (${rows.length})` : ''}`;
}
