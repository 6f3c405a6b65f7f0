/**
 * What the fixed words that are not keywords mean: flavors, transaction outcomes, verdicts and column types.
 * Hover and completion show these next to the settings, states and status variables of `model/`.
 */
import type { Flavor, VerdictKind } from '../model/scenario';

export const FLAVOR_DOCS: Readonly<Record<Flavor, string>> = {
  'mysql-5.5':
    'MySQL 5.5: semi-sync as a plugin that waits only AFTER_COMMIT and for one ACK; no GTIDs; binlog without checksums; ' +
    '`binlog_format=STATEMENT` and `sync_binlog=0` by default.',
  'mysql-5.7':
    'MySQL 5.7: lossless semi-sync (AFTER_SYNC, the default wait point) and `rpl_semi_sync_master_wait_for_slave_count`; GTIDs ' +
    'with `gtid_mode=ON`; `binlog_format=ROW` and `sync_binlog=1` by default (since 5.7.7).',
  'mysql-8.0': 'MySQL 8.0: as 5.7, and `log_slave_updates` is ON by default, so every replica keeps a binlog of what it applies.',
  'mysql-8.4':
    'MySQL 8.4 LTS: the 8.0 pipeline. MySQL names the variables `rpl_semi_sync_source_*` and the status `SHOW REPLICA STATUS`; ' +
    'the language keeps the classic names for every flavor.',
  'mariadb-10.11':
    'MariaDB 10.11: semi-sync built into the server, AFTER_COMMIT by default; GTIDs (`domain-server-seq`) always written, used to ' +
    'connect with `master_use_gtid=slave_pos`; `sync_binlog=0` by default.',
};

export const OUTCOME_DOCS: Readonly<Record<string, string>> = {
  ok: 'The client got OK for the COMMIT (or the autocommit statement): as far as it knows, the transaction is durable.',
  error: 'The client got a MySQL error (give the code to be precise: 1062 duplicate key, 1317 query interrupted, …).',
  lost_connection:
    'The connection dropped before the reply (error 2013, "Lost connection to MySQL server during query"): the client cannot know whether it committed.',
  pending: 'No reply by the end of the run: the commit is still waiting (for an ACK, a lock, a server that never came back).',
};

export const VERDICT_DOCS: Readonly<Record<VerdictKind, string>> = {
  lost_acknowledged_commit:
    'A transaction the client saw committed (OK) is missing on the server that is the source at the end: the loss that lossless semi-sync exists to prevent.',
  committed_after_error: 'The client got an error or lost the connection for its commit, yet the transaction is committed after all.',
  read_not_durable: 'A read saw rows that were later lost (with AFTER_COMMIT, other sessions see a commit before any replica has it).',
  duplicate_by_retry: 'A retried transaction took effect twice: the first attempt had committed after all.',
  replication_stopped: 'A replica’s I/O or SQL thread stopped with an error (`SHOW SLAVE STATUS`: Last_IO_Errno / Last_SQL_Errno).',
  divergence: 'Servers that should hold the same rows do not, once replication has settled.',
  errant_transaction:
    'A server has a transaction its source never had (for example an old source restarted as a replica of the new one). Not reported for co-masters, which are written on by design.',
  semisync_fallback: 'Semi-sync switched OFF after a timeout (`Rpl_semi_sync_master_status` = OFF): commits went on without any ACK.',
  refused_by_read_only:
    'A client write refused with error 1290 on a server that replicated from no one: a promotion that left `read_only` ON (failover tools run `SET GLOBAL read_only=OFF`).',
  expectation_failed: 'An `expect` that did not hold (reported by the run; it cannot be expected).',
  still_waiting:
    'The run reached its horizon with someone still waiting: a commit for an ACK, a client for a reply, a replica for its source.',
};

/** The privileges a client's account may have (`client dba on r1 { super }`): what read_only looks at; and sql_log_bin. */
export const PRIVILEGE_DOCS: Readonly<Record<string, string>> = {
  super:
    'SUPER (MySQL 8.0: or CONNECTION_ADMIN): the client writes on a `read_only` server, but not on a `super_read_only` one ' +
    '(error 1290, `--super-read-only`). MariaDB 10.11 no longer lets SUPER write on a read_only server (READ ONLY ADMIN does). ' +
    'Without it a client is an ordinary application account, refused by read_only (error 1290, `--read-only`).',
  read_only_admin:
    'READ ONLY ADMIN (MariaDB 10.5.2+; split from SUPER in 10.11): the client writes on a `read_only` server. What root has; ' +
    'MySQL has no such privilege.',
  sql_log_bin:
    '`sql_log_bin=0`: the session runs SET SESSION sql_log_bin=0 whenever it connects (it needs BINLOG ADMIN or SUPER). Its ' +
    'transactions commit in InnoDB without being written to the binlog: no GTID, no events, so no replica ever gets them. ' +
    'The classic silent divergence when it is done on a source; on a replica it keeps a local fix out of the GTID history.',
};

export const COLUMN_TYPE_DOCS: Readonly<Record<string, string>> = {
  tinyint: 'TINYINT: 1 byte, −128 … 127.',
  smallint: 'SMALLINT: 2 bytes, −32768 … 32767.',
  mediumint: 'MEDIUMINT: 3 bytes, −8388608 … 8388607.',
  int: 'INT: 4 bytes, −2147483648 … 2147483647.',
  bigint: 'BIGINT: 8 bytes (here up to ±2⁵³, JavaScript’s exact integers).',
  varchar: 'VARCHAR(N): up to N characters; longer values fail with error 1406 in strict mode.',
  char: 'CHAR(N): exactly N characters, padded (N defaults to 1).',
  text: 'TEXT: up to 65535 bytes.',
};
