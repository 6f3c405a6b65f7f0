/**
 * Multi-source replication: a replica with several replication channels (MySQL's FOR CHANNEL, MariaDB's named
 * connections), each with its own I/O thread, SQL thread, relay log and positions, sharing the server's rows, binlog
 * and GTID state. The threads read `server.replica`; a channel's code runs with it pointing at that channel's state
 * (`inChannel`), and whatever it schedules runs again in the same channel, so the thread code is the one-source code.
 */
import type { ReplicaState, ServerState, World } from './world';

/** The channel whose code is running, innermost first. */
export interface ChannelScope {
  server: ServerState;
  name: string;
  outer: ChannelScope | undefined;
}

/** Runs `fn` with `server.replica` as the channel's state; a channel reconfigured inside is kept under its name. */
export function inChannel<T>(world: World, server: ServerState, name: string, fn: () => T): T {
  const running = world.channelScope;
  if (running?.server === server) {
    if (running.name === name) return fn();
    // The running channel's state may have been replaced (CHANGE MASTER): keep it before switching.
    if (server.replica) server.channels?.set(running.name, server.replica);
  }
  const state = server.channels?.get(name);
  if (!state) return fn();
  const before = server.replica;
  server.replica = state;
  world.channelScope = { server, name, outer: world.channelScope };
  try {
    return fn();
  } finally {
    const now = server.replica;
    if (now) server.channels?.set(name, now);
    world.channelScope = world.channelScope.outer;
    server.replica = before === state ? now : before;
  }
}

/** `fn`, to run later in the channel running now (timers, listeners), or as is outside any channel. */
export function channelBound<R>(world: World, fn: () => R): () => R {
  const scope = world.channelScope;
  if (scope === undefined) return fn;
  return () => inChannel(world, scope.server, scope.name, fn);
}

/** Every channel of a replica, in declaration order (the state outside any channel for a one-source replica). */
export function channelNames(server: ServerState): string[] {
  return server.channels ? [...server.channels.keys()] : [];
}

/** The channel of `server` that replicates from `source`, if it has channels. */
export function channelFrom(server: ServerState, source: string): string | undefined {
  for (const [name, state] of server.channels ?? []) if (state.sourceName === source) return name;
  return undefined;
}

/** The relay log's base name: `relay-bin`, and for a named channel `relay-bin-NAME`, as both servers name them. */
export function relayBaseName(base: string, replica: Pick<ReplicaState, 'channel'>): string {
  return replica.channel ? `${base}-${replica.channel}` : base;
}

/** A trace label of a named channel's thread says which channel: `channel c2: …`. */
export function channelLabel(world: World, server: string, label: string): string {
  const scope = world.channelScope;
  return scope !== undefined && scope.name !== '' && scope.server.name === server ? `channel ${scope.name}: ${label}` : label;
}

/** The channel of `server` whose code runs now, if any. */
export function currentChannel(world: World, server: ServerState): string | undefined {
  const scope = world.channelScope;
  return scope !== undefined && scope.server === server ? scope.name : undefined;
}

/** The state `server.replica` holds outside any channel: the default channel's, or the first channel's without one. */
function defaultChannel(server: ServerState): string | undefined {
  if (!server.channels) return undefined;
  return server.channels.has('') ? '' : server.channels.keys().next().value;
}

/**
 * Runs `fn` outside every channel (a trigger's action, the script going on after a channel step): each server whose
 * channel code is running has its default channel's state meanwhile, and gets the channel's back afterwards.
 */
export function outsideChannels<T>(world: World, fn: () => T): T {
  const scope = world.channelScope;
  if (scope === undefined) return fn();
  const saved = new Map<ServerState, ReplicaState | null>();
  for (let s: ChannelScope | undefined = scope; s !== undefined; s = s.outer) {
    if (saved.has(s.server)) continue;
    saved.set(s.server, s.server.replica);
    const name = defaultChannel(s.server);
    s.server.replica = (name !== undefined ? s.server.channels?.get(name) : undefined) ?? s.server.replica;
  }
  world.channelScope = undefined;
  try {
    return fn();
  } finally {
    world.channelScope = scope;
    for (const [server, replica] of saved) {
      const name = defaultChannel(server);
      if (name !== undefined && server.replica) server.channels?.set(name, server.replica);
      server.replica = replica;
    }
  }
}
