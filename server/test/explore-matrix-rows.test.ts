// The matrix's rows: states open onto the transactions that reached them and those onto the servers crashed there; the
// counts add up at every level (to the exploration's per-state tallies at the top), and the order is the pipeline's,
// then the base run's, whatever the split of the cases.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { explore, mergeExplorations, type Exploration } from '../src/explore/explore';
import { matrixRows, type MatrixRow } from '../src/explore/matrix-rows';
import { classKey, classRank } from '../src/explore/outcome';
import { explorePolicies } from '../src/explore/policies';
import { TXN_STATES } from '../src/model/states';

const S4 = readFileSync(join(__dirname, '..', '..', 'examples', 's04-after-commit-crash-before-ack.repl'), 'utf8');

/** Two writers on a source and a replica cut off, under async and AFTER_SYNC semi-sync. */
const TWO_WRITERS = `
source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
app: insert into t values (1)
app: insert into t values (2)
crash m1
promote r1
`;

function exploration(text: string, vary: string[] = [], shard?: { index: number; count: number }): Exploration {
  const s = explorePolicies(text, vary);
  assert.deepEqual(s.errors, []);
  return explore(s.policies, s.properties, shard ? { shard } : {});
}

/** The cases of a row under policy `p`. */
const cases = (r: MatrixRow, p: number) => r.cells[p].reduce((n, c) => n + c.count, 0);

/** Each class's count in a row's cell under policy `p`. */
const byClass = (r: MatrixRow, p: number) => new Map(r.cells[p].map((c) => [classKey(c.class), c.count]));

function sumOf(rows: MatrixRow[], p: number): Map<string, number> {
  const sum = new Map<string, number>();
  for (const r of rows) for (const [k, n] of byClass(r, p)) sum.set(k, (sum.get(k) ?? 0) + n);
  return sum;
}

void test('counts add up at every level: classes per state are the tallies, per transaction and server their parts', () => {
  const result = exploration(TWO_WRITERS, ['wait_point=after_sync,after_commit']);
  const rows = matrixRows(result);
  assert.equal(result.policies.length, 2);
  assert.equal(
    rows.reduce((n, r) => n + r.total, 0),
    result.cases,
  );
  result.policies.forEach((policy, p) => {
    assert.equal(
      rows.reduce((n, r) => n + cases(r, p), 0),
      policy.cases,
    );
    for (const state of rows) {
      // The state's cell is what the exploration tallied at that state, class by class.
      const tallied = new Map(policy.classes.filter((c) => c.byState[state.state]).map((c) => [classKey(c), c.byState[state.state]]));
      assert.deepEqual(byClass(state, p), tallied);
      assert.ok(state.children.length > 0);
      assert.deepEqual(sumOf(state.children, p), byClass(state, p));
      for (const txn of state.children) {
        assert.equal(txn.level, 'txn');
        assert.deepEqual(sumOf(txn.children, p), byClass(txn, p));
        for (const server of txn.children) assert.equal(server.children.length, 0);
      }
    }
  });
  for (const r of rows.flatMap((s) => [s, ...s.children, ...s.children.flatMap((t) => t.children)]))
    assert.equal(
      r.total,
      r.cells.reduce((n, _, p) => n + cases(r, p), 0),
    );
});

void test('the order: states as the pipeline goes, transactions and servers as the base run reached them; cells worst first', () => {
  const rows = matrixRows(exploration(TWO_WRITERS));
  const order = TXN_STATES.map((s) => s.name);
  const states = rows.map((r) => r.state);
  assert.deepEqual(
    states,
    order.filter((s) => states.includes(s)),
  );
  const prepared = rows.find((r) => r.state === 'prepared');
  assert.ok(prepared);
  assert.deepEqual(
    prepared.children.map((t) => t.txn),
    ['T1', 'T2'],
  );
  assert.deepEqual(
    prepared.children[0].children.map((s) => s.server),
    ['m1', 'r1'],
  );
  // Replica-side states are reached by r1 only: crash m1 or r1 there, both kinds of crash in one row.
  const relayLogged = rows.find((r) => r.state === 'relay_logged');
  assert.ok(relayLogged);
  assert.deepEqual(
    relayLogged.children[0].children.map((s) => [s.server, s.total]),
    [
      ['m1', 2],
      ['r1', 2],
    ],
  );
  const crashedSource = prepared.children[0].children[0];
  assert.equal(crashedSource.total, 2);
  for (const r of rows.flatMap((s) => [s, ...s.children])) {
    const cells = r.cells[0];
    for (let i = 1; i < cells.length; i++) {
      const [a, b] = [classRank(cells[i - 1].class), classRank(cells[i].class)];
      assert.ok(a < b || (a === b && cells[i - 1].count >= cells[i].count));
    }
  }
});

void test('slices of an exploration, merged, give the same rows in the same order', () => {
  const whole = exploration(S4);
  const slices = [1, 2, 3].map((index) => exploration(S4, [], { index, count: 3 }));
  const merged = mergeExplorations(slices);
  assert.deepEqual(JSON.stringify(matrixRows(merged)), JSON.stringify(matrixRows(whole)));
  assert.equal(JSON.stringify(merged), JSON.stringify(whole));
  // Every example of a row is a case of the exploration and crashes where the row says.
  for (const state of matrixRows(whole))
    for (const txn of state.children)
      for (const server of txn.children)
        for (const c of server.cells.flat()) {
          assert.equal(c.example.crashPoint.state, state.state);
          assert.equal(c.example.crashPoint.txn, txn.txn);
          assert.equal(c.example.crashPoint.server, server.server);
        }
});
