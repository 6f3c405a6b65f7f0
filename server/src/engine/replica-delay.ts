/**
 * Delayed replication (MASTER_DELAY / SOURCE_DELAY; MySQL rpl_replica.cc and MariaDB slave.cc `sql_delay_event`): when
 * the SQL thread reaches a transaction it computes `sql_delay_end`, in whole seconds, from the transaction's timestamp
 * plus the delay, and sleeps `sql_delay_end − now` seconds, `now` being the current second (time(0)). MySQL 8.0 takes
 * the immediate source's commit timestamp, rounded up; MySQL 5.6/5.7 and MariaDB the event header's timestamp (the
 * statement's start on the server it was first written on), rounded down. While it sleeps SHOW SLAVE STATUS says
 * `Waiting until MASTER_DELAY seconds after master executed event` with `SQL_Remaining_Delay` = sql_delay_end − now.
 */
import type { Flavor, Micros } from '../model/scenario';
import type { RelayEntry, ServerState } from './world';

const SECOND = 1_000_000;
const newTerms = (f: Flavor): boolean => f === 'mysql-8.0' || f === 'mysql-8.4';

/** When the SQL thread may apply this transaction, and the `sql_delay_end` (whole seconds, as µs) it waits for. */
export function delayedApply(server: ServerState, entry: RelayEntry, now: Micros): { at: Micros; end: Micros } | undefined {
  const delay = server.config.masterDelay;
  if (delay <= 0 || server.flavor === 'mysql-5.5') return undefined;
  const stamp = newTerms(server.flavor) ? entry.sourceTime : (entry.txn?.originTime ?? entry.sourceTime);
  if (stamp === undefined) return undefined;
  const stampSeconds = newTerms(server.flavor) ? Math.ceil(stamp / SECOND) : Math.floor(stamp / SECOND);
  const endSeconds = stampSeconds + delay;
  const nap = endSeconds - Math.floor(now / SECOND);
  if (nap <= 0) return undefined;
  return { at: now + nap * SECOND, end: endSeconds * SECOND };
}

/** SQL_Remaining_Delay at `time` while the thread sleeps until `end`: sql_delay_end − time(0), in seconds. */
export function remainingDelay(end: Micros, time: Micros): number {
  return Math.max(0, Math.round(end / SECOND) - Math.floor(time / SECOND));
}

/** Slave_SQL_Running_State, as each flavor words it. */
export function sqlThreadState(server: ServerState): string {
  const r = server.replica;
  if (!r || server.state !== 'running' || r.sql.state !== 'running') return '';
  const f = server.flavor;
  if (r.sql.delayEnd !== undefined)
    return newTerms(f)
      ? 'Waiting until SOURCE_DELAY seconds after source executed event'
      : 'Waiting until MASTER_DELAY seconds after master executed event';
  if (r.sql.busy) return 'Reading event from the relay log';
  return newTerms(f)
    ? 'Replica has read all relay log; waiting for more updates'
    : 'Slave has read all relay log; waiting for more updates';
}
