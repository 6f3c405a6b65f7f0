/**
 * The diagram's stylesheet, written once over `--tl-*` custom properties. The webview maps those properties to
 * VS Code's theme colours (client/webview/timeline.css), the exported files to a fixed light palette with a dark
 * one under `prefers-color-scheme: dark`. So the renderer's markup carries classes only, and looks right in light,
 * dark and high-contrast themes.
 */

/** The rules for the classes render.ts writes. */
export const DIAGRAM_CSS = `
.tl-svg { font-family: var(--tl-font); font-size: 11px; overflow: visible; }
.tl-svg text { fill: var(--tl-fg); }
.tl-bg { fill: var(--tl-bg); }
.hdr-bg { fill: var(--tl-header-bg); }
.hdr-rule { stroke: var(--tl-grid); stroke-width: 1; }
.hdr-time { fill: var(--tl-muted) !important; font-size: 10px; }
.grp-h { fill: var(--tl-group-head); }
.grp-clients .grp-h { fill: var(--tl-group-head-clients); }
.grp-n { font-weight: 600; font-size: 11.5px; }
.grp-d { font-weight: 400; font-size: 10px; fill: var(--tl-muted) !important; }
.grp[data-group] { cursor: pointer; }
.grp[data-group]:hover .grp-h, .grp.focus .grp-h { stroke: var(--tl-focus); stroke-width: 1; }
.lane-t { font-size: 10px; fill: var(--tl-muted) !important; }
.grp-bg.odd { fill: var(--tl-group-bg); }
.grp-bg.even { fill: transparent; }
.life { stroke: var(--tl-grid); stroke-width: 1; }
.life-client { stroke-dasharray: 2 3; }
.gap { fill: var(--tl-bg); stroke: var(--tl-grid); stroke-dasharray: 3 3; stroke-width: 1; }
.gap-t { fill: var(--tl-muted) !important; font-style: italic; font-size: 10px; }
.gap-cut { stroke: none; }
.gap-t-cut { paint-order: stroke; stroke: var(--tl-bg); stroke-width: 3px; stroke-linejoin: round; }
.gap-break { fill: none; stroke: var(--tl-muted); stroke-width: 1; }
.time { fill: var(--tl-muted) !important; font-size: 10px; font-family: var(--tl-mono); }
.row-hl { fill: var(--tl-hl); }
.row-match { fill: var(--tl-match); }
.row-cur { fill: var(--tl-cursor-row); }
.shade { stroke: none; }
.sh-server_down { fill: var(--tl-error); fill-opacity: 0.09; }
.shade-hatch { stroke: none; pointer-events: none; }
.hatch line { stroke: var(--tl-error); stroke-opacity: 0.35; stroke-width: 1.5; }
.sh-semisync_off { fill: var(--tl-warn); fill-opacity: 0.16; }
.sh-link_down { fill: var(--tl-lost); fill-opacity: 0.14; }
.sh-io_thread_stopped, .sh-sql_thread_stopped { fill: var(--tl-muted); fill-opacity: 0.18; }
.shade-t { font-size: 9.5px; font-style: italic; fill: var(--tl-muted) !important; paint-order: stroke; stroke: var(--tl-bg); stroke-width: 3px; stroke-linejoin: round; }
.sh-t-server_down { fill: var(--tl-error) !important; }
.sh-t-semisync_off { fill: var(--tl-warn) !important; }
.bar rect { fill: var(--tl-unknown); fill-opacity: 0.75; }
.bar.o-ok rect { fill: var(--tl-ok); }
.bar.o-error rect { fill: var(--tl-error); }
.bar.o-lost_connection rect { fill: var(--tl-lost); }
.bar.tx rect { fill-opacity: 1; stroke: var(--tl-fg); stroke-width: 1; }
.bar-t { font-size: 9.5px; font-weight: 600; fill: var(--tl-muted) !important; }
.arrow line, .arrow path { stroke-width: 1.3; fill: none; }
.a-events line, .a-events path { stroke: var(--tl-events); }
.a-ack line, .a-ack path { stroke: var(--tl-ack); stroke-dasharray: 4 2; }
.a-connect line, .a-connect path, .a-disconnect line, .a-disconnect path { stroke: var(--tl-muted); stroke-dasharray: 1.5 2.5; }
.a-error line, .a-error path { stroke: var(--tl-error); }
.arrow.dropped line { stroke-dasharray: 3 3; }
.arrow .drop-x { stroke: var(--tl-error); stroke-width: 1.8; stroke-dasharray: none; }
.drop-t { font-size: 9.5px; font-style: italic; fill: var(--tl-error) !important; paint-order: stroke; stroke: var(--tl-bg); stroke-width: 3px; }
.arrow.tx line, .arrow.tx path { stroke-width: 2.6; }
.ah path { stroke: none; }
.ah-events path { fill: var(--tl-events); }
.ah-ack path { fill: var(--tl-ack); }
.ah-connect path, .ah-disconnect path { fill: var(--tl-muted); }
.ah-error path { fill: var(--tl-error); }
.mark .hit { fill: transparent; stroke: none; pointer-events: all; }
.mark .s { fill: var(--tl-neutral); stroke: var(--tl-bg); stroke-width: 1; }
.mark .s.hollow { fill: var(--tl-bg); stroke: var(--tl-neutral); stroke-width: 1.6; }
.mark .s-line { stroke: var(--tl-bg); stroke-width: 1.4; fill: none; }
.mark .s-x { stroke: #fff; stroke-width: 2; fill: none; stroke-linecap: round; }
.sh-send .s { fill: var(--tl-events); }
.sh-receive .s.hollow { stroke: var(--tl-events); }
.sh-binlog .s { fill: var(--tl-pos); }
.sh-commit .s { fill: var(--tl-ok); }
.sh-wait .s { fill: var(--tl-warn); }
.sh-crash .s { fill: var(--tl-error); stroke: var(--tl-fg); }
.sh-restart .s { fill: var(--tl-restart); stroke: var(--tl-fg); }
.sh-promote .s { fill: var(--tl-info); stroke: var(--tl-fg); }
.sh-timeout .s { fill: var(--tl-warn); stroke: var(--tl-fg); }
.sh-timeout .s-line { stroke: var(--tl-bg); }
.sh-error .s { fill: var(--tl-error); }
.sh-semisync .s { fill: var(--tl-warn); }
.sh-operation .s.hollow { stroke: var(--tl-info); }
.sh-reply .s { fill: var(--tl-unknown); }
.sh-tick .s { fill: none; stroke: var(--tl-muted); stroke-width: 2; }
.sh-tick .lbl .t { fill: var(--tl-muted) !important; }
.o-ok .s { fill: var(--tl-ok); }
.o-error .s { fill: var(--tl-error); }
.o-lost_connection .s { fill: var(--tl-lost); }
.o-unknown .s { fill: var(--tl-unknown); }
.k-ack_sent .s, .k-ack_received .s.hollow { fill: var(--tl-ack); stroke: var(--tl-bg); }
.k-ack_received .s.hollow { stroke: var(--tl-ack); fill: var(--tl-bg); }
.lbl { paint-order: stroke; stroke: var(--tl-bg); stroke-width: 3.5px; stroke-linejoin: round; }
.lbl .pos { font-family: var(--tl-mono); fill: var(--tl-pos) !important; font-size: 10.5px; }
.lbl .note { fill: var(--tl-muted) !important; font-style: italic; }
.sh-crash .lbl .t, .sh-error .lbl .t, .o-error .lbl .t { fill: var(--tl-error) !important; font-weight: 600; }
.o-lost_connection .lbl .t { fill: var(--tl-lost) !important; font-weight: 600; }
.o-ok .lbl .t { fill: var(--tl-ok) !important; }
.sh-promote .lbl .t, .sh-restart .lbl .t, .sh-timeout .lbl .t { font-weight: 600; }
.mark.tx .lbl .t { font-weight: 700; text-decoration: underline; }
.mark.tx .s { stroke: var(--tl-fg); stroke-width: 1.6; }
.mark.hl .s { stroke: var(--tl-focus); stroke-width: 2.2; }
.mark.cur .s { stroke: var(--tl-focus); stroke-width: 2.2; }
.cursor-line { stroke: var(--tl-focus); stroke-width: 1; stroke-dasharray: 5 3; }
.cursor { cursor: ns-resize; }
.cursor-tag { fill: var(--tl-focus); }
.tl-svg .cursor-t { fill: var(--tl-focus-fg); font-family: var(--tl-mono); font-size: 10px; }
.legend-t { font-size: 11px; }
.end { stroke: var(--tl-muted); stroke-width: 1; }
.end-t { font-size: 10px; font-style: italic; fill: var(--tl-muted) !important; }
`;

