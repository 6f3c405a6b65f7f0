/**
 * The protocol map: which thread handles each kind of message when it arrives (network.ts `Payload`). Installed into
 * the world by the simulation, so the threads never import each other to talk: a dump thread sends `events`, and
 * this table says the replica's I/O thread receives them.
 */
import { onAck, onConnectRequest, onReplicaGone } from './dump-thread';
import { onConnectionAccepted, onConnectionRefused, onEventsReceived, onHeartbeat, onSourceGone } from './io-thread';
import type { Deliveries } from './network';

export const deliveries: Deliveries = {
  // At the source: its dump threads and semi-sync ACK receiver.
  connect: onConnectRequest,
  ack: onAck,
  replica_gone: onReplicaGone,
  // At the replica: its I/O thread.
  refused: (world, replica, message) => onConnectionRefused(world, replica, message),
  accepted: onConnectionAccepted,
  events: (world, replica, message) => onEventsReceived(world, replica, message),
  source_gone: onSourceGone,
  heartbeat: onHeartbeat,
};
