/**
 * The timeline model as the engine worker sends it to the panel: columns of numbers instead of one object per mark,
 * arrow and bar, every string once in a table and referred to by its index, times as differences from the previous
 * mark. The worker builds the model (model.ts) where the trace is; the webview decodes it in one pass and lays it
 * out itself (zoom, hidden lanes and the viewport's width are its own), so a 100,000-event run reaches the panel as
 * a few megabytes of JSON and no trace.
 *
 * Absent values are -1 (a string index, a line, a mark, a time that never came: times are never negative).
 */
import type { Micros } from '../model/scenario';
import type { LogCoordinates, TraceEventKind, TraceMessage } from '../trace/trace';
import { markShapeOf } from './marks';
import type {
  OutcomeKind,
  TimelineArrow,
  TimelineBar,
  TimelineGroup,
  TimelineLane,
  TimelineMark,
  TimelineModel,
  TimelineShade,
  TimelineTransaction,
  TimelineVerdict,
} from './model';

/** The transactions listed in the panel's side table (the rest are counted; search finds their marks). */
export const TRANSACTIONS_LISTED = 200;

/** The model on the wire. */
export interface WireTimeline {
  title: string;
  flavor: TimelineModel['flavor'];
  seed: number;
  endTime: Micros;
  endReason: TimelineModel['endReason'];
  groups: TimelineGroup[];
  lanes: TimelineLane[];
  shades: TimelineShade[];
  verdicts: TimelineVerdict[];
  story: TimelineModel['story'];
  /** The first `TRANSACTIONS_LISTED` transactions (their marks are found again from the marks' `txn`). */
  transactions: Omit<TimelineTransaction, 'marks'>[];
  transactionCount: number;
  /** Every string the columns refer to. */
  strings: string[];
  marks: {
    /** Difference from the previous mark's time (the first: its time). */
    time: number[];
    /** Difference from the previous mark's event id. */
    eventId: number[];
    lane: number[];
    server: number[];
    kind: number[];
    title: number[];
    /** How many of `positions` each mark has, in order. */
    positionCount: number[];
    positions: number[];
    note: number[];
    detail: number[];
    txn: number[];
    gtid: number[];
    line: number[];
    /** Four numbers for each mark that has binlog coordinates: its index, the file, start, end. */
    log: number[];
    /** The same for relay-log coordinates. */
    relay: number[];
    outcome: number[];
    /** `TimelineMark.textWidth`. */
    textWidth: number[];
  };
  arrows: {
    messageId: number[];
    kind: number[];
    from: number[];
    to: number[];
    sendTime: number[];
    receiveTime: number[];
    fromMark: number[];
    toMark: number[];
    label: number[];
    dropped: number[];
    txn: number[];
    line: number[];
  };
  bars: {
    txn: number[];
    lane: number[];
    start: number[];
    end: number[];
    outcome: number[];
    label: number[];
    line: number[];
  };
}

/** The positions of a mark that writes none, shared (nothing changes a mark's positions once built). */
const NO_POSITIONS: string[] = [];

/** A decoded model: the model, with the number of transactions of which `transactions` lists the first. */
export type ReceivedTimeline = TimelineModel & { transactionCount: number };

/** The wire form of `model`. */
export function encodeTimeline(model: TimelineModel): WireTimeline {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const s = (text: string | undefined): number => {
    if (text === undefined) return -1;
    let id = ids.get(text);
    if (id === undefined) {
      id = strings.length;
      strings.push(text);
      ids.set(text, id);
    }
    return id;
  };
  const num = (n: number | null | undefined): number => (n === null || n === undefined ? -1 : n);

  const n = model.marks.length;
  const marks: WireTimeline['marks'] = {
    time: new Array<number>(n),
    eventId: new Array<number>(n),
    lane: new Array<number>(n),
    server: new Array<number>(n),
    kind: new Array<number>(n),
    title: new Array<number>(n),
    positionCount: new Array<number>(n),
    positions: [],
    note: new Array<number>(n),
    detail: new Array<number>(n),
    txn: new Array<number>(n),
    gtid: new Array<number>(n),
    line: new Array<number>(n),
    log: [],
    relay: [],
    outcome: new Array<number>(n),
    textWidth: new Array<number>(n),
  };
  const coordinates = (into: number[], at: number, c: LogCoordinates | undefined) => {
    if (c) into.push(at, s(c.file), c.start, c.end);
  };
  let lastTime = 0;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    const m = model.marks[i];
    marks.time[i] = m.time - lastTime;
    marks.eventId[i] = m.eventId - lastId;
    lastTime = m.time;
    lastId = m.eventId;
    marks.lane[i] = s(m.lane);
    marks.server[i] = s(m.server);
    marks.kind[i] = s(m.kind);
    marks.title[i] = s(m.title);
    marks.positionCount[i] = m.positions.length;
    for (const p of m.positions) marks.positions.push(s(p));
    marks.note[i] = s(m.note);
    marks.detail[i] = s(m.detail);
    marks.txn[i] = s(m.txn);
    marks.gtid[i] = s(m.gtid);
    marks.line[i] = num(m.line);
    coordinates(marks.log, i, m.log);
    coordinates(marks.relay, i, m.relay);
    marks.outcome[i] = s(m.outcome);
    marks.textWidth[i] = m.textWidth;
  }

  const arrows: WireTimeline['arrows'] = {
    messageId: [],
    kind: [],
    from: [],
    to: [],
    sendTime: [],
    receiveTime: [],
    fromMark: [],
    toMark: [],
    label: [],
    dropped: [],
    txn: [],
    line: [],
  };
  for (const a of model.arrows) {
    arrows.messageId.push(a.messageId);
    arrows.kind.push(s(a.kind));
    arrows.from.push(s(a.from));
    arrows.to.push(s(a.to));
    arrows.sendTime.push(a.sendTime);
    arrows.receiveTime.push(num(a.receiveTime));
    arrows.fromMark.push(num(a.fromMark));
    arrows.toMark.push(num(a.toMark));
    arrows.label.push(s(a.label));
    arrows.dropped.push(s(a.dropped));
    arrows.txn.push(s(a.txn));
    arrows.line.push(num(a.line));
  }

  const bars: WireTimeline['bars'] = { txn: [], lane: [], start: [], end: [], outcome: [], label: [], line: [] };
  for (const b of model.bars) {
    bars.txn.push(s(b.txn));
    bars.lane.push(s(b.lane));
    bars.start.push(b.start);
    bars.end.push(num(b.end));
    bars.outcome.push(s(b.outcome));
    bars.label.push(s(b.label));
    bars.line.push(b.line);
  }

  return {
    title: model.title,
    flavor: model.flavor,
    seed: model.seed,
    endTime: model.endTime,
    endReason: model.endReason,
    groups: model.groups,
    lanes: model.lanes,
    shades: model.shades,
    verdicts: model.verdicts,
    story: model.story,
    transactions: model.transactions.slice(0, TRANSACTIONS_LISTED).map(({ marks: _marks, ...rest }) => rest),
    transactionCount: model.transactions.length,
    strings,
    marks,
    arrows,
    bars,
  };
}