/** A palette: the values of the `--tl-*` properties. */
export type Palette = Record<
  | 'bg'
  | 'fg'
  | 'muted'
  | 'grid'
  | 'header-bg'
  | 'group-bg'
  | 'group-head'
  | 'group-head-clients'
  | 'pos'
  | 'neutral'
  | 'ok'
  | 'error'
  | 'lost'
  | 'unknown'
  | 'warn'
  | 'info'
  | 'restart'
  | 'events'
  | 'ack'
  | 'hl'
  | 'match'
  | 'cursor-row'
  | 'focus'
  | 'focus-fg'
  | 'font'
  | 'mono',
  string
>;

/** The light palette of exported files (GitHub-like, readable on paper). */
export const LIGHT_PALETTE: Palette = {
  bg: '#ffffff',
  fg: '#1f2328',
  muted: '#59636e',
  grid: '#d1d9e0',
  'header-bg': '#f6f8fa',
  'group-bg': '#f6f8fa',
  'group-head': '#dde7f3',
  'group-head-clients': '#ece6f5',
  pos: '#0550ae',
  neutral: '#6e7781',
  ok: '#1a7f37',
  error: '#cf222e',
  lost: '#bc4c00',
  unknown: '#8c959f',
  warn: '#9a6700',
  info: '#8250df',
  restart: '#1a7f37',
  events: '#0969da',
  ack: '#8250df',
  hl: 'rgba(9, 105, 218, 0.13)',
  match: 'rgba(212, 167, 44, 0.28)',
  'cursor-row': 'rgba(9, 105, 218, 0.07)',
  focus: '#0969da',
  'focus-fg': '#ffffff',
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  mono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
};

