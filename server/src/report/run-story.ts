/**
 * The run in a few plain sentences, for the top of the timeline and of `replscope run`: what happened to the
 * transactions that matter (acknowledged and then lost, failed, retried, committed in spite of an error), the
 * faults and operations between them, and what the run concluded. Pure: trace in, sentences out, in time order,
 * bounded whatever the size of the trace (one pass over the events and the transactions).
 */
import type { Micros, TxnState } from '../model/scenario';
import { formatMicros, type Trace, type TraceEvent, type TraceTransaction, type Verdict } from '../trace/trace';
import { clusterOf, downstreamOf, finalSources } from '../verdicts/topology';

/** One sentence; `time` when it tells a moment of the run (absent for the opening and the conclusion). */
export interface StorySentence {
  time?: Micros;
  text: string;
}

/** How many moments (faults and transaction fates) the story tells before it says how many it leaves out. */
const maxMoments = 12;
/** How many names a list spells out before it says "and N more". */
const maxNames = 4;

/** Where a transaction stood, as a clause that follows its name ("T2 waited for the ACK after committing"). */
const stateClause: Partial<Record<TxnState, string>> = {
  active: 'was still running its statements',
  prepared: 'was prepared in InnoDB, not yet in the binlog',
  binlog_flushed: 'was written to the binlog, not yet synced',
  binlog_synced: 'was in the binlog on disk, not yet committed',
  after_sync_wait: 'waited for the ACK before committing (after_sync)',
  engine_committed: 'was committed, its client not yet told',
  after_commit_wait: 'waited for the ACK after committing (after_commit)',
  client_ok: 'had been acknowledged',
};

/** The pipeline states in the order a transaction reaches them on its server. */
const pipelineOrder: readonly TxnState[] = [
  'active',
  'prepared',
  'binlog_flushed',
  'binlog_synced',
  'after_sync_wait',
  'engine_committed',
  'after_commit_wait',
  'client_ok',
];

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  const shown = list.length > maxNames + 1 ? list.slice(0, maxNames) : list.slice(0, -1);
  const rest = list.length > maxNames + 1 ? `${list.length - maxNames} more` : list[list.length - 1];
  return `${shown.join(', ')} and ${rest}`;
}

/** The furthest pipeline state a transaction had reached by `time`, unless it had already been answered. */
function stateAt(t: TraceTransaction, time: Micros): TxnState | undefined {
  if (t.outcome.time !== undefined && t.outcome.time < time) return undefined;
  let at: TxnState | undefined;
  for (const state of pipelineOrder) {
    const reached = t.states[state];
    if (reached !== undefined && reached <= time) at = state;
  }
  return at === 'client_ok' ? undefined : at;
}

/** `m1 crashed while T2 waited for the ACK after committing (after_commit)`. */
function crashSentence(e: TraceEvent, byServer: ReadonlyMap<string, TraceTransaction[]>): string {
  const host = e.label.startsWith(`${e.server} crashed (host`);
  const caught = (byServer.get(e.server) ?? [])
    .map((t) => ({ t, state: stateAt(t, e.time) }))
    .filter((x): x is { t: TraceTransaction; state: TxnState } => x.state !== undefined && x.state !== 'active');
  const what = host ? `${e.server}'s host crashed (unsynced writes lost)` : `${e.server} crashed`;
  if (caught.length === 0) return what;
  const [first] = caught;
  const others = caught.length > 1 ? ` (and ${caught.length - 1} other transaction${caught.length > 2 ? 's' : ''} in flight)` : '';
  return `${what} while ${first.t.id} ${stateClause[first.state] ?? first.state}${others}`;
}

/** A fault or an operation worth a sentence, or undefined for the events the story leaves to the timeline. */
function momentOf(e: TraceEvent, byServer: ReadonlyMap<string, TraceTransaction[]>): string | undefined {
  switch (e.kind) {
    case 'crash':
      return crashSentence(e, byServer);
    case 'shutdown':
      return `${e.server} was shut down`;
    case 'restart':
      return e.label;
    case 'promote':
      return e.label.includes('already a source') ? undefined : `${e.server} was promoted to source`;
    case 'link_partition':
      return `The link ${e.server} ↔ ${e.peer ?? '?'} went down`;
    case 'link_heal':
      return `The link ${e.server} ↔ ${e.peer ?? '?'} healed`;
    case 'semisync_off':
      return `Semi-sync on ${e.server} fell back to asynchronous`;
    case 'semisync_on':
      return `Semi-sync on ${e.server} came back on`;
    default:
      return undefined;
  }
}

