/**
 * The timeline webview: receives a run's timeline model from the extension (built by the engine worker that keeps the
 * trace, in the columnar wire form of server/src/timeline/wire.ts), lays it out with the shared timeline code
 * (server/src/timeline), and draws only the rows on screen (plus one screen above and below), so a 100,000-event run
 * scrolls as lightly as a 50-event one. The status table at the time cursor is asked for (`statusAt`): the trace it
 * is read from stays in the worker. Everything is reachable by keyboard; colours come from the
 * VS Code theme through CSS variables. Every string from the trace reaches the DOM escaped (the renderer's markup)
 * or as textContent.
 */
import { formatMicros } from '../../server/src/trace/trace';
import { escapeMarkup as esc } from '../../server/src/timeline/escape';
import {
  METRICS,
  clampZoom,
  layoutTimeline,
  rowAtTime,
  rowAtY,
  rowCenter,
  rowTime,
  type TimelineLayout,
} from '../../server/src/timeline/layout';
import type { TimelineMark } from '../../server/src/timeline/model';
import { renderTimelineSvg } from '../../server/src/timeline/export';
import { markTitle, renderBody, renderDefs, renderHeader, renderLegend } from '../../server/src/timeline/render';
import { pngPixelRatio, pngSizeProblem } from '../../server/src/timeline/png';
import { parseTimeline } from '../../server/src/timeline/payload';
import { renderStatusTableHtml } from '../../server/src/timeline/status-table';
import { decodeTimeline, type ReceivedTimeline } from '../../server/src/timeline/wire';
import type { ExtensionToWebview, TimelineSnapshot, TimelineViewState, WebviewToExtension } from '../src/webview-messages';

/** Development builds answer the test hooks' messages; the release does not (scripts/build.mjs). */
declare const REPLSCOPE_TEST_HOOKS: boolean;

interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: TimelineViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (message: WebviewToExtension) => api.postMessage(message);

const DEFAULT_VIEW: TimelineViewState = {
  zoom: 1,
  collapsed: [],
  hidden: [],
  topTime: null,
  cursorTime: null,
  cursorKey: null,
  search: '',
  txn: null,
  details: null,
};

function restoredState(): TimelineViewState | null {
  const s = api.getState();
  if (typeof s !== 'object' || s === null || !('zoom' in s)) return null;
  return { ...DEFAULT_VIEW, ...(s as Partial<TimelineViewState>) };
}

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------
const restored = restoredState();
let view: TimelineViewState = restored ?? { ...DEFAULT_VIEW };
/** View states of the other documents followed in this session, to come back to one where it was left. */
const viewsByUri = new Map<string, TimelineViewState>();
let doc: { uri: string; fileName: string; version: number; documentVersion: number | null; millis: number } | null = null;
let model: ReceivedTimeline | null = null;
let layout: TimelineLayout | null = null;
let cursorRow: number | null = null;
let highlighted = new Set<number>();
let editorLine: number | null = null;
let matches: number[] = [];
let matchSet = new Set<number>();
let searchText: string[] | null = null;
let hoverTxn: string | null = null;
let rendered = { top: -1, bottom: -1 };
const timings = { parse: 0, model: 0, layout: 0, render: 0 };

// ---------------------------------------------------------------------------------------------------------------
// DOM
// ---------------------------------------------------------------------------------------------------------------
const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
<div class="toolbar" role="toolbar" aria-label="Timeline tools">
  <span id="title" class="doc-title"></span>
  <span id="banner" class="banner" role="status" aria-live="polite"></span>
  <span class="spacer"></span>
  <label class="search"><span class="sr-only">Search events</span><input id="search" type="search" placeholder="Search events  /" spellcheck="false"></label>
  <span id="search-count" class="count" aria-live="polite"></span>
  <button id="prev-match" title="Previous match (Shift+Enter, N)" aria-label="Previous match">↑</button>
  <button id="next-match" title="Next match (Enter, n)" aria-label="Next match">↓</button>
  <button id="filter-matches" aria-pressed="false" title="Only the matching events (F); off, the others are dimmed">Filter</button>
  <span class="sep"></span>
  <span id="tools" class="tools">
  <button id="time-scale" aria-pressed="false" title="Time to scale (s): y proportional to virtual time, long pauses compressed; off, one row per event">Time scale</button>
  <button id="zoom-out" title="Zoom out (−)" aria-label="Zoom out">−</button>
  <span id="zoom-level" class="count" title="Zoom (0 resets)"></span>
  <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <span class="sep"></span>
  <button id="lanes-btn" aria-haspopup="true" aria-expanded="false" title="Show, hide and collapse lanes (L)">Lanes ▾</button>
  <button id="details-btn" aria-pressed="false" title="Time cursor status, verdicts, transactions (D)">Details</button>
  <button id="export-btn" aria-haspopup="true" aria-expanded="false" title="Export the timeline as a file or an image (E)">Export ▾</button>
  </span>
  <button id="more-btn" class="more-btn" aria-haspopup="true" aria-expanded="false" aria-controls="tools" title="More tools: time scale, zoom, lanes, details, export" aria-label="More tools">⋯</button>
</div>
<div id="lanes-menu" class="menu" hidden></div>
<div id="export-menu" class="menu export-menu" role="menu" aria-label="Export" hidden>
  <button id="export-svg" role="menuitem" title="The whole timeline as an SVG file">SVG image</button>
  <button id="export-html" role="menuitem" title="A self-contained page: story, verdicts, transactions, timeline, status">HTML page</button>
  <button id="export-png" role="menuitem" title="The whole timeline as a PNG image, for a ticket">PNG image</button>
  <button id="copy-image" role="menuitem" title="The PNG image on the clipboard, to paste into a ticket">Copy as image</button>
