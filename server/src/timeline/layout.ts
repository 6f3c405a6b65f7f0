/**
 * The layout: where each part of the timeline model goes in pixels. Time runs down, in one of two scales.
 *
 * Why down: a DBA reads a replication incident as a sequence diagram (the seeds draw it so). Two scales, because a
 * scenario mixes 100 µs steps with a 10 s semi-sync timeout and no single axis serves both questions:
 * - `events` (the default): one row per event, in time order, so the positions written on every mark
 *   (`mysql-bin.000001:157→434`) have a line of their own; a long quiet stretch becomes a labelled gap band
 *   (`⋯ 9.98 s later ⋯`) instead of empty space. Order is exact, durations are not drawn.
 * - `time` ("time to scale"): each event's y is proportional to its virtual time (`TIME_SCALE.pxPerMs` at zoom 1),
 *   so a 2 ms flight is drawn ten times as long as a 200 µs one. A pause of `TIME_SCALE.gapThreshold` or more is
 *   compressed: a little of it is drawn to scale on each side and a break band in the middle says how long it was
 *   (a bit taller the longer it was, so a 1 s timeout still looks longer than a 10 ms one). The events of one instant
 *   are stacked a line apart (`TIME_SCALE.instantStep`), the time to the next instant counted from the last of
 *   them. Events that are close in time have close rows, so their texts could still collide: a text that would
 *   overlap one already placed is moved down a line or two when that frees it, else left out (`labelHidden`); the
 *   hover keeps the whole text.
 *
 * The layout is a pure function of the model and the options (scale, zoom, lanes, filter, width), computed in one
 * linear pass over the visible marks (typed arrays, no objects per row). Every row's y is known once it is laid out,
 * so every query the renderer makes for a window of the screen (`rowsIn`, `arrowsIn`, `timeY`) is a binary search
 * or a bucket lookup, in both scales: drawing what is visible costs the same for a 100-event trace and a
 * 10,000-event one.
 */
import type { Micros } from '../model/scenario';
import { markTextWidth, type LaneRole, type TimelineArrow, type TimelineBar, type TimelineModel, type TimelineShade } from './model';

/** What the user chose to see. */
export interface LayoutOptions {
  /** Groups (`clients`, `server:m1`) drawn as one column. */
  collapsed?: readonly string[];
  /** Lanes left out (their events and arrows too). */
  hidden?: readonly string[];
  /** Only these marks get rows (a search that filters); arrows only between two of them. Absent: every mark. */
  only?: ReadonlySet<number>;
  /** Vertical zoom: 1 is 16 px per event. */
  zoom?: number;
  /** Width of one column. */
  laneWidth?: number;
  /**
   * The width the diagram is seen in. The webview passes its viewport, so that the text of the right-hand lanes
   * goes left of the marks instead of out of sight; a file leaves it out and keeps `METRICS.labelRoom` of room.
   */
  viewportWidth?: number;
  /** `events`: one row per event (the default); `time`: y proportional to virtual time, long pauses compressed. */
  scale?: TimelineScale;
}

/** How time runs down the diagram (see the header comment). */
export type TimelineScale = 'events' | 'time';

/** The measures of the `time` scale at zoom 1. */
export const TIME_SCALE = {
  /** Pixels per millisecond of virtual time: the engine's 100 µs step is 4 px, a 2 ms flight 80 px. */
  pxPerMs: 40,
  /** A pause this long or longer is compressed (to scale it would be 200 px or more at zoom 1). */
  gapThreshold: 5000 as Micros,
  /** Of a compressed pause, this much is drawn to scale: half after the event before it, half before the next. */
  gapKept: 1500 as Micros,
  /** Height of the break band of a compressed pause. */
  breakHeight: 22,
  /** The break band grows this much for each factor of ten the pause is longer than the threshold (at most `breakGrowthMax`). */
  breakGrowth: 8,
  breakGrowthMax: 40,
  /**
   * Height of one line of text beside a mark (a little over the font's 11 px box with its halo), and the most lines
   * a text may be moved down to stay clear.
   */
  lineHeight: 14,
  maxStack: 2,
  /** Events of one instant are stacked this far apart (a line each), so that neither marks nor texts lie on each other. */
  instantStep: 14,
} as const;

