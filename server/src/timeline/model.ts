/**
 * The timeline model: a trace turned into what a space-time diagram draws (lanes, marks, arrows, shaded periods,
 * client transaction bars, verdicts linked to their marks). Pure and independent of pixels: the layout
 * (layout.ts) places it, the SVG renderer (render.ts) draws it, in the webview and in the exported files alike.
 *
 * Built in one pass over the trace (O(events + messages)), so a new trace after a keystroke costs time in
 * proportion to its size once; everything later (scrolling, zooming, the time cursor) reads indexes built here.
 */
import type { Flavor, Micros } from '../model/scenario';
import type {
  ClientOutcome,
  FaultPeriod,
  Lane,
  LogCoordinates,
  StatementTrace,
  Trace,
  TraceEvent,
  TraceEventKind,
  TraceMessage,
  Verdict,
} from '../trace/trace';
import { runStory, type StorySentence } from '../report/run-story';
import { truncate } from './escape';
import { formatRange, markShapeOf, noteOf, positionsOf, titleOf, type MarkShape } from './marks';

/** The role of a lane: a client, or one of the four lanes of a server (in data-flow order: in, apply, commit, out). */
export type LaneRole = 'client' | 'io' | 'sql' | 'engine' | 'dump';

/** The server lanes in the order they are drawn: data comes in (I/O + relay log), is applied (SQL), committed and binlogged (engine), shipped out (dump). */
export const SERVER_LANE_ROLES: readonly LaneRole[] = ['io', 'sql', 'engine', 'dump'];

/** One column of the diagram. */
export interface TimelineLane {
  /** `client:app` or `server:m1:engine`. */
  id: string;
  role: LaneRole;
  /** The group it collapses with: `clients` or `server:NAME`. */
  group: string;
  /** The server of a server lane. */
  server?: string;
  /** The client of a client lane. */
  client?: string;
  /** Short title for the header (`engine · binlog`, `app`). */
  title: string;
  /** What the lane holds, for a tooltip. */
  description: string;
}

/** A set of lanes drawn and collapsed together: the clients, or one server. */
export interface TimelineGroup {
  id: string;
  kind: 'clients' | 'server';
  name: string;
  /** `mysql-8.0 · server_id 1`, or `2 clients`. */
  detail: string;
  lanes: string[];
}

/** How a client's request ended, for colouring: the Jepsen-style ok / error / lost connection / unknown. */
export type OutcomeKind = 'ok' | 'error' | 'lost_connection' | 'unknown';

/** One event, as drawn. */
export interface TimelineMark {
  /** Index in `TimelineModel.marks` (time order). */
  index: number;
  /** `TraceEvent.id`. */
  eventId: number;
  time: Micros;
  lane: string;
  server: string;
  kind: TraceEventKind;
  shape: MarkShape;
  /** Short text beside the mark (`T2 binlog write`). */
  title: string;
  /** Positions written inline (`mysql-bin.000001:157→434`, `Exec 434`). */
  positions: string[];
  /** The engine's sentence when it explains (errors, recovery): written after the positions. */
  note?: string;
  /** The engine's full sentence: the hover. */
  detail: string;
  txn?: string;
  gtid?: string;
  line?: number;
  log?: LogCoordinates;
  relay?: LogCoordinates;
  /** For a client reply: how it ended. */
  outcome?: OutcomeKind;
  /** Estimated width of the written text in pixels (title + positions + note), for placing it left or right of the mark. */
  textWidth: number;
}

/** A message between lanes: shipped events, an ACK, a connection, an error. */
export interface TimelineArrow {
  index: number;
  messageId: number;
  kind: TraceMessage['kind'];
  from: string;
  to: string;
  sendTime: Micros;
  receiveTime: Micros | null;
  /** The mark each end is anchored to, when an event of that lane happened at that instant. */
  fromMark: number | null;
  toMark: number | null;
  label: string;
  dropped?: string;
  txn?: string;
  line?: number;
}

