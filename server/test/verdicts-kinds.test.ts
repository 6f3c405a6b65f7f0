/**
 * Every verdict kind as a pure function of a trace, on small hand-written traces: when it fires, when it must not,
 * and that it names the transaction, the servers, the time and the line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunSummary, ServerStatus, TraceTransaction } from '../src/trace/trace';
import { computeVerdicts, expectationVerdicts } from '../src/verdicts';
import { lostAcknowledgedCommits } from '../src/verdicts/lost-acknowledged-commit';
import { committedAfterError } from '../src/verdicts/committed-after-error';
import { readsNotDurable } from '../src/verdicts/read-not-durable';
import { duplicatesByRetry } from '../src/verdicts/duplicate-by-retry';
import { replicationStopped } from '../src/verdicts/replication-stopped';
import { divergences } from '../src/verdicts/divergence';
import { errantTransactions } from '../src/verdicts/errant-transaction';
import { semisyncFallbacks } from '../src/verdicts/semisync-fallback';
import { stillWaiting } from '../src/verdicts/still-waiting';
import { VERDICT_KINDS } from '../src/model/scenario';

const source = (over: ServerStatus = {}): ServerStatus => ({ Server_state: 'running', File: 'mysql-bin.000001', Position: 434, ...over });
const replicaOf = (name: string, over: ServerStatus = {}): ServerStatus => ({
  ...source(),
  Master_Host: name,
  Slave_IO_Running: 'Yes',
  Slave_SQL_Running: 'Yes',
  ...over,
});

function trace(over: Partial<RunSummary>): RunSummary {
  return {
    version: 2,
    mode: 'summary',
    title: 't',
    flavor: 'mysql-8.0',
    seed: 1,
    horizon: 600_000_000,
    endTime: 50_000,
    endReason: 'settled',
    processedEvents: 0,
    limit: null,
    servers: [
      { name: 'm1', flavor: 'mysql-8.0', serverId: 1, serverUuid: 'u1', line: 1 },
      { name: 'r1', flavor: 'mysql-8.0', serverId: 2, serverUuid: 'u2', line: 2, sources: ['m1'] },
    ],
    clients: [{ name: 'app', server: 'm1', line: 3 }],
    transactions: [],
    reads: [],
    finalStatus: { m1: source(), r1: replicaOf('m1') },
    rows: { m1: { t: [] }, r1: { t: [] } },
    errorLog: [],
    replicationErrors: [],
    semisyncFallbacks: [],
    expectations: [],
    verdicts: [],
    stillWaiting: null,
    internalError: null,
    ...over,
  };
}

function txn(id: string, over: Partial<TraceTransaction>): TraceTransaction {
  return {
    id,
    client: 'app',
    server: 'm1',
    line: 10,
    endLine: 11,
    autocommit: false,
    readOnly: false,
    retriedBy: [],
    statements: [],
    outcome: { kind: 'ok', time: 1000 },
    rowChanges: 1,
    rolledBack: false,
    states: {},
    ackedBy: [],
    appliedBy: [],
    presence: { m1: 'present', r1: 'present' },
    onReplica: false,
    ...over,
  };
}

void test('lost_acknowledged_commit: OK to the client, missing from the final source', () => {
  const promoted = { m1: source({ Server_state: 'crashed' }), r1: source() };
  const lost = txn('T2', { presence: { m1: 'present', r1: 'absent' } });
  const v = lostAcknowledgedCommits(trace({ finalStatus: promoted, transactions: [txn('T1', {}), lost] }));
  assert.equal(v.length, 1);
  assert.deepEqual([v[0].kind, v[0].txn, v[0].servers, v[0].time, v[0].line], ['lost_acknowledged_commit', 'T2', ['r1', 'm1'], 1000, 11]);
  assert.match(v[0].message, /client got OK at 1 ms, but r1 \(the source at the end\) does not have it; only m1 has it/);
  // Not when the client got an error, when it rolled back, or when it changed nothing.
  for (const t of [
    txn('E', { outcome: { kind: 'lost_connection', code: 2013 }, presence: { m1: 'present', r1: 'absent' } }),
    txn('R', { rolledBack: true, presence: { m1: 'absent', r1: 'absent' } }),
    txn('Q', { rowChanges: 0, presence: { m1: 'absent', r1: 'absent' } }),
  ]) {
    assert.equal(lostAcknowledgedCommits(trace({ finalStatus: promoted, transactions: [t] })).length, 0, t.id);
  }
});

void test('committed_after_error: an error or a lost connection, yet committed somewhere', () => {
  const t = txn('T2', { outcome: { kind: 'lost_connection', code: 2013, time: 500 }, presence: { m1: 'present', r1: 'absent' } });
  const v = committedAfterError(
    trace({ transactions: [t, txn('T3', { outcome: { kind: 'error', code: 1062 }, presence: { m1: 'absent', r1: 'absent' } })] }),
  );
  assert.equal(v.length, 1);
  assert.deepEqual([v[0].txn, v[0].servers, v[0].time], ['T2', ['m1'], 500]);
  assert.match(v[0].message, /lost its connection \(2013\), yet the transaction is committed on m1/);
});

void test('read_not_durable: a read of a writer that the final source lacks', () => {
  const writer = txn('T1', { presence: { m1: 'present', r1: 'absent' } });
  const reads = [
    { client: 'reader', server: 'm1', txn: 'T5', line: 20, time: 700, statement: 'SELECT', rows: [{ id: 1 }], sawTxns: ['T1'] },
  ];
  const failedOver = { m1: source({ Server_state: 'crashed' }), r1: source() };
  const v = readsNotDurable(trace({ transactions: [writer], reads, finalStatus: failedOver }));
  assert.deepEqual(
    v.map((x) => [x.txn, x.line, x.time, x.servers]),
    [['T1', 20, 700, ['m1', 'r1']]],
  );
  assert.equal(readsNotDurable(trace({ transactions: [txn('T1', {})], reads, finalStatus: failedOver })).length, 0);
});

void test('duplicate_by_retry: the original, unsure, had survived; the retry committed or hit 1062', () => {
  const original = txn('T2', { outcome: { kind: 'lost_connection', code: 2013 }, presence: { m1: 'present', r1: 'present' } });
  const committed = txn("T2'", {
    server: 'r1',
    retryOf: 'T2',
    presence: { m1: 'absent', r1: 'present' },
    outcome: { kind: 'ok', time: 900 },
  });
  const v = duplicatesByRetry(trace({ transactions: [original, committed] }));
  assert.equal(v.length, 1);
  assert.match(
    v[0].message,
    /^client unsure, retried, duplicated: T2 lost its connection, was retried as T2', yet T2 had been committed; both are committed on r1/,
  );
  const collided = txn("T2'", {
    server: 'r1',
    retryOf: 'T2',
    presence: { m1: 'absent', r1: 'absent' },
    outcome: { kind: 'error', code: 1062, time: 900 },
  });
  assert.match(duplicatesByRetry(trace({ transactions: [original, collided] }))[0].message, /1062/);
  const lostOriginal = { ...original, presence: { m1: 'absent' as const, r1: 'absent' as const } };
  assert.equal(duplicatesByRetry(trace({ transactions: [lostOriginal, committed] })).length, 0, 'a retry of a lost transaction is right');
});

void test('replication_stopped: one per error that stopped a thread', () => {
  const replicationErrors: RunSummary['replicationErrors'] = [
    {
      time: 100,
      server: 'r1',
      thread: 'sql',
      errno: 1062,
      message: 'Could not execute Write_rows event',
      txn: 'T3',
      execPos: 107,
      line: 12,
    },
    {
      time: 150,
      server: 'r1',
      thread: 'sql',
      errno: 1062,
      message: 'Could not execute Write_rows event',
      txn: 'T3',
      execPos: 107,
      line: 12,
    },
    { time: 200, server: 'r1', thread: 'io', errno: 1236, message: 'Got fatal error 1236' },
  ];
  const v = replicationStopped(trace({ replicationErrors }));
  assert.deepEqual(
    v.map((x) => [x.txn, x.time, x.line, x.servers]),
    [
      ['T3', 100, 12, ['r1', 'm1']],
      [undefined, 200, undefined, ['r1', 'm1']],
    ],
  );
  assert.match(v[0].message, /SQL thread stopped: Last_SQL_Errno 1062: Could not execute Write_rows event; Exec_Master_Log_Pos stays 107$/);
  assert.match(v[1].message, /I\/O thread stopped: Last_IO_Errno 1236: Got fatal error 1236$/);
});

void test('divergence: rows differ and the replica is not merely behind', () => {
  const rows = { m1: { t: [{ id: 1 }, { id: 3 }] }, r1: { t: [{ id: 1 }, { id: 2 }] } };
  const extra = [txn('T2', { presence: { m1: 'absent', r1: 'present' } }), txn('T3', { presence: { m1: 'present', r1: 'absent' } })];
  const v = divergences(trace({ rows, transactions: extra }));
  assert.equal(v.length, 1);
  assert.match(v[0].message, /only on the replica \(2\).*only on the source \(3\).*r1 has T2/);
  const behind = [txn('T3', { presence: { m1: 'present', r1: 'absent' } })];
  assert.equal(
    divergences(trace({ rows: { m1: { t: [{ id: 1 }, { id: 3 }] }, r1: { t: [{ id: 1 }] } }, transactions: behind })).length,
    0,
    'lag is not divergence',
  );
  assert.equal(divergences(trace({ rows: { m1: { t: [{ id: 1 }] }, r1: { t: [{ id: 1 }] } } })).length, 0);
});

void test('errant_transaction: a replica holds a transaction of another server that its source lacks', () => {
  const local = txn('L', { server: 'r1', gtid: 'u2:1', presence: { m1: 'absent', r1: 'present' } });
  const v = errantTransactions(trace({ transactions: [local] }));
  assert.deepEqual(
    v.map((x) => [x.txn, x.servers]),
    [['L', ['r1', 'm1']]],
  );
  assert.match(v[0].message, /r1 has L \(GTID u2:1\), which its source m1 does not have/);
  const sourceLostIt = txn('T1', { server: 'm1', presence: { m1: 'absent', r1: 'present' } });
  assert.equal(errantTransactions(trace({ transactions: [sourceLostIt] })).length, 0, 'the source’s own lost transaction is a lost commit');
});

void test('semisync_fallback: each switch OFF, with the transaction that timed out', () => {
  const semisyncFallbacks_: RunSummary['semisyncFallbacks'] = [
    { time: 5_000_000, server: 'm1', why: 'timeout waiting for the ACK', timedOut: 'T2', line: 9 },
  ];
  const v = semisyncFallbacks(trace({ semisyncFallbacks: semisyncFallbacks_ }));
  assert.deepEqual(
    v.map((x) => [x.txn, x.servers, x.time, x.line]),
    [['T2', ['m1'], 5_000_000, 9]],
  );
  assert.match(v[0].message, /fell back to asynchronous at 5 s .* the waiting COMMIT returned OK/);
});

void test('still_waiting and expectation_failed', () => {
  const w = stillWaiting(
    trace({
      stillWaiting: {
        time: 600_000_000,
        reason: 'horizon',
        waiters: [{ who: 'app (T1) on m1', what: 'waits for an ACK', since: 100, line: 4 }],
      },
    }),
  );
  assert.deepEqual(
    w.map((x) => [x.kind, x.line, x.servers]),
    [['still_waiting', 4, ['m1']]],
  );
  assert.match(w[0].message, /still waiting at 600 s \(the run reached its horizon\): app \(T1\) on m1: waits for an ACK/);
  const e = expectationVerdicts(
    trace({
      expectations: [
        {
          line: 7,
          kind: 'outcome',
          atEnd: true,
          passed: false,
          time: 9,
          message: 'expected T2 outcome lost_connection, but the client got OK at 12.4 ms',
        },
      ],
    }),
  );
  assert.deepEqual(
    e.map((x) => [x.kind, x.line, x.message]),
    [['expectation_failed', 7, 'expected T2 outcome lost_connection, but the client got OK at 12.4 ms']],
  );
});

void test('computeVerdicts covers every kind but expectation_failed, in time order', () => {
  const t = trace({
    finalStatus: { m1: source(), r1: replicaOf('m1') },
    stillWaiting: { time: 5, reason: 'horizon', waiters: [{ who: 'x', what: 'y', since: 0 }] },
    transactions: [txn('E', { outcome: { kind: 'error', code: 1, time: 3 } })],
  });
  const v = computeVerdicts(t);
  assert.deepEqual(
    v.map((x) => x.kind),
    ['committed_after_error', 'still_waiting'],
  );
  assert.equal(VERDICT_KINDS.length, 11);
});

void test('lost_acknowledged_commit looks at the server’s role when it committed: a write on a replica is errant, a write on an old source that later rejoins is lost', () => {
  const finalStatus = { m1: replicaOf('r1'), r1: source() };
  const onOldSource = txn('T2', { server: 'm1', states: { engine_committed: 1000 }, presence: { m1: 'present', r1: 'absent' } });
  const onReplica = txn('L', {
    server: 'r1',
    states: { engine_committed: 2000 },
    presence: { m1: 'absent', r1: 'present' },
    onReplica: true,
  });
  const v = lostAcknowledgedCommits(trace({ finalStatus, transactions: [onOldSource, onReplica] }));
  assert.deepEqual(
    v.map((x) => x.txn),
    ['T2'],
  );
});
