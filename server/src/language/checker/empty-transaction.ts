/**
 * `inject empty transaction 'uuid:n' on r1`: MySQL's way to skip a transaction under GTIDs (SET gtid_next='uuid:n';
 * BEGIN; COMMIT; SET gtid_next='AUTOMATIC'). The GTID must be one `uuid:n`; the server a MySQL 5.7+ one (MySQL 5.5 has
 * no GTIDs; MariaDB has no gtid_next and skips with sql_slave_skip_counter or gtid_slave_pos); with GTID_MODE=OFF the
 * SET fails (error 1781), which the run shows and the checker foretells.
 */
import type * as A from '../ast';
import type { ServerAction, ServerConfig } from '../../model/scenario';
import type { CheckContext } from './context';

/** One MySQL GTID, `uuid:n` (lower-cased uuid), or undefined when the text is not one. */
export function parseOneGtid(text: string): { uuid: string; gno: number } | undefined {
  const m = /^\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d+)\s*$/i.exec(text);
  const gno = m ? Number(m[2]) : NaN;
  return m && Number.isSafeInteger(gno) && gno >= 1 ? { uuid: m[1].toLowerCase(), gno } : undefined;
}

/** The step's action, or undefined after an error on the flavor or the GTID. */
export function resolveInjectEmpty(
  ctx: CheckContext,
  a: A.InjectEmpty,
  server: string,
  config: ServerConfig | undefined,
): Extract<ServerAction, { kind: 'injectEmpty' }> | undefined {
  const flavor = config?.flavor;
  if (flavor === 'mariadb-10.11') {
    ctx.error(
      'bad-value',
      a.range,
      `MariaDB has no gtid_next to inject an empty transaction: skip the transaction with \`set ${server} sql_slave_skip_counter=1\`, or move gtid_slave_pos past its GTID`,
    );
    return undefined;
  }
  if (flavor === 'mysql-5.5') {
    ctx.error('bad-value', a.range, `MySQL 5.5 has no GTIDs: skip the transaction with \`set ${server} sql_slave_skip_counter=1\``);
    return undefined;
  }
  const gtid = parseOneGtid(a.gtid);
  if (!gtid) {
    ctx.error('bad-value', a.gtidRange, `'${a.gtid}' is not one GTID: write it 'uuid:n', as gtid_executed prints it`);
    return undefined;
  }
  if (config && !config.gtidMode)
    ctx.warning(
      'doubtful-setting',
      a.range,
      `${server} runs with gtid_mode off: SET gtid_next='${a.gtid.trim()}' fails there (error 1781) and nothing is injected`,
    );
  return { kind: 'injectEmpty', server, ...gtid };
}