/** A shaded period: a server down, semi-sync OFF, a link down, a replica thread stopped. */
export interface TimelineShade {
  index: number;
  kind: FaultPeriod['kind'];
  subject: string;
  lanes: string[];
  start: Micros;
  /** null: still so when the run ended. */
  end: Micros | null;
  /** The marks that opened and closed it (the crash, the restart), when the trace has them. */
  startMark: number | null;
  endMark: number | null;
  label: string;
}

/** A client transaction from its first statement to the reply that decided its outcome (Jepsen's operation bar). */
export interface TimelineBar {
  txn: string;
  lane: string;
  start: Micros;
  /** null: no reply by the end of the run. */
  end: Micros | null;
  outcome: OutcomeKind;
  label: string;
  line: number;
}

/** A verdict with the marks it is about. */
export interface TimelineVerdict extends Verdict {
  index: number;
  /** Marks of its transaction and of its servers at its time (at most 50), the most telling first. */
  marks: number[];
}

/** One transaction's fate, for the side panel and the export. */
export interface TimelineTransaction {
  id: string;
  client: string;
  server: string | null;
  line: number;
  outcome: OutcomeKind;
  /** `OK`, `ERROR 1062: …`, `lost connection (2013)`, `no reply`. */
  outcomeText: string;
  /** Where its source binlogged it. */
  binlog?: string;
  gtid?: string;
  presence: Record<string, 'present' | 'absent'>;
  ackedBy: string[];
  appliedBy: string[];
  retryOf?: string;
  retriedBy: string[];
  marks: number[];
}

/** Everything the diagram draws, independent of pixels. */
export interface TimelineModel {
  title: string;
  flavor: Flavor;
  seed: number;
  endTime: Micros;
  endReason: Trace['endReason'];
  groups: TimelineGroup[];
  lanes: TimelineLane[];
  /** In (time, event id) order. */
  marks: TimelineMark[];
  arrows: TimelineArrow[];
  shades: TimelineShade[];
  bars: TimelineBar[];
  verdicts: TimelineVerdict[];
  /** The run in a few sentences (report/run-story.ts), drawn above the diagram. */
  story: StorySentence[];
  transactions: TimelineTransaction[];
  /** Mark indexes by source line (zero-based), for highlighting the editor line's events. */
  marksByLine: Map<number, number[]>;
  /** Mark indexes by transaction id. */
  marksByTxn: Map<string, number[]>;
}

const LANE_TITLES: Record<Exclude<LaneRole, 'client'>, { title: string; description: string }> = {
  io: { title: 'I/O · relay', description: 'replica I/O thread: receives events, writes the relay log, sends ACKs' },
  sql: { title: 'SQL thread', description: 'replica SQL thread: applies the relay log' },
  engine: { title: 'engine · binlog', description: 'storage engine and binary log: the commit pipeline, crashes, restarts, operations' },
  dump: { title: 'dump', description: 'dump thread(s) and the semi-sync ACK receiver: ships binlog events to replicas' },
};

/** Which lane role a trace lane belongs to. */
function roleOf(lane: Lane): LaneRole {
  switch (lane) {
    case 'binlog':
    case 'engine':
      return 'engine';
    case 'relay':
    case 'io':
      return 'io';
    default:
      return lane;
  }
}

/** The lane id of an event or a message end. */
export function laneIdOf(server: string, lane: Lane, client?: string): string {
  return lane === 'client' ? `client:${client ?? `?${server}`}` : `server:${server}:${roleOf(lane)}`;
}

/** The outcome class of a client outcome. */
export function outcomeKind(o: ClientOutcome): OutcomeKind {
  return o.kind === 'pending' ? 'unknown' : o.kind;
}

/** `OK`, `ERROR 1062: Duplicate entry …`, `lost connection (2013)`, `no reply`. */
export function outcomeText(o: ClientOutcome): string {
  switch (o.kind) {
    case 'ok':
      return 'OK';
    case 'error':
      return `ERROR${o.code !== undefined ? ` ${o.code}` : ''}${o.message ? `: ${o.message}` : ''}`;
    case 'lost_connection':
      return `lost connection (${o.code ?? 2013})`;
    case 'pending':
      return 'no reply';
  }
}

// Rough advance widths of the diagram's fonts (11px sans, 11px mono): enough to choose a side for a label, no DOM needed.
const SANS_CHAR = 6.1;
const MONO_CHAR = 6.7;
const TEXT_GAP = 7;

