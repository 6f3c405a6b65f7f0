/**
 * The crash points of a scenario: every moment a transaction that writes reaches a state of its commit pipeline (or,
 * on the replica side, `sent`/`relay_logged`/`applied` once per replica), times every server that could die right
 * then, times the kind of crash. They are found by one summary run of the scenario as written: up to its crash point a
 * variant runs exactly as that run did (the engine is deterministic), so a state the run never reached, or a server
 * already down at that moment, makes a variant impossible; those are counted, not run.
 */
import type { Scenario, TxnState } from '../model/scenario';
import { TXN_STATES } from '../model/states';
import { runSummary } from '../run';

export type CrashMode = 'process' | 'host';

export const CRASH_MODES: readonly CrashMode[] = ['process', 'host'];

/** One variant's fault: when `txn` reaches `state` (`by` a replica for the replica-side states), `server` crashes. */
export interface CrashPoint {
  txn: string;
  state: TxnState;
  by?: string;
  server: string;
  mode: CrashMode;
}

/** The crash points of a scenario, in the order the base run reached them, and how many variants could not happen. */
export interface CrashPointCensus {
  points: CrashPoint[];
  skipped: { notReached: number; serverDown: number };
}

const REPLICA_SIDE: ReadonlySet<TxnState> = new Set(TXN_STATES.filter((s) => s.onReplica).map((s) => s.name));

/** `T7 engine_committed`, `T7 relay_logged by r1`: the moment of a crash point. */
export function momentText(p: Pick<CrashPoint, 'txn' | 'state' | 'by'>): string {
  return `${p.txn} ${p.state}${p.by !== undefined ? ` by ${p.by}` : ''}`;
}

/** `on T7 relay_logged by r1: crash m1 host`: the crash point as the trigger a `.repl` file would write. */
export function crashPointText(p: CrashPoint): string {
  return `on ${momentText(p)}: crash ${p.server}${p.mode === 'host' ? ' host' : ''}`;
}

/** Which crash points to consider: the kinds of crash, and the servers that crash (default: both kinds, every server). */
export interface CrashPointFilter {
  modes?: readonly CrashMode[];
  servers?: readonly string[];
}

/** Every crash point of the scenario (of the filter's kinds and servers). */
export function crashPoints(scenario: Scenario, filter: CrashPointFilter = {}): CrashPointCensus {
  const modes = filter.modes ?? CRASH_MODES;
  // A multi-source replica's crash is not modelled yet (its channels' recovery): it is not crashed here either.
  const servers = scenario.servers.filter((s) => !s.channels && (!filter.servers || filter.servers.includes(s.name)));
  const writers = new Set(scenario.transactions.filter((t) => !t.readOnly).map((t) => t.id));
  const seen = new Set<string>();
  const points: CrashPoint[] = [];
  let serverDown = 0;
  runSummary(scenario, {
    onStateReached: (reached, running) => {
      if (!writers.has(reached.txn)) return;
      const by = REPLICA_SIDE.has(reached.state) ? reached.by : undefined;
      // A trigger fires the first time its moment comes; later ones are not crash points of their own.
      const key = momentText({ txn: reached.txn, state: reached.state, by });
      if (seen.has(key)) return;
      seen.add(key);
      for (const server of servers) {
        if (!running.includes(server.name)) {
          serverDown += modes.length;
          continue;
        }
        for (const mode of modes)
          points.push({ txn: reached.txn, state: reached.state, ...(by !== undefined ? { by } : {}), server: server.name, mode });
      }
    },
  });
  // Every moment a writing transaction could have: each source-side state, each replica-side state once per other server.
  const sourceSide = TXN_STATES.length - REPLICA_SIDE.size;
  const moments = writers.size * (sourceSide + REPLICA_SIDE.size * Math.max(0, scenario.servers.length - 1));
  const possible = moments * servers.length * modes.length;
  return { points, skipped: { notReached: Math.max(0, possible - points.length - serverDown), serverDown } };
}

/** The scenario with the crash point added as a trigger (after the file's own, so those fire first at the same moment). */
export function withCrashPoint(scenario: Scenario, point: CrashPoint): Scenario {
  const plan = scenario.transactions.find((t) => t.id === point.txn);
  return {
    ...scenario,
    triggers: [
      ...scenario.triggers,
      {
        line: plan?.endLine ?? 0,
        subject: { kind: 'txn', txn: point.txn },
        state: point.state,
        ...(point.by !== undefined ? { by: point.by } : {}),
        action: { kind: 'crash', server: point.server, mode: point.mode },
      },
    ],
  };
}
