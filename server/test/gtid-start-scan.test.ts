/**
 * A MariaDB source serving a GTID connect (gtid-start-scan.ts): which file it starts from, which groups it skips per
 * domain, and where its fake Gtid_list goes; then the relay log positions that follow on a replica restarted by GTID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BinlogChunk, BinlogFile } from '../src/engine/binlog';
import { gtidStartFile, scanChunk, startScan } from '../src/engine/gtid-start-scan';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';

function group(domain: number, serverId: number, seq: number): BinlogChunk {
  const txn = { gtid: { kind: 'mariadb', domain, serverId, seq } } as unknown as BinlogChunk['txn'];
  return { kind: 'txn', file: 'mysql-bin.000001', fileIndex: 1, start: 0, end: 0, events: [], txn, writtenAt: 0 };
}

function file(index: number, chunks: BinlogChunk[]): BinlogFile {
  const header: BinlogChunk = { kind: 'header', file: '', fileIndex: index, start: 4, end: 328, events: [], writtenAt: 0 };
  return { name: `mysql-bin.00000${index}`, index, chunks: [header, ...chunks], size: 0 };
}

void test('groups up to the replica GTID are skipped, and the fake Gtid_list follows the one it names', () => {
  const scan = startScan([{ domain: 0, serverId: 1, seq: 2 }]);
  assert.deepEqual(scanChunk(scan, group(0, 1, 1)), { skip: true });
  assert.deepEqual(scanChunk(scan, group(0, 1, 2)), {
    skip: true,
    fakeGtidList: { at: 'after', gtids: [{ domain: 0, serverId: 1, seq: 2 }] },
  });
  assert.deepEqual(scanChunk(scan, group(0, 1, 3)), { skip: false });
});

void test('another domain passes; another server_id of the domain is skipped; a group past the position gets the fake Gtid_list', () => {
  const scan = startScan([{ domain: 0, serverId: 1, seq: 5 }]);
  assert.deepEqual(scanChunk(scan, group(1, 3, 9)), { skip: false });
  assert.deepEqual(scanChunk(scan, group(0, 2, 7)), { skip: true });
  const reached = scanChunk(scan, group(0, 1, 6));
  assert.equal(reached.skip, false);
  assert.equal(reached.fakeGtidList?.at, 'before');
  assert.deepEqual(reached.fakeGtidList?.gtids, [
    { domain: 1, serverId: 3, seq: 9 },
    { domain: 0, serverId: 2, seq: 7 },
    { domain: 0, serverId: 1, seq: 6 },
  ]);
});

void test('the start file is the newest whose Gtid_list the position reached', () => {
  const files = [file(1, [group(0, 1, 1), group(0, 1, 2)]), file(2, []), file(3, [group(0, 1, 3)])];
  const want = [{ domain: 0, serverId: 1, seq: 2 }];
  // 0-1-2 ends mysql-bin.000001: files 2 and 3 start with it (3 is the newest with nothing later before it).
  assert.equal(gtidStartFile(files, want, new Map([[0, { fileIndex: 1, chunkIndex: 3 }]])), 3);
  // 0-1-1 is followed by 0-1-2 in the same file: the file holding it.
  assert.equal(gtidStartFile(files, [{ domain: 0, serverId: 1, seq: 1 }], new Map([[0, { fileIndex: 1, chunkIndex: 2 }]])), 1);
});

void test('mariadb-10.11: a GTID replica killed and restarted relay-logs the source header and a fake Gtid_list (conformance c78)', () => {
  const analysis = analyze(
    [
      'scenario "gtid restart"',
      'flavor mariadb-10.11',
      'database d in binlog',
      'source m1 { }',
      'replica r1 of m1 { master_use_gtid=slave_pos }',
      'table t (id int primary key, v varchar(20))',
      'client app on m1',
      "app: insert into t values (1, 'a')",
      "app: insert into t values (2, 'b')",
      'wait until r1 caught up',
      'crash r1',
      'restart r1',
      "app: insert into t values (3, 'c')",
      'wait until r1 caught up',
      '',
    ].join('\n'),
  );
  const r = runScenario(analysis.scenario).finalStatus['r1'];
  // relay-bin.000002: own Format_desc →256, fake Rotate mysql-bin.000001;pos=4 →303, Format_desc →555, Gtid_list [] →584,
  // Binlog_checkpoint →627, fake Gtid_list [0-1-4] →670, the new transaction (157, no Annotate_rows) →827.
  assert.equal(r['Relay_Log_File'], 'relay-bin.000002');
  assert.equal(r['Relay_Log_Pos'], 827);
  assert.equal(r['Exec_Master_Log_Pos'], 1258);
});
