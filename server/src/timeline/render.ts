/**
 * The SVG renderer: markup for a window of the laid-out timeline. The webview calls it for the rows on screen
 * (and sets the result as the inner markup of its <svg>), the exporters call it once for all rows: one drawing
 * code, so the file a user exports is the picture they saw. Colours come from CSS classes (styles.ts), never from
 * inline styles, so the same markup follows the VS Code theme in the webview and a fixed palette in a file, and
 * passes a Content-Security-Policy that forbids inline styles. Every string from the trace is escaped.
 */
import { formatMicros } from '../trace/trace';
import { escapeMarkup as esc, truncate } from './escape';
import { METRICS, arrowsIn, rowCenter, rowsIn, type LayoutArrow, type LayoutColumn, type LayoutGap, type TimelineLayout } from './layout';
import type { MarkShape } from './marks';
import { fitMarkText, type TimelineMark } from './model';

/** What the viewer has selected or highlighted; all optional (an export has none of it). */
export interface RenderState {
  /** Marks highlighted: the events of the editor's current line, or of a verdict. */
  highlighted?: ReadonlySet<number>;
  /** Marks matching the search. */
  matches?: ReadonlySet<number>;
  /** The row of the time cursor. */
  cursorRow?: number | null;
  /** A transaction whose marks and arrows are emphasised (hover, selection). */
  txn?: string | null;
  /** Write <title> elements: the browser's own tooltip, for exported files (the webview draws its own). */
  titles?: boolean;
  /** Interactive header (collapse toggles). */
  interactive?: boolean;
  /** Give each mark an `id` (`tl-ev-EVENTID`) so that links in an exported page can point at it. */
  anchors?: boolean;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The shared <defs>: arrowheads per message kind, the hatch of a server that is down. Ids are prefixed to stay unique in a page. */
export function renderDefs(): string {
  const head = (kind: string) =>
    `<marker id="tl-ah-${kind}" class="ah ah-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1L9,5L0,9z"/></marker>`;
  return (
    '<defs>' +
    ['events', 'ack', 'connect', 'disconnect', 'error'].map(head).join('') +
    '<pattern id="tl-hatch" class="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8"/></pattern>' +
    '</defs>'
  );
}

/** The lane header: group names (with flavor and server_id) and the lane titles under them. */
export function renderHeader(layout: TimelineLayout, state: RenderState = {}): string {
  const out: string[] = [];
  const h = METRICS.headerHeight;
  out.push(`<rect class="hdr-bg" x="0" y="0" width="${layout.width}" height="${h}"/>`);
  out.push(`<text class="hdr-time" x="${METRICS.timeColumn - 8}" y="${h - 8}" text-anchor="end">time</text>`);
  for (const g of layout.groups) {
    const toggle = state.interactive ? (g.collapsed ? '▸ ' : '▾ ') : '';
    const attrs = state.interactive
      ? ` data-group="${esc(g.id)}" role="button" tabindex="-1" aria-expanded="${g.collapsed ? 'false' : 'true'}"`
      : '';
    out.push(`<g class="grp grp-${g.kind}${g.collapsed ? ' collapsed' : ''}"${attrs}>`);
    if (state.titles || state.interactive) out.push(`<title>${esc(`${g.name}: ${g.detail}`)}</title>`);
    out.push(`<rect class="grp-h" x="${r1(g.x + 1)}" y="2" width="${r1(g.width - 2)}" height="19" rx="3"/>`);
    out.push(
      `<text class="grp-n" x="${r1(g.x + 6)}" y="15">${esc(toggle)}${esc(truncate(g.name, Math.max(4, Math.floor(g.width / 8))))}` +
        (g.width > 120 && !g.collapsed
          ? ` <tspan class="grp-d" dx="3">${esc(truncate(g.detail, Math.floor((g.width - 40) / 6.5) - g.name.length))}</tspan>`
          : '') +
        '</text>',
    );
    out.push('</g>');
  }
  for (const c of layout.columns) {
    const cx = r1(c.x + c.width / 2);
    const lines = c.role === 'group' ? ['all lanes'] : c.title.split(' · ');
    const y0 = lines.length > 1 ? 34 : 40;
    out.push(`<text class="lane-t lane-${c.role}" x="${cx}" y="${y0}" text-anchor="middle">`);
    if (state.titles) out.push(`<title>${esc(c.description)}</title>`);
    lines.forEach((line, i) =>
      out.push(`<tspan x="${cx}" dy="${i === 0 ? 0 : 11}">${esc(truncate(line, Math.floor(c.width / 5.6)))}</tspan>`),
    );
    out.push('</text>');
  }
  out.push(`<line class="hdr-rule" x1="0" x2="${layout.width}" y1="${h - 0.5}" y2="${h - 0.5}"/>`);
  return out.join('');
}

/**
 * The body between y = `top` and y = `bottom` (body coordinates: 0 is just under the header): group
 * backgrounds, gap bands, shaded periods, lifelines, client bars, arrows, marks with their text, the time column.
 */
export function renderBody(layout: TimelineLayout, top: number, bottom: number, state: RenderState = {}): string {
  const out: string[] = [];
  const [from, to] = rowsIn(layout, top, bottom);
  const marks = layout.model.marks;
  const width = layout.width;
  const span = (y0: number, y1: number) => y1 >= top && y0 <= bottom;

  // Group backgrounds alternate so a server's lanes read as one block.
  layout.groups.forEach((g, i) => {
    out.push(
      `<rect class="grp-bg ${i % 2 === 0 ? 'even' : 'odd'}" x="${r1(g.x)}" y="${r1(top)}" width="${r1(g.width)}" height="${r1(bottom - top)}"/>`,
    );
  });

  // Rows the viewer marked: cursor, highlight, search match (under everything else).
  for (let r = from; r < to; r++) {
    const mi = layout.rowMark[r];
    const cls = r === state.cursorRow ? 'row-cur' : state.highlighted?.has(mi) ? 'row-hl' : state.matches?.has(mi) ? 'row-match' : '';
    if (cls)
      out.push(
        `<rect class="${cls}" x="${METRICS.timeColumn}" y="${r1(layout.rowTop[r])}" width="${r1(width - METRICS.timeColumn)}" height="${r1(layout.rowHeight)}"/>`,
      );
  }

  for (const s of layout.shades) {
    if (!span(s.y0, s.y1)) continue;
    const y0 = Math.max(s.y0, top - 2);
    const y1 = Math.min(s.y1, bottom + 2);
    out.push(
      `<rect class="shade sh-${s.shade.kind}" x="${r1(s.x)}" y="${r1(y0)}" width="${r1(s.width)}" height="${r1(Math.max(1, y1 - y0))}">`,
    );
    if (state.titles) out.push(`<title>${esc(shadeTitle(s.shade.label, s.shade.start, s.shade.end))}</title>`);
    out.push('</rect>');
    if (s.shade.kind === 'server_down') {
      out.push(
        `<rect class="shade-hatch" x="${r1(s.x)}" y="${r1(y0)}" width="${r1(s.width)}" height="${r1(Math.max(1, y1 - y0))}" fill="url(#tl-hatch)"/>`,
      );
    }
  }

  for (const c of layout.columns) {
    const cx = r1(c.x + c.width / 2);
    out.push(`<line class="life life-${c.role}" x1="${cx}" x2="${cx}" y1="${r1(top)}" y2="${r1(Math.min(bottom, layout.height))}"/>`);
  }

  const gapMarkup = (g: LayoutGap) =>
    g.compressed
      ? // A break: lifelines, periods and their labels stop at a zigzag edge and go on after it; the time between is not to scale.
        `<rect class="gap gap-cut" x="0" y="${r1(g.y + 2)}" width="${width}" height="${r1(g.height - 4)}"/>` +
        `<path class="gap-break" d="${zigzag(METRICS.timeColumn, width, g.y + 2)}${zigzag(METRICS.timeColumn, width, g.y + g.height - 2)}"/>`
      : `<rect class="gap" x="0" y="${r1(g.y + 2)}" width="${width}" height="${r1(g.height - 4)}"/>` + gapText(g);
  // A break's words start in the time column and are drawn over the transaction bars that run across the break.
  const gapText = (g: LayoutGap) =>
    `<text class="gap-t${g.compressed ? ' gap-t-cut' : ''}" x="${g.compressed ? 4 : METRICS.timeColumn + 6}" y="${r1(g.y + g.height / 2 + 3.5)}">⋯ ${esc(formatMicros(g.elapsed))} later ⋯</text>`;
  for (const g of layout.gaps) if (!g.compressed && span(g.y, g.y + g.height)) out.push(gapMarkup(g));

  // Shade labels sit at the top of the period, or at the top of the window while the period runs on past it.
  for (const s of layout.shades) {
    if (!s.labelled || !span(s.y0, s.y1)) continue;
    const length = s.shade.label.length * 5.4;
    let y = Math.max(s.y0, top) + 11;
    // To scale, a break would cut the label: it goes after the break (gaps come in y order).
    for (const g of layout.gaps) {
      if (!g.compressed || g.y + g.height < y - 7) continue;
      if (g.y > y + length) break;
      y = g.y + g.height + 11;
    }
    if (y + length > s.y1) continue;
    // Written down the shade's left edge: across, it would sit on the text of the rows it starts at.
    out.push(
      `<text class="shade-t sh-t-${s.shade.kind}" transform="translate(${r1(s.x + 3)},${r1(y - 7)}) rotate(90)">${esc(s.shade.label)}</text>`,
    );
  }

  for (const g of layout.gaps) if (g.compressed && span(g.y, g.y + g.height)) out.push(gapMarkup(g));

  for (const b of layout.bars) {
    if (!span(b.y0, b.y1)) continue;
    const x = b.x - 10;
    const tx = state.txn === b.bar.txn ? ' tx' : '';
    out.push(`<g class="bar o-${b.bar.outcome}${tx}" data-txn="${esc(b.bar.txn)}">`);
    if (state.titles) out.push(`<title>${esc(`${b.bar.label}: ${outcomeWords(b.bar.outcome)}`)}</title>`);
    out.push(`<rect x="${r1(x - 2.5)}" y="${r1(b.y0)}" width="5" height="${r1(Math.max(3, b.y1 - b.y0))}" rx="2.5"/>`);
    // Written down along the bar: a client lane is narrow, transaction names are not.
    out.push(`<text class="bar-t" transform="translate(${r1(x - 13)},${r1(b.y0 + 1)}) rotate(90)">${esc(truncate(b.bar.txn, 24))}</text>`);
    out.push('</g>');
  }
  for (const g of layout.gaps) if (g.compressed && span(g.y, g.y + g.height)) out.push(gapText(g));

  for (const i of arrowsIn(layout, from, to)) out.push(renderArrow(layout.arrows[i], state));

  // The cursor's row is shaded (row-cur); its line runs along the row's lower edge, never through the text.
  const cursorY =
    state.cursorRow !== undefined && state.cursorRow !== null && state.cursorRow >= from && state.cursorRow < to
      ? r1(rowCenter(layout, state.cursorRow))
      : null;
  if (cursorY !== null) {
    const edge = r1(cursorY + layout.rowHeight / 2 - 0.5);
    out.push(`<line class="cursor-line" x1="${METRICS.timeColumn - 2}" x2="${width}" y1="${edge}" y2="${edge}"/>`);
  }

  for (let r = from; r < to; r++) {
    const mi = layout.rowMark[r];
    const m = marks[mi];
    const col = layout.columns[layout.columnOfLane.get(m.lane) as number];
    out.push(renderMark(layout, m, r, col, state));
  }

  for (let r = from; r < to; r++) {
    if (layout.timeLabel[r] !== 1) continue;
    const m = marks[layout.rowMark[r]];
    out.push(
      `<text class="time" x="${METRICS.timeColumn - 8}" y="${r1(rowCenter(layout, r) + 3.5)}" text-anchor="end">${esc(formatMicros(m.time))}</text>`,
    );
  }

  if (layout.endY >= top && layout.endY <= bottom) {
    const m = layout.model;
    const end =
      m.endReason === 'settled'
        ? `end of run: settled at ${formatMicros(m.endTime)}`
        : `run stopped (${m.endReason}) at ${formatMicros(m.endTime)}`;
    out.push(`<line class="end" x1="0" x2="${width}" y1="${r1(layout.endY)}" y2="${r1(layout.endY)}"/>`);
    out.push(`<text class="end-t" x="${r1(layout.lanesRight + 8)}" y="${r1(layout.endY + 13)}">${esc(end)}</text>`);
  }

  if (cursorY !== null && state.cursorRow !== undefined && state.cursorRow !== null) {
    const y = cursorY;
    const m = marks[layout.rowMark[state.cursorRow]];
    out.push('<g class="cursor">');
    out.push(`<rect class="cursor-tag" x="1" y="${r1(y - 8)}" width="${METRICS.timeColumn - 4}" height="16" rx="3"/>`);
    out.push(
      `<text class="cursor-t" x="${METRICS.timeColumn - 7}" y="${r1(y + 3.5)}" text-anchor="end">${esc(formatMicros(m.time))}</text>`,
    );
    out.push('</g>');
  }
  return out.join('');
}

/** A zigzag line from x0 to x1 around y (the edge of a break in the time scale). */
function zigzag(x0: number, x1: number, y: number): string {
  const parts = [`M${r1(x0)},${r1(y)}`];
  for (let x = x0, k = 0; x < x1; x += 6, k++) parts.push(`L${r1(Math.min(x1, x + 6))},${r1(y + (k % 2 === 0 ? -2 : 2))}`);
  return parts.join('');
}

function renderArrow(a: LayoutArrow, state: RenderState): string {
  const kind = a.arrow.kind;
  const tx = state.txn !== undefined && state.txn !== null && a.arrow.txn === state.txn ? ' tx' : '';
  const dropped = a.arrow.receiveTime === null;
  const cls = `arrow a-${kind}${dropped ? ' dropped' : ''}${tx}`;
  const out: string[] = [`<g class="${cls}" data-arrow="${a.arrow.index}">`];
  if (state.titles) out.push(`<title>${esc(arrowTitle(a))}</title>`);
  // Start and end just outside the marks, so the head touches the mark instead of hiding under it.
  const dx = a.x1 - a.x0;
  const dy = a.y1 - a.y0;
  const len = Math.hypot(dx, dy);
  if (Math.abs(dx) < 1) {
    // Both ends in one column (a collapsed server): a loop to the right.
    const x = a.x0 + 5;
    out.push(
      `<path d="M${r1(x)},${r1(a.y0)} C${r1(x + 22)},${r1(a.y0)} ${r1(x + 22)},${r1(a.y1)} ${r1(x + 1)},${r1(a.y1)}"${dropped ? '' : ` marker-end="url(#tl-ah-${kind})"`}/>`,
    );
  } else if (len > 0) {
    const ux = dx / len;
    const uy = dy / len;
    const x0 = a.x0 + ux * 6;
    const y0 = a.y0 + uy * 6;
    const x1 = dropped ? a.x1 : a.x1 - ux * 6;
    const y1 = dropped ? a.y1 : a.y1 - uy * 6;
    out.push(`<line x1="${r1(x0)}" y1="${r1(y0)}" x2="${r1(x1)}" y2="${r1(y1)}"${dropped ? '' : ` marker-end="url(#tl-ah-${kind})"`}/>`);
  }
  if (dropped) {
    out.push(`<path class="drop-x" d="M${r1(a.x1 - 4)},${r1(a.y1 - 4)}l8,8m0,-8l-8,8"/>`);
    // Said on the sending mark when there is one (model.ts); here only for a message no mark sent.
    if (a.arrow.fromMark === null)
      out.push(
        `<text class="drop-t" x="${r1(a.x1 + (a.x1 >= a.x0 ? 7 : -7))}" y="${r1(a.y1 + 3.5)}"${a.x1 >= a.x0 ? '' : ' text-anchor="end"'}>${esc(truncate(`never received${a.arrow.dropped ? `: ${a.arrow.dropped}` : ''}`, 48))}</text>`,
      );
  }
  out.push('</g>');
  return out.join('');
}

function renderMark(layout: TimelineLayout, m: TimelineMark, row: number, col: LayoutColumn, state: RenderState): string {
  const x = r1(col.x + col.width / 2);
  const y = r1(rowCenter(layout, row));
  const classes = ['mark', `sh-${m.shape}`, `k-${m.kind}`];
  if (m.outcome) classes.push(`o-${m.outcome}`);
  if (state.highlighted?.has(m.index)) classes.push('hl');
  if (state.matches?.has(m.index)) classes.push('match');
  if (state.cursorRow === row) classes.push('cur');
  if (state.txn !== undefined && state.txn !== null && m.txn === state.txn) classes.push('tx');
  const id = state.anchors ? ` id="tl-ev-${m.eventId}"` : '';
  const out: string[] = [`<g${id} class="${classes.join(' ')}" data-mark="${m.index}" transform="translate(${x},${y})">`];
  if (state.titles) out.push(`<title>${esc(markTitle(m))}</title>`);
  const left = layout.labelLeft[row] === 1;
  // In the time scale a text that would overlap another is left out (the hover has it), or moved down a line or two.
  const labelled = layout.labels && layout.labelHidden[row] !== 1;
  const textW = labelled ? m.textWidth : 0;
  const dy = labelled ? (layout.labelOffset[row] ?? 0) : 0;
  out.push(
    `<rect class="hit" x="${left ? -(textW + 14) : -9}" y="${r1(-layout.rowHeight / 2)}" width="${textW + 23}" height="${r1(layout.rowHeight + dy)}"/>`,
  );
  out.push(shapeMarkup(m.shape));
  if (labelled) {
    out.push(`<text class="lbl" x="${left ? -10 : 10}" y="${r1(3.8 + dy)}"${left ? ' text-anchor="end"' : ''}>`);
    const room = layout.textRoom[row] ?? Number.POSITIVE_INFINITY;
    // To scale, a text is cut to the room the texts and marks around it leave (the hover has all of it).
    const fit = layout.scale === 'time' && room < m.textWidth ? fitMarkText(m.title, m.positions, m.note, room) : m;
    out.push(`<tspan class="t">${esc(fit.title)}</tspan>`);
    // A real space between the parts (not only dx): the text reads right when copied or read by a screen reader.
    for (const p of fit.positions) out.push(` <tspan class="pos" dx="3">${esc(p)}</tspan>`);
    if (fit !== m) {
      if (fit.note) out.push(` <tspan class="note" dx="3">${esc(fit.note)}</tspan>`);
    } else if (m.note) {
      // In a viewport of fixed width a long engine sentence is cut to the room left (the hover has all of it).
      const over = m.textWidth - room;
      const note = over > 0 ? truncate(m.note, Math.max(12, m.note.length - Math.ceil(over / 6.1) - 1)) : m.note;
      out.push(` <tspan class="note" dx="3">${esc(note)}</tspan>`);
    }
    out.push('</text>');
  }
  out.push('</g>');
  return out.join('');
}

/** The SVG elements of a mark's shape, centred on 0,0. */
export function shapeMarkup(shape: MarkShape): string {
  switch (shape) {
    case 'dot':
      return '<circle class="s" r="3.5"/>';
    case 'send':
      return '<circle class="s" r="4.2"/>';
    case 'receive':
      return '<circle class="s hollow" r="4.2"/>';
    case 'commit':
      return '<rect class="s" x="-4.2" y="-4.2" width="8.4" height="8.4"/>';
    case 'binlog':
      return '<rect class="s" x="-5.5" y="-3.6" width="11" height="7.2" rx="1.2"/><path class="s-line" d="M-3,0H3"/>';
    case 'wait':
      return '<path class="s" d="M-4.5,-5.5H4.5L-4.5,5.5H4.5Z"/>';
    case 'crash':
      return '<circle class="s" r="7.5"/><path class="s-x" d="M-3.8,-3.8L3.8,3.8M3.8,-3.8L-3.8,3.8"/>';
    case 'restart':
      return '<path class="s" d="M0,-6.5L6,5H-6Z"/>';
    case 'promote':
      return '<path class="s" d="M0,-7.5L2.2,-2.6L7.4,-2.3L3.4,1.1L4.7,6.2L0,3.4L-4.7,6.2L-3.4,1.1L-7.4,-2.3L-2.2,-2.6Z"/>';
    case 'timeout':
      return '<path class="s" d="M0,-6.5L6.5,0L0,6.5L-6.5,0Z"/><path class="s-line" d="M0,-3V1M0,2.4V3.4"/>';
    case 'error':
      return '<rect class="s" x="-5.5" y="-5.5" width="11" height="11" rx="1"/><path class="s-x" d="M0,-3.2V1M0,2.6V3.4"/>';
    case 'semisync':
      return '<path class="s" d="M0,-5L5,0L0,5L-5,0Z"/>';
    case 'operation':
      return '<rect class="s hollow" x="-4.5" y="-4.5" width="9" height="9" rx="2"/>';
    case 'reply':
      return '<circle class="s" r="5"/>';
    case 'tick':
      return '<path class="s" d="M-4,0H4"/>';
  }
}

/** The legend: every shape and colour, with its meaning (drawn in exports and in the webview's side panel). */
export function renderLegend(columns = 3): { markup: string; width: number; height: number } {
  const items: [string, string][] = [];
  const shape = (s: MarkShape, extra = '') => `<g class="mark sh-${s}${extra}">${shapeMarkup(s)}</g>`;
  items.push(
    [shape('send'), 'sent (statement, events, ACK)'],
    [shape('receive'), 'received'],
    [shape('binlog'), 'binlog / relay-log write'],
    [shape('commit'), 'commit, applied, OK sent'],
    [shape('wait'), 'waits (ACK, lock)'],
    [shape('reply', ' o-ok'), 'client: OK'],
    [shape('reply', ' o-error'), 'client: error'],
    [shape('reply', ' o-lost_connection'), 'client: lost connection'],
    [shape('reply', ' o-unknown'), 'client: no reply'],
    [shape('tick'), 'client: OK of a statement inside a transaction'],
    [shape('crash'), 'crash'],
    [shape('restart'), 'restart, crash recovery'],
    [shape('promote'), 'promoted to source'],
    [shape('timeout'), 'semi-sync timeout'],
    [shape('semisync'), 'semi-sync ON/OFF'],
    [shape('error'), 'error, rollback'],
    [shape('operation'), 'operation (CHANGE MASTER…)'],
    ['<g class="arrow a-events"><line x1="-10" y1="0" x2="8" y2="0" marker-end="url(#tl-ah-events)"/></g>', 'binlog events shipped'],
    ['<g class="arrow a-ack"><line x1="-10" y1="0" x2="8" y2="0" marker-end="url(#tl-ah-ack)"/></g>', 'semi-sync ACK'],
    [
      '<rect class="shade sh-server_down" x="-9" y="-6" width="18" height="12"/><rect class="shade-hatch" x="-9" y="-6" width="18" height="12" fill="url(#tl-hatch)"/>',
      'server down',
    ],
    ['<rect class="shade sh-semisync_off" x="-9" y="-6" width="18" height="12"/>', 'semi-sync OFF'],
    ['<rect class="shade sh-sql_thread_stopped" x="-9" y="-6" width="18" height="12"/>', 'thread stopped'],
    ['<rect class="shade sh-link_down" x="-9" y="-6" width="18" height="12"/>', 'link down'],
  );
  const rowH = 20;
  const rows = Math.ceil(items.length / columns);
  // Each column as wide as its longest text (a fixed width let the longest run into the next column's glyphs).
  const lefts = [14];
  for (let c = 0; c * rows < items.length; c++) {
    const longest = items.slice(c * rows, (c + 1) * rows).reduce((n, [, text]) => Math.max(n, text.length), 0);
    lefts.push(lefts[c] + 16 + Math.ceil(longest * LEGEND_CHAR) + LEGEND_GAP);
  }
  const out: string[] = [];
  items.forEach(([glyph, text], i) => {
    const cx = lefts[Math.floor(i / rows)];
    const cy = 12 + (i % rows) * rowH;
    out.push(`<g transform="translate(${cx},${cy})">${glyph}<text class="legend-t" x="16" y="3.8">${esc(text)}</text></g>`);
  });
  return { markup: out.join(''), width: lefts[lefts.length - 1] - LEGEND_GAP + 8, height: rows * rowH + 6 };
}

/** Rough advance width of the legend's 11 px text, and the space between two of its columns. */
const LEGEND_CHAR = 6.3;
const LEGEND_GAP = 22;

/** The legend in as many columns (at most four) as fit in `width`: one when none do. */
export function renderLegendWithin(width: number): { markup: string; width: number; height: number } {
  for (let columns = 4; columns > 1; columns--) {
    const legend = renderLegend(columns);
    if (legend.width <= width) return legend;
  }
  return renderLegend(1);
}

function outcomeWords(o: string): string {
  return o === 'lost_connection' ? 'lost connection' : o === 'unknown' ? 'no reply' : o === 'ok' ? 'OK' : 'error';
}

function shadeTitle(label: string, start: number, end: number | null): string {
  return `${label}: ${formatMicros(start)} → ${end === null ? 'end of run' : formatMicros(end)}`;
}

function arrowTitle(a: LayoutArrow): string {
  const m = a.arrow;
  const when =
    m.receiveTime === null
      ? `sent at ${formatMicros(m.sendTime)}, never received${m.dropped ? ` (${m.dropped})` : ''}`
      : `${formatMicros(m.sendTime)} → ${formatMicros(m.receiveTime)}`;
  return `${m.label} · ${when}`;
}

/** The hover text of a mark: everything the trace knows about the event. */
export function markTitle(m: TimelineMark): string {
  const parts = [`${formatMicros(m.time)} · ${m.server} · ${m.kind}`, m.detail];
  if (m.txn) parts.push(`transaction ${m.txn}${m.gtid ? ` (GTID ${m.gtid})` : ''}`);
  if (m.log) parts.push(`binlog ${m.log.file}:${m.log.start}→${m.log.end}`);
  if (m.relay) parts.push(`relay log ${m.relay.file}:${m.relay.start}→${m.relay.end}`);
  if (m.line !== undefined) parts.push(`line ${m.line + 1}`);
  return parts.join('\n');
}