/** Estimated width in pixels of a mark's written text (title, positions, note), for placing it left or right of the mark. */
export function markTextWidth(title: string, positions: readonly string[], note: string | undefined): number {
  let w = title.length * SANS_CHAR;
  for (const p of positions) w += TEXT_GAP + p.length * MONO_CHAR;
  if (note) w += TEXT_GAP + note.length * SANS_CHAR;
  return Math.ceil(w);
}

/**
 * A mark's text cut to `room` pixels (estimated as `markTextWidth` does): the note first (kept, with an ellipsis, when
 * a dozen of its characters fit), then the positions from the last, then the title (with an ellipsis).
 */
export function fitMarkText(
  title: string,
  positions: readonly string[],
  note: string | undefined,
  room: number,
): { title: string; positions: readonly string[]; note: string | undefined } {
  if (markTextWidth(title, positions, note) <= room) return { title, positions, note };
  const bare = markTextWidth(title, positions, undefined);
  if (note !== undefined) {
    const chars = Math.floor((room - bare - TEXT_GAP) / SANS_CHAR);
    if (chars >= 12) return { title, positions, note: truncate(note, chars) };
  }
  let kept = positions.length;
  while (kept > 0 && markTextWidth(title, positions.slice(0, kept), undefined) > room) kept--;
  const shown = kept === positions.length ? positions : positions.slice(0, kept);
  if (kept > 0 || title.length * SANS_CHAR <= room) return { title, positions: shown, note: undefined };
  return { title: truncate(title, Math.max(4, Math.floor(room / SANS_CHAR))), positions: shown, note: undefined };
}

/** The longest note written on the diagram (the rest is on hover). */
const NOTE_MAX = 100;

