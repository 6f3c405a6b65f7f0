/**
 * The moments a trigger can name: the source's commit pipeline (replication-semantics.md §2), in order,
 * then what happens to the transaction on the way to and on the replicas.
 */
import type { TxnState } from './scenario';

export interface StateSpec {
  name: TxnState;
  /** What has just happened when the state is reached. */
  doc: string;
  /** Happens on a replica: the trigger may say `by REPLICA`. */
  onReplica: boolean;
}

export const TXN_STATES: readonly StateSpec[] = [
  {
    name: 'active',
    onReplica: false,
    doc: 'The first statement has changed rows in InnoDB; they are invisible to other sessions, the events wait in the binlog cache.',
  },
  {
    name: 'prepared',
    onReplica: false,
    doc: 'InnoDB prepare is done (the redo log is flushed at the group’s FLUSH stage per innodb_flush_log_at_trx_commit).',
  },
  {
    name: 'binlog_flushed',
    onReplica: false,
    doc: 'FLUSH stage: the GTID is assigned and the events are written at the end of the binlog (page cache, not yet on disk).',
  },
  {
    name: 'binlog_synced',
    onReplica: false,
    doc: 'SYNC stage: the binlog is fsynced (every group with sync_binlog=1, every Nth group with N, never by the server with 0).',
  },
  {
    name: 'after_sync_wait',
    onReplica: false,
    doc: 'Lossless semi-sync (AFTER_SYNC): the commit waits for the ACK before the engine commit; the rows are not yet visible on the source.',
  },
  {
    name: 'engine_committed',
    onReplica: false,
    doc: 'InnoDB commit: the rows become visible to other sessions, the GTID enters gtid_executed.',
  },
  {
    name: 'after_commit_wait',
    onReplica: false,
    doc: 'Classic semi-sync (AFTER_COMMIT): the commit waits for the ACK after the engine commit; other sessions already see the rows.',
  },
  { name: 'client_ok', onReplica: false, doc: 'The OK packet is sent to the client.' },
  { name: 'sent', onReplica: true, doc: 'A dump thread has sent the transaction’s events to a replica.' },
  {
    name: 'relay_logged',
    onReplica: true,
    doc: 'A replica’s I/O thread has written the events to its relay log (and sent its ACK, if semi-sync).',
  },
  {
    name: 'acked',
    onReplica: false,
    doc: 'The source has received enough ACKs for the transaction (wait_for_slave_count distinct replicas).',
  },
  { name: 'applied', onReplica: true, doc: 'A replica’s SQL thread has committed the transaction.' },
];

export function findState(name: string): StateSpec | undefined {
  return TXN_STATES.find((s) => s.name === name);
}
