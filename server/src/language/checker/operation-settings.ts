/**
 * The flavor rules of the settings a DBA's runbook operates with: read_only / super_read_only (and, as they come,
 * binlog expiry, delayed replication and where a replica keeps its positions). Called for each server's declaration.
 */
import type * as A from '../ast';
import type { ServerConfig } from '../../model/scenario';
import type { CheckContext } from './context';

/** Reports a setting the server's flavor does not have. */
export function checkOperationSettings(ctx: CheckContext, config: ServerConfig, at: (name: string) => A.Range | undefined): void {
  const superReadOnly = at('super_read_only');
  if (superReadOnly && config.flavor === 'mariadb-10.11')
    ctx.error(
      'impossible-state',
      superReadOnly,
      'MariaDB has no super_read_only (SET GLOBAL: error 1193, unknown system variable): read_only alone refuses every client but one with READ ONLY ADMIN',
    );
  else if (superReadOnly && config.flavor === 'mysql-5.5')
    ctx.error(
      'impossible-state',
      superReadOnly,
      'mysql-5.5 has no super_read_only (it came with MySQL 5.7.8): a SUPER client ignores read_only',
    );
  const seconds = at('binlog_expire_logs_seconds');
  if (seconds && (config.flavor === 'mysql-5.5' || config.flavor === 'mysql-5.7'))
    ctx.error(
      'impossible-state',
      seconds,
      `${config.flavor} has no binlog_expire_logs_seconds (MySQL 8.0, MariaDB 10.6): use expire_logs_days`,
    );
  const days = at('expire_logs_days');
  if (days && config.flavor === 'mysql-8.4')
    ctx.error('impossible-state', days, 'MySQL 8.4 removed expire_logs_days: use binlog_expire_logs_seconds');
  const delay = at('master_delay') ?? at('source_delay');
  if (delay && config.flavor === 'mysql-5.5')
    ctx.error('impossible-state', delay, 'mysql-5.5 has no MASTER_DELAY (delayed replication came with MySQL 5.6)');
  for (const name of ['master_use_gtid', 'gtid_domain_id', 'gtid_strict_mode', 'gtid_slave_pos']) {
    const where = at(name);
    if (where && config.flavor !== 'mariadb-10.11')
      ctx.error(
        'impossible-state',
        where,
        `${name} is MariaDB's (${config.flavor}: error 1193, unknown system variable); MySQL's GTIDs are uuid:n, positioned by auto_position`,
      );
  }
  const ddlMode = at('slave_ddl_exec_mode');
  if (ddlMode && config.flavor !== 'mariadb-10.11')
    ctx.error(
      'impossible-state',
      ddlMode,
      `slave_ddl_exec_mode is MariaDB's (${config.flavor}: error 1193, unknown system variable); MySQL applies DDL strictly`,
    );
  checkCrashSafetySettings(ctx, config, at);
  if (days && seconds)
    ctx.warning('doubtful-setting', days, 'expire_logs_days and binlog_expire_logs_seconds set the same expiry: the one written last wins');
}

/**
 * relay_log_info_repository / master_info_repository came with MySQL 5.6, FILE was deprecated in 8.0.23 and the
 * variables removed in 8.4 (tables only); MariaDB keeps both positions in files (relay-log.info, master.info).
 */
function checkCrashSafetySettings(ctx: CheckContext, config: ServerConfig, at: (name: string) => A.Range | undefined): void {
  for (const name of ['relay_log_info_repository', 'master_info_repository']) {
    const where = at(name);
    if (!where) continue;
    const file = name === 'relay_log_info_repository' ? 'relay-log.info' : 'master.info';
    const value = name === 'relay_log_info_repository' ? config.relayLogInfoRepository : config.masterInfoRepository;
    if (config.flavor === 'mariadb-10.11')
      ctx.error(
        'impossible-state',
        where,
        `MariaDB has no ${name} (error 1193, unknown system variable): it keeps ${file} as a file; a replica with MASTER_USE_GTID records its position in mysql.gtid_slave_pos, an InnoDB table`,
      );
    else if (config.flavor === 'mysql-5.5')
      ctx.error('impossible-state', where, `mysql-5.5 has no ${name} (it came with MySQL 5.6): the position is in ${file}`);
    else if (config.flavor === 'mysql-8.4')
      ctx.error('impossible-state', where, `MySQL 8.4 removed ${name}: the position is always in a table`);
    else if (config.flavor === 'mysql-8.0' && value === 'file')
      ctx.warning('doubtful-setting', where, `${name}=FILE is deprecated since MySQL 8.0.23 (TABLE is the only kind in 8.4)`);
  }
  const recovery = at('relay_log_recovery');
  if (recovery && config.relayLogRecovery && config.relayLogInfoRepository === 'file' && !config.gtidMode)
    ctx.warning(
      'doubtful-setting',
      recovery,
      `relay_log_recovery starts the I/O thread from the SQL thread's recorded position, and relay-log.info (a file on ${config.flavor}) may be stale after a host crash: transactions after its last fsync are applied again`,
    );
}

/**
 * The privileges of `client NAME on SERVER { super }` / `{ read_only_admin }`, checked against the server's flavor, and
 * `sql_log_bin=0` (SET SESSION sql_log_bin=0 when the session opens: its transactions are not binlogged).
 */
export function clientPrivileges(
  ctx: CheckContext,
  settings: A.Setting[],
  flavor: ServerConfig['flavor'] | undefined,
): { super?: boolean; readOnlyAdmin?: boolean; sqlLogBin?: boolean } {
  const out: { super?: boolean; readOnlyAdmin?: boolean; sqlLogBin?: boolean } = {};
  for (const s of settings) {
    const name = s.name.text.toLowerCase();
    if (name === 'sql_log_bin') {
      const v = s.value;
      const text = v?.kind === 'int' ? String(v.value) : v?.kind === 'word' ? v.text.toLowerCase() : undefined;
      if (text === undefined || !['0', '1', 'on', 'off'].includes(text)) {
        ctx.error(
          'bad-value',
          v?.range ?? s.name.range,
          'sql_log_bin is 0 or 1 (off or on): `sql_log_bin=0` keeps the session out of the binlog',
        );
        continue;
      }
      if (text === '0' || text === 'off') out.sqlLogBin = false;
      continue;
    }
    if (s.value && !(s.value.kind === 'word' && ['on', 'off'].includes(s.value.text.toLowerCase()))) {
      ctx.error('bad-value', s.value.range, `${name} is a privilege: write it alone (or ${name}=on / off)`);
      continue;
    }
    const on = !s.value || (s.value.kind === 'word' && s.value.text.toLowerCase() === 'on');
    if (name === 'super') {
      out.super = on;
      if (on && flavor === 'mariadb-10.11')
        ctx.warning(
          'doubtful-setting',
          s.name.range,
          'MariaDB 10.11: SUPER no longer lets a client write on a read_only server; READ ONLY ADMIN does (`read_only_admin`)',
        );
    } else if (name === 'read_only_admin') {
      out.readOnlyAdmin = on;
      if (flavor && flavor !== 'mariadb-10.11')
        ctx.error(
          'impossible-state',
          s.name.range,
          'READ ONLY ADMIN is a MariaDB privilege; on MySQL, SUPER (`super`) writes despite read_only',
        );
    } else
      ctx.error(
        'unknown-setting',
        s.name.range,
        `unknown client setting '${s.name.text}': a client may have super (MySQL) or read_only_admin (MariaDB), and sql_log_bin=0`,
        ['super', 'read_only_admin', 'sql_log_bin'].find((p) => p.startsWith(name.slice(0, 2))),
      );
  }
  return out;
}