/** Builds the timeline model of a trace. */
export function buildTimeline(trace: Trace): TimelineModel {
  const events = inTimeOrder(trace.events);
  const statementsByKey = indexStatements(trace);
  const lastStatements = new Set<StatementTrace>();
  for (const t of trace.transactions) {
    const last = t.statements[t.statements.length - 1];
    if (last) lastStatements.add(last);
  }
  const readsByKey = new Map<string, Trace['reads'][number]>();
  for (const r of trace.reads) readsByKey.set(`${r.client}|${r.line}|${r.time}`, r);

  // Lanes: every client, every server's engine lane, and the other server lanes that something happens on.
  const used = new Set<string>();
  const seenLane = new Set<string>();
  for (const e of events) {
    const key = `${e.server}\u0000${e.lane}\u0000${e.client ?? ''}`;
    if (seenLane.has(key)) continue;
    seenLane.add(key);
    used.add(laneIdOf(e.server, e.lane, e.client));
  }
  for (const m of trace.messages) {
    used.add(laneIdOf(m.from.server, m.from.lane));
    used.add(laneIdOf(m.to.server, m.to.lane));
  }
  const groups: TimelineGroup[] = [];
  const lanes: TimelineLane[] = [];
  const clientNames = trace.clients.map((c) => c.name);
  for (const id of used) if (id.startsWith('client:') && !clientNames.includes(id.slice(7))) clientNames.push(id.slice(7));
  if (clientNames.length > 0) {
    const group: TimelineGroup = {
      id: 'clients',
      kind: 'clients',
      name: 'clients',
      detail: clientNames.length === 1 ? '1 client' : `${clientNames.length} clients`,
      lanes: [],
    };
    for (const name of clientNames) {
      const declared = trace.clients.find((c) => c.name === name);
      const lane: TimelineLane = {
        id: `client:${name}`,
        role: 'client',
        group: group.id,
        client: name,
        title: name,
        description: declared ? `client ${name}, first on ${declared.server}` : `client ${name}`,
      };
      lanes.push(lane);
      group.lanes.push(lane.id);
    }
    groups.push(group);
  }
  const serverNames = trace.servers.map((s) => s.name);
  for (const id of used) {
    if (!id.startsWith('server:')) continue;
    const name = id.slice(7, id.lastIndexOf(':'));
    if (!serverNames.includes(name)) serverNames.push(name);
  }
  for (const name of serverNames) {
    const info = trace.servers.find((s) => s.name === name);
    const group: TimelineGroup = {
      id: `server:${name}`,
      kind: 'server',
      name,
      detail: info ? `${info.flavor} · server_id ${info.serverId}` : 'server',
      lanes: [],
    };
    for (const role of SERVER_LANE_ROLES) {
      const id = `server:${name}:${role}`;
      if (role !== 'engine' && !used.has(id)) continue;
      const text = LANE_TITLES[role as Exclude<LaneRole, 'client'>];
      lanes.push({ id, role, group: group.id, server: name, title: text.title, description: `${name}: ${text.description}` });
      group.lanes.push(id);
    }
    groups.push(group);
  }

  // Marks.
  const marks: TimelineMark[] = [];
  const marksByLine = new Map<number, number[]>();
  const marksByTxn = new Map<string, number[]>();
  // Lane ids by server, trace lane and client: the same few strings for every event, built once.
  const laneIds = new Map<string, string>();
  const laneOf = (server: string, lane: Lane, client: string | undefined): string => {
    const key = lane === 'client' ? `${client ?? ''}\u0000${server}` : `${server}\u0000${lane}`;
    let id = laneIds.get(key);
    if (id === undefined) laneIds.set(key, (id = laneIdOf(server, lane, client)));
    return id;
  };
  for (const e of events) {
    const index = marks.length;
    const lane = laneOf(e.server, e.lane, e.client);
    let title = titleOf(e);
    let outcome: OutcomeKind | undefined;
    let positions = positionsOf(e);
    if (e.kind === 'statement_sent' || e.kind === 'statement_reply') {
      const st = e.client !== undefined && e.line !== undefined ? findStatement(statementsByKey, e) : undefined;
      if (e.kind === 'statement_sent' && st) title = truncate(st.text, 56);
      if (e.kind === 'statement_reply') {
        if (st && st.result.kind === 'ok' && !lastStatements.has(st)) {
          // An OK inside a transaction: the transaction's outcome comes with its last statement's reply.
          title = 'OK';
        } else if (st && st.result.kind !== 'pending') {
          outcome = outcomeKind(st.result);
          title = truncate(outcomeText(st.result), 56);
        } else {
          outcome = guessOutcome(e.label);
          title = truncate(e.label, 56);
        }
      }
    } else if (e.kind === 'read') {
      const r = e.client !== undefined && e.line !== undefined ? readsByKey.get(`${e.client}|${e.line}|${e.time}`) : undefined;
      if (r) {
        title = `read ${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.sawTxns.length > 0 ? ` (saw ${r.sawTxns.join(', ')})` : ''}`;
        positions = [];
      }
    }
    if (e.txn && !title.startsWith(e.txn)) title = `${e.txn} ${title}`;
    const rawNote = noteOf(e);
    const note = rawNote !== undefined ? truncate(rawNote, NOTE_MAX) : undefined;
    // Every field written, present or not: one object shape for all marks keeps 10,000 of them fast to build and read.
    const mark: TimelineMark = {
      index,
      eventId: e.id,
      time: e.time,
      lane,
      server: e.server,
      kind: e.kind,
      shape: markShapeOf(e.kind, outcome),
      title,
      positions,
      note,
      detail: e.label,
      txn: e.txn,
      gtid: e.gtid,
      line: e.line,
      log: e.log,
      relay: e.relay,
      outcome,
      textWidth: markTextWidth(title, positions, note),
    };
    marks.push(mark);
    if (e.line !== undefined) push(marksByLine, e.line, index);
    if (e.txn !== undefined) push(marksByTxn, e.txn, index);
  }
  // The mark a message end or a period's edge is anchored to, among the marks of its lane at its instant. A failover
  // puts hundreds of events of one lane on one instant, and as many messages end there: each must not read them all.
  // So the marks of the same transaction come from an index, and the best of the others is found once per instant
  // and kind list.
  const byLaneTime = new Map<string, Map<Micros, number[]>>();
  const byTxnLaneTime = new Map<string, number[]>();
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    let byTime = byLaneTime.get(m.lane);
    if (!byTime) byLaneTime.set(m.lane, (byTime = new Map<Micros, number[]>()));
    const list = byTime.get(m.time);
    if (list) list.push(i);
    else byTime.set(m.time, [i]);
    if (m.txn !== undefined) push(byTxnLaneTime, `${m.txn}\u0000${m.lane}\u0000${m.time}`, i);
  }
  const bestOthers = new Map<readonly TraceEventKind[], Map<string, number | null>>();
  const anchorAt = (lane: string, time: Micros, txn: string | undefined, kinds: readonly TraceEventKind[]): number | null => {
    if (txn !== undefined) {
      const same = byTxnLaneTime.get(`${txn}\u0000${lane}\u0000${time}`);
      if (same) return anchor(marks, same, undefined, kinds);
    }
    let cache = bestOthers.get(kinds);
    if (!cache) bestOthers.set(kinds, (cache = new Map<string, number | null>()));
    const key = `${lane}\u0000${time}`;
    let best = cache.get(key);
    if (best === undefined) cache.set(key, (best = anchor(marks, byLaneTime.get(lane)?.get(time), undefined, kinds)));
    return best;
  };

  // Arrows, anchored to the marks at their ends when the lanes recorded something at that instant.
  const arrows: TimelineArrow[] = trace.messages.map((m, index) => {
    const from = laneIdOf(m.from.server, m.from.lane);
    const to = laneIdOf(m.to.server, m.to.lane);
    const arrow: TimelineArrow = {
      index,
      messageId: m.id,
      kind: m.kind,
      from,
      to,
      sendTime: m.sendTime,
      receiveTime: m.receiveTime,
      fromMark: anchorAt(from, m.sendTime, m.txn, SENDERS[m.kind]),
      toMark: m.receiveTime === null ? null : anchorAt(to, m.receiveTime, m.txn, RECEIVERS[m.kind]),
      label: m.label || (m.log ? formatRange(m.log) : m.kind),
    };
    if (m.dropped !== undefined) arrow.dropped = m.dropped;
    if (m.txn !== undefined) arrow.txn = m.txn;
    if (m.line !== undefined) arrow.line = m.line;
    return arrow;
  });

  // A message that never arrived is said on the mark that sent it: the arrow's stub has no room for words.
  for (const a of arrows) {
    const sender = a.receiveTime === null && a.fromMark !== null ? marks[a.fromMark] : undefined;
    if (!sender || sender.note !== undefined) continue;
    sender.note = `never received${a.dropped ? `: ${a.dropped}` : ''}`;
    sender.textWidth = markTextWidth(sender.title, sender.positions, sender.note);
  }

  const laneSet = new Set(lanes.map((l) => l.id));
  const shades: TimelineShade[] = [];
  for (const p of trace.periods) {
    const shadeLanes = shadeLanesOf(p).filter((id) => laneSet.has(id));
    if (shadeLanes.length === 0) continue;
    const [opens, closes] = SHADE_MARKS[p.kind];
    // The mark that opened (closed) the period: on its lanes first, else on any lane of its servers at that instant
    // (a link is cut and healed by an operation written on the engine lane).
    const servers = p.kind === 'link_down' ? linkEnds(p.subject) : [p.subject];
    const at = (time: Micros, kinds: readonly TraceEventKind[]) => {
      for (const lane of shadeLanes) {
        const found = anchorAt(lane, time, undefined, kinds);
        if (found !== null && kinds.includes(marks[found].kind)) return found;
      }
      for (let i = lowerBoundTime(marks, time); i < marks.length && marks[i].time === time; i++) {
        const m = marks[i];
        if (kinds.includes(m.kind) && servers.includes(m.server)) return i;
      }
      return null;
    };
    shades.push({
      index: shades.length,
      kind: p.kind,
      subject: p.subject,
      lanes: shadeLanes,
      start: p.start,
      end: p.end,
      startMark: at(p.start, opens),
      endMark: p.end === null ? null : at(p.end, closes),
      label: shadeLabel(p),
    });
  }

  const bars: TimelineBar[] = [];
  for (const t of trace.transactions) {
    const first = t.statements[0];
    if (!first) continue;
    const lane = `client:${t.client}`;
    if (!laneSet.has(lane)) continue;
    bars.push({
      txn: t.id,
      lane,
      start: first.sentAt,
      end: t.outcome.time ?? null,
      outcome: outcomeKind(t.outcome),
      label: t.retryOf ? `${t.id} (retry of ${t.retryOf})` : t.id,
      line: t.line,
    });
  }
  bars.sort((a, b) => a.start - b.start);

  const verdicts = trace.verdicts.map((v, index) => ({ ...v, index, marks: verdictMarks(v, marks, marksByTxn) }));

  const transactions: TimelineTransaction[] = trace.transactions.map((t) => {
    const out: TimelineTransaction = {
      id: t.id,
      client: t.client,
      server: t.server,
      line: t.line,
      outcome: outcomeKind(t.outcome),
      outcomeText: outcomeText(t.outcome),
      presence: t.presence,
      ackedBy: t.ackedBy,
      appliedBy: t.appliedBy.map((a) => a.server),
      retriedBy: t.retriedBy,
      marks: marksByTxn.get(t.id) ?? [],
    };
    if (t.binlog) out.binlog = formatRange(t.binlog);
    if (t.gtid) out.gtid = t.gtid;
    if (t.retryOf) out.retryOf = t.retryOf;
    return out;
  });

  return {
    title: trace.title,
    flavor: trace.flavor,
    seed: trace.seed,
    endTime: trace.endTime,
    endReason: trace.endReason,
    groups,
    lanes,
    marks,
    arrows,
    shades,
    bars,
    verdicts,
    story: runStory(trace),
    transactions,
    marksByLine,
    marksByTxn,
  };
}

