/**
 * MySQL's way to skip a transaction under GTIDs: `SET gtid_next='uuid:n'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC'`
 * on the server. The GTID goes into gtid_executed and the binlog gets an empty transaction (Gtid, Query BEGIN, Query
 * COMMIT), which the server's own replicas receive too; a replica whose SQL thread stopped on that GTID's transaction
 * then passes it at `start` (MySQL skips a GTID it has executed). Refused with GTID_MODE=OFF (error 1781); a GTID
 * already executed commits nothing, as MySQL skips it.
 */
import { addGtid, hasGtid } from './gtid';
import { gtidNextWithGtidModeOff } from './messages';
import { appendLoggedTxn, maybeRotate, publish } from './source';
import { record, type ServerState, type World } from './world';

/** What `inject empty transaction 'uuid:gno' on server` does at run time. */
export function injectEmptyTransaction(world: World, server: ServerState, uuid: string, gno: number): void {
  const gtid = `${uuid}:${gno}`;
  const statement = `SET gtid_next='${gtid}'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC'`;
  const note = (label: string): void => {
    if (world.full) record(world, { server: server.name, lane: 'binlog', kind: 'gtid_injected', gtid, label: () => label });
  };
  if (server.state !== 'running') return note(`${server.name} is down: ${statement} not possible`);
  if (server.flavor === 'mariadb-10.11' || server.flavor === 'mysql-5.5') return note(`${statement}: ${server.flavor} has no gtid_next`);
  if (!server.config.gtidMode) return note(`${statement}: ${gtidNextWithGtidModeOff()}`);
  if (hasGtid(server.gtidExecuted, uuid, gno)) return note(`${statement}: ${gtid} is already in gtid_executed, nothing is committed`);
  addGtid(server.gtidExecuted, uuid, gno);
  const chunk = appendLoggedTxn(
    world,
    server,
    {
      txnId: undefined,
      gtid: { kind: 'mysql', uuid, gno },
      gtidText: gtid,
      originServerId: server.config.serverId,
      originFlavor: server.flavor,
      // The administrator's session has no default database: the Query events' db is empty.
      database: '',
      format: 'statement',
      statements: [],
      xid: 0,
      empty: true,
      originTime: world.now,
    },
    { groupCommitId: false },
  );
  world.dirty.add(server.name);
  note(`${statement}: ${gtid} in gtid_executed; empty transaction at ${chunk.file}:${chunk.start}`);
  maybeRotate(world, server);
  publish(world, server);
}
