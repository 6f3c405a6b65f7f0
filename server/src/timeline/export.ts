/**
 * The timeline as a file: a standalone SVG, or a self-contained HTML page (the SVG inline, the verdicts, the
 * transactions, every server's final status, styles inline, no script, no network). Same model, layout and
 * renderer as the webview: the export draws every row where the webview draws the rows on screen.
 */
import { formatMicros, type Trace } from '../trace/trace';
import { escapeMarkup as esc } from './escape';
import { METRICS, layoutTimeline, type LayoutOptions, type TimelineLayout } from './layout';
import { buildTimeline, type TimelineModel } from './model';
import { renderBody, renderDefs, renderHeader, renderLegendWithin } from './render';
import { renderStatusTableHtml, statusTableAt } from './status-table';
import { exportCss } from './styles';

/** The formats `replscope run --svg/--html` and the export command write. */
export type TimelineFileFormat = 'svg' | 'html';

/**
 * The most events an exported file draws. Past it the page is tens of megabytes that a browser struggles to open
 * (and past about a million events the text no longer fits in one JavaScript string): the export is refused.
 */
export const MAX_EXPORTED_EVENTS = 50_000;

/** Why the timeline of `trace` is not exported, when it is too large to be. */
export function exportRefusal(trace: Trace): string | undefined {
  if (trace.events.length <= MAX_EXPORTED_EVENTS) return undefined;
  return `the run has ${trace.events.length} events and an exported timeline draws at most ${MAX_EXPORTED_EVENTS}: shorten the scenario, or take the events from replscope run --json`;
}

/** The whole timeline of `trace` as an SVG document or an HTML page (see `exportRefusal` first). */
export function renderTimelineFile(trace: Trace, format: TimelineFileFormat, options: LayoutOptions = {}): string {
  const model = buildTimeline(trace);
  const layout = layoutTimeline(model, options);
  return format === 'svg' ? renderTimelineSvg(model, layout) : renderTimelineHtml(trace, model, layout);
}

/** `AFTER_COMMIT crash before the ACK — mysql-5.5 · seed 1 · settled at 34.1 ms`. */
function subtitle(model: TimelineModel): string {
  const end =
    model.endReason === 'settled'
      ? `settled at ${formatMicros(model.endTime)}`
      : `stopped (${model.endReason}) at ${formatMicros(model.endTime)}`;
  return `${model.flavor} · seed ${model.seed} · ${model.marks.length} events · ${end}`;
}

/** `text` in lines of at most `max` characters, broken between words (a word longer than a line is a line of its own). */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The diagram (header, rows, legend) as one `<svg>` element; `standalone` adds the title lines and styles. */
function diagramSvg(model: TimelineModel, layout: TimelineLayout, standalone: boolean): string {
  const legend = renderLegendWithin(Math.max(layout.width - 20, 440));
  const width = Math.max(layout.width, legend.width + 20);
  // A verdict is wrapped to the width of the drawing (an image cuts what runs past its edge).
  const verdictLines = standalone
    ? model.verdicts.map((v) => ({
        severity: v.severity,
        lines: wrapWords(
          `${v.severity === 'error' ? '✗' : v.severity === 'warning' ? '!' : 'i'} ${v.message}`,
          Math.floor((width - 36) / 6.3),
        ),
      }))
    : [];
  const lineCount = verdictLines.reduce((n, v) => n + v.lines.length, 0);
  const titleHeight = standalone ? 44 + lineCount * 16 : 0;
  const bodyTop = titleHeight + METRICS.headerHeight;
  const height = Math.ceil(bodyTop + layout.height + legend.height + 16);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="tl-svg tl-root" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`Timeline of ${model.title}`)}">`,
  );
  out.push(`<title>${esc(`${model.title} — ${subtitle(model)}`)}</title>`);
  if (standalone)
    out.push(
      `<style><![CDATA[${exportCss('.tl-root')}\n.doc-title { font-size: 15px; font-weight: 600; }\n.doc-sub { font-size: 11px; fill: var(--tl-muted) !important; }\n.v-error { fill: var(--tl-error) !important; }\n.v-warning { fill: var(--tl-warn) !important; }]]></style>`,
    );
  out.push(renderDefs());
  out.push(`<rect class="tl-bg" x="0" y="0" width="${width}" height="${height}"/>`);
  if (standalone) {
    out.push(`<text class="doc-title" x="12" y="20">${esc(model.title)}</text>`);
    out.push(`<text class="doc-sub" x="12" y="36">${esc(subtitle(model))}</text>`);
    let line = 0;
    for (const v of verdictLines) {
      // The lines after a verdict's first are indented under its text.
      v.lines.forEach((text, i) =>
        out.push(`<text class="verdict v-${v.severity}" x="${i === 0 ? 12 : 24}" y="${54 + line++ * 16}">${esc(text)}</text>`),
      );
    }
  }
  out.push(`<g transform="translate(0,${titleHeight})">${renderHeader(layout, { titles: true })}</g>`);
  out.push(`<g transform="translate(0,${bodyTop})">${renderBody(layout, 0, layout.height, { titles: true, anchors: true })}</g>`);
  out.push(`<g transform="translate(0,${Math.ceil(bodyTop + layout.height + 8)})">${legend.markup}</g>`);
  out.push('</svg>');
  return out.join('');
}

