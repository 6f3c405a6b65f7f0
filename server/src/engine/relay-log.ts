/**
 * A replica's relay log: numbered files (`relay-bin.000001`, …). Each Rotate the I/O thread receives rotates it to a
 * new file first, as MySQL and MariaDB do: the fake Rotate of a connect (the first start leaves relay-bin.000001 with
 * the replica's own header and a Rotate to relay-bin.000002), the Rotate that ends a source file and the fake Rotate
 * the dump thread sends as it opens the next one (two relay files per source rotation). A file opened at a connect
 * holds the replica's header, then what the source's dump thread sends first (a fake
 * Rotate naming the source file and position, End_log_pos 0; the source's Format_desc), then the source's events
 * (without MariaDB's Annotate_rows unless log_slave_updates), each keeping the source's End_log_pos. Relay offsets are
 * not source offsets. Sizes come from binlog-events.ts.
 */
import type { Flavor } from '../model/scenario';
import { BINLOG_MAGIC_SIZE, relayLogHeader, rotateEvent, type BinlogEvent, type GtidSetDescription } from './binlog-events';
import { binlogFileName, eventsEnd } from './binlog';
import type { RelayEntry, RelayFile, ReplicaState } from './world';
import { relayBaseName } from './channels';

/** The relay log's base name. */
export const RELAY_BASE_NAME = 'relay-bin';

/** The relay file being written. */
export function currentRelayFile(replica: ReplicaState): RelayFile | undefined {
  return replica.relay[replica.relay.length - 1];
}

/** Appends an entry of events to the current relay file; returns it with its relay offsets. */
export function appendRelayEntry(
  replica: ReplicaState,
  entry: Omit<RelayEntry, 'start' | 'end' | 'events'>,
  events: readonly BinlogEvent[],
): RelayEntry {
  const file = currentRelayFile(replica);
  if (!file) throw new Error('relay log has no open file');
  const full: RelayEntry = Object.assign(entry, { start: file.size, end: eventsEnd(events, file.size), events });
  file.entries.push(full);
  file.size = full.end;
  return full;
}

function openRelayFile(replica: ReplicaState): RelayFile {
  const index = replica.nextRelayIndex++;
  const file: RelayFile = {
    name: binlogFileName(relayBaseName(RELAY_BASE_NAME, replica), index),
    index,
    entries: [],
    size: BINLOG_MAGIC_SIZE,
  };
  replica.relay.push(file);
  return file;
}

/**
 * The I/O thread has connected: rotate to a new relay file (after a first file holding only the replica's header
 * and a Rotate, on the very first start) and write the header, the fake Rotate and the source's Format_desc.
 * Returns the new file's name.
 */
export function startRelayFile(
  replica: ReplicaState,
  input: { flavor: Flavor; sourceFlavor: Flavor; sourceFile: string; sourcePos: number; relayGtidState: GtidSetDescription },
): string {
  const header = relayLogHeader(input.flavor, {
    sourceFlavor: input.sourceFlavor,
    sourceFile: input.sourceFile,
    sourcePos: input.sourcePos,
    relayGtidState: input.relayGtidState,
  });
  const own = header.filter((e) => e.origin === 'replica');
  if (replica.relay.length === 0) {
    openRelayFile(replica);
    appendRelayEntry(replica, { kind: 'own_header' }, own);
  }
  const nextName = binlogFileName(relayBaseName(RELAY_BASE_NAME, replica), replica.nextRelayIndex);
  appendRelayEntry(replica, { kind: 'relay_rotate' }, [rotateEvent(input.flavor, nextName)]);
  const file = openRelayFile(replica);
  appendRelayEntry(replica, { kind: 'own_header' }, own);
  for (const e of header.filter((h) => h.origin === 'source')) {
    if (e.type === 'Rotate') {
      appendRelayEntry(replica, { kind: 'source_rotate', sourceEnd: 0, rotateTo: { file: input.sourceFile, pos: input.sourcePos } }, [e]);
    } else {
      const end = e.endLogPos === 'source' ? BINLOG_MAGIC_SIZE + e.size : 0;
      appendRelayEntry(replica, { kind: 'source_header', sourceFile: input.sourceFile, sourceEnd: end }, [e]);
    }
  }
  return file.name;
}

/** Forgets every relay file (CHANGE MASTER, RESET SLAVE, relay-log recovery): the next start begins at relay-bin.000001. */
export function resetRelayLog(replica: ReplicaState): void {
  replica.relay = [];
  replica.nextRelayIndex = 1;
  replica.sql.fileIndex = 1;
  replica.sql.entryIndex = 0;
  replica.sql.relayFile = binlogFileName(relayBaseName(RELAY_BASE_NAME, replica), 1);
  replica.sql.relayPos = BINLOG_MAGIC_SIZE;
}

/**
 * Relay-log recovery at startup: every relay file is dropped, and the numbering goes on (the server opens the next
 * file, as a start does), unlike RESET SLAVE.
 */
export function discardRelayLog(replica: ReplicaState): void {
  replica.relay = [];
  replica.sql.fileIndex = replica.nextRelayIndex;
  replica.sql.entryIndex = 0;
  replica.sql.relayFile = binlogFileName(relayBaseName(RELAY_BASE_NAME, replica), replica.nextRelayIndex);
  replica.sql.relayPos = BINLOG_MAGIC_SIZE;
}

/**
 * Rotates the relay log: a Rotate ends the last file, and a new one holds the replica's header. A server starting with
 * its relay log kept does it, and so does the I/O thread before it writes each Rotate the source sends (the fake one
 * at a connect and at each new binlog file, the one that ends a file), as MySQL's and MariaDB's process_io_rotate do.
 */
export function rotateRelayLog(replica: ReplicaState, flavor: Flavor, relayGtidState: GtidSetDescription): void {
  if (replica.relay.length === 0) return;
  const own = relayLogHeader(flavor, { sourceFlavor: flavor, sourceFile: '', sourcePos: BINLOG_MAGIC_SIZE, relayGtidState }).filter(
    (e) => e.origin === 'replica',
  );
  appendRelayEntry(replica, { kind: 'relay_rotate' }, [
    rotateEvent(flavor, binlogFileName(relayBaseName(RELAY_BASE_NAME, replica), replica.nextRelayIndex)),
  ]);
  openRelayFile(replica);
  appendRelayEntry(replica, { kind: 'own_header' }, own);
}

/** The entry the SQL thread would process next, if written. */
export function nextRelayEntry(replica: ReplicaState): RelayEntry | undefined {
  const file = replica.relay.find((f) => f.index === replica.sql.fileIndex);
  return file?.entries[replica.sql.entryIndex];
}

/** Whether the SQL thread has processed everything written to the relay log. */
export function relayFullyApplied(replica: ReplicaState): boolean {
  const last = currentRelayFile(replica);
  if (!last) return true;
  return replica.sql.fileIndex === last.index && replica.sql.entryIndex >= last.entries.length;
}

/** The first transaction written to the relay log and not yet applied. */
export function firstUnappliedTransaction(replica: ReplicaState): RelayEntry | undefined {
  for (const f of replica.relay) {
    if (f.index < replica.sql.fileIndex) continue;
    for (let i = f.index === replica.sql.fileIndex ? replica.sql.entryIndex : 0; i < f.entries.length; i++) {
      if (f.entries[i].kind === 'txn') return f.entries[i];
    }
  }
  return undefined;
}