/** Fixed measures of the drawing, shared by the renderer and the webview. */
export const METRICS = {
  /** Width of the time column at the left. */
  timeColumn: 56,
  /** Height of the lane header (group row + two lines of lane titles). */
  headerHeight: 52,
  /** Row height at zoom 1: one line of 11 px text with room for the mark. */
  rowHeight: 16,
  /** Height of a gap band. */
  gapHeight: 18,
  /** Space between two groups. */
  groupGap: 6,
  /** Default column width. */
  laneWidth: 64,
  /** Room kept right of the last column for labels (default; see `LayoutOptions.labelRoom`). */
  labelRoom: 250,
  /** The least room for labels, however narrow the viewport. */
  minLabelRoom: 40,
  /** Room under the last event: open periods run into it, and the end of the run is written there. */
  tail: 34,
  /** A pause this long or longer between two events becomes a gap band. */
  gapThreshold: 5000 as Micros,
  /** Below this row height labels are not drawn (zoomed far out, only the shape of the run shows). */
  minLabelRow: 13,
  zoomMin: 0.25,
  zoomMax: 4,
} as const;

/** A column: one lane, or a collapsed group. */
export interface LayoutColumn {
  id: string;
  group: string;
  title: string;
  description: string;
  role: LaneRole | 'group';
  x: number;
  width: number;
  /** Model lanes drawn in this column. */
  lanes: string[];
}

/** A group as laid out (the header's upper row). */
export interface LayoutGroup {
  id: string;
  name: string;
  detail: string;
  kind: 'clients' | 'server';
  collapsed: boolean;
  x: number;
  width: number;
  /** Column indexes. */
  columns: number[];
}

/** An arrow in pixels, with the rows it spans (for windowed queries). */
export interface LayoutArrow {
  arrow: TimelineArrow;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** First and last row it crosses. */
  row0: number;
  row1: number;
}

/** A shaded rectangle (one per column of the period). */
export interface LayoutShade {
  shade: TimelineShade;
  x: number;
  width: number;
  y0: number;
  y1: number;
  /** True on the first column of the period: the label goes there. */
  labelled: boolean;
}

/** A client transaction bar in pixels. */
export interface LayoutBar {
  bar: TimelineBar;
  x: number;
  y0: number;
  y1: number;
}

/** A gap band before `row`: in the `events` scale the band between two rows, in `time` the break of a compressed pause. */
export interface LayoutGap {
  row: number;
  y: number;
  height: number;
  elapsed: Micros;
  /** True in the `time` scale: the band stands for more time than its height shows. */
  compressed: boolean;
}

/** The laid-out timeline. */
export interface TimelineLayout {
  model: TimelineModel;
  scale: TimelineScale;
  zoom: number;
  columns: LayoutColumn[];
  groups: LayoutGroup[];
  /** Lane id → column index (absent: hidden). */
  columnOfLane: Map<string, number>;
  rowCount: number;
  rowHeight: number;
  /** Mark index of each row. */
  rowMark: Int32Array;
  /** Row of each mark, -1 when its lane is hidden. */
  markRow: Int32Array;
  /** Top of each row. */
  rowTop: Float64Array;
  /** 1 when the row's text goes left of its mark (no room on the right). */
  labelLeft: Uint8Array;
  /** 1 when the time column shows the row's time (it changed, and there is room). */
  timeLabel: Uint8Array;
  /** Room for the row's text on its side; Infinity when the drawing may grow (files). A note too long is cut to it. */
  textRoom: Float32Array;
  /** 1 when the row's text is left out: in the `time` scale it would overlap another's (the hover has it). */
  labelHidden: Uint8Array;
  /** How far down the row's text is moved from its mark (`time` scale, to clear the text above). */
  labelOffset: Float32Array;
  /**
   * The `time` scale's axis: the y of each of these instants (increasing), linear in between, so that the y of any
   * instant is a binary search away. Empty in the `events` scale.
   */
  axisTime: Float64Array;
  axisY: Float64Array;
  /** Pixels per microsecond where the `time` scale draws to scale (0 in `events`). */
  pxPerMicro: number;
  gaps: LayoutGap[];
  arrows: LayoutArrow[];
  shades: LayoutShade[];
  bars: LayoutBar[];
  /** Right edge of the last column. */
  lanesRight: number;
  width: number;
  /** Height of the body (the header is drawn apart). */
  height: number;
  /** Where the end-of-run line is drawn, under the last row. */
  endY: number;
  labels: boolean;
  /** Arrow indexes by bucket of `ARROW_BUCKET` rows. */
  arrowBuckets: number[][];
}

