/**
 * Messages between servers over their link, as data: a message is a payload of one kind (the protocol below) sent
 * from one server to another, and the simulation's delivery table (deliveries.ts) says which thread handles each
 * kind on arrival. One-way latency plus jitter drawn from the PRNG, delivered in order per direction (a TCP stream).
 * A link with a bandwidth puts one message on the wire at a time per direction: N bytes take N / bandwidth, behind
 * what was sent before. A partitioned link holds what reaches it and delivers it, in order, when it heals (TCP
 * retransmits; the connection is not torn down by the network: the replica gives it up after slave_net_timeout,
 * net-timeout.ts). A message that arrives at a server that is down is dropped.
 */
import { channelFrom, inChannel } from './channels';
import { DEFAULT_LINK_LATENCY, wireTime } from '../model/settings';
import type { BinlogChunk, LaidEvents, LoggedTxn, LogPos } from './binlog';
import type { Lane, LogCoordinates, TraceMessage } from '../trace/trace';
import { isUp, linkBetween, schedule, type LinkState, type ServerState, type StartRequest, type World } from './world';

/** What a dump thread sends: one chunk of the source's binlog (possibly from the middle of a transaction). */
export interface ShippedChunk {
  source: string;
  kind: BinlogChunk['kind'];
  file: string;
  fileIndex: number;
  /** What is sent, from where in the source's file. */
  sent: LaidEvents;
  /** All the chunk's events (`sent` may start inside it), where the source laid them. */
  whole: LaidEvents;
  txn: LoggedTxn | undefined;
  ackRequested: boolean;
  writtenAt: number;
  partial: boolean;
  /** For a Rotate: the file it names. */
  nextFile: string | undefined;
}

/** The replication protocol: every message a server can send another. */
export type Payload =
  /** Replica I/O thread → source: start sending me the binlog from here. */
  | { kind: 'connect'; connId: number; request: StartRequest; semisync: boolean; heartbeatPeriod: number }
  /**
   * Source → replica: error 1236, the dump thread will not start. `header`: it had already sent the fake Rotate
   * naming these coordinates and the Format_desc (a start inside an event is found only when the event is read).
   */
  | { kind: 'refused'; connId: number; message: string; header?: { file: string; pos: number } }
  /** Source → replica: the dump thread started; the fake Rotate and Format_desc that open the relay log. */
  | { kind: 'accepted'; connId: number; file: string; pos: number; headerSize: number }
  /** Source dump thread → replica I/O thread: binlog events. */
  | { kind: 'events'; connId: number; chunk: ShippedChunk }
  /** Source dump thread → replica I/O thread: a Heartbeat event (the binlog was idle for the heartbeat period). */
  | { kind: 'heartbeat'; connId: number; file: string; pos: number }
  /** Replica I/O thread → source: semi-sync ACK of a position (after the relay-log write). */
  | { kind: 'ack'; pos: LogPos; log: LogCoordinates; txn?: string }
  /** Replica → source: its I/O thread's connection closed (stopped, or the replica went down). */
  | { kind: 'replica_gone'; connId: number; why: string }
  /** Source → replica: the source went down; the connection is lost. */
  | { kind: 'source_gone'; connId: number };

/** What handles each kind of message at the receiving server; returns why it was ignored, or undefined when taken. */
export type Deliveries = {
  [K in Payload['kind']]: (world: World, to: ServerState, message: Extract<Payload, { kind: K }>, from: string) => string | undefined;
};

/** What to send. */
export interface Outgoing {
  from: { server: string; lane: Lane };
  to: { server: string; lane: Lane };
  payload: Payload;
  /** The arrow's label on the timeline (full traces only). */
  label: () => string;
  txn?: string;
  log?: LogCoordinates;
  /** For a connection attempt: whether the sender still waits for it (one it gave up is not delivered after a partition). */
  wanted?: () => boolean;
  /** Called when the message reaches a receiver that is down (and is dropped). */
  onDropped?: () => void;
}

/** The arrow kind a payload is drawn as. */
function traceKind(payload: Payload): TraceMessage['kind'] {
  switch (payload.kind) {
    case 'connect':
      return 'connect';
    case 'refused':
      return 'error';
    case 'accepted':
    case 'events':
    case 'heartbeat':
      return 'events';
    case 'ack':
      return 'ack';
    case 'replica_gone':
    case 'source_gone':
      return 'disconnect';
  }
}