</div>
<details id="story" class="story" open hidden><summary id="story-end"></summary><ol id="story-list"></ol></details>
<div class="main">
  <div id="scroller" class="scroller" tabindex="0" role="application"
       aria-label="Timeline. Up and Down move the time cursor from event to event, Enter goes to the event's line, plus and minus zoom, slash searches, question mark lists the keys.">
    <div class="header-wrap"><svg id="header" class="tl-svg" aria-hidden="true"></svg></div>
    <div id="canvas" class="canvas"><svg id="body" class="tl-svg"></svg></div>
    <div id="empty" class="empty" hidden></div>
  </div>
  <aside id="side" class="side" aria-label="Details">
    <section aria-labelledby="cursor-title">
      <h2 id="cursor-title">Time cursor</h2>
      <div id="cursor-event" class="cursor-event"></div>
      <div id="status" class="status-wrap"></div>
    </section>
    <section aria-labelledby="verdicts-title"><h2 id="verdicts-title">Verdicts</h2><ul id="verdicts" class="verdicts"></ul></section>
    <section aria-labelledby="txns-title"><h2 id="txns-title">Transactions</h2><div id="txns"></div></section>
    <details id="legend-box"><summary>Legend</summary><svg id="legend" class="tl-svg legend" aria-hidden="true"></svg></details>
    <details id="keys-box"><summary>Keys</summary>
      <dl class="keys">
        <dt>↑ ↓ / j k</dt><dd>time cursor to the previous / next event</dd>
        <dt>PgUp PgDn Home End</dt><dd>by a screen, to the start / end</dd>
        <dt>Enter</dt><dd>reveal the event's line in the editor</dd>
        <dt>t</dt><dd>emphasise the event's transaction on every lane</dd>
        <dt>c</dt><dd>collapse / expand the event's server</dd>
        <dt>/ · n · N · F</dt><dd>search, next / previous match, only the matches</dd>
        <dt>+ − 0</dt><dd>zoom in / out / reset (Ctrl+wheel)</dd>
        <dt>s</dt><dd>time to scale / one row per event</dd>
        <dt>v · d · L · E</dt><dd>verdicts · details panel · lanes menu · export menu</dd>
        <dt>Esc</dt><dd>close the menu; clear the highlight and the search</dd>
      </dl>
    </details>
  </aside>