const ARROW_BUCKET = 32;

/** Half the width and height of a mark's shape, for the time scale's texts to keep clear of. */
const MARK_HALF = 5;

/** The least room a note keeps after a right-hand label's title and positions (about a dozen characters). */
const NOTE_ROOM = 80;

/** Clamps a zoom factor to the allowed range. */
export function clampZoom(zoom: number): number {
  return Math.min(METRICS.zoomMax, Math.max(METRICS.zoomMin, Number.isFinite(zoom) ? zoom : 1));
}

/** Lays out `model` for `options`: linear in the number of marks, arrows and periods. */
export function layoutTimeline(model: TimelineModel, options: LayoutOptions = {}): TimelineLayout {
  const zoom = clampZoom(options.zoom ?? 1);
  const laneWidth = options.laneWidth ?? METRICS.laneWidth;
  const collapsed = new Set(options.collapsed ?? []);
  const hidden = new Set(options.hidden ?? []);

  // Columns.
  const columns: LayoutColumn[] = [];
  const groups: LayoutGroup[] = [];
  const columnOfLane = new Map<string, number>();
  let x = METRICS.timeColumn;
  for (const g of model.groups) {
    const visible = g.lanes.filter((id) => !hidden.has(id));
    if (visible.length === 0) continue;
    const group: LayoutGroup = {
      id: g.id,
      name: g.name,
      detail: g.detail,
      kind: g.kind,
      collapsed: collapsed.has(g.id),
      x,
      width: 0,
      columns: [],
    };
    if (group.collapsed) {
      const index = columns.length;
      columns.push({
        id: g.id,
        group: g.id,
        title: g.name,
        description: `${g.name} (collapsed: ${visible.length} lanes)`,
        role: 'group',
        x,
        width: laneWidth,
        lanes: visible,
      });
      for (const id of visible) columnOfLane.set(id, index);
      group.columns.push(index);
      x += laneWidth;
    } else {
      for (const id of visible) {
        const lane = model.lanes.find((l) => l.id === id);
        if (!lane) continue;
        const index = columns.length;
        columns.push({
          id,
          group: g.id,
          title: lane.title,
          description: lane.description,
          role: lane.role,
          x,
          width: laneWidth,
          lanes: [id],
        });
        columnOfLane.set(id, index);
        group.columns.push(index);
        x += laneWidth;
      }
    }
    group.width = x - group.x;
    groups.push(group);
    x += METRICS.groupGap;
  }
  const lanesRight = x - METRICS.groupGap;
  const labelRoom = Math.max(
    METRICS.minLabelRoom,
    options.viewportWidth !== undefined ? options.viewportWidth - lanesRight - 4 : METRICS.labelRoom,
  );

  // Room left of each column's marks within its own group (a label drawn there crosses no other group's lanes).
  const groupLeft = new Map(groups.map((g) => [g.id, g.x]));
  const leftRooms = columns.map((c) => c.x + c.width / 2 - 10 - (groupLeft.get(c.group) ?? c.x) - 2);

  // Rows: the marks whose lane is shown (and that the filter keeps), in time order.
  const marks = model.marks;
  const only = options.only;
  const markRow = new Int32Array(marks.length).fill(-1);
  const rowMarkAll = new Int32Array(marks.length);
  let rowCount = 0;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m === undefined || !columnOfLane.has(m.lane) || (only !== undefined && !only.has(i))) continue;
    markRow[i] = rowCount;
    rowMarkAll[rowCount++] = i;
  }
  const rowMark = rowMarkAll.slice(0, rowCount);
  const scale: TimelineScale = options.scale === 'time' ? 'time' : 'events';
  const timeScale = scale === 'time';
  // In the time scale rows overlap and the texts are placed apart below: the row height is the hit area's.
  const rowHeight = timeScale ? METRICS.rowHeight : METRICS.rowHeight * zoom;
  const labels = rowHeight >= METRICS.minLabelRow;
  const pxPerMicro = timeScale ? (TIME_SCALE.pxPerMs * zoom) / 1000 : 0;
  const rowTop = new Float64Array(rowCount);
  const labelLeft = new Uint8Array(rowCount);
  const timeLabel = new Uint8Array(rowCount);
  const textRoom = new Float32Array(rowCount).fill(Number.POSITIVE_INFINITY);
  const labelHidden = new Uint8Array(rowCount);
  const labelOffset = new Float32Array(rowCount);
  const axis = new TimeAxis(timeScale ? rowCount + 1 : 0);
  const fixedWidth = options.viewportWidth !== undefined;
  const gaps: LayoutGap[] = [];
  let y = 4;
  let lastTime = Number.NEGATIVE_INFINITY;
  let lastLabelY = Number.NEGATIVE_INFINITY;
  let maxRight = lanesRight + labelRoom;
  // The time scale's texts are placed once every row's y is known (a text must clear the marks after it too).
  const textX0 = new Float32Array(timeScale ? rowCount : 0);
  const textX1 = new Float32Array(timeScale ? rowCount : 0);
  const markX = new Float32Array(timeScale ? rowCount : 0);
  for (let r = 0; r < rowCount; r++) {
    const m = marks[rowMark[r]];
    if (m === undefined) continue;
    if (timeScale) {
      // y is the row's middle here; rowTop is half a row above it. An instant's events are stacked a line apart and
      // the time to the next instant counts from the last of them: to scale between instants, readable within one.
      if (r === 0) y = 4 + rowHeight / 2;
      else if (m.time === lastTime) y += TIME_SCALE.instantStep;
      else if (m.time - lastTime >= TIME_SCALE.gapThreshold) {
        const half = (TIME_SCALE.gapKept / 2) * pxPerMicro;
        const elapsed = m.time - lastTime;
        const band =
          TIME_SCALE.breakHeight +
          Math.min(TIME_SCALE.breakGrowthMax, TIME_SCALE.breakGrowth * Math.log10(elapsed / TIME_SCALE.gapThreshold));
        axis.add(lastTime + TIME_SCALE.gapKept / 2, y + half);
        gaps.push({ row: r, y: y + half, height: band, elapsed, compressed: true });
        y += half + band + half;
        axis.add(m.time - TIME_SCALE.gapKept / 2, y - half);
      } else y += (m.time - lastTime) * pxPerMicro;
      if (m.time !== lastTime) axis.add(m.time, y);
      rowTop[r] = y - rowHeight / 2;
    } else {
      if (r > 0 && m.time - lastTime >= METRICS.gapThreshold) {
        gaps.push({ row: r, y, height: METRICS.gapHeight, elapsed: m.time - lastTime, compressed: false });
        y += METRICS.gapHeight;
      }
      rowTop[r] = y;
    }
    const top = rowTop[r];
    if (m.time !== lastTime && top - lastLabelY >= 13) {
      timeLabel[r] = 1;
      lastLabelY = top;
    }
    lastTime = m.time;
    if (!timeScale) y += rowHeight;
    if (labels) {
      const ci = columnOfLane.get(m.lane) as number;
      const cx = columns[ci].x + columns[ci].width / 2;
      const rightRoom = lanesRight + labelRoom - (cx + 10);
      const leftRoom = leftRooms[ci];
      // Left only when the right has no room and the text fits before the first lane of its own group: a label never
      // runs over another server's lanes. Else right: a file grows to the right; so does the webview's drawing when
      // the viewport leaves less than the title and positions need (a long note is then cut to the room given).
      const left = m.textWidth > rightRoom && m.textWidth <= leftRoom;
      labelLeft[r] = left ? 1 : 0;
      let textRight: number;
      if (left) {
        if (fixedWidth) textRoom[r] = leftRoom;
        textRight = cx - 10;
      } else if (fixedWidth) {
        const room = Math.max(rightRoom, markTextWidth(m.title, m.positions, undefined) + NOTE_ROOM);
        textRoom[r] = room;
        textRight = cx + 10 + Math.min(m.textWidth, room);
      } else textRight = cx + 10 + m.textWidth;
      if (timeScale) {
        textX0[r] = left ? cx - 10 - Math.min(m.textWidth, textRoom[r]) : cx + 10;
        textX1[r] = textRight;
        markX[r] = cx;
      } else if (!left) maxRight = Math.max(maxRight, textRight + 8);
    }
  }
  if (timeScale && labels) {
    const placed = new LabelBoxes();
    const reach = TIME_SCALE.lineHeight / 2 + MARK_HALF;
    const centre = (r: number) => rowTop[r] + rowHeight / 2;
    let near = 0;
    for (let r = 0; r < rowCount; r++) {
      const left = labelLeft[r] === 1;
      // The marks that a text of this row, moved down or not, could lie on: from `near` while they are close enough.
      while (near < rowCount && centre(near) <= centre(r) - reach) near++;
      const marksRoom = (at: number, room: number) => {
        for (let q = near; q < rowCount && centre(q) < at + reach && room > 0; q++) {
          if (q === r || Math.abs(centre(q) - at) >= reach) continue;
          room = roomBefore(room, textX0[r], textX1[r], left, markX[q] - MARK_HALF, markX[q] + MARK_HALF);
        }
        return room;
      };
      const spot = placed.place(textX0[r], textX1[r], left, centre(r), marksRoom);
      if (spot === undefined) labelHidden[r] = 1;
      else {
        labelOffset[r] = spot.offset;
        textRoom[r] = Math.min(textRoom[r], spot.room);
        if (!left) maxRight = Math.max(maxRight, textX0[r] + Math.min(spot.room, textX1[r] - textX0[r]) + 8);
      }
    }
  }

  // The bottom of the last row.
  if (timeScale && rowCount > 0) y += rowHeight / 2;
  const endLine = y + 6;
  const height = y + METRICS.tail;

  const layout: TimelineLayout = {
    model,
    scale,
    zoom,
    columns,
    groups,
    columnOfLane,
    rowCount,
    rowHeight,
    rowMark,
    markRow,
    rowTop,
    labelLeft,
    timeLabel,
    textRoom,
    labelHidden,
    labelOffset,
    axisTime: axis.times(),
    axisY: axis.ys(),
    pxPerMicro,
    gaps,
    arrows: [],
    shades: [],
    bars: [],
    lanesRight,
    width: Math.ceil(maxRight),
    height,
    endY: endLine,
    labels,
    arrowBuckets: [],
  };

  // Arrows: both ends shown.
  for (const a of model.arrows) {
    const c0 = columnOfLane.get(a.from);
    const c1 = columnOfLane.get(a.to);
    if (c0 === undefined || c1 === undefined) continue;
    if (only !== undefined && (a.fromMark === null || markRow[a.fromMark] < 0 || (a.toMark !== null && markRow[a.toMark] < 0))) continue;
    const y0 = anchorY(layout, a.fromMark, a.sendTime, c0);
    const x0 = columnCenter(layout, c0);
    let x1 = columnCenter(layout, c1);
    let y1: number;
    if (a.receiveTime === null) {
      // Never received: a short stub towards the receiver, ended by a cross.
      x1 = x0 + (x1 - x0) * 0.4;
      y1 = y0 + rowHeight * 1.5;
    } else {
      y1 = anchorY(layout, a.toMark, a.receiveTime, c1);
    }
    const row0 = rowAtY(layout, Math.min(y0, y1));
    const row1 = rowAtY(layout, Math.max(y0, y1));
    const index = layout.arrows.length;
    layout.arrows.push({ arrow: a, x0, y0, x1, y1, row0, row1 });
    for (let b = Math.floor(row0 / ARROW_BUCKET); b <= Math.floor(row1 / ARROW_BUCKET); b++) {
      (layout.arrowBuckets[b] ??= []).push(index);
    }
  }

  for (const s of model.shades) {
    const cols = [...new Set(s.lanes.map((id) => columnOfLane.get(id)).filter((c): c is number => c !== undefined))].sort((p, q) => p - q);
    if (cols.length === 0) continue;
    const y0 = anchorY(layout, s.startMark, s.start, cols[0]);
    const y1 = s.end === null ? height : anchorY(layout, s.endMark, s.end, cols[0]);
    cols.forEach((c, i) => {
      const col = columns[c];
      layout.shades.push({ shade: s, x: col.x, width: col.width, y0, y1: Math.max(y1, y0 + 2), labelled: i === 0 });
    });
  }

  for (const b of model.bars) {
    const c = columnOfLane.get(b.lane);
    if (c === undefined) continue;
    const col = columns[c];
    const y0 = timeY(layout, b.start, c);
    const y1 = b.end === null ? height : timeY(layout, b.end, c);
    layout.bars.push({ bar: b, x: col.x + col.width / 2, y0, y1 });
  }
  return layout;
}