/**
 * The standalone SVG of `trace` as an element to put inside an HTML page (a Markdown preview): the same markup
 * `renderTimelineFile(trace, 'svg')` writes, its styles scoped to the element, less the XML prolog.
 */
export function renderTimelineSvgElement(trace: Trace, options: LayoutOptions = {}): string {
  const model = buildTimeline(trace);
  return diagramSvg(model, layoutTimeline(model, options), true);
}

/** A standalone SVG document of the whole timeline. */
export function renderTimelineSvg(model: TimelineModel, layout: TimelineLayout = layoutTimeline(model)): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${diagramSvg(model, layout, true)}\n`;
}

const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px 32px; background: var(--tl-bg); color: var(--tl-fg); font-family: var(--tl-font); font-size: 13px; }
h1 { font-size: 18px; margin: 0 0 2px; }
h2 { font-size: 14px; margin: 22px 0 8px; }
.sub { color: var(--tl-muted); margin: 0; }
.verdicts { list-style: none; padding: 0; margin: 0; }
.story { list-style: none; padding: 0; margin: 0; }
.story .when { display: inline-block; min-width: 5.5em; color: var(--tl-muted); }
.verdicts li { margin: 3px 0; padding: 4px 8px; border-left: 3px solid var(--tl-muted); background: var(--tl-group-bg); }
.verdicts li.error { border-color: var(--tl-error); }
.verdicts li.warning { border-color: var(--tl-warn); }
.verdicts .kind { font-weight: 600; margin-right: 6px; }
.verdicts .where { color: var(--tl-muted); margin-left: 6px; }
a { color: var(--tl-events); }
table { border-collapse: collapse; }
td, th { padding: 2px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--tl-grid); }
thead th { position: sticky; top: 0; background: var(--tl-header-bg); }
.txns td.o-ok { color: var(--tl-ok); }
.txns td.o-error { color: var(--tl-error); }
.txns td.o-lost_connection { color: var(--tl-lost); }
.txns td.o-unknown { color: var(--tl-unknown); }
.present { color: var(--tl-ok); }
.absent { color: var(--tl-muted); }
.mono, .status td { font-family: var(--tl-mono); font-size: 12px; }
.status .sec th { background: var(--tl-group-bg); font-weight: 600; padding-top: 6px; }
.status td { white-space: nowrap; }
.status td.long { white-space: normal; max-width: 34em; overflow-wrap: anywhere; }
.status td.chg { font-weight: 700; }
.status td.none { color: var(--tl-muted); }
.scroll { overflow: auto; border: 1px solid var(--tl-grid); max-height: 85vh; }
.exp-pass { color: var(--tl-ok); }
.exp-fail { color: var(--tl-error); }
footer { margin-top: 24px; color: var(--tl-muted); font-size: 11px; }
`;

