/**
 * Triggers (`on T2 engine_committed: crash m1`): each fires once, the first time its state is reached, and runs its
 * action right then — inside the step of the pipeline that reached the state, so that a crash lands exactly there.
 * Its action does not block the script. Also records when each transaction first reached each state.
 */
import type { TriggerPlan } from '../model/scenario';
import { record, txnRecord, type StateReached, type World } from './world';
import { outsideChannels } from './channels';

const REPLICA_SIDE = new Set(['sent', 'relay_logged', 'applied']);

/** Records a reached state and fires the matching triggers. */
export function reachState(world: World, reached: StateReached): void {
  const rec = txnRecord(world, reached.txn);
  const home = rec.trace.server;
  if (rec.trace.states[reached.state] === undefined && (REPLICA_SIDE.has(reached.state) || home === null || home === reached.server)) {
    rec.trace.states[reached.state] = world.now;
  }
  for (const t of world.triggers) {
    if (t.fired || !matches(t.plan, reached)) continue;
    t.fired = true;
    if (world.full)
      record(world, {
        server: reached.server,
        lane: 'engine',
        kind: 'trigger_fired',
        txn: reached.txn,
        line: t.plan.line,
        label: () => `trigger: ${reached.txn} ${reached.state}${reached.by ? ` by ${reached.by}` : ''} → ${describeAction(t.plan)}`,
      });
    const saved = world.cause;
    world.cause = t.plan.line;
    try {
      outsideChannels(world, () => world.hooks.runAction(world, t.plan.action, t.plan.line, () => undefined));
    } finally {
      world.cause = saved;
    }
  }
}

function matches(plan: TriggerPlan, r: StateReached): boolean {
  if (plan.state !== r.state) return false;
  if (plan.subject.kind === 'txn') {
    if (plan.subject.txn !== r.txn) return false;
  } else {
    const s = plan.subject.server;
    const involved = r.server === s || r.by === s || r.source === s;
    if (!involved) return false;
  }
  if (plan.by !== undefined && REPLICA_SIDE.has(r.state) && r.by !== plan.by) return false;
  return true;
}

function describeAction(plan: TriggerPlan): string {
  const a = plan.action;
  switch (a.kind) {
    case 'client':
      return `${a.client}: ${a.statements.map((s) => s.statement.text).join('; ')}`;
    case 'crash':
      return `crash ${a.server}${a.mode === 'host' ? ' (host)' : ''}`;
    case 'wait':
      return 'wait';
    case 'waitCaughtUp':
      return `wait until ${a.server} caught up`;
    default:
      return 'server' in a ? `${a.kind} ${a.server}` : 'client' in a ? `${a.kind} ${a.client}` : a.kind;
  }
}
