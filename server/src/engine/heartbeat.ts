/**
 * The dump thread's heartbeats (MASTER_HEARTBEAT_PERIOD, which the replica asks for when it connects): when the
 * thread has sent nothing for the period it sends a Heartbeat event naming its place in the binlog. It moves no
 * position on the replica; it only shows that the connection is alive, so that an idle source does not make the
 * replica time out (net-timeout.ts). One timer per dump thread, which looks at when it last sent and sleeps again:
 * sending an event costs nothing more.
 */
import { fileByIndex } from './binlog';
import { NEVER } from './net-timeout';
import { sendMessage } from './network';
import { record, schedule, type DumpThread, type ServerState, type World } from './world';

/** Starts the heartbeat timer of a dump thread that just started (nothing when the period is 0). */
export function startHeartbeats(world: World, source: ServerState, dump: DumpThread): void {
  if (dump.heartbeatPeriod <= 0) return;
  const incarnation = source.incarnation;
  const tick = (): void => {
    if (source.incarnation !== incarnation || !source.dumpThreads.includes(dump)) return;
    if (world.now >= dump.lastSent + dump.heartbeatPeriod) sendHeartbeat(world, source, dump);
    schedule(world, dump.lastSent + dump.heartbeatPeriod, tick, NEVER);
  };
  schedule(world, dump.lastSent + dump.heartbeatPeriod, tick, NEVER);
}

/** Where the dump thread stands: the file it reads and the end of what it sent from it. */
function dumpPlace(source: ServerState, dump: DumpThread): { file: string; pos: number } {
  const file = fileByIndex(source.binlog, dump.fileIndex);
  const sent = file?.chunks[dump.chunkIndex - 1];
  return { file: file?.name ?? '', pos: sent?.end ?? 4 };
}

function sendHeartbeat(world: World, source: ServerState, dump: DumpThread): void {
  const place = dumpPlace(source, dump);
  const idle = (world.now - dump.lastSent) / 1_000_000;
  dump.lastSent = world.now;
  if (world.full)
    record(world, {
      server: source.name,
      lane: 'dump',
      kind: 'dump_heartbeat',
      label: () => `heartbeat to ${dump.replica}: nothing to send for ${idle} s (MASTER_HEARTBEAT_PERIOD)`,
    });
  sendMessage(world, {
    from: { server: source.name, lane: 'dump' },
    to: { server: dump.replica, lane: 'io' },
    payload: { kind: 'heartbeat', connId: dump.connId, file: place.file, pos: place.pos },
    label: () => `Heartbeat ${place.file}:${place.pos}`,
  });
}