/** The events in (time, id) order; the engine already writes them so, and then this costs one pass. */
function inTimeOrder(events: TraceEvent[]): TraceEvent[] {
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1];
    const b = events[i];
    if (a.time > b.time || (a.time === b.time && a.id > b.id)) return [...events].sort((x, y) => x.time - y.time || x.id - y.id);
  }
  return events;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Statements by client and line, each with its transaction, to title a client's send and colour its reply. */
function indexStatements(trace: Trace): Map<string, StatementTrace[]> {
  const map = new Map<string, StatementTrace[]>();
  for (const t of trace.transactions) {
    for (const s of t.statements) {
      const key = `${t.client}|${s.line}`;
      const list = map.get(key);
      if (list) list.push(s);
      else map.set(key, [s]);
    }
  }
  return map;
}

/** The statement a send or a reply event belongs to: same client and line, sent (or answered) at that time. */
function findStatement(index: Map<string, StatementTrace[]>, e: TraceEvent): StatementTrace | undefined {
  const list = index.get(`${e.client}|${e.line}`);
  if (!list) return undefined;
  if (e.kind === 'statement_sent') return list.find((s) => s.sentAt === e.time) ?? list[0];
  return list.find((s) => s.result.time === e.time) ?? list.find((s) => s.sentAt <= e.time && s.result.time === undefined);
}

