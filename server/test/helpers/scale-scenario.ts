/**
 * The generated scenario of the scale benchmarks (bench/scale.mjs, bench/editor.mjs) and of the tests that compare the
 * summary run with the full trace: a MySQL 8.0 source with GTIDs, lossless semi-sync (AFTER_SYNC, 2 s timeout,
 * sync_binlog=1), two semi-sync replicas and an async one; three clients mixing autocommit inserts, two-statement
 * transactions and `update … where id = k`, every tenth step `nowait`. At the middle the source crashes, the first
 * replica is promoted, the others move to it with auto-positioning and the clients reconnect; at the end the old
 * source rejoins as a replica.
 */

/** The scenario's text with about `transactions` writing transactions (one per client step). */
export function scaleScenarioText(transactions: number): string {
  const out = [
    `scenario "generated: ${transactions} transactions"`,
    'flavor mysql-8.0',
    'database d',
    'source m1 { semisync wait_point=after_sync timeout=2s sync_binlog=1 gtid }',
    'replica r1 of m1 { semisync gtid }',
    'replica r2 of m1 { semisync gtid }',
    'replica r3 of m1 { gtid }',
    'link m1 -> r1 latency 1ms',
    'link m1 -> r2 latency 2ms jitter 500us',
    'link m1 -> r3 latency 5ms',
    'table t (id int primary key, v varchar(20), n int)',
    'client a on m1',
    'client b on m1',
    'client c on m1',
  ];
  const clients = ['a', 'b', 'c'];
  const middle = Math.floor(transactions / 2);
  let id = 0;
  for (let i = 1; i <= transactions; i++) {
    const client = clients[i % 3];
    let sql: string;
    if (i % 3 === 1) {
      id++;
      sql = `insert into t values (${id}, 'v${id}', 0)`;
    } else if (i % 3 === 2) {
      id++;
      sql = `begin; insert into t values (${id}, 'w${id}', 1); update t set n = n + 1 where id = ${id - 1}; commit`;
    } else {
      sql = `update t set n = n + 1 where id = ${1 + ((i * 7) % id)}`;
    }
    out.push(`${client}: ${sql}${i % 10 === 0 ? ' nowait' : ''}`);
    if (i === middle) {
      out.push(
        'crash m1',
        'promote r1',
        // CHANGE MASTER is refused while a replica's threads run, and starts none: stop, repoint, start.
        'stop r2',
        'stop r3',
        'change master r2 to r1 auto_position',
        'change master r3 to r1 auto_position',
        'start r2',
        'start r3',
        ...clients.map((c) => `${c} reconnects to r1`),
      );
    }
  }
  out.push(
    'restart m1 as replica of r1 auto_position',
    'wait until r2 caught up',
    'expect r2 replication running',
    'expect r3 replication running',
  );
  return `${out.join('\n')}\n`;
}
