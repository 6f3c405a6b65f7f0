/**
 * MySQL's empty transaction for a GTID (issue 11, item 4): `inject empty transaction 'uuid:n' on r1` puts the GTID in
 * gtid_executed and an empty transaction (Gtid, Query BEGIN, Query COMMIT) in the binlog, so a replica stopped on that
 * GTID's transaction passes it at `start`; MariaDB and MySQL 5.5 have no gtid_next, GTID_MODE=OFF refuses it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { transactionEvents } from '../src/engine/binlog-events';
import type { Flavor } from '../src/model/scenario';
import type { Trace } from '../src/trace/trace';
import { complete } from '../src/language/complete';
import { hoverAt } from '../src/features/hover';
import { problems, runChecked as run, snippet, sourceOf } from './helpers/snippet';

const UUID = '3e11fa47-71ca-11e1-9e33-c80aa9429562';

/** r1 (and r2 below it) has an errant row 2: the source's second transaction, UUID:2, stops r1's SQL thread on 1062. */
const stopped = (flavor: Flavor, ...script: string[]) =>
  [
    `flavor ${flavor}`,
    `source m1 { gtid, server_uuid='${UUID}' }`,
    'replica r1 of m1 { gtid, log_slave_updates }',
    'replica r2 of r1 { gtid }',
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    'client dba on r1',
    "app: insert into t values (1, 'a')",
    'wait until r2 caught up',
    "dba: insert into t values (2, 'errant')",
    "app: insert into t values (2, 'b')",
    'wait 100ms',
    ...script,
  ].join('\n');

const rows = (trace: Trace, server: string) =>
  (trace.rows[server]?.['t'] ?? []).map((r) => `${String(r['id'])}:${String(r['v'])}`).join(' ');

void test('an empty transaction for the failed GTID lets the stopped replica pass it at start and apply the next one', () => {
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mysql-8.4'] as const) {
    const trace = run(
      stopped(
        flavor,
        'expect r1 Last_SQL_Errno = 1062',
        `inject empty transaction '${UUID}:2' on r1`,
        'start r1',
        "app: insert into t values (3, 'c')",
        'wait until r2 caught up',
      ),
    );
    const r1 = trace.finalStatus['r1'];
    assert.equal(r1['Slave_SQL_Running'], 'Yes', flavor);
    assert.equal(r1['Last_SQL_Errno'], 0, flavor);
    assert.equal(rows(trace, 'r1'), '1:a 2:errant 3:c', flavor);
    assert.match(String(r1['gtid_executed']), new RegExp(`${UUID}:1-3`), flavor);
    // The empty transaction is in r1's binlog, so r2 has the GTID as well.
    assert.match(String(trace.finalStatus['r2']['gtid_executed']), new RegExp(`${UUID}:1-3`), flavor);
    const injected = trace.events.filter((e) => e.kind === 'gtid_injected');
    assert.equal(injected.length, 1);
    assert.match(
      injected[0].label,
      new RegExp(`SET gtid_next='${UUID}:2'; BEGIN; COMMIT; .*in gtid_executed; empty transaction at mysql-bin\\.000001:\\d+`),
    );
    assert.ok(trace.events.some((e) => e.server === 'r1' && e.kind === 'applied' && /skips .*:2: already in gtid_executed/.test(e.label)));
  }
});