</div>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>`;

const $ = <T extends Element>(id: string) => document.getElementById(id) as unknown as T;
const titleEl = $<HTMLElement>('title');
const bannerEl = $<HTMLElement>('banner');
const searchEl = $<HTMLInputElement>('search');
const searchCountEl = $<HTMLElement>('search-count');
const filterBtn = $<HTMLButtonElement>('filter-matches');
const scaleBtn = $<HTMLButtonElement>('time-scale');
const zoomLevelEl = $<HTMLElement>('zoom-level');
const lanesBtn = $<HTMLButtonElement>('lanes-btn');
const lanesMenu = $<HTMLElement>('lanes-menu');
const exportBtn = $<HTMLButtonElement>('export-btn');
const exportMenu = $<HTMLElement>('export-menu');
const tools = $<HTMLElement>('tools');
const moreBtn = $<HTMLButtonElement>('more-btn');
const detailsBtn = $<HTMLButtonElement>('details-btn');
const sideEl = $<HTMLElement>('side');
const scroller = $<HTMLElement>('scroller');
const headerSvg = $<SVGSVGElement>('header');
const canvas = $<HTMLElement>('canvas');
const bodySvg = $<SVGSVGElement>('body');
const emptyEl = $<HTMLElement>('empty');
const cursorEventEl = $<HTMLElement>('cursor-event');
const statusEl = $<HTMLElement>('status');
const verdictsEl = $<HTMLUListElement>('verdicts');
const storyEl = $<HTMLDetailsElement>('story');
const storyEndEl = $<HTMLElement>('story-end');
const storyListEl = $<HTMLOListElement>('story-list');
const txnsEl = $<HTMLElement>('txns');
const legendSvg = $<SVGSVGElement>('legend');
const tooltip = $<HTMLElement>('tooltip');

const legend = renderLegend(1);
legendSvg.setAttribute('width', String(legend.width));
legendSvg.setAttribute('height', String(legend.height));
legendSvg.innerHTML = renderDefs() + legend.markup;

// ---------------------------------------------------------------------------------------------------------------
// Model, layout, rendering
// ---------------------------------------------------------------------------------------------------------------
function saveView(): void {
  if (doc) view.uri = doc.uri;
  api.setState(view);
  scheduleViewPost();
}

let viewPostTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleViewPost(): void {
  if (viewPostTimer) clearTimeout(viewPostTimer);
  viewPostTimer = setTimeout(() => post({ type: 'viewState', state: view }), 250);
}

/** Relayout after a view option changed (zoom, lanes); keeps the event at the top of the view in place. */
function relayout(keepTop = true, draw = true): void {
  if (!model) return;
  const anchor = keepTop ? topAnchor() : null;
  const t0 = performance.now();
  layout = layoutTimeline(model, {
    scale: view.scale ?? 'events',
    zoom: view.zoom,
    collapsed: view.collapsed,
    hidden: view.hidden,
    viewportWidth: scroller.clientWidth,
    only: filtering() ? matchSet : undefined,
  });
  timings.layout = performance.now() - t0;
  lastWidth = scroller.clientWidth;
  canvas.style.height = `${layout.height}px`;
  canvas.style.width = `${layout.width}px`;
  headerSvg.setAttribute('width', String(layout.width));
  headerSvg.setAttribute('height', String(METRICS.headerHeight));
  headerSvg.innerHTML = renderHeader(layout, { interactive: true });
  cursorRow = findCursorRow();
  if (anchor) restoreAnchor(anchor);
  zoomLevelEl.textContent = `${Math.round(view.zoom * 100)}%`;
  rendered = { top: -1, bottom: -1 };
  if (draw) renderWindow(true);
  if (!lanesMenu.hidden) renderLanesMenu();
}

/** The event at the top of the view and how far into its row the view starts. */
function topAnchor(): { time: number; offset: number } | null {
  if (!layout || layout.rowCount === 0) return view.topTime !== null ? { time: view.topTime, offset: 0 } : null;
  const row = rowAtY(layout, scroller.scrollTop);
  return { time: rowTime(layout, row), offset: scroller.scrollTop - (layout.rowTop[row] ?? 0) };
}

function restoreAnchor(anchor: { time: number; offset: number }): void {
  if (!layout || layout.rowCount === 0) return;
  const row = Math.min(layout.rowCount - 1, rowAtTime(layout, anchor.time));
  scroller.scrollTop = (layout.rowTop[row] ?? 0) + Math.max(0, Math.min(anchor.offset, layout.rowHeight));
}

/** The visible band of the body, in body coordinates. */
function visibleBand(): { top: number; bottom: number } {
  const top = scroller.scrollTop;
  return { top, bottom: top + Math.max(0, scroller.clientHeight - METRICS.headerHeight) };
}

/**
 * Draws the rows around the visible band (`margin` screens above and below: one, so that scrolling finds them
 * drawn), unless they are drawn already.
 */
function renderWindow(force = false, margin = 1): void {
  if (!layout) return;
  const band = visibleBand();
  if (!force && band.top >= rendered.top && band.bottom <= rendered.bottom) return;
  const screen = Math.max(200, band.bottom - band.top) * margin;
  const top = Math.max(0, band.top - screen);
  const bottom = Math.min(layout.height, band.bottom + screen);
  const t0 = performance.now();
  bodySvg.setAttribute('width', String(layout.width));
  bodySvg.setAttribute('height', String(Math.max(1, bottom - top)));
  bodySvg.setAttribute('viewBox', `0 ${top} ${layout.width} ${Math.max(1, bottom - top)}`);
  bodySvg.style.top = `${top}px`;
  bodySvg.innerHTML =
    renderDefs() +
    renderBody(layout, top, bottom, {
      highlighted,
      matches: matchSet,
      cursorRow,
      txn: hoverTxn ?? view.txn,
    });
  rendered = { top, bottom };
  timings.render = performance.now() - t0;
}

let frame = 0;
function requestRender(force = false): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderWindow(force);
  });
}
let forceNext = false;
function requestForcedRender(): void {
  forceNext = true;
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const f = forceNext;
    forceNext = false;
    renderWindow(f);
  });
}

function markAt(row: number | null): TimelineMark | undefined {
  if (!layout || row === null || row < 0 || row >= layout.rowCount) return undefined;
  return layout.model.marks[layout.rowMark[row]];
}

function keyOf(m: TimelineMark): string {
  return `${m.lane}|${m.kind}|${m.txn ?? ''}`;
}

/** The row of the cursor in the current layout: the same event if it is still there, else the first row at its time. */
function findCursorRow(): number | null {
  if (!layout || view.cursorTime === null || layout.rowCount === 0) return null;
  const first = Math.min(layout.rowCount - 1, rowAtTime(layout, view.cursorTime));
  for (let r = first; r < layout.rowCount && rowTime(layout, r) === view.cursorTime; r++) {
    const m = markAt(r);
    if (m && keyOf(m) === view.cursorKey) return r;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------------------------
// A new run
// ---------------------------------------------------------------------------------------------------------------
function showTimeline(message: Extract<ExtensionToWebview, { type: 'timeline' }>): void {
  const sameDoc = doc?.uri === message.uri;
  if (!sameDoc) {
    if (doc) viewsByUri.set(doc.uri, { ...view });
    const previous = viewsByUri.get(message.uri) ?? (view.uri === message.uri || view.uri === undefined ? view : undefined);
    view = previous ? { ...previous } : { ...DEFAULT_VIEW };
  }
  const anchor = sameDoc ? topAnchor() : view.topTime !== null ? { time: view.topTime, offset: 0 } : null;
  doc = {
    uri: message.uri,
    fileName: message.fileName,
    version: message.version,
    documentVersion: message.documentVersion,
    millis: message.millis,
  };
  const t0 = performance.now();
  const wire = parseTimeline(message);
  const t1 = performance.now();
  model = decodeTimeline(wire);
  timings.parse = t1 - t0;
  timings.model = performance.now() - t1;
  searchText = null;
  statusShown = null;
  titleEl.textContent = `${message.fileName} · ${model.title}`;
  titleEl.title = `${model.title} — ${model.flavor}, seed ${model.seed}, version ${message.version}, ran in ${message.millis.toFixed(1)} ms`;
  setBanner(message.stale ?? null);
  renderStory();
  emptyEl.hidden = true;
  canvas.hidden = false;
  layout = null;
  // The matches were of the previous run: found again below, once it is laid out.
  matches = [];
  matchSet = new Set();
  layoutFiltered = false;
  filterBtn.setAttribute('aria-pressed', String(view.filter === true));
  filterBtn.classList.toggle('on', view.filter === true);
  showScale();
  // One drawing at the end: reading the scroll position between DOM writes would force a reflow each time.
  relayout(false, false);
  if (anchor) restoreAnchor(anchor);
  // Back on a document: its time cursor in sight (the top is kept by time, and many events can share one).
  if (!sameDoc && cursorRow !== null) scrollRowIntoView(cursorRow);
  if (editorLine !== null) highlightLine(editorLine, false);
  if (view.search) {
    searchEl.value = view.search;
    runSearch(false);
  } else {
    searchEl.value = '';
    searchCountEl.textContent = '';
    bodySvg.classList.remove('searching');
  }
  sideDirty = true;
  renderSide();
  // A new run is drawn first as far as it is seen, the screens around it in the frame after (a third of the work
  // before the first paint).
  renderWindow(true, 0);
  requestAnimationFrame(() => setTimeout(() => renderWindow(true), 0));
  saveView();
}

/** The side panel is drawn when shown: a hidden one costs nothing on each keystroke's new trace. */
let sideDirty = false;
function renderSide(): void {
  if (sideEl.hidden || !sideDirty) return;
  sideDirty = false;
  renderVerdicts();
  renderTransactions();
  updateCursorPanel();
}

function setBanner(stale: 'errors' | 'running' | null): void {
  bannerEl.textContent = stale === 'errors' ? 'the file has errors: showing the last run' : stale === 'running' ? 'running…' : '';
  bannerEl.className = `banner${stale ? ` ${stale}` : ''}`;
}

function showEmpty(message: Extract<ExtensionToWebview, { type: 'empty' }>): void {
  if (model && doc?.uri === message.uri) {
    // Keep the last picture of this document; say why it is not updated.
    bannerEl.textContent = message.message;
    bannerEl.className = 'banner errors';
    return;
  }
  doc = message.uri ? { uri: message.uri, fileName: message.fileName, version: 0, documentVersion: null, millis: 0 } : null;
  model = null;
  statusShown = null;
  layout = null;
  titleEl.textContent = message.fileName;
  bannerEl.textContent = '';
  canvas.hidden = true;
  emptyEl.hidden = false;
  emptyEl.textContent = message.message;
  headerSvg.innerHTML = '';
  verdictsEl.innerHTML = '';
  storyEl.hidden = true;
  txnsEl.innerHTML = '';
  statusEl.innerHTML = '';
  cursorEventEl.textContent = '';
}

/** The run in words above the diagram: the conclusion as the summary line, the moments (each a link to its time) below. */
function renderStory(): void {
  if (!model || model.story.length === 0) {
    storyEl.hidden = true;
    return;
  }
  const end = model.story[model.story.length - 1];
  storyEndEl.textContent = end.text;
  storyListEl.innerHTML = model.story
    .slice(0, -1)
    .map((s) =>
      s.time === undefined
        ? `<li>${esc(s.text)}</li>`
        : `<li><button class="link" data-time="${s.time}" title="Move the time cursor here">${esc(formatMicros(s.time))}</button> ${esc(s.text)}</li>`,
    )
    .join('');
  storyEl.hidden = false;
}

storyListEl.addEventListener('click', (e) => {
  const target = (e.target as Element).closest('button');
  const time = target?.getAttribute('data-time');
  if (!model || time === null || time === undefined) return;
  const index = model.marks.findIndex((m) => m.time >= Number(time));
  if (index >= 0) selectMark(index, false);
});

// ---------------------------------------------------------------------------------------------------------------
// Side panel: verdicts, transactions, the time cursor's status table
// ---------------------------------------------------------------------------------------------------------------
function renderVerdicts(): void {
  if (!model) return;
  if (model.verdicts.length === 0) {
    verdictsEl.innerHTML = '<li class="none">No verdict: every acknowledged commit survived, replication ran, the servers agree.</li>';
    return;
  }
  verdictsEl.innerHTML = model.verdicts
    .map(
      (v) =>
        `<li class="v-${esc(v.severity)}"><button class="link" data-verdict="${v.index}"><span class="vk">${esc(v.kind.replace(/_/g, ' '))}</span> ${esc(v.message)}</button>` +
        `<span class="where">${esc([v.txn, v.servers.join(', '), formatMicros(v.time)].filter(Boolean).join(' · '))}${
          v.line !== undefined ? ` · <button class="link line" data-line="${v.line}">line ${v.line + 1}</button>` : ''
        }</span></li>`,
    )
    .join('');
}

function renderTransactions(): void {
  if (!model) return;
  if (sideEl.hidden) {
    sideDirty = true;
    return;
  }
  const servers = model.groups.filter((g) => g.kind === 'server').map((g) => g.name);
  if (model.transactions.length === 0) {
    txnsEl.innerHTML = '<p class="none">No transaction.</p>';
    return;
  }
  const head = `<tr><th scope="col">txn</th><th scope="col">told</th>${servers.map((s) => `<th scope="col">${esc(s)}</th>`).join('')}</tr>`;
  const rows = model.transactions
    .slice(0, 200)
    .map((t) => {
      const cells = servers
        .map((s) => {
          const p = t.presence[s];
          return `<td class="${p === 'present' ? 'present' : 'absent'}" title="${esc(`${t.id} on ${s} at the end: ${p ?? 'unknown'}`)}">${p === 'present' ? '●' : p === 'absent' ? '○' : '·'}</td>`;
        })
        .join('');
      const sel = view.txn === t.id ? ' class="sel"' : '';
      return `<tr${sel}><td><button class="link" data-txn="${esc(t.id)}" title="${esc(`${t.id}${t.retryOf ? ` (retry of ${t.retryOf})` : ''} · ${t.binlog ?? 'not binlogged'} · click: emphasise it on every lane`)}">${esc(t.id)}</button></td><td class="o-${t.outcome}">${esc(t.outcomeText)}</td>${cells}</tr>`;
    })
    .join('');
  const listed = Math.min(200, model.transactions.length);
  const more =
    model.transactionCount > listed ? `<p class="none">…and ${model.transactionCount - listed} more (search finds them)</p>` : '';
  txnsEl.innerHTML = `<table class="txns"><thead>${head}</thead><tbody>${rows}</tbody></table><p class="hint">● present at the end · ○ absent</p>${more}`;
}

function updateCursorPanel(): void {
  if (!model || !layout) return;
  if (sideEl.hidden) {
    sideDirty = true;
    return;
  }
  const m = markAt(cursorRow);
  if (m) {
    cursorEventEl.innerHTML =
      `<div class="ce-time">${esc(formatMicros(m.time))} · ${esc(m.server)}</div>` +
      `<div class="ce-title">${esc(m.title)}${m.positions.map((p) => ` <code>${esc(p)}</code>`).join('')}</div>` +
      `<div class="ce-detail">${esc(m.detail)}</div>` +
      (m.line !== undefined ? `<button class="link line" data-line="${m.line}">line ${m.line + 1}</button>` : '');
  } else {
    cursorEventEl.innerHTML = `<div class="ce-detail">No cursor: the table shows the end of the run. Click the time column, drag it, or press ↓.</div>`;
  }
  requestStatus();
}

// The status table at the time cursor comes from the engine worker (through the extension and the server): one
// request at a time, and when the cursor moved on meanwhile (dragged, a key held down), one more for where it is.
let statusShown: { version: number; time: number } | null = null;
let statusInFlight: { requestId: number; version: number; time: number } | null = null;
let statusWaiters: (() => void)[] = [];
let nextStatusId = 1;

/** The instant the status table should show: the time cursor's event, else the end of the run. */
function statusTime(): { time: number; caption: string } | null {
  if (!model) return null;
  const m = markAt(cursorRow);
  const time = m ? m.time : model.endTime;
  return { time, caption: m ? `every server at ${formatMicros(time)}` : `every server at the end (${formatMicros(time)})` };
}

function requestStatus(): void {
  const want = statusTime();
  if (!want || !doc) return;
  if (statusShown?.version === doc.version && statusShown.time === want.time) return;
  if (statusInFlight) return;
  statusInFlight = { requestId: nextStatusId++, version: doc.version, time: want.time };
  post({ type: 'statusAt', ...statusInFlight });
}

function showStatus(message: Extract<ExtensionToWebview, { type: 'status' }>): void {
  if (statusInFlight?.requestId !== message.requestId) return;
  statusInFlight = null;
  const want = statusTime();
  if (doc?.version === message.version && message.table && want) {
    statusEl.innerHTML = renderStatusTableHtml(
      message.table,
      want.time === message.time ? want.caption : `every server at ${formatMicros(message.time)}`,
    );
    statusShown = { version: message.version, time: message.time };
  } else if (doc?.version === message.version) {
    statusEl.innerHTML = '<p class="none">No status: this run is no longer kept (a newer one is on its way).</p>';
    statusShown = { version: message.version, time: message.time };
  }
  // The cursor moved on (or a newer run came) while this one was asked for.
  if (!sideEl.hidden) requestStatus();
  if (!statusInFlight) {
    const waiters = statusWaiters;
    statusWaiters = [];
    for (const w of waiters) w();
  }
}

/** Resolves once the status table shows the time cursor (at most `timeoutMs`): the test hooks read it after. */
function statusSettled(timeoutMs: number): Promise<void> {
  if (!statusInFlight) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    statusWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Cursor, selection, highlight
// ---------------------------------------------------------------------------------------------------------------
function setCursor(row: number | null, scroll: boolean): void {
  if (!layout) return;
  if (row !== null) row = Math.max(0, Math.min(layout.rowCount - 1, row));
  cursorRow = row;
  const m = markAt(row);
  view.cursorTime = m ? m.time : null;
  view.cursorKey = m ? keyOf(m) : null;
  if (scroll && row !== null) scrollRowIntoView(row);
  updateCursorPanel();
  requestForcedRender();
  saveView();
}

function scrollRowIntoView(row: number, center = false): void {
  if (!layout) return;
  const y = rowCenter(layout, row);
  const band = visibleBand();
  const margin = layout.rowHeight * 2;
  if (center || y < band.top + margin || y > band.bottom - margin) {
    scroller.scrollTop = center
      ? y - (band.bottom - band.top) / 2
      : y < band.top + margin
        ? y - margin
        : y - (band.bottom - band.top) + margin;
  }
}

function revealMark(m: TimelineMark): void {
  if (m.line !== undefined && doc) post({ type: 'reveal', uri: doc.uri, line: m.line, eventId: m.eventId });
}

function selectMark(index: number, reveal: boolean): void {
  if (!layout) return;
  const row = layout.markRow[index];
  if (row === undefined || row < 0) return;
  setCursor(row, true);
  const m = model?.marks[index];
  if (reveal && m) revealMark(m);
}

function highlightLine(line: number | null, scroll: boolean): void {
  editorLine = line;
  highlighted = new Set(line === null ? [] : (model?.marksByLine.get(line) ?? []));
  if (scroll && layout && highlighted.size > 0) {
    const rows = [...highlighted].map((i) => layout?.markRow[i] ?? -1).filter((r) => r >= 0);
    const band = visibleBand();
    const visible = rows.some((r) => {
      const y = rowCenter(layout as TimelineLayout, r);
      return y >= band.top && y <= band.bottom;
    });
    if (!visible && rows.length > 0)
      scrollRowIntoView(
        rows.reduce((a, b) => Math.min(a, b)),
        true,
      );
  }
  requestForcedRender();
}

function setTxn(txn: string | null): void {
  view.txn = view.txn === txn ? null : txn;
  renderTransactions();
  requestForcedRender();
  saveView();
}

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------
function runSearch(jump: boolean): void {
  view.search = searchEl.value;
  const q = view.search.trim().toLowerCase();
  if (!model || q === '') {
    matches = [];
    matchSet = new Set();
    searchCountEl.textContent = '';
  } else {
    const marks = model.marks;
    searchText ??= marks.map((m) => `${m.title} ${m.positions.join(' ')} ${m.detail} ${m.server} ${m.kind} ${m.gtid ?? ''}`.toLowerCase());
    matches = [];
    // The marks of the lanes shown (whatever the filter keeps now: it follows the new matches).
    const shown = layout?.columnOfLane;
    searchText.forEach((text, i) => {
      if (text.includes(q) && shown?.has(marks[i].lane)) matches.push(i);
    });
    matchSet = new Set(matches);
    searchCountEl.textContent = matches.length === 0 ? 'no match' : `${matches.length} match${matches.length === 1 ? '' : 'es'}`;
  }
  bodySvg.classList.toggle('searching', matches.length > 0);
  // The rows change with the matches while filtering (and when the filter starts or stops applying).
  if (filtering() || layoutFiltered) relayoutForFilter();
  if (jump && matches.length > 0) nextMatch(1);
  requestForcedRender();
  saveView();
}

/** Whether rows are limited to the search's matches: the filter is on and the search matches something. */
function filtering(): boolean {
  return view.filter === true && matches.length > 0;
}

let layoutFiltered = false;
function relayoutForFilter(): void {
  const cursorMark = markAt(cursorRow);
  relayout();
  layoutFiltered = filtering();
  // Keep the time cursor on its event when it is still drawn.
  if (cursorMark && layout && layout.markRow[cursorMark.index] >= 0) cursorRow = layout.markRow[cursorMark.index];
}

function setFilter(on: boolean): void {
  view.filter = on;
  filterBtn.setAttribute('aria-pressed', String(on));
  filterBtn.classList.toggle('on', on);
  relayoutForFilter();
  requestForcedRender();
  saveView();
}
filterBtn.addEventListener('click', () => setFilter(!view.filter));

/** The time-scale button says which scale is drawn. */
function showScale(): void {
  const on = view.scale === 'time';
  scaleBtn.setAttribute('aria-pressed', String(on));
  scaleBtn.classList.toggle('on', on);
}

/** Switches between one row per event and time to scale, keeping the time cursor's event (or the top) in sight. */
function setScale(scale: 'events' | 'time'): void {
  if ((view.scale ?? 'events') === scale) return;
  view.scale = scale;
  showScale();
  const cursorMark = markAt(cursorRow);
  relayout(cursorMark === undefined);
  if (cursorMark && layout && layout.markRow[cursorMark.index] >= 0) {
    cursorRow = layout.markRow[cursorMark.index];
    scrollRowIntoView(cursorRow, true);
  }
  requestForcedRender();
  saveView();
}
scaleBtn.addEventListener('click', () => setScale(view.scale === 'time' ? 'events' : 'time'));

function nextMatch(direction: 1 | -1): void {
  if (!layout || matches.length === 0) return;
  const current = cursorRow ?? (direction === 1 ? -1 : layout.rowCount);
  const rows = matches.map((i) => layout?.markRow[i] ?? -1).filter((r) => r >= 0);
  const next =
    direction === 1 ? (rows.find((r) => r > current) ?? rows[0]) : ([...rows].reverse().find((r) => r < current) ?? rows[rows.length - 1]);
  if (next !== undefined) setCursor(next, true);
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
searchEl.addEventListener('input', () => {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = setTimeout(() => runSearch(false), 120);
});
searchEl.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    if (searchTimer) clearTimeout(searchTimer);
    if (view.search !== searchEl.value) runSearch(false);
    nextMatch(e.shiftKey ? -1 : 1);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    scroller.focus();
  }
});
$<HTMLButtonElement>('next-match').addEventListener('click', () => nextMatch(1));
$<HTMLButtonElement>('prev-match').addEventListener('click', () => nextMatch(-1));

// ---------------------------------------------------------------------------------------------------------------
// Zoom, lanes, export
// ---------------------------------------------------------------------------------------------------------------
function setZoom(zoom: number, anchorY?: number): void {
  if (!layout) return;
  const next = clampZoom(Math.round(zoom * 100) / 100);
  if (next === view.zoom) return;
  // Keep the row under the pointer (or the cursor, or the top) where it is on screen.
  const bandTop = scroller.scrollTop;
  const y = anchorY ?? (cursorRow !== null ? rowCenter(layout, cursorRow) : bandTop);
  const row = rowAtY(layout, y);
  const screenOffset = y - bandTop;
  const within = (y - (layout.rowTop[row] ?? 0)) / layout.rowHeight;
  view.zoom = next;
  relayout(false);
  scroller.scrollTop = (layout.rowTop[row] ?? 0) + within * layout.rowHeight - screenOffset;
  requestForcedRender();
  saveView();
}

$<HTMLButtonElement>('zoom-in').addEventListener('click', () => setZoom(view.zoom * 1.25));
$<HTMLButtonElement>('zoom-out').addEventListener('click', () => setZoom(view.zoom / 1.25));
/** The export menu: the formats in one button, so that the toolbar fits a panel beside the editor. */
function setExportMenu(open: boolean): void {
  exportMenu.hidden = !open;
  exportBtn.setAttribute('aria-expanded', String(open));
  if (open) exportMenu.querySelector('button')?.focus();
}
exportBtn.addEventListener('click', () => setExportMenu(exportMenu.hidden));
const exportItem = (id: string, action: () => void) =>
  $<HTMLButtonElement>(id).addEventListener('click', () => {
    setExportMenu(false);
    action();
  });
exportItem('export-svg', () => post({ type: 'export', format: 'svg' }));
exportItem('export-html', () => post({ type: 'export', format: 'html' }));
exportItem('export-png', () => post({ type: 'export', format: 'png' }));
exportItem('copy-image', () => void copyImage());
exportMenu.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const items = [...exportMenu.querySelectorAll('button')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
});

/**
 * The whole timeline as the SVG export draws it (the view's scale, collapsed servers and hidden lanes), drawn on a
 * canvas: what a PNG export and "copy as image" make. The SVG goes in as a data: image, which the panel's policy
 * allows (img-src data:), and an image from a data: URL leaves the canvas readable.
 */
async function timelineCanvas(): Promise<HTMLCanvasElement | string> {
  if (!model) return 'no run is drawn';
  const file = layoutTimeline(model, { scale: view.scale ?? 'events', collapsed: view.collapsed, hidden: view.hidden });
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderTimelineSvg(model, file))}`;
  await image.decode();
  const { naturalWidth: width, naturalHeight: height } = image;
  const ratio = pngPixelRatio(width, height);
  if (ratio === undefined) return pngSizeProblem(width, height) ?? 'the drawing cannot be an image';
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * ratio);
  canvas.height = Math.ceil(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return 'no canvas to draw on';
  context.scale(ratio, ratio);
  context.drawImage(image, 0, 0, width, height);
  return canvas;
}