/** Where a committed transaction is at the end, as a clause (`; at the end r2 lacks it`). */
function presenceClause(t: TraceTransaction, servers: readonly string[]): string {
  const present = servers.filter((s) => t.presence[s] === 'present');
  const absent = servers.filter((s) => t.presence[s] === 'absent');
  if (present.length === 0) return t.outcome.kind === 'ok' ? '; at the end no server has it' : '; no server kept it';
  if (absent.length === 0) return '; every server has it';
  return `; at the end ${names(present)} ${present.length === 1 ? 'has' : 'have'} it, ${names(absent)} ${absent.length === 1 ? 'does' : 'do'} not`;
}

/** How the OK came: once the replicas' ACKs arrived, or when the wait for them timed out. */
function ackClause(t: TraceTransaction, timedOut: ReadonlySet<string>): string {
  if (timedOut.has(t.id)) return ' when its wait for the ACK timed out';
  const acked = t.states.acked;
  const before = acked !== undefined && t.outcome.time !== undefined && acked <= t.outcome.time;
  return before && t.ackedBy.length > 0 ? ` once ${names(t.ackedBy)} acknowledged it` : '';
}

/** The sentence of one transaction that matters. */
function fateSentence(t: TraceTransaction, servers: readonly string[], timedOut: ReadonlySet<string>): string {
  const who = t.retryOf ? `${t.id}, ${t.client}'s retry of ${t.retryOf},` : t.id;
  const o = t.outcome;
  let said: string;
  if (o.kind === 'ok') {
    said = `${who} was committed on ${t.server ?? '?'} and reported OK to ${t.client}${ackClause(t, timedOut)}`;
  } else if (o.kind === 'lost_connection') said = `${t.client} lost its connection (${o.code ?? 2013}) during ${who}`;
  else if (o.kind === 'error') said = `${who} failed with error ${o.code ?? '?'}`;
  else said = `${who} got no reply before the run ended`;
  const wrote = t.rowChanges > 0 && !t.readOnly;
  return wrote ? said + presenceClause(t, servers) : said;
}

/** A transaction that needs telling: not a plain write that every server ended up with. */
function matters(t: TraceTransaction, concerned: ReadonlySet<string>, servers: readonly string[]): boolean {
  if (concerned.has(t.id) || t.retryOf !== undefined || t.retriedBy.length > 0) return true;
  if (t.readOnly || t.rowChanges === 0) return t.outcome.kind !== 'ok' && t.outcome.kind !== 'error';
  if (t.outcome.kind !== 'ok') return true;
  return servers.some((s) => t.presence[s] === 'absent');
}

/** The verdicts, grouped by kind, as one sentence; or the all-clear. */
function conclusion(trace: Trace): string {
  const unforeseen = trace.verdicts.filter((v) => v.kind !== 'expectation_failed');
  if (unforeseen.length === 0) {
    const clear = 'No verdict: every acknowledged commit survived, replication ran and the servers agree';
    return trace.stillWaiting ? `${clear}, but the run ended with ${trace.stillWaiting.waiters.length} still waiting` : clear;
  }
  const byKind = new Map<string, Verdict[]>();
  for (const v of unforeseen) {
    const list = byKind.get(v.kind);
    if (list) list.push(v);
    else byKind.set(v.kind, [v]);
  }
  const parts = [...byKind].map(([kind, vs]) => {
    const subjects = [...new Set(vs.map((v) => v.txn ?? v.servers[0] ?? ''))].filter((s) => s !== '');
    return `${kind.replace(/_/g, ' ')}${subjects.length > 0 ? ` (${names(subjects)})` : ''}`;
  });
  const sources = finalSources(trace);
  const head = sources.length === 1 ? `At the end ${sources[0]} is the source. ` : '';
  return `${head}${parts.length === 1 ? 'Verdict' : 'Verdicts'}: ${parts.join('; ')}`;
}