/** The dark palette of exported files, used when the reader's system prefers dark. */
export const DARK_PALETTE: Palette = {
  ...LIGHT_PALETTE,
  bg: '#0d1117',
  fg: '#e6edf3',
  muted: '#9198a1',
  grid: '#3d444d',
  'header-bg': '#151b23',
  'group-bg': '#151b23',
  'group-head': '#1f3048',
  'group-head-clients': '#2d2541',
  pos: '#79c0ff',
  neutral: '#9198a1',
  ok: '#3fb950',
  error: '#f85149',
  lost: '#f0883e',
  unknown: '#6e7681',
  warn: '#d29922',
  info: '#bc8cff',
  restart: '#3fb950',
  events: '#4493f8',
  ack: '#bc8cff',
  hl: 'rgba(68, 147, 248, 0.22)',
  match: 'rgba(210, 153, 34, 0.3)',
  'cursor-row': 'rgba(68, 147, 248, 0.1)',
  focus: '#4493f8',
  'focus-fg': '#0d1117',
};

/** `selector { --tl-bg: …; … }`. */
export function paletteCss(selector: string, palette: Palette): string {
  const body = Object.entries(palette)
    .map(([k, v]) => `--tl-${k}: ${v};`)
    .join(' ');
  return `${selector} { ${body} }`;
}

/** The stylesheet of an exported file: the diagram rules and both palettes. */
export function exportCss(selector: string): string {
  return `${paletteCss(selector, LIGHT_PALETTE)}\n@media (prefers-color-scheme: dark) { ${paletteCss(selector, DARK_PALETTE)} }\n${DIAGRAM_CSS}`;
}