/** Answers a `renderPng`: the picture, or why there is none (`pending` while the document's run is not drawn yet). */
async function answerPng(requestId: number, uri: string): Promise<void> {
  if (!model || doc?.uri !== uri) {
    post({ type: 'png', requestId, error: 'the run is not drawn yet', pending: true });
    return;
  }
  try {
    const canvas = await timelineCanvas();
    if (typeof canvas === 'string') post({ type: 'png', requestId, error: canvas, pending: false });
    else post({ type: 'png', requestId, dataUrl: canvas.toDataURL('image/png') });
  } catch (e) {
    post({ type: 'png', requestId, error: `the drawing failed (${e instanceof Error ? e.message : String(e)})`, pending: false });
  }
}

/** Puts the picture on the clipboard; the banner says whether it worked. */
async function copyImage(): Promise<void> {
  try {
    const canvas = await timelineCanvas();
    if (typeof canvas === 'string') throw new Error(canvas);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('no image');
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    flashBanner('copied as an image');
  } catch (e) {
    flashBanner(`not copied: ${e instanceof Error ? e.message : String(e)}; export it as PNG instead`);
  }
}

/** A note in the banner for a few seconds (the run's own state comes back after). */
function flashBanner(text: string): void {
  const before = { text: bannerEl.textContent ?? '', className: bannerEl.className };
  bannerEl.textContent = text;
  bannerEl.className = 'banner';
  setTimeout(() => {
    if (bannerEl.textContent !== text) return;
    bannerEl.textContent = before.text;
    bannerEl.className = before.className;
  }, 4000);
}

