/**
 * How a replica's I/O thread notices a dead source (replication-semantics.md §5): the connection has a read timeout
 * of slave_net_timeout, reset by every packet (events, or the heartbeats an idle dump thread sends); when it expires
 * the thread gives the connection up and reconnects. A connection attempt fails at once when the source's host
 * answers with a reset (its process is down: 2003, errno 111), or after the connect timeout, which is slave_net_timeout
 * too, when nothing answers (a partition: 2003, errno 110). After a failed attempt the thread sleeps
 * MASTER_CONNECT_RETRY seconds; after master_retry_count failures in a row it stops. The texts are each flavor's.
 */
import type { Flavor } from '../model/scenario';
import { schedule, type ServerState, type World } from './world';

/** A background timer that cannot by itself change anything: the run may settle with it pending. */
export const NEVER = (): boolean => false;

/** The account and port the engine's replicas connect with (CHANGE MASTER TO MASTER_USER='repl', MASTER_PORT=3306). */
export const REPLICATION_USER = 'repl';
export const SOURCE_PORT = 3306;

/** Why a connection attempt failed: the host reset it (no process listens), or nothing answered in time. */
export type ConnectFailure = 'refused' | 'timed_out';

/** CR_CONN_HOST_ERROR (2003) as the flavor's client library prints it. */
export function cantConnectMessage(flavor: Flavor, host: string, failure: ConnectFailure): string {
  const errno = failure === 'refused' ? 111 : 110;
  if (flavor === 'mariadb-10.11')
    return `Can't connect to server on '${host}' (${errno} "${failure === 'refused' ? 'Connection refused' : 'Connection timed out'}")`;
  const where = flavor === 'mysql-8.0' || flavor === 'mysql-8.4' ? `${host}:${SOURCE_PORT}` : host;
  return `Can't connect to MySQL server on '${where}' (${errno})`;
}

/** CR_SERVER_LOST (2013): what a read that timed out, or a reset connection, returns. */
export function lostConnectionMessage(flavor: Flavor): string {
  return flavor === 'mariadb-10.11' ? 'Lost connection to server during query' : 'Lost connection to MySQL server during query';
}

/** The Last_IO_Error of a failed connection attempt, as each flavor's connect_to_master reports it. */
export function connectErrorText(
  flavor: Flavor,
  a: { reconnect: boolean; host: string; connectRetry: number; retryCount: number; attempt: number; message: string },
): string {
  const verb = a.reconnect ? 'reconnecting' : 'connecting';
  const who = `${REPLICATION_USER}@${a.host}:${SOURCE_PORT}`;
  if (flavor === 'mariadb-10.11')
    return `error ${verb} to master '${who}' - retry-time: ${a.connectRetry}  maximum-retries: ${a.retryCount}  message: ${a.message}`;
  if (flavor === 'mysql-8.0' || flavor === 'mysql-8.4')
    return (
      `Error ${verb} to source '${who}'. This was attempt ${a.attempt}/${a.retryCount}, with a delay of ${a.connectRetry} ` +
      `seconds between attempts. Message: ${a.message}`
    );
  return `error ${verb} to master '${who}' - retry-time: ${a.connectRetry}  retries: ${a.attempt}`;
}

/** The error-log lines of a read that failed, before the reconnection (`Failed reading log event, reconnecting …`). */
export function readFailedLogLines(flavor: Flavor, file: string, pos: number): string[] {
  const thread = ioThreadName(flavor);
  return [
    `Error reading packet from server: ${lostConnectionMessage(flavor)} (server_errno=2013)`,
    `${thread}: Failed reading log event, reconnecting to retry, log '${file}' at position ${pos}`,
  ];
}

/** How the error log names the I/O thread. */
export function ioThreadName(flavor: Flavor): string {
  return flavor === 'mysql-8.0' || flavor === 'mysql-8.4' ? 'Replica I/O thread' : 'Slave I/O thread';
}

/** A packet of the connection arrived: the read timer counts from now. */
export function heard(world: World, server: ServerState): void {
  const r = server.replica;
  if (r) r.io.lastHeard = world.now;
}

/**
 * Starts the read timer of the connection now established. It is not rescheduled per packet: when it fires it looks
 * at when the last packet came and sleeps again until that one's timeout, so a packet costs nothing.
 */
export function armReadTimer(world: World, server: ServerState, onTimeout: () => void): void {
  const r = server.replica;
  if (!r) return;
  if (r.io.readTimer) world.queue.cancel(r.io.readTimer);
  const connId = r.io.connId;
  const incarnation = server.incarnation;
  const check = (): void => {
    if (server.replica !== r || r.io.connId !== connId || !r.io.connected || server.incarnation !== incarnation) return;
    const due = r.io.lastHeard + r.io.netTimeout;
    if (world.now < due) {
      r.io.readTimer = schedule(world, due, check, NEVER);
      return;
    }
    r.io.readTimer = undefined;
    onTimeout();
  };
  r.io.readTimer = schedule(world, r.io.lastHeard + r.io.netTimeout, check, NEVER);
}