/** Hands a message to its handler at the receiver. */
function deliver(world: World, out: Outgoing): string | undefined {
  const receiver = world.servers.get(out.to.server);
  if (!receiver) return `no server ${out.to.server}`;
  const handler = world.deliveries[out.payload.kind] as (w: World, to: ServerState, m: Payload, from: string) => string | undefined;
  // At a multi-source replica, what a source sends is for the channel that replicates from it (channels.ts).
  if (receiver.channels && out.to.lane === 'io') {
    const channel = channelFrom(receiver, out.from.server);
    if (channel === undefined) return `no channel of ${receiver.name} replicates from ${out.from.server}`;
    return inChannel(world, receiver, channel, () => handler(world, receiver, out.payload, out.from.server));
  }
  return handler(world, receiver, out.payload, out.from.server);
}

/** The trace's record of a message sent now (full traces), field by field in the trace's key order. */
function traceMessage(world: World, out: Outgoing): TraceMessage {
  const msg = {
    id: world.messages.length,
    kind: traceKind(out.payload),
    from: out.from,
    to: out.to,
    sendTime: world.now,
    receiveTime: null,
  } as TraceMessage;
  if (out.txn !== undefined) msg.txn = out.txn;
  if (out.log !== undefined) msg.log = out.log;
  if (world.cause !== undefined) msg.line = world.cause;
  msg.label = out.label();
  world.messages.push(msg);
  return msg;
}

/** Sends a message; it is handled on arrival at a running receiver. */
export function sendMessage(world: World, out: Outgoing): void {
  if (world.setup) {
    // The initial topology is established before time 0 starts counting: replicas are connected when the script begins.
    if (isUp(world, out.to.server)) deliver(world, out);
    return;
  }
  const msg = world.full ? traceMessage(world, out) : undefined;
  const link = linkBetween(world, out.from.server, out.to.server, DEFAULT_LINK_LATENCY);
  const forward = link.a === out.from.server;
  const seq = world.nextMessageSeq++;
  const arrive = (): void => {
    if (link.down) {
      // In flight when the link went down: it goes on after healing, before what was sent later (a TCP stream).
      link.held.push({ seq, travel });
      return;
    }
    if (!isUp(world, out.to.server)) {
      if (msg) msg.dropped = `${out.to.server} is down`;
      out.onDropped?.();
      return;
    }
    if (out.wanted && !out.wanted()) {
      if (msg) msg.dropped = 'the connection attempt was given up';
      return;
    }
    const reason = deliver(world, out);
    if (!msg) return;
    if (reason !== undefined) msg.dropped = reason;
    else msg.receiveTime = world.now;
  };
  const travel = (): void => {
    const at = arrivalTime(world, link, forward, messageBytes(out.payload));
    schedule(world, at, arrive);
  };
  if (link.down) link.held.push({ seq, travel });
  else travel();
}

/**
 * The bytes a message puts on the wire, for a link's bandwidth: a chunk's binlog events, a heartbeat's 19-byte header
 * and file name; the small protocol packets (connect, ACK, …) count as nothing.
 */
export function messageBytes(payload: Payload): number {
  if (payload.kind === 'events') return payload.chunk.sent.events.reduce((n, e) => n + e.size, 0);
  if (payload.kind === 'heartbeat') return 19 + payload.file.length;
  return 0;
}

/**
 * When a message sent now arrives: its time on the wire (bytes / bandwidth, after what is still being sent the same
 * way), then latency + jitter, never before the previous one in the same direction.
 */
function arrivalTime(world: World, link: LinkState, forward: boolean, bytes: number): number {
  let sent = world.now;
  if (link.bandwidth !== undefined && bytes > 0) {
    const start = Math.max(world.now, forward ? link.wireFreeAB : link.wireFreeBA);
    sent = start + wireTime(bytes, link.bandwidth);
    if (forward) link.wireFreeAB = sent;
    else link.wireFreeBA = sent;
  }
  const at = sent + link.latency + world.prng.upTo(link.jitter);
  const arrival = Math.max(at, forward ? link.lastArrivalAB : link.lastArrivalBA);
  if (forward) link.lastArrivalAB = arrival;
  else link.lastArrivalBA = arrival;
  return arrival;
}

/** Heals a link: what it held travels now, in the order it was sent. */
export function healLink(link: LinkState): void {
  link.down = false;
  const held = link.held.sort((x, y) => x.seq - y.seq);
  link.held = [];
  for (const h of held) h.travel();
}

/** The one-way latency of the link between two servers (no jitter), for estimates. */
export function linkLatency(world: World, x: string, y: string): number {
  return linkBetween(world, x, y, DEFAULT_LINK_LATENCY).latency;
}