function toggleGroup(group: string): void {
  view.collapsed = view.collapsed.includes(group) ? view.collapsed.filter((g) => g !== group) : [...view.collapsed, group];
  relayout();
  saveView();
}

function renderLanesMenu(): void {
  if (!model) {
    lanesMenu.innerHTML = '';
    return;
  }
  lanesMenu.innerHTML = model.groups
    .map((g) => {
      const lanes = model?.lanes.filter((l) => l.group === g.id) ?? [];
      return (
        `<fieldset><legend>${esc(g.name)}</legend>` +
        `<label class="collapse"><input type="checkbox" data-collapse="${esc(g.id)}"${view.collapsed.includes(g.id) ? ' checked' : ''}> collapse into one lane</label>` +
        lanes
          .map(
            (l) =>
              `<label><input type="checkbox" data-lane="${esc(l.id)}"${view.hidden.includes(l.id) ? '' : ' checked'}> ${esc(l.title)}</label>`,
          )
          .join('') +
        '</fieldset>'
      );
    })
    .join('');
}

function setLanesMenu(open: boolean): void {
  if (open) renderLanesMenu();
  lanesMenu.hidden = !open;
  lanesBtn.setAttribute('aria-expanded', String(open));
  if (open) lanesMenu.querySelector('input')?.focus();
}
lanesBtn.addEventListener('click', () => setLanesMenu(lanesMenu.hidden));
lanesMenu.addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const lane = input.dataset.lane;
  const group = input.dataset.collapse;
  if (lane) {
    view.hidden = input.checked ? view.hidden.filter((l) => l !== lane) : [...view.hidden, lane];
    searchText = null;
    relayout();
    if (view.search) runSearch(false);
    saveView();
  } else if (group) toggleGroup(group);
});
/**
 * In a narrow panel the tools after the search are behind one button (the stylesheet shows it, timeline.css): it
 * drops them down as a column; a tool used from there folds them up again.
 */