/** A self-contained HTML page: no script, no external resource (its own CSP says so), readable offline. */
export function renderTimelineHtml(
  trace: Trace,
  model: TimelineModel = buildTimeline(trace),
  layout: TimelineLayout = layoutTimeline(model),
): string {
  const out: string[] = [];
  out.push('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${esc(`${model.title} — ReplScope timeline`)}</title>`);
  out.push(`<style>${exportCss(':root')}\n${PAGE_CSS}</style></head><body>`);
  out.push(`<header><h1>${esc(model.title)}</h1><p class="sub">${esc(subtitle(model))}</p></header>`);

  out.push('<section><h2>In short</h2><ul class="story">');
  for (const sentence of model.story)
    out.push(
      `<li>${sentence.time !== undefined ? `<span class="when">${esc(formatMicros(sentence.time))}</span> ` : ''}${esc(sentence.text)}</li>`,
    );
  out.push('</ul></section>');

  out.push('<section><h2>Verdicts</h2>');
  if (model.verdicts.length === 0)
    out.push('<p class="sub">No verdicts: every acknowledged commit survived, replication ran, the servers agree.</p>');
  else {
    out.push('<ul class="verdicts">');
    for (const v of model.verdicts) {
      const first = v.marks[0] !== undefined ? model.marks[v.marks[0]] : undefined;
      const link = first ? ` <a href="#tl-ev-${first.eventId}">show at ${esc(formatMicros(first.time))}</a>` : '';
      out.push(
        `<li class="${v.severity}"><span class="kind">${esc(v.kind.replace(/_/g, ' '))}</span>${esc(v.message)}<span class="where">${esc(
          [v.txn, v.servers.join(', '), formatMicros(v.time), v.line !== undefined ? `line ${v.line + 1}` : undefined]
            .filter(Boolean)
            .join(' · '),
        )}</span>${link}</li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>');

  if (trace.expectations.length > 0) {
    out.push('<section><h2>Expectations</h2><ul class="verdicts">');
    for (const e of trace.expectations) {
      out.push(
        `<li class="${e.passed ? 'info' : 'error'}"><span class="${e.passed ? 'exp-pass' : 'exp-fail'}">${e.passed ? '✓' : '✗'}</span> line ${e.line + 1}: ${esc(e.message)}</li>`,
      );
    }
    out.push('</ul></section>');
  }

  if (model.transactions.length > 0) {
    const servers = trace.servers.map((s) => s.name);
    out.push(
      '<section><h2>Transactions</h2><table class="txns"><thead><tr><th>txn</th><th>client</th><th>on</th><th>client was told</th><th>binlog</th>',
    );
    for (const s of servers) out.push(`<th>on ${esc(s)} at the end</th>`);
    out.push('</tr></thead><tbody>');
    for (const t of model.transactions) {
      const first = t.marks[0] !== undefined ? model.marks[t.marks[0]] : undefined;
      const id = first ? `<a href="#tl-ev-${first.eventId}">${esc(t.id)}</a>` : esc(t.id);
      out.push(
        `<tr><td>${id}${t.retryOf ? ` <span class="sub">(retry of ${esc(t.retryOf)})</span>` : ''}</td><td>${esc(t.client)}</td><td>${esc(t.server ?? '—')}</td><td class="o-${t.outcome}">${esc(t.outcomeText)}</td><td class="mono">${esc(t.binlog ?? '—')}${t.gtid ? `<br>${esc(t.gtid)}` : ''}</td>`,
      );
      for (const s of servers) {
        const p = t.presence[s];
        out.push(`<td class="${p ?? ''}">${p === 'present' ? 'present' : p === 'absent' ? 'absent' : '—'}</td>`);
      }
      out.push('</tr>');
    }
    out.push('</tbody></table></section>');
  }

  out.push(`<section><h2>Timeline</h2><div class="scroll">${diagramSvg(model, layout, false)}</div></section>`);
  out.push(
    `<section><h2>Every server at the end (${esc(formatMicros(trace.endTime))})</h2>${renderStatusTableHtml(statusTableAt(trace, trace.endTime))}</section>`,
  );
  out.push(
    '<footer>Written by ReplScope from a deterministic run of the scenario; run it again with the same seed for the same picture.</footer>',
  );
  out.push('</body></html>\n');
  return out.join('');
}
