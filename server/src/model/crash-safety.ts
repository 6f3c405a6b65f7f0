/**
 * Whether a replica, as declared, resumes after a crash without applying anything twice (the engine's rules are in
 * engine/replica-info.ts): in one sentence, for the hover of a replica.
 */
import type { ServerConfig } from './scenario';

/** What a kill of mysqld and a host crash do to a replica declared with `config`. */
export function crashSafetySummary(config: ServerConfig): string {
  const c = config;
  if (c.gtidMode && c.flavor === 'mariadb-10.11')
    return 'crash-safe: MASTER_USE_GTID resumes from gtid_slave_pos (InnoDB), the relay log discarded at start';
  if (c.gtidMode && c.flavor !== 'mysql-5.5')
    return 'crash-safe: GTID auto-positioning, and transactions already in gtid_executed are skipped';
  const table = c.relayLogInfoRepository === 'table' && c.flavor !== 'mysql-5.5' && c.flavor !== 'mariadb-10.11';
  const sqlAfterHost = table
    ? 'the SQL position is committed with each transaction'
    : c.syncRelayLogInfo === 1
      ? '`relay-log.info` is fsynced after each transaction: a host crash before that fsync applies the last one again'
      : `\`relay-log.info\` is fsynced every ${c.syncRelayLogInfo || '(never: sync_relay_log_info=0)'} transactions: a host crash applies again what came after`;
  if (c.relayLogRecovery) return `${table ? 'crash-safe: ' : 'not crash-safe: '}relay_log_recovery, and ${sqlAfterHost}`;
  const io =
    c.flavor === 'mysql-8.4'
      ? 'the relay log is kept and the I/O thread resumes at its end (relay log sanitization)'
      : c.masterInfoRepository === 'table' && c.flavor !== 'mysql-5.5' && c.flavor !== 'mariadb-10.11'
        ? `without relay_log_recovery the I/O thread resumes at mysql.slave_master_info, written every ${c.syncMasterInfo} events, and fetches again what the relay log has`
        : 'without relay_log_recovery the relay log is kept and the I/O thread resumes at `master.info`';
  const safe = c.flavor === 'mysql-8.4' && table ? 'crash-safe after a kill' : 'not crash-safe';
  return `${safe}: ${sqlAfterHost}; ${io}`;
}