const moreOpen = () => moreBtn.getAttribute('aria-expanded') === 'true';
function setMoreTools(open: boolean): void {
  tools.classList.toggle('open', open);
  moreBtn.setAttribute('aria-expanded', String(open));
  if (open) tools.querySelector('button')?.focus();
}
moreBtn.addEventListener('click', () => setMoreTools(!moreOpen()));
tools.addEventListener('click', (e) => {
  const button = (e.target as Element).closest('button');
  if (moreOpen() && button && !button.id.startsWith('zoom-')) setMoreTools(false);
});
// Escape closes the open menu wherever the focus is, and a click outside it too.
document.addEventListener(
  'keydown',
  (e) => {
    if (e.key !== 'Escape' || (lanesMenu.hidden && exportMenu.hidden && !moreOpen())) return;
    e.preventDefault();
    e.stopPropagation();
    if (!lanesMenu.hidden) {
      setLanesMenu(false);
      (getComputedStyle(moreBtn).display === 'none' ? lanesBtn : moreBtn).focus();
    } else if (!exportMenu.hidden) {
      setExportMenu(false);
      (getComputedStyle(moreBtn).display === 'none' ? exportBtn : moreBtn).focus();
    } else {
      setMoreTools(false);
      moreBtn.focus();
    }
  },
  true,
);
document.addEventListener('pointerdown', (e) => {
  const target = e.target as Node;
  if (!lanesMenu.hidden && !lanesMenu.contains(target) && !lanesBtn.contains(target)) setLanesMenu(false);
  if (!exportMenu.hidden && !exportMenu.contains(target) && !exportBtn.contains(target)) setExportMenu(false);
  if (moreOpen() && !tools.contains(target) && !moreBtn.contains(target)) setMoreTools(false);
});

// ---------------------------------------------------------------------------------------------------------------
// Pointer: click, hover, drag the time cursor, pan, zoom with Ctrl+wheel
// ---------------------------------------------------------------------------------------------------------------
function markFromEvent(e: Event): TimelineMark | undefined {
  const el = (e.target as Element | null)?.closest?.('[data-mark]');
  const index = el ? Number(el.getAttribute('data-mark')) : NaN;
  return Number.isFinite(index) ? model?.marks[index] : undefined;
}