/** The x of a column's lifeline. */
export function columnCenter(layout: TimelineLayout, column: number): number {
  const col = layout.columns[column];
  return col ? col.x + col.width / 2 : 0;
}

/** The y of the middle of a row. */
export function rowCenter(layout: TimelineLayout, row: number): number {
  return (layout.rowTop[row] ?? 0) + layout.rowHeight / 2;
}

/** The row under `y` (clamped to the rows; 0 when there are none). */
export function rowAtY(layout: TimelineLayout, y: number): number {
  const top = layout.rowTop;
  let lo = 0;
  let hi = layout.rowCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (top[mid] <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, Math.min(layout.rowCount - 1, lo - 1));
}

/** The rows `[from, to)` that intersect the band `top..bottom`. */
export function rowsIn(layout: TimelineLayout, top: number, bottom: number): [number, number] {
  if (layout.rowCount === 0) return [0, 0];
  const from = rowAtY(layout, top - layout.rowHeight);
  let to = rowAtY(layout, bottom) + 1;
  if (to > layout.rowCount) to = layout.rowCount;
  return [from, to];
}

/** Arrow indexes that cross rows `[from, to)`. */
export function arrowsIn(layout: TimelineLayout, from: number, to: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let b = Math.floor(from / ARROW_BUCKET); b <= Math.floor(Math.max(from, to - 1) / ARROW_BUCKET); b++) {
    for (const i of layout.arrowBuckets[b] ?? []) {
      if (seen.has(i)) continue;
      seen.add(i);
      const a = layout.arrows[i];
      if (a.row1 >= from && a.row0 < to) out.push(i);
    }
  }
  return out;
}