/** A reply the trace's statements do not explain: read its sentence. */
function guessOutcome(label: string): OutcomeKind {
  if (/lost connection|2013|2006|gone away/i.test(label)) return 'lost_connection';
  if (/\berror\b/i.test(label)) return 'error';
  if (/\bok\b/i.test(label)) return 'ok';
  return 'unknown';
}

/** The event kinds that send (receive) each kind of message, best first: a lane records several things at one instant. */
const SENDERS: Record<TraceMessage['kind'], readonly TraceEventKind[]> = {
  events: ['dump_send', 'dump_start', 'dump_heartbeat'],
  ack: ['ack_sent'],
  connect: ['io_start', 'io_connecting', 'dump_start'],
  disconnect: ['crash', 'shutdown', 'dump_stop', 'io_stop', 'io_connection_lost'],
  error: ['dump_error', 'io_error'],
};
const RECEIVERS: Record<TraceMessage['kind'], readonly TraceEventKind[]> = {
  events: ['io_receive', 'relay_write', 'io_connected', 'io_heartbeat'],
  ack: ['ack_received'],
  connect: ['dump_start', 'io_connected'],
  disconnect: ['io_error', 'io_connection_lost', 'io_connecting', 'dump_stop'],
  error: ['io_error', 'dump_error'],
};