/** Body y of a pointer event. */
function bodyY(e: MouseEvent): number {
  return e.clientY - canvas.getBoundingClientRect().top;
}
function bodyX(e: MouseEvent): number {
  return e.clientX - canvas.getBoundingClientRect().left;
}

bodySvg.addEventListener('click', (e) => {
  if (dragged) return;
  const m = markFromEvent(e);
  if (m) {
    selectMark(m.index, true);
    return;
  }
  const bar = (e.target as Element).closest('[data-txn]');
  if (bar) setTxn(bar.getAttribute('data-txn'));
});

headerSvg.addEventListener('click', (e) => {
  const g = (e.target as Element).closest('[data-group]');
  const id = g?.getAttribute('data-group');
  if (id) toggleGroup(id);
});

let hoverFrame = 0;
bodySvg.addEventListener('pointermove', (e) => {
  const m = markFromEvent(e);
  if (!m) {
    hideTooltip();
    return;
  }
  tooltip.textContent = markTitle(m);
  tooltip.hidden = false;
  const x = Math.min(window.innerWidth - tooltip.offsetWidth - 8, e.clientX + 14);
  const y = Math.min(window.innerHeight - tooltip.offsetHeight - 8, e.clientY + 14);
  tooltip.style.left = `${Math.max(4, x)}px`;
  tooltip.style.top = `${Math.max(4, y)}px`;
  const txn = m.txn ?? null;
  if (txn !== hoverTxn) {
    hoverTxn = txn;
    if (!hoverFrame) hoverFrame = requestAnimationFrame(() => ((hoverFrame = 0), renderWindow(true)));
  }
});
bodySvg.addEventListener('pointerleave', hideTooltip);
function hideTooltip(): void {
  tooltip.hidden = true;
  if (hoverTxn !== null) {
    hoverTxn = null;
    requestForcedRender();
  }
}

let drag: { kind: 'cursor' | 'pan'; x: number; y: number; left: number; top: number } | null = null;
let dragged = false;
scroller.addEventListener('pointerdown', (e) => {
  if (!layout || e.button !== 0 || !canvas.contains(e.target as Node)) return;
  dragged = false;
  const onCursor = (e.target as Element).closest('.cursor, .cursor-line') !== null;
  if (onCursor || bodyX(e) < METRICS.timeColumn) {
    drag = { kind: 'cursor', x: e.clientX, y: e.clientY, left: 0, top: 0 };
    setCursor(rowAtY(layout, bodyY(e)), false);
  } else if (!markFromEvent(e)) {
    drag = { kind: 'pan', x: e.clientX, y: e.clientY, left: scroller.scrollLeft, top: scroller.scrollTop };
  } else return;
  scroller.setPointerCapture(e.pointerId);
  scroller.focus({ preventScroll: true });
});
scroller.addEventListener('pointermove', (e) => {
  if (!drag || !layout) return;
  if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) dragged = true;
  if (drag.kind === 'cursor') {
    const row = rowAtY(layout, bodyY(e));
    if (row !== cursorRow) setCursor(row, false);
  } else {
    scroller.scrollLeft = drag.left - (e.clientX - drag.x);
    scroller.scrollTop = drag.top - (e.clientY - drag.y);
  }
});
const endDrag = (e: PointerEvent) => {
  if (!drag) return;
  drag = null;
  if (scroller.hasPointerCapture(e.pointerId)) scroller.releasePointerCapture(e.pointerId);
  // A click event follows pointerup: let it see whether this was a drag, then forget.
  setTimeout(() => (dragged = false), 0);
};
scroller.addEventListener('pointerup', endDrag);
scroller.addEventListener('pointercancel', endDrag);

scroller.addEventListener(
  'wheel',
  (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    setZoom(
      view.zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15),
      scroller.scrollTop + (e.clientY - scroller.getBoundingClientRect().top - METRICS.headerHeight),
    );
  },
  { passive: false },
);

let scrollSaveTimer: ReturnType<typeof setTimeout> | undefined;
scroller.addEventListener('scroll', () => {
  requestRender();
  hideTooltipOnly();
  if (scrollSaveTimer) clearTimeout(scrollSaveTimer);
  scrollSaveTimer = setTimeout(() => {
    const a = topAnchor();
    view.topTime = a ? a.time : null;
    saveView();
  }, 200);
});
function hideTooltipOnly(): void {
  tooltip.hidden = true;
}
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = 0;
window.addEventListener('resize', () => {
  applyDetails();
  requestForcedRender();
  // Label sides depend on the width: lay out again once the resize settles.
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (scroller.clientWidth !== lastWidth) relayout();
  }, 150);
});

/** Shows or hides the details panel: as the user chose, else by width (beside an editor the diagram needs the room). */
function applyDetails(): void {
  const shown = view.details ?? window.innerWidth > 1100;
  sideEl.hidden = !shown;
  detailsBtn.setAttribute('aria-pressed', String(shown));
  detailsBtn.classList.toggle('on', shown);
}
function toggleDetails(): void {
  view.details = sideEl.hidden;
  applyDetails();
  if (scroller.clientWidth !== lastWidth) relayout();
  renderSide();
  if (!sideEl.hidden) updateCursorPanelNow();
  // The diagram just got smaller (or larger): keep the time cursor in sight.
  if (cursorRow !== null) scrollRowIntoView(cursorRow);
  requestForcedRender();
  saveView();
}
detailsBtn.addEventListener('click', toggleDetails);

