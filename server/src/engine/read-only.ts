/**
 * read_only and super_read_only (MySQL sql_parse.cc `deny_updates_if_read_only_mode`, `ha_commit_trans`; MariaDB the
 * same places): a client statement that changes data, and the COMMIT of a transaction that did, are refused with
 * error 1290 while the server is read-only, unless the client's account may bypass it. The replication applier is
 * never refused. Which account may: MySQL, SUPER (8.0: or CONNECTION_ADMIN) unless super_read_only is ON as well;
 * MariaDB 10.11, READ ONLY ADMIN (SUPER no longer implies it). MariaDB refuses SELECT … FOR UPDATE too.
 */
import type { ResolvedStatement } from '../model/scenario';
import { readOnlyError } from './messages';
import type { ServerState, World } from './world';

/** Why a client's statement is refused on a read-only server (1290 with the flavor's text), or undefined. */
export function readOnlyRefusal(
  world: World,
  server: ServerState,
  txn: { client: string; id: string },
  statement: ResolvedStatement,
): { code: number; message: string } | undefined {
  const c = server.config;
  if (!c.readOnly && !c.superReadOnly) return undefined;
  // A COMMIT is asked only of a transaction that changed rows (ha_commit_trans checks read-write transactions).
  if (statement.kind !== 'commit') {
    const writes = statement.kind === 'insert' || statement.kind === 'update' || statement.kind === 'delete' || statement.kind === 'ddl';
    const locks = statement.kind === 'select' && statement.forUpdate && server.flavor === 'mariadb-10.11';
    if (!writes && !locks) return undefined;
  }
  const client = world.scenario.clients.find((x) => x.name === txn.client);
  const isSuper = client?.super === true;
  if (server.flavor === 'mariadb-10.11') {
    if (client?.readOnlyAdmin) return undefined;
  } else if (isSuper && !(c.superReadOnly && server.flavor !== 'mysql-5.5')) return undefined;
  const option = isSuper && server.flavor !== 'mysql-5.5' && server.flavor !== 'mariadb-10.11' ? '--super-read-only' : '--read-only';
  const refusal = { code: 1290, message: readOnlyError(server.flavor, option) };
  const line = statement.line;
  (world.readOnlyRefusals ??= []).push({
    time: world.now,
    server: server.name,
    client: txn.client,
    txn: txn.id,
    option,
    replicating: server.replica !== null && (server.replica.io.state !== 'stopped' || server.replica.sql.state !== 'stopped'),
    line,
  });
  return refusal;
}