void test('the empty transaction is Gtid, Query BEGIN, Query COMMIT, sized as the flavor writes them', () => {
  const base = { database: '', format: 'statement' as const, gtid: { kind: 'mysql' as const, uuid: UUID, gno: 2 }, statements: [], xid: 0 };
  const table = analyze(stopped('mysql-8.0')).scenario.tables[0];
  for (const flavor of ['mysql-5.7', 'mysql-8.0', 'mysql-8.4'] as const) {
    const events = transactionEvents(flavor, { ...base, empty: true });
    assert.deepEqual(
      events.map((e) => [e.type, e.info]),
      [
        ['Gtid', `SET @@SESSION.GTID_NEXT= '${UUID}:2'`],
        ['Query', 'BEGIN'],
        ['Query', 'COMMIT'],
      ],
    );
    // BEGIN as a row transaction's, in the same (empty) database; COMMIT one byte longer; the Gtid event as for any transaction.
    const row = transactionEvents(flavor, {
      ...base,
      format: 'row',
      statements: [
        {
          text: "insert into t values (1, 'a')",
          table,
          changes: [{ kind: 'insert', after: { id: 1, v: 'a' } }],
        },
      ],
    });
    assert.equal(events[1].size, row[1].size, flavor);
    assert.equal(events[2].size, events[1].size + 1, flavor);
  }
  // Without the flag, a transaction without statements writes nothing.
  assert.deepEqual(transactionEvents('mysql-8.0', base), []);
});

void test('MariaDB and MySQL 5.5 have no gtid_next; a GTID must be one uuid:n; gtid_mode off is warned of and refused at run time', () => {
  const inject = `inject empty transaction '${UUID}:2' on r1`;
  assert.deepEqual(problems(stopped('mysql-8.0', inject), 'error'), []);
  const maria = analyze(stopped('mariadb-10.11', inject)).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    maria.map((d) => [d.range.start.line + 1, d.range.start.character + 1]),
    [[13, 1]],
  );
  assert.match(maria[0].message, /MariaDB has no gtid_next .*sql_slave_skip_counter=1.*gtid_slave_pos/);
  assert.ok(
    analyze(stopped('mysql-5.5', inject)).diagnostics.some(
      (d) =>
        d.range.start.line === 12 &&
        /^MySQL 5\.5 has no GTIDs: skip the transaction with `set r1 sql_slave_skip_counter=1`/.test(d.message),
    ),
  );
  const bad = analyze(stopped('mysql-8.0', "inject empty transaction 'uuid:2' on r1")).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    bad.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.message]),
    [[13, 26, "'uuid:2' is not one GTID: write it 'uuid:n', as gtid_executed prints it"]],
  );
  assert.deepEqual(problems(stopped('mysql-8.0', `inject empty transaction '${UUID}:1-3' on r1`), 'error'), ['13:26 bad-value']);
  const off = stopped('mysql-8.0', inject).replace('replica r1 of m1 { gtid, log_slave_updates }', 'replica r1 of m1 { gtid=off }');
  assert.deepEqual(problems(off, 'warning'), ['13:1 doubtful-setting']);
  const trace = runScenario(analyze(off).scenario);
  const refused = trace.events.find((e) => e.kind === 'gtid_injected');
  assert.match(
    refused?.label ?? '',
    /ERROR 1781 \(HY000\): @@SESSION\.GTID_NEXT cannot be set to UUID:NUMBER when @@GLOBAL\.GTID_MODE = OFF\./,
  );
});

void test('a GTID already executed commits nothing', () => {
  const trace = run(stopped('mysql-8.0', `inject empty transaction '${UUID}:1' on r1`));
  assert.match(trace.events.find((e) => e.kind === 'gtid_injected')?.label ?? '', /already in gtid_executed, nothing is committed/);
  assert.equal(trace.finalStatus['r1']['Last_SQL_Errno'], 1062);
});

void test('completion offers the step and the hover on inject says what MySQL does and where it is refused', () => {
  const s = snippet(stopped('mysql-8.0', '<|>'));
  assert.ok(complete(analyze(s.text), s.text, s.offset).candidates.some((c) => c.label === 'inject empty transaction'));
  const hover = (flavor: Flavor) => {
    const text = stopped(flavor, `inject empty transaction '${UUID}:2' on r1`);
    return hoverAt(analyze(text), { line: 12, character: 2 }, sourceOf(text))?.markdown ?? '';
  };
  assert.match(hover('mysql-8.0'), /SET gtid_next='uuid:n'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC'/);
  assert.doesNotMatch(hover('mysql-8.0'), /On mysql-8\.0/);
  assert.match(hover('mariadb-10.11'), /On mariadb-10\.11: MariaDB has no gtid_next/);
});
