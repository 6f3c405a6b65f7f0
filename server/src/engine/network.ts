/**
 * Messages between servers over their link: one-way latency plus jitter drawn from the PRNG, delivered in order per
 * direction (a TCP stream). A partitioned link holds what reaches it and delivers it, in order, when it heals (TCP
 * retransmits; the connection is not torn down: MySQL would notice only after slave_net_timeout). A message that
 * arrives at a server that is down is dropped.
 */
import { DEFAULT_LINK_LATENCY } from '../model/settings';
import type { Lane, LogCoordinates, TraceMessage } from '../trace/trace';
import { isUp, linkBetween, schedule, type LinkState, type World } from './world';

/** What to send. */
export interface Outgoing {
  kind: TraceMessage['kind'];
  from: { server: string; lane: Lane };
  to: { server: string; lane: Lane };
  label: string;
  txn?: string;
  log?: LogCoordinates;
}

/**
 * Sends a message; `deliver` runs on arrival at a running receiver and returns a reason when the receiver ignores
 * it (a closed connection), undefined when taken.
 */
export function sendMessage(world: World, out: Outgoing, deliver: () => string | undefined): TraceMessage {
  if (world.setup) {
    // The initial topology is established before time 0 starts counting: replicas are connected when the script begins.
    const early: TraceMessage = { id: -1, kind: out.kind, from: out.from, to: out.to, sendTime: 0, receiveTime: 0, label: out.label };
    if (isUp(world, out.to.server)) deliver();
    return early;
  }
  const msg: TraceMessage = {
    id: world.messages.length,
    kind: out.kind,
    from: out.from,
    to: out.to,
    sendTime: world.now,
    receiveTime: null,
    ...(out.txn !== undefined ? { txn: out.txn } : {}),
    ...(out.log !== undefined ? { log: out.log } : {}),
    ...(world.cause !== undefined ? { line: world.cause } : {}),
    label: out.label,
  };
  world.messages.push(msg);
  const link = linkBetween(world, out.from.server, out.to.server, DEFAULT_LINK_LATENCY);
  const direction = `${out.from.server}>${out.to.server}`;
  const arrive = (): void => {
    if (link.down) {
      link.held.push(() => travel());
      return;
    }
    if (!isUp(world, out.to.server)) {
      msg.dropped = `${out.to.server} is down`;
      return;
    }
    const reason = deliver();
    if (reason !== undefined) msg.dropped = reason;
    else msg.receiveTime = world.now;
  };
  const travel = (): void => {
    const at = arrivalTime(world, link, direction);
    schedule(world, at, `message ${out.label}`, arrive);
  };
  if (link.down) link.held.push(() => travel());
  else travel();
  return msg;
}

/** When a message sent now arrives: latency + jitter, never before the previous one in the same direction. */
function arrivalTime(world: World, link: LinkState, direction: string): number {
  const at = world.now + link.latency + world.prng.upTo(link.jitter);
  const last = link.lastArrival.get(direction) ?? 0;
  const arrival = Math.max(at, last);
  link.lastArrival.set(direction, arrival);
  return arrival;
}

/** Heals a link: what it held travels now, in order. */
export function healLink(link: LinkState): void {
  link.down = false;
  const held = link.held;
  link.held = [];
  for (const send of held) send();
}

/** The one-way latency of the link between two servers (no jitter), for estimates. */
export function linkLatency(world: World, x: string, y: string): number {
  return linkBetween(world, x, y, DEFAULT_LINK_LATENCY).latency;
}