// Side panel links.
document.getElementById('side')?.addEventListener('click', (e) => {
  const target = (e.target as Element).closest('button');
  if (!target || !model) return;
  const verdict = target.getAttribute('data-verdict');
  const line = target.getAttribute('data-line');
  const txn = target.getAttribute('data-txn');
  if (verdict !== null) {
    const v = model.verdicts[Number(verdict)];
    if (!v) return;
    highlighted = new Set(v.marks);
    const first = v.marks[0];
    if (first !== undefined) selectMark(first, false);
    if (v.line !== undefined && doc) post({ type: 'reveal', uri: doc.uri, line: v.line, eventId: -1 });
    requestForcedRender();
  } else if (line !== null && doc) {
    post({ type: 'reveal', uri: doc.uri, line: Number(line), eventId: -1 });
  } else if (txn !== null) {
    setTxn(txn);
    const first = model.marksByTxn.get(txn)?.[0];
    if (first !== undefined && view.txn === txn) selectMark(first, false);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Keyboard
// ---------------------------------------------------------------------------------------------------------------
scroller.addEventListener('keydown', (e) => {
  if (!layout || e.altKey) return;
  const pageRows = Math.max(1, Math.floor((scroller.clientHeight - METRICS.headerHeight) / layout.rowHeight) - 2);
  const at = cursorRow;
  let handled = true;
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      setCursor(at === null ? rowAtY(layout, scroller.scrollTop) : at + 1, true);
      break;
    case 'ArrowUp':
    case 'k':
      setCursor(at === null ? rowAtY(layout, scroller.scrollTop) : at - 1, true);
      break;
    case 'PageDown':
    case 'PageUp': {
      const from = at ?? rowAtY(layout, scroller.scrollTop);
      const sign = e.key === 'PageDown' ? 1 : -1;
      // To scale, rows are not of one height: a screen is measured in pixels.
      const screen = scroller.clientHeight - METRICS.headerHeight - layout.rowHeight * 2;
      setCursor(
        layout.scale === 'time'
          ? rowAtY(layout, rowCenter(layout, from) + sign * Math.max(layout.rowHeight, screen))
          : from + sign * pageRows,
        true,
      );
      break;
    }
    case 'Home':
      setCursor(0, true);
      break;
    case 'End':
      setCursor(layout.rowCount - 1, true);
      break;
    case 'Enter': {
      const m = markAt(at);
      if (m) revealMark(m);
      break;
    }
    case 't': {
      const m = markAt(at);
      if (m?.txn) setTxn(m.txn);
      break;
    }
    case 'c': {
      const m = markAt(at);
      const group = m ? model?.lanes.find((l) => l.id === m.lane)?.group : undefined;
      if (group) toggleGroup(group);
      break;
    }
    case '+':
    case '=':
      setZoom(view.zoom * 1.25);
      break;
    case '-':
      setZoom(view.zoom / 1.25);
      break;
    case '0':
      setZoom(1);
      break;
    case '/':
      searchEl.focus();
      searchEl.select();
      break;
    case 'f':
      if (e.ctrlKey || e.metaKey) {
        searchEl.focus();
        searchEl.select();
      } else handled = false;
      break;
    case 'n':
      nextMatch(1);
      break;
    case 'N':
      nextMatch(-1);
      break;
    case 'F':
      setFilter(!view.filter);
      break;
    case 's':
    case 'S':
      setScale(view.scale === 'time' ? 'events' : 'time');
      break;
    case 'l':
    case 'L':
      setLanesMenu(true);
      break;
    case 'e':
    case 'E':
      setExportMenu(true);
      break;
    case 'v':
      if (sideEl.hidden) toggleDetails();
      verdictsEl.querySelector<HTMLButtonElement>('button')?.focus();
      break;
    case 'd':
    case 'D':
      toggleDetails();
      break;
    case '?': {
      const keys = document.getElementById('keys-box') as HTMLDetailsElement;
      keys.open = !keys.open;
      break;
    }
    case 'Escape':
      highlighted = new Set();
      view.txn = null;
      searchEl.value = '';
      runSearch(false);
      renderTransactions();
      break;
    default:
      handled = false;
  }
  if (handled) e.preventDefault();
});

// ---------------------------------------------------------------------------------------------------------------
// Messages from the extension
// ---------------------------------------------------------------------------------------------------------------
function snapshot(): TimelineSnapshot {
  const texts = (root: Element, selector: string) => [...root.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());
  return {
    uri: doc?.uri ?? null,
    version: doc?.version ?? null,
    banner: bannerEl.textContent ?? '',
    groups: texts(headerSvg, '.grp-n'),
    lanes: texts(headerSvg, '.lane-t'),
    marks: texts(bodySvg, '.mark .lbl'),
    positions: texts(bodySvg, '.mark .pos'),
    highlighted: texts(bodySvg, '.mark.hl .lbl'),
    cursor: bodySvg.querySelector('.cursor-t')?.textContent ?? null,
    details: !sideEl.hidden,
    status: statusEl.textContent ?? '',
    verdicts: texts(verdictsEl, 'li'),
    story: storyEl.hidden ? [] : [storyEndEl.textContent ?? '', ...texts(storyListEl, 'li')],
    rowCount: layout?.rowCount ?? 0,
    renderedMarks: bodySvg.querySelectorAll('.mark').length,
    imgCount: document.querySelectorAll('img').length,
    scriptCount: document.querySelectorAll('script').length,
    timings,
  };
}

/** Clicks the first mark whose text contains `text`, scrolling it into view first, through the normal click handler. */
function simulateClick(text: string): boolean {
  if (!model || !layout) return false;
  const q = text.toLowerCase();
  const index = model.marks.findIndex(
    (m) => (layout?.markRow[m.index] ?? -1) >= 0 && `${m.title} ${m.positions.join(' ')}`.toLowerCase().includes(q),
  );
  if (index < 0) return false;
  scrollRowIntoView(layout.markRow[index]);
  renderWindow(true);
  const el = bodySvg.querySelector(`[data-mark="${index}"] .s`);
  if (!el) return false;
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
  return true;
}

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'timeline':
        showTimeline(message);
        break;
      case 'status':
        showStatus(message);
        break;
      case 'empty':
        showEmpty(message);
        break;
      case 'stale':
        if (doc?.uri === message.uri) setBanner(message.stale);
        break;
      case 'editorLine':
        if (doc?.uri === message.uri && message.line !== editorLine) highlightLine(message.line, true);
        break;
      case 'renderPng':
        void answerPng(message.requestId, message.uri);
        break;
      // The test hooks: answered in development builds only (the release build defines REPLSCOPE_TEST_HOOKS false).
      case 'snapshotRequest': {
        if (!REPLSCOPE_TEST_HOOKS) break;
        renderWindow(true);
        updateCursorPanelNow();
        const requestId = message.requestId;
        void statusSettled(3000).then(() => post({ type: 'snapshot', requestId, snapshot: snapshot() }));
        break;
      }
      case 'simulateClick':
        if (!REPLSCOPE_TEST_HOOKS) break;
        post({ type: 'clicked', requestId: message.requestId, found: simulateClick(message.text) });
        break;
      case 'simulateKey':
        if (!REPLSCOPE_TEST_HOOKS) break;
        scroller.focus();
        scroller.dispatchEvent(new KeyboardEvent('keydown', { key: message.key, bubbles: true, cancelable: true }));
        renderWindow(true);
        post({ type: 'pressed', requestId: message.requestId });
        break;
    }
  } catch (e) {
    post({ type: 'log', level: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});

/** Brings the side panel up to the time cursor now (the status table follows when its answer comes). */
function updateCursorPanelNow(): void {
  if (!model || sideEl.hidden) return;
  updateCursorPanel();
}

window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: `${e.message} (${e.filename}:${e.lineno})` }));

applyDetails();
showEmpty({ type: 'empty', uri: null, fileName: 'ReplScope timeline', message: 'Waiting for a run…' });
post({ type: 'ready', state: restored });