/** The story of a run: an opening on the uneventful writes, the moments that matter in time order, the conclusion. */
export function runStory(trace: Trace): StorySentence[] {
  const allServers = trace.servers.map((s) => s.name);
  // A transaction's story is told within its own cluster: the servers of another one never get it, by design.
  const clusters = new Map<string, string[]>();
  const clusterServers = (t: TraceTransaction): string[] => {
    if (t.server === null) return allServers;
    let members = clusters.get(`${t.onReplica}:${t.server}`);
    if (members === undefined) {
      // A write on a source is told among the servers replicating it (not a multi-source replica's other sources); a
      // write on a replica among its whole cluster, whose sources lack it.
      const cluster = t.onReplica ? clusterOf(trace, t.server) : downstreamOf(trace, t.server);
      clusters.set(`${t.onReplica}:${t.server}`, (members = allServers.filter((s) => cluster.has(s))));
    }
    return members;
  };
  const concerned = new Set(trace.verdicts.flatMap((v) => (v.txn ? [v.txn] : [])));
  const timedOut = new Set(trace.semisyncFallbacks.flatMap((f) => (f.timedOut ? [f.timedOut] : [])));
  const byServer = new Map<string, TraceTransaction[]>();
  for (const t of trace.transactions) {
    if (t.server === null) continue;
    const list = byServer.get(t.server);
    if (list) list.push(t);
    else byServer.set(t.server, [t]);
  }

  const story: StorySentence[] = [];
  const plain = trace.transactions.filter((t) => !matters(t, concerned, clusterServers(t)) && t.rowChanges > 0 && !t.rolledBack);
  const oneCluster = plain.every((t) => clusterServers(t).length === allServers.length);
  if (plain.length > 0)
    story.push({
      text: `${names(plain.map((t) => t.id))} ${plain.length === 1 ? 'was' : 'were'} committed and reached every server${oneCluster ? '' : plain.length === 1 ? ' of its cluster' : ' of their cluster'}.`,
    });

  const moments: { time: Micros; order: number; text: string }[] = [];
  // A transaction's fate is told where its client got the answer, among the faults of the same instant.
  const answered = new Map<string, number>();
  const answerTime = new Map(trace.transactions.map((t) => [t.id, t.outcome.time]));
  // A connection lost to a crash is told after the crash (the engine answers the client first, in the same instant).
  const downAt = new Map<string, number>();
  for (const e of trace.events) {
    const text = momentOf(e, byServer);
    if (text !== undefined) moments.push({ time: e.time, order: e.id, text });
    if (e.txn !== undefined && e.lane === 'client' && e.time === answerTime.get(e.txn)) answered.set(e.txn, e.id);
    if (e.kind === 'crash' || e.kind === 'shutdown') downAt.set(`${e.server}@${e.time}`, e.id);
  }
  for (const f of trace.replicationErrors)
    moments.push({
      time: f.time,
      order: Number.MAX_SAFE_INTEGER,
      text: `${f.server}'s ${f.thread === 'sql' ? 'SQL' : 'I/O'} thread stopped with error ${f.errno}${f.txn ? ` on ${f.txn}` : ''}`,
    });
  for (const t of trace.transactions) {
    if (!matters(t, concerned, clusterServers(t))) continue;
    const time = t.outcome.time ?? t.states.active ?? trace.endTime;
    const crash = t.outcome.kind === 'lost_connection' ? downAt.get(`${t.server}@${time}`) : undefined;
    const order = crash !== undefined ? crash + 0.5 : (answered.get(t.id) ?? Number.MAX_SAFE_INTEGER - 1);
    moments.push({ time, order, text: fateSentence(t, clusterServers(t), timedOut) });
  }
  moments.sort((a, b) => a.time - b.time || a.order - b.order);
  for (const m of moments.slice(0, maxMoments)) story.push({ time: m.time, text: `${m.text}.` });
  if (moments.length > maxMoments) story.push({ text: `… and ${moments.length - maxMoments} more moments: the timeline has them all.` });
  story.push({ text: `${conclusion(trace)}.` });
  return story;
}

/** The story as lines for the command line: moments with their time. */
export function* storyLines(story: readonly StorySentence[]): Generator<string> {
  for (const s of story) yield s.time === undefined ? `  ${s.text}\n` : `  ${formatMicros(s.time).padEnd(10)} ${s.text}\n`;
}
