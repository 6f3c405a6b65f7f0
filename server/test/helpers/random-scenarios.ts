/**
 * Test scenarios drawn from a PRNG (latencies, jitter, timeouts, which steps wait): the engine's fuzz corpus, shared
 * by the determinism, invariant and run-mode tests.
 */
import type { Prng } from '../../src/engine/prng';
import type { Scenario } from '../../src/model/scenario';
import { BEGIN, COMMIT, ScenarioBuilder, del, eq, insert, select, update } from '../scenario-builder';

const MS = 1_000;

/** Test scenarios, parameterised by a PRNG for latencies and jitter. */
export const SCENARIOS: { name: string; build: (rng: Prng) => Scenario }[] = [
  {
    name: 'semi-sync, two replicas, concurrent clients, an I/O thread stopped and started',
    build: (rng) => {
      const b = new ScenarioBuilder('mysql-8.0');
      b.standardTable('t');
      b.source('m1', { semisyncMaster: true, semisyncTimeout: (50 + rng.upTo(100)) * MS, fsyncLatency: rng.upTo(800) });
      b.replica('r1', 'm1', { semisyncSlave: true, applyLatency: rng.upTo(500), syncRelayLog: rng.upTo(3) });
      b.replica('r2', 'm1', { semisyncSlave: true });
      b.link('m1', 'r1', 100 + rng.upTo(3 * MS), rng.upTo(2 * MS));
      b.link('m1', 'r2', 100 + rng.upTo(3 * MS), rng.upTo(2 * MS));
      b.client('a', 'm1');
      b.client('b', 'm1');
      for (let i = 0; i < 6; i++) {
        b.run('a', [insert('t', { id: i * 2, v: `a${i}` })], { nowait: true });
        b.run('b', [BEGIN, insert('t', { id: i * 2 + 1, v: `b${i}` }), update('t', { v: 'x' }, [eq('id', i * 2 + 1)]), COMMIT], {
          nowait: rng.upTo(1) === 1,
        });
        if (i === 2) b.action({ kind: 'threadControl', op: 'stop', server: 'r1', thread: 'io_thread' });
        if (i === 4) b.action({ kind: 'threadControl', op: 'start', server: 'r1', thread: 'io_thread' });
        b.wait(rng.upTo(5 * MS));
      }
      b.run('a', [select('t')]);
      b.caughtUp('r2');
      return b.build();
    },
  },
  {
    name: 'async, rotation, deletes, a replica with statement format',
    build: (rng) => {
      const b = new ScenarioBuilder('mysql-5.7');
      b.standardTable('t');
      b.source('m1', { maxBinlogSize: 4096, syncBinlog: rng.upTo(3) });
      b.replica('r1', 'm1', { applyLatency: rng.upTo(2 * MS) });
      b.link('m1', 'r1', 50 + rng.upTo(2 * MS), rng.upTo(MS));
      b.client('app', 'm1');
      for (let i = 0; i < 20; i++) {
        b.run('app', [insert('t', { id: i, v: `row-${i}` })], { nowait: rng.upTo(1) === 1 });
        if (i % 5 === 4) b.run('app', [del('t', [eq('id', i - 2)])]);
      }
      b.caughtUp('r1');
      return b.build();
    },
  },
  {
    name: 'MariaDB AFTER_COMMIT semi-sync with timeouts and a flaky link',
    build: (rng) => {
      const b = new ScenarioBuilder('mariadb-10.11');
      b.standardTable('t');
      b.source('m1', { semisyncMaster: true, semisyncTimeout: (5 + rng.upTo(20)) * MS });
      b.replica('r1', 'm1', { semisyncSlave: true, gtidMode: rng.upTo(1) === 1 });
      b.link('m1', 'r1', 100 + rng.upTo(4 * MS), rng.upTo(3 * MS));
      b.client('app', 'm1');
      for (let i = 0; i < 8; i++) {
        if (i === 3) b.action({ kind: 'linkControl', op: 'partition', from: 'm1', to: 'r1' });
        if (i === 6) b.action({ kind: 'linkControl', op: 'heal', from: 'm1', to: 'r1' });
        b.run('app', [insert('t', { id: i, v: `v${i}` })]);
      }
      b.caughtUp('r1');
      return b.build();
    },
  },
];