/** The mark among `candidates` for a message end: of the same transaction and a kind that sends or receives it, else the closest match. */
function anchor(
  marks: TimelineMark[],
  candidates: number[] | undefined,
  txn: string | undefined,
  kinds: readonly TraceEventKind[],
): number | null {
  if (!candidates || candidates.length === 0) return null;
  let best: number | null = null;
  let bestScore = -1;
  for (const i of candidates) {
    const m = marks[i];
    if (!m) continue;
    const k = kinds.indexOf(m.kind);
    const score = (txn !== undefined && m.txn === txn ? 2 : 0) + (k >= 0 ? 1 + (kinds.length - k) / (kinds.length + 1) : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** The events that open and close each kind of period: the shade starts and ends at their marks. */
const SHADE_MARKS: Record<FaultPeriod['kind'], [readonly TraceEventKind[], readonly TraceEventKind[]]> = {
  server_down: [
    ['crash', 'shutdown'],
    ['restart', 'recovery'],
  ],
  semisync_off: [['semisync_off', 'semisync_timeout'], ['semisync_on']],
  link_down: [['link_partition'], ['link_heal']],
  io_thread_stopped: [
    ['io_stop', 'io_error'],
    ['io_start', 'io_connecting', 'io_connected'],
  ],
  sql_thread_stopped: [['sql_error', 'sql_stop'], ['sql_start']],
};

function shadeLanesOf(p: FaultPeriod): string[] {
  const roles = (server: string, rs: LaneRole[]) => rs.map((r) => `server:${server}:${r}`);
  switch (p.kind) {
    case 'server_down':
      return roles(p.subject, [...SERVER_LANE_ROLES]);
    case 'semisync_off':
      return roles(p.subject, ['engine', 'dump']);
    case 'io_thread_stopped':
      return roles(p.subject, ['io']);
    case 'sql_thread_stopped':
      return roles(p.subject, ['sql']);
    case 'link_down': {
      // The lanes that talk over the link as written (`a -> b`: a's dump thread, b's I/O thread).
      const [a, b] = linkEnds(p.subject);
      return [...roles(a, ['dump']), ...roles(b, ['io'])];
    }
  }
}

/** `m1->r1` → [m1, r1] (names cannot contain `->`; a quoted hostile name still splits at its first arrow). */
export function linkEnds(subject: string): [string, string] {
  const at = subject.indexOf('->');
  return at < 0 ? [subject, subject] : [subject.slice(0, at), subject.slice(at + 2)];
}

function shadeLabel(p: FaultPeriod): string {
  switch (p.kind) {
    case 'server_down':
      return `${p.subject} down`;
    case 'semisync_off':
      return `${p.subject}: semi-sync OFF`;
    case 'io_thread_stopped':
      return `${p.subject}: I/O thread stopped`;
    case 'sql_thread_stopped':
      return `${p.subject}: SQL thread stopped`;
    case 'link_down': {
      const [a, b] = linkEnds(p.subject);
      return `link ${a}→${b} down`;
    }
  }
}

/** The marks a verdict is about: at its time on its servers first (the failure itself), then its transaction's. */
function verdictMarks(v: Verdict, marks: TimelineMark[], byTxn: Map<string, number[]>): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (i: number) => {
    if (!seen.has(i) && out.length < 50) {
      seen.add(i);
      out.push(i);
    }
  };
  const lo = lowerBoundTime(marks, v.time);
  for (let i = lo; i < marks.length && marks[i].time === v.time; i++) {
    const m = marks[i];
    if (v.servers.includes(m.server) && (v.txn === undefined || m.txn === undefined || m.txn === v.txn)) add(i);
  }
  if (v.txn !== undefined) for (const i of byTxn.get(v.txn) ?? []) add(i);
  return out;
}

/** The first mark index whose time is at or after `time` (marks.length when none). */
export function lowerBoundTime(marks: readonly { time: Micros }[], time: Micros): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (marks[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
