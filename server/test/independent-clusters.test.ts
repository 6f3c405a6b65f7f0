/**
 * Files that describe several independent clusters (issue 11, item 9): each source with its own replicas, no
 * replication between them. A transaction is judged within its own cluster: the sources of another cluster never
 * get it, and that is no lost commit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecked } from './helpers/snippet';
import { clusterOf } from '../src/verdicts/topology';
import { runStory } from '../src/report/run-story';
import type { Trace } from '../src/trace/trace';

const verdicts = (trace: Trace): string[] => trace.verdicts.map((v) => `${v.kind} ${v.txn ?? ''} ${v.servers.join(',')}`).sort();

const twoClusters = (failover: string) => `
flavor mysql-8.0
source a1 { gtid }
replica a2 of a1 { gtid }
source b1 { gtid, flavor=mariadb-10.11 }
replica b2 of b1 { flavor=mariadb-10.11 }
link a1 -> a2 latency 2ms
link b1 -> b2 latency 3ms
table t (id int primary key, v varchar(20))
client appa on a1
client appb on b1
appb: insert into t values (10, 'b') as B1
appa: insert into t values (1, 'a') as A1
${failover}
appb: insert into t values (11, 'b') as B2
wait until b2 caught up
`;

void test('two independent clusters each replicate their own writes and nothing of the other', () => {
  const trace = runChecked(twoClusters('wait until a2 caught up'));
  assert.deepEqual(verdicts(trace), []);
  const present = (id: string): string[] =>
    Object.entries(trace.transactions.find((t) => t.id === id)?.presence ?? {})
      .filter(([, p]) => p === 'present')
      .map(([s]) => s)
      .sort();
  assert.deepEqual(present('A1'), ['a1', 'a2']);
  assert.deepEqual(present('B1'), ['b1', 'b2']);
  assert.deepEqual(present('B2'), ['b1', 'b2']);
  assert.equal(trace.finalStatus['a2']?.['Master_Host'], 'a1');
  assert.equal(trace.finalStatus['b2']?.['Master_Host'], 'b1');
  assert.deepEqual([...clusterOf(trace, 'a2')].sort(), ['a1', 'a2']);
  assert.deepEqual([...clusterOf(trace, 'b1')].sort(), ['b1', 'b2']);
  assert.match(runStory(trace)[0]?.text ?? '', /reached every server of their cluster/);
});

void test('a failover in one cluster judges its lost commit there, and leaves the other cluster alone', () => {
  const trace = runChecked(
    twoClusters(`
on A1 binlog_flushed: crash a1 host
promote a2
appa reconnects to a2
appa: insert into t values (2, 'a') as A2`),
  );
  // A1 died with a1's host before it was acknowledged; A2, written on the promoted a2, is missing from a1 (down, no
  // longer in the picture) and from b1, the source of another cluster: neither is a lost commit.
  assert.deepEqual(verdicts(trace), []);
  // The old source stays in its cluster (the declared edge), though it no longer replicates with anyone.
  assert.deepEqual([...clusterOf(trace, 'a2')].sort(), ['a1', 'a2']);
});

void test('an acknowledged commit lost in one cluster is reported against that cluster’s source only', () => {
  const trace = runChecked(
    twoClusters(`
on A1 client_ok: crash a1 host
promote a2`).replace('source a1 { gtid }', 'source a1 { gtid, sync_binlog=1 }'),
  );
  const lost = trace.verdicts.filter((v) => v.kind === 'lost_acknowledged_commit');
  assert.deepEqual(
    lost.map((v) => `${v.txn} ${v.servers.join(',')}`),
    ['A1 a2,a1'],
  );
});
