/**
 * MySQL 8.0.22+ / 8.4 words (issue 11, item 14): `start replica`, `stop slave`, `change replication source … to`,
 * `reset replica` are the same steps as the older spellings; `Replica_IO_Running`, `Exec_Source_Log_Pos`, … are read
 * by `expect` for any flavor; hovers, completion, the timeline's status table and the SQL/I/O threads' labels use the
 * names the file's servers print.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../src/features/code-actions';
import { analyze } from '../src/language/analyze';
import { complete } from '../src/language/complete';
import { hoverAt } from '../src/features/hover';
import { runScenario } from '../src/run';
import { statusTableAt } from '../src/timeline/status-table';
import type { Flavor } from '../src/model/scenario';
import { problems, snippet, sourceOf } from './helpers/snippet';

const base = (flavor: Flavor, ...script: string[]) =>
  [
    `flavor ${flavor}`,
    'source m1 { semisync }',
    'replica r1 of m1 { semisync }',
    'replica r2 of m1 { }',
    'table t (id int primary key, v varchar(20))',
    'client app on m1',
    "app: insert into t values (1, 'a')",
    'wait until r1 caught up',
    ...script,
  ].join('\n');

void test('start/stop replica|slave, change replication source, reset replica are the steps of the older spellings', () => {
  const newer = analyze(
    base(
      'mysql-8.0',
      'stop replica r1 io_thread',
      'start slave r1',
      'stop replica r2',
      'reset replica r2',
      'change replication source r2 to r1 from end',
      'start replica r2',
    ),
  );
  const older = analyze(
    base('mysql-8.0', 'stop r1 io_thread', 'start r1', 'stop r2', 'reset slave r2', 'change master r2 to r1 from end', 'start r2'),
  );
  assert.deepEqual(
    newer.diagnostics.map((d) => d.message),
    [],
  );
  const actions = (a: typeof newer) => a.scenario.script.map((s) => ('action' in s ? s.action : s.expect));
  assert.deepEqual(actions(newer), actions(older));
});

void test('expect reads the 8.0.22+ names for any flavor and says the one written; a misspelling is still an error', () => {
  const trace = runScenario(
    analyze(
      base(
        'mariadb-10.11',
        'expect r1 Replica_IO_Running = Yes',
        'expect r1 Exec_Source_Log_Pos = 540',
        'expect r1 Seconds_Behind_Source = 0',
        "expect r1 Source_Host = 'm1'",
        'expect m1 Rpl_semi_sync_source_yes_tx = 1',
      ),
    ).scenario,
  );
  assert.deepEqual(
    trace.expectations.map((e) => [e.passed, e.message.split(' (')[0]]),
    [
      [true, 'r1 Replica_IO_Running = Yes'],
      [true, 'r1 Exec_Source_Log_Pos = 540'],
      [true, 'r1 Seconds_Behind_Source = 0'],
      [true, 'r1 Source_Host = m1'],
      [true, 'm1 Rpl_semi_sync_source_yes_tx = 1'],
    ],
  );
  assert.deepEqual(problems(base('mysql-8.0', 'expect r1 Replica_IO_Runing = Yes'), 'error'), ['9:11 unknown-variable']);
});

void test("the timeline's status table and the thread labels use SHOW REPLICA STATUS words on MySQL 8.0 and 8.4, the old ones elsewhere", () => {
  const names = (flavor: Flavor) => {
    const trace = runScenario(analyze(base(flavor)).scenario);
    const table = statusTableAt(trace, trace.endTime);
    const labels = trace.events.filter((e) => e.kind === 'applied' || e.kind === 'io_receive').map((e) => e.label);
    return {
      titles: table.sections.map((s) => s.title),
      rows: table.sections.flatMap((s) => s.rows.map((r) => r.name)),
      labels,
    };
  };
  const my80 = names('mysql-8.0');
  assert.ok(my80.titles.includes('SHOW REPLICA STATUS') && !my80.titles.includes('SHOW SLAVE STATUS'));
  for (const n of [
    'Source_Host',
    'Source_Log_File',
    'Read_Source_Log_Pos',
    'Exec_Source_Log_Pos',
    'Replica_IO_Running',
    'Seconds_Behind_Source',
  ])
    assert.ok(my80.rows.includes(n), n);
  assert.ok(my80.rows.includes('Rpl_semi_sync_master_yes_tx'), '8.0 keeps the old semi-sync plugin names');
  assert.ok(my80.labels.some((l) => /Read_Source_Log_Pos \d+/.test(l)) && my80.labels.some((l) => /Exec_Source_Log_Pos \d+/.test(l)));
  const my84 = names('mysql-8.4');
  assert.ok(my84.titles.includes('SHOW BINARY LOG STATUS'));
  assert.ok(my84.rows.includes('Rpl_semi_sync_source_yes_tx'));
  const maria = names('mariadb-10.11');
  assert.ok(
    maria.titles.includes('SHOW SLAVE STATUS') && maria.rows.includes('Exec_Master_Log_Pos') && !maria.rows.includes('Exec_Source_Log_Pos'),
  );
  assert.ok(maria.labels.some((l) => /Exec_Master_Log_Pos \d+/.test(l)));
});

void test('hover on either name tells both; completion proposes the names the server prints', () => {
  const text = base('mysql-8.0', 'expect r1 Replica_IO_Running = Yes');
  const a = analyze(text);
  const line = text.split('\n').length - 1;
  const hover = hoverAt(a, { line, character: 14 }, sourceOf(text));
  assert.match(
    hover?.markdown ?? '',
    /status variable\*\* `Slave_IO_Running` — SHOW SLAVE STATUS, text · MySQL 8\.0\.22\+ and 8\.4 print `Replica_IO_Running`/,
  );
  const s8 = snippet(base('mysql-8.0', 'expect r1 <|>'));
  const labels8 = complete(analyze(s8.text), s8.text, s8.offset).candidates.map((c) => c.label);
  assert.ok(labels8.includes('Exec_Source_Log_Pos') && !labels8.includes('Exec_Master_Log_Pos'));
  const s57 = snippet(base('mysql-5.7', 'expect r1 <|>'));
  const labels57 = complete(analyze(s57.text), s57.text, s57.offset).candidates.map((c) => c.label);
  assert.ok(labels57.includes('Exec_Master_Log_Pos') && !labels57.includes('Exec_Source_Log_Pos'));
});

void test("a status field written in the other spelling than the server's flavor prints gets a hint and a quick fix to it", () => {
  const text = [
    base('mysql-8.0', 'expect r1 Slave_IO_Running = Yes', 'expect r1 Replica_SQL_Running = Yes'),
    'expect m1 Rpl_semi_sync_master_yes_tx = 1',
  ].join('\n');
  const a = analyze(text);
  const hints = a.diagnostics.filter((d) => d.code === 'flavor-spelling');
  assert.deepEqual(
    hints.map((d) => [d.severity, d.range.start.line + 1, d.suggestion]),
    [['hint', 9, 'Replica_IO_Running']],
  );
  assert.equal(a.runnable, true);
  const document = TextDocument.create('file:///f.repl', 'repl', 1, text);
  assert.deepEqual(
    quickFixes(a, document, hints[0].range).map((f) => f.title),
    ["Change 'Slave_IO_Running' to 'Replica_IO_Running'"],
  );
  // MariaDB prints the older names; 8.4 the source/replica semi-sync names.
  assert.deepEqual(problems(base('mariadb-10.11', 'expect r1 Seconds_Behind_Source = 0'), 'hint'), ['9:11 flavor-spelling']);
  assert.deepEqual(problems(base('mariadb-10.11', 'expect r1 Seconds_Behind_Master = 0'), 'hint'), []);
  const my84 = analyze(base('mysql-8.4', 'expect m1 Rpl_semi_sync_master_yes_tx = 1'));
  assert.deepEqual(
    my84.diagnostics.map((d) => d.suggestion),
    ['Rpl_semi_sync_source_yes_tx'],
  );
});

void test('MySQL 8.4 has no START/STOP/RESET SLAVE: a warning with a quick fix to replica; 5.7 has no REPLICA; MariaDB takes both', () => {
  const text = base('mysql-8.4', 'stop slave r1', 'start replica r1', 'stop r2', 'reset slave r2', 'start slave r2 sql_thread');
  const a = analyze(text);
  const spellings = a.diagnostics.filter((d) => d.code === 'flavor-spelling');
  assert.deepEqual(
    spellings.map((d) => [d.severity, `${d.range.start.line + 1}:${d.range.start.character + 1}`, d.message, d.suggestion]),
    [
      ['warning', '9:6', 'MySQL 8.4 has no STOP SLAVE: STOP REPLICA', 'replica'],
      ['warning', '12:7', 'MySQL 8.4 has no RESET SLAVE: RESET REPLICA', 'replica'],
      ['warning', '13:7', 'MySQL 8.4 has no START SLAVE: START REPLICA', 'replica'],
    ],
  );
  assert.equal(a.runnable, true);
  const document = TextDocument.create('file:///f.repl', 'repl', 1, text);
  assert.deepEqual(
    quickFixes(a, document, spellings[0].range).map((f) => f.title),
    ["Change 'slave' to 'replica'"],
  );
  assert.deepEqual(
    analyze(base('mysql-5.7', 'stop replica r1', 'start slave r1', 'reset replica r2')).diagnostics.map((d) => [d.message, d.suggestion]),
    [
      ['MySQL 5.7 has no STOP REPLICA (MySQL 8.0.22+): STOP SLAVE', 'slave'],
      ['MySQL 5.7 has no RESET REPLICA (MySQL 8.0.22+): RESET SLAVE', 'slave'],
    ],
  );
  // MariaDB 10.5.1+ and MySQL 8.0.22+ take both words; the server's own flavor decides in a mixed file.
  assert.deepEqual(problems(base('mariadb-10.11', 'stop replica r1', 'start slave r1', 'reset replica r2', 'reset slave r2')), []);
  assert.deepEqual(problems(base('mysql-8.0', 'stop replica r1', 'start slave r1', 'reset slave r2')), []);
  const mixed = base('mysql-8.0', 'stop slave r1', 'stop slave r2').replace(
    'replica r2 of m1 { }',
    'replica r2 of m1 { flavor=mysql-8.4 }',
  );
  assert.deepEqual(problems(mixed), ['10:6 flavor-spelling']);
  // CHANGE REPLICATION SOURCE TO is MySQL 8.0.23+'s: MariaDB and 5.x get a warning and a fix back to `master`.
  const repoint = ['stop r2', 'change replication source r2 to r1 auto_position', 'start r2'];
  const maria = analyze(base('mariadb-10.11', ...repoint));
  const warned = maria.diagnostics.filter((d) => d.code === 'flavor-spelling');
  assert.deepEqual(
    warned.map((d) => [`${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.character + 1}`, d.message, d.suggestion]),
    [['10:8-26', 'MariaDB has no CHANGE REPLICATION SOURCE TO: CHANGE MASTER TO', 'master']],
  );
  const fixed = TextDocument.create('file:///f.repl', 'repl', 1, base('mariadb-10.11', ...repoint));
  assert.deepEqual(
    quickFixes(maria, fixed, warned[0].range).map((f) => f.title),
    ["Change 'replication source' to 'master'"],
  );
  assert.deepEqual(
    analyze(base('mysql-5.7', ...repoint)).diagnostics.map((d) => d.message),
    ['MySQL 5.7 has no CHANGE REPLICATION SOURCE TO (MySQL 8.0.23+): CHANGE MASTER TO'],
  );
  assert.deepEqual(problems(base('mysql-8.0', ...repoint)), []);
  assert.deepEqual(problems(base('mariadb-10.11', 'stop r2', 'change master r2 to r1', 'start r2')), []);
});

void test("hovers on slave, change master and until say what the file's flavor takes and does", () => {
  const hoverOf = (flavor: Flavor, step: string, word: string): string => {
    const text = base(flavor, step);
    const line = text.split('\n').length - 1;
    const hover = hoverAt(analyze(text), { line, character: step.indexOf(word) + 1 }, sourceOf(text));
    return hover?.markdown ?? '';
  };
  assert.match(hoverOf('mysql-8.4', 'stop slave r1', 'slave'), /On mysql-8\.4: MySQL 8\.4 removed START SLAVE, STOP SLAVE and RESET SLAVE/);
  assert.match(hoverOf('mariadb-10.11', 'stop replica r1', 'replica'), /MariaDB takes either word \(REPLICA since 10\.5\.1\)/);
  assert.match(
    hoverOf('mysql-8.4', 'change master r2 to r1 from end', 'master'),
    /8\.4 has no CHANGE MASTER TO, only CHANGE REPLICATION SOURCE TO/,
  );
  assert.match(hoverOf('mysql-8.4', 'change master r2 to r1 from end', 'change'), /only CHANGE REPLICATION SOURCE TO/);
  assert.doesNotMatch(hoverOf('mariadb-10.11', 'change master r2 to r1 from end', 'change'), /On mariadb/);
  const until = "start r1 until binlog 'mysql-bin.000001':4";
  assert.match(hoverOf('mysql-8.0', until, 'until'), /On mysql-8\.0: `until binlog 'F':POS` stops after the group that reaches/);
  assert.match(hoverOf('mariadb-10.11', until, 'until'), /On mariadb-10\.11: .*master_gtid_pos.*no SQL_BEFORE_GTIDS/);
  assert.match(hoverOf('mysql-5.5', until, 'until'), /only `until binlog 'F':POS`/);
});

void test('Master_User and Master_UUID: Source_User and Source_UUID on MySQL 8.0 and 8.4, no UUID on MariaDB and MySQL 5.5', () => {
  const run = (flavor: Flavor, ...script: string[]) => runScenario(analyze(base(flavor, ...script)).scenario);
  const rowsOf = (flavor: Flavor) => {
    const trace = run(flavor);
    return statusTableAt(trace, trace.endTime).sections.flatMap((s) => s.rows.map((r) => r.name));
  };
  for (const flavor of ['mysql-8.0', 'mysql-8.4'] as const) {
    const rows = rowsOf(flavor);
    assert.ok(rows.includes('Source_User') && rows.includes('Source_UUID'), flavor);
    assert.ok(!rows.includes('Master_User') && !rows.includes('Master_UUID'), flavor);
  }
  const my57 = rowsOf('mysql-5.7');
  assert.ok(my57.includes('Master_User') && my57.includes('Master_UUID') && !my57.includes('Source_UUID'));
  for (const flavor of ['mysql-5.5', 'mariadb-10.11'] as const) {
    const rows = rowsOf(flavor);
    assert.ok(rows.includes('Master_User') && !rows.includes('Master_UUID') && !rows.includes('Source_UUID'), flavor);
  }
  // The UUID is the source's server_uuid, read by expect under either name.
  const trace = run('mysql-8.0', "expect r1 Source_UUID = '3e11fa47-71ca-11e1-9e33-000000000001'", "expect r2 Master_User = 'root'");
  assert.deepEqual(
    trace.expectations.map((e) => e.passed),
    [true, true],
  );
  assert.equal(trace.finalStatus['r1']['Master_UUID'], '3e11fa47-71ca-11e1-9e33-000000000001');
  assert.equal(trace.finalStatus['r1']['Master_User'], 'root');
});
