/**
 * The golden form of a trace: what a run means, independent of how the engine records it. Status is kept as each
 * server's changes between instants (however finely the engine logged them), and the state after each script step
 * (what a step's hover shows) is asked through the trace's own query functions, so a change in how the trace stores
 * it shows up only if what it answers changes.
 */
import type { ServerStatus, StatusValue, Trace } from '../../src/trace/trace';

/** One server's status change at one instant, canonical: only keys whose value differs from the previous instant. */
interface CanonicalChange {
  time: number;
  server: string;
  set: Record<string, StatusValue>;
  unset: string[];
}

/** Folds the status log into one change per server and instant, dropping sets that change nothing. */
export function canonicalStatusChanges(trace: Trace): CanonicalChange[] {
  const current = new Map<string, ServerStatus>();
  const pending = new Map<string, { time: number; status: ServerStatus }>();
  const out: CanonicalChange[] = [];
  const flush = (server: string): void => {
    const p = pending.get(server);
    if (!p) return;
    pending.delete(server);
    const before = current.get(server) ?? {};
    const set: Record<string, StatusValue> = {};
    const unset: string[] = [];
    for (const [k, v] of Object.entries(p.status)) if (before[k] !== v) set[k] = v;
    for (const k of Object.keys(before)) if (!(k in p.status)) unset.push(k);
    current.set(server, p.status);
    if (Object.keys(set).length > 0 || unset.length > 0) out.push({ time: p.time, server, set, unset });
  };
  for (const change of trace.statusChanges) {
    const p = pending.get(change.server);
    if (p && p.time !== change.time) flush(change.server);
    const base = pending.get(change.server)?.status ?? { ...(current.get(change.server) ?? {}) };
    for (const k of change.unset) delete base[k];
    Object.assign(base, change.set);
    pending.set(change.server, { time: change.time, status: base });
  }
  for (const server of [...pending.keys()]) flush(server);
  return out.sort((a, b) => a.time - b.time || a.server.localeCompare(b.server));
}

/** The golden form: the trace without its step snapshots, with canonical status changes and each step's state. */
export function goldenForm(trace: Trace, stepState: (trace: Trace, index: number) => { status: unknown; rows: unknown }): unknown {
  // The logs are represented by what they answer (canonical status changes, each step's state); the version by the format.
  const { statusChanges: _statusChanges, rowChanges: _rowChanges, version: _version, steps, ...rest } = trace;
  void _statusChanges;
  void _rowChanges;
  void _version;
  const form: Record<string, unknown> = {
    ...rest,
    steps: steps.map((s) => ({ index: s.index, line: s.line, kind: s.kind, label: s.label, start: s.start, end: s.end })),
    statusChanges: canonicalStatusChanges(trace),
    stepStates: steps.map((s) => stepState(trace, s.index)),
  };
  // Fields in name order: where the trace declares a field is not what it means.
  return Object.fromEntries(
    Object.keys(form)
      .sort()
      .map((k) => [k, form[k]]),
  );
}
