/**
 * Row locks, as much of InnoDB's as visibility and blocking need: a write or a locking read takes exclusive locks on
 * the rows it touches (and on a new primary key), held until the engine commit or the rollback. A statement that hits
 * a lock waits; it is retried when the lock is released, fails with 1205 after innodb_lock_wait_timeout (50 s), and a
 * wait that would close a cycle fails at once with 1213 (the requester is the deadlock victim).
 */
import type { Micros } from '../model/scenario';
import { clientErrors } from './messages';
import { record, schedule, type LockWaiter, type ServerState, type TxnRuntime, type World } from './world';

/** innodb_lock_wait_timeout's default. */
export const LOCK_WAIT_TIMEOUT: Micros = 50_000_000;

/** Takes the locks a statement needs (it was checked that none is held by another transaction). */
export function acquireLocks(server: ServerState, txn: TxnRuntime, keys: readonly string[]): void {
  for (const key of keys) {
    server.locks.set(key, txn.uid);
    txn.locks.add(key);
  }
}

/** Releases every lock of a transaction and retries the statements that waited for them. */
export function releaseLocks(world: World, server: ServerState, txn: TxnRuntime): void {
  if (server.lockWaiters.length === 0) {
    // Nobody waits (the usual case): the locks go, and nothing is to be woken.
    for (const key of txn.locks) if (server.locks.get(key) === txn.uid) server.locks.delete(key);
    txn.locks.clear();
    return;
  }
  const released = new Set<string>();
  for (const key of txn.locks) {
    if (server.locks.get(key) === txn.uid) {
      server.locks.delete(key);
      released.add(key);
    }
  }
  txn.locks.clear();
  const woken = server.lockWaiters.filter((w) => released.has(w.key));
  if (woken.length === 0) return;
  server.lockWaiters = server.lockWaiters.filter((w) => !released.has(w.key));
  for (const w of woken) {
    world.queue.cancel(w.timer);
    schedule(world, world.now, w.retry);
  }
}

/**
 * Makes a statement wait for `key`, held by transaction `holder`. Returns the error to give at once when waiting
 * would deadlock; otherwise registers the wait (with its 1205 timeout) and returns undefined.
 */
export function waitForLock(
  world: World,
  server: ServerState,
  txn: TxnRuntime,
  key: string,
  holder: number,
  retry: () => void,
  fail: (error: { code: number; message: string }) => void,
): { code: number; message: string } | undefined {
  if (wouldDeadlock(server, txn.uid, holder)) return clientErrors.deadlock;
  const incarnation = server.incarnation;
  const waiter: LockWaiter = {
    uid: txn.uid,
    key,
    holder,
    since: world.now,
    retry,
    timer: schedule(world, world.now + LOCK_WAIT_TIMEOUT, () => {
      if (server.incarnation !== incarnation) return;
      server.lockWaiters = server.lockWaiters.filter((w) => w !== waiter);
      fail(clientErrors.lockWaitTimeout);
    }),
  };
  server.lockWaiters.push(waiter);
  const holderTxn = server.txns.get(holder);
  if (world.full)
    record(world, {
      server: server.name,
      lane: 'engine',
      kind: 'lock_wait',
      txn: txn.id,
      label: () => `${txn.id} waits for a row lock held by ${holderTxn?.id ?? 'another transaction'} (${key})`,
    });
  return undefined;
}

/** Whether `uid` waiting for `holder` closes a cycle of waits. */
function wouldDeadlock(server: ServerState, uid: number, holder: number): boolean {
  let current: number | undefined = holder;
  for (let hops = 0; current !== undefined && hops < 1000; hops++) {
    if (current === uid) return true;
    const next: LockWaiter | undefined = server.lockWaiters.find((w) => w.uid === current);
    current = next?.holder;
  }
  return false;
}

/** Drops the lock waits of a transaction (its session died). */
export function cancelLockWaits(world: World, server: ServerState, uid: number): void {
  for (const w of server.lockWaiters) if (w.uid === uid) world.queue.cancel(w.timer);
  server.lockWaiters = server.lockWaiters.filter((w) => w.uid !== uid);
}
