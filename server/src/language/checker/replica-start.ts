/**
 * CHANGE MASTER TO starts no replication thread (START SLAVE does): a `change master` that nothing after it starts
 * again leaves the replica stopped for the rest of the run, which is rarely what the file means.
 */
import type * as A from '../ast';
import type { CheckContext } from './context';

/** A hint on each `change master` whose replica no later step, no trigger and no timed step starts again. */
export function checkReplicaStarted(ctx: CheckContext, items: readonly A.Item[]): void {
  items.forEach((item, i) => {
    if (item.kind !== 'step' || item.action.kind !== 'changeMaster') return;
    const replica = item.action.replica.text;
    const later = items.slice(i + 1).some((next) => next.kind === 'step' && startsThreads(next.action, replica));
    // A trigger or a timed step may run after the CHANGE MASTER whatever its place in the file.
    const whenever = items.some(
      (other) =>
        (other.kind === 'trigger' || (other.kind === 'step' && other.timing?.kind === 'at')) && startsThreads(other.action, replica),
    );
    if (later || whenever) return;
    ctx.report(
      'replica-not-started',
      'hint',
      item.action.range,
      `CHANGE MASTER starts no replication thread and no later step starts ${replica}'s: add \`start ${replica}\` (START SLAVE)`,
    );
  });
}

/** `start R` (any thread) or a restart of R, whose replication threads start with the server. */
function startsThreads(action: A.Action, replica: string): boolean {
  if (action.kind === 'threadControl') return action.op === 'start' && action.server.text === replica;
  return action.kind === 'restart' && action.server.text === replica;
}
