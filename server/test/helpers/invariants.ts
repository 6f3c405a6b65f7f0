/** Invariants of every run, shared by the fuzz tests of the engine and of the examples. */
import assert from 'node:assert/strict';
import type { ServerStatus, Trace } from '../../src/trace/trace';
import type { Scenario } from '../../src/model/scenario';

function fileNumber(name: unknown): number {
  const m = /\.(\d+)$/.exec(String(name));
  return m ? Number(m[1]) : 0;
}

/**
 * What must hold in every run: Exec ≤ Read on every replica, a replica never reads past what its source wrote,
 * every ACK follows the relay-log write of what it acknowledges, and (with `counters`) yes_tx + no_tx = the
 * transactions a semi-sync source binlogged (only meaningful when nothing resets or disables the counters).
 */
export function checkInvariants(trace: Trace, scenario: Scenario, where: string, counters = true): void {
  const status = new Map<string, ServerStatus>();
  // The furthest each server ever wrote in each of its binlog files, from its binlog lane (writes, Rotate events),
  // up to the time of the status change being checked: a host crash may later cut a file shorter than what a
  // replica already received (S12), which is no violation.
  const written = new Map<string, Map<number, number>>();
  const binlogEvents = trace.events.filter((e) => e.lane === 'binlog' && e.log !== undefined);
  let next = 0;
  for (const change of trace.statusChanges) {
    for (; next < binlogEvents.length && (binlogEvents[next]?.time ?? Infinity) <= change.time; next++) {
      const e = binlogEvents[next];
      if (!e?.log) continue;
      const files = written.get(e.server) ?? new Map<number, number>();
      const file = fileNumber(e.log.file);
      files.set(file, Math.max(files.get(file) ?? 0, e.log.end));
      written.set(e.server, files);
    }
    const s = { ...(status.get(change.server) ?? {}) };
    for (const k of change.unset) delete s[k];
    Object.assign(s, change.set);
    status.set(change.server, s);
    if (s['Master_Host'] === undefined) continue;
    const read = [fileNumber(s['Master_Log_File']), Number(s['Read_Master_Log_Pos'])] as const;
    const exec = [fileNumber(s['Relay_Master_Log_File']), Number(s['Exec_Master_Log_Pos'])] as const;
    assert.ok(
      exec[0] < read[0] || (exec[0] === read[0] && exec[1] <= read[1]),
      `${where}: Exec ≤ Read on ${change.server} at ${change.time}`,
    );
    // A source that is itself a replica also grows its binlog by what its SQL thread re-logs (log_slave_updates),
    // which the trace shows on the SQL lane, not as binlog-lane events: only a plain source's end is known here.
    const sourceIsReplica = status.get(String(s['Master_Host']))?.['Master_Host'] !== undefined;
    const sourceEnd = sourceIsReplica ? undefined : written.get(String(s['Master_Host']))?.get(read[0]);
    if (sourceEnd !== undefined) {
      assert.ok(read[1] <= sourceEnd, `${where}: ${change.server} read past what its source wrote at ${change.time}`);
    }
  }
  for (const ack of trace.events.filter((e) => e.kind === 'ack_sent')) {
    const written = trace.events.some(
      (e) =>
        e.kind === 'relay_write' &&
        e.server === ack.server &&
        e.log?.file === ack.log?.file &&
        e.log?.end === ack.log?.end &&
        e.time <= ack.time,
    );
    assert.ok(written, `${where}: the ACK of ${ack.log?.file}:${ack.log?.end} follows a relay-log write`);
  }
  for (const server of counters ? scenario.servers.filter((x) => x.semisyncMaster) : []) {
    const final = trace.finalStatus[server.name];
    const binlogged = trace.events.filter((e) => e.server === server.name && e.kind === 'binlog_flushed').length;
    assert.equal(
      Number(final['Rpl_semi_sync_master_yes_tx']) + Number(final['Rpl_semi_sync_master_no_tx']),
      binlogged,
      `${where}: yes_tx + no_tx on ${server.name}`,
    );
  }
}