/** The first row whose time is at or after `time` (rowCount when none). */
export function rowAtTime(layout: TimelineLayout, time: Micros): number {
  let lo = 0;
  let hi = layout.rowCount;
  const marks = layout.model.marks;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((marks[layout.rowMark[mid]] as { time: Micros }).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The time of a row. */
export function rowTime(layout: TimelineLayout, row: number): Micros {
  const m = layout.model.marks[layout.rowMark[row] ?? -1];
  return m ? m.time : 0;
}

/**
 * The y of an instant. In the `events` scale, the middle of the first row at that time, preferring one in `column`
 * (so that a bar or a period starts at the mark that opened it), or the bottom when nothing happens at or after it;
 * in the `time` scale, its place on the axis.
 */
export function timeY(layout: TimelineLayout, time: Micros, column: number | undefined): number {
  if (layout.scale === 'time') return axisY(layout, time);
  const first = rowAtTime(layout, time);
  if (first >= layout.rowCount) return layout.height - 4;
  if (column !== undefined) {
    for (let r = first; r < layout.rowCount && rowTime(layout, r) === time; r++) {
      const m = layout.model.marks[layout.rowMark[r]];
      if (m && layout.columnOfLane.get(m.lane) === column) return rowCenter(layout, r);
    }
  }
  return rowCenter(layout, first);
}

function anchorY(layout: TimelineLayout, mark: number | null, time: Micros, column: number): number {
  if (mark !== null) {
    const row = layout.markRow[mark];
    if (row !== undefined && row >= 0) return rowCenter(layout, row);
  }
  return timeY(layout, time, column);
}

/**
 * The y of an instant on the `time` scale's axis: linear between the axis points around it, to scale after the last
 * event (up to the bottom of the drawing), at the first event before it.
 */
export function axisY(layout: TimelineLayout, time: Micros): number {
  const times = layout.axisTime;
  const ys = layout.axisY;
  const n = times.length;
  if (n === 0) return 4;
  if (time <= times[0]) return ys[0];
  if (time >= times[n - 1]) return Math.min(layout.height - 4, ys[n - 1] + (time - times[n - 1]) * layout.pxPerMicro);
  let lo = 0;
  let hi = n - 1;
  // times[lo] <= time < times[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= time) lo = mid;
    else hi = mid;
  }
  return ys[lo] + ((ys[hi] - ys[lo]) * (time - times[lo])) / (times[hi] - times[lo]);
}

/** The points of the `time` axis as they are laid out, in typed arrays (at most one per row and two per pause). */
class TimeAxis {
  private t: Float64Array;
  private y: Float64Array;
  private n = 0;
  constructor(capacity: number) {
    this.t = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }
  add(time: number, y: number): void {
    if (this.n > 0 && time <= this.t[this.n - 1]) return;
    if (this.n === this.t.length) {
      const t = new Float64Array(Math.max(8, this.n * 2));
      const ys = new Float64Array(t.length);
      t.set(this.t);
      ys.set(this.y);
      this.t = t;
      this.y = ys;
    }
    this.t[this.n] = time;
    this.y[this.n++] = y;
  }
  times(): Float64Array {
    return this.t.slice(0, this.n);
  }
  ys(): Float64Array {
    return this.y.slice(0, this.n);
  }
}

/**
 * How much of the room a text has from its mark (`x0` for a text on the right, `x1` on the left) is left by an
 * obstacle spanning `o0..o1` on its line: all of it when the obstacle is behind the mark or past the room, none when
 * it covers the mark's end of the text.
 */
function roomBefore(room: number, x0: number, x1: number, left: boolean, o0: number, o1: number): number {
  if (left) {
    if (o0 >= x1) return room;
    return o1 >= x1 ? 0 : Math.min(room, x1 - o1 - TEXT_MARGIN);
  }
  if (o1 <= x0) return room;
  return o0 <= x0 ? 0 : Math.min(room, o0 - x0 - TEXT_MARGIN);
}

/** Space kept between a text and what it stops before. */
const TEXT_MARGIN = 6;

/** The least a text is cut to (about eight characters) before it is left out instead. */
const MIN_TEXT = 48;

/**
 * The texts placed so far that a later one may still collide with (those less than a line above the current row:
 * rows come in increasing y). Placed texts never overlap, so there are few at any y.
 */
class LabelBoxes {
  private boxes: { x0: number; x1: number; y: number }[] = [];
  /**
   * Where the text `x0..x1` of a mark at `y` goes: the first of its line and the `TIME_SCALE.maxStack` lines under it
   * where it overlaps no text placed and no mark (`marksRoom` cuts the room the marks leave); else, cut to the most
   * room one of them leaves if that is at least `MIN_TEXT`; else undefined (left out). The text is then placed.
   */
  place(
    x0: number,
    x1: number,
    left: boolean,
    y: number,
    marksRoom: (at: number, room: number) => number,
  ): { offset: number; room: number } | undefined {
    const h = TIME_SCALE.lineHeight;
    const want = x1 - x0;
    this.boxes = this.boxes.filter((b) => b.y > y - h);
    let best: { offset: number; room: number } | undefined;
    for (let k = 0; k <= TIME_SCALE.maxStack; k++) {
      const at = y + k * h;
      let room = want;
      for (const b of this.boxes) if (Math.abs(b.y - at) < h) room = roomBefore(room, x0, x1, left, b.x0, b.x1);
      room = marksRoom(at, room);
      if (room >= want) {
        best = { offset: k * h, room: want };
        break;
      }
      if (room >= MIN_TEXT && room > (best?.room ?? 0)) best = { offset: k * h, room };
    }
    if (best === undefined) return undefined;
    const at = y + best.offset;
    this.boxes.push(left ? { x0: x1 - best.room, x1, y: at } : { x0, x1: x0 + best.room, y: at });
    return best;
  }
}