/** The model again from its wire form: one pass over the columns. */
export function decodeTimeline(wire: WireTimeline): ReceivedTimeline {
  const strings = wire.strings;
  const w = wire.marks;
  const n = w.time.length;
  const marks: TimelineMark[] = new Array<TimelineMark>(n);
  const marksByLine = new Map<number, number[]>();
  const marksByTxn = new Map<string, number[]>();
  let time = 0;
  let eventId = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    time += w.time[i];
    eventId += w.eventId[i];
    const kindId = w.kind[i];
    const kind = strings[kindId] as TraceEventKind;
    const count = w.positionCount[i];
    let positions = NO_POSITIONS;
    if (count > 0) {
      positions = new Array<string>(count);
      for (let k = 0; k < count; k++) positions[k] = strings[w.positions[p++]];
    }
    const txnId = w.txn[i];
    const outcome = w.outcome[i] < 0 ? undefined : (strings[w.outcome[i]] as OutcomeKind);
    const lineNo = w.line[i];
    // The fields in the order model.ts writes them: one object shape for every mark.
    marks[i] = {
      index: i,
      eventId,
      time,
      lane: strings[w.lane[i]],
      server: strings[w.server[i]],
      kind,
      shape: markShapeOf(kind, outcome),
      title: strings[w.title[i]],
      positions,
      note: w.note[i] < 0 ? undefined : strings[w.note[i]],
      detail: strings[w.detail[i]],
      txn: txnId < 0 ? undefined : strings[txnId],
      gtid: w.gtid[i] < 0 ? undefined : strings[w.gtid[i]],
      line: lineNo < 0 ? undefined : lineNo,
      log: undefined,
      relay: undefined,
      outcome,
      textWidth: w.textWidth[i],
    };
    if (lineNo >= 0) push(marksByLine, lineNo, i);
    if (txnId >= 0) push(marksByTxn, strings[txnId], i);
  }
  for (let k = 0; k < w.log.length; k += 4) marks[w.log[k]].log = { file: strings[w.log[k + 1]], start: w.log[k + 2], end: w.log[k + 3] };
  for (let k = 0; k < w.relay.length; k += 4) {
    marks[w.relay[k]].relay = { file: strings[w.relay[k + 1]], start: w.relay[k + 2], end: w.relay[k + 3] };
  }

  const a = wire.arrows;
  const arrows: TimelineArrow[] = new Array<TimelineArrow>(a.messageId.length);
  for (let i = 0; i < arrows.length; i++) {
    const arrow: TimelineArrow = {
      index: i,
      messageId: a.messageId[i],
      kind: strings[a.kind[i]] as TraceMessage['kind'],
      from: strings[a.from[i]],
      to: strings[a.to[i]],
      sendTime: a.sendTime[i],
      receiveTime: a.receiveTime[i] < 0 ? null : a.receiveTime[i],
      fromMark: a.fromMark[i] < 0 ? null : a.fromMark[i],
      toMark: a.toMark[i] < 0 ? null : a.toMark[i],
      label: strings[a.label[i]],
    };
    if (a.dropped[i] >= 0) arrow.dropped = strings[a.dropped[i]];
    if (a.txn[i] >= 0) arrow.txn = strings[a.txn[i]];
    if (a.line[i] >= 0) arrow.line = a.line[i];
    arrows[i] = arrow;
  }

  const b = wire.bars;
  const bars: TimelineBar[] = new Array<TimelineBar>(b.txn.length);
  for (let i = 0; i < bars.length; i++) {
    bars[i] = {
      txn: strings[b.txn[i]],
      lane: strings[b.lane[i]],
      start: b.start[i],
      end: b.end[i] < 0 ? null : b.end[i],
      outcome: strings[b.outcome[i]] as OutcomeKind,
      label: strings[b.label[i]],
      line: b.line[i],
    };
  }

  return {
    title: wire.title,
    flavor: wire.flavor,
    seed: wire.seed,
    endTime: wire.endTime,
    endReason: wire.endReason,
    groups: wire.groups,
    lanes: wire.lanes,
    marks,
    arrows,
    shades: wire.shades,
    bars,
    verdicts: wire.verdicts,
    story: wire.story,
    transactions: wire.transactions.map((t) => ({ ...t, marks: marksByTxn.get(t.id) ?? [] })),
    transactionCount: wire.transactionCount,
    marksByLine,
    marksByTxn,
  };
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
