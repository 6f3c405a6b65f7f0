/**
 * The exploration as a heat map: a self-contained HTML page (no network; one script, allowed by its hash) with the
 * matrix of pipeline states × policies, a state's row opening onto a row per transaction that reached it and those onto
 * a row per crashed server (matrix-rows.ts groups them). Each cell is coloured by the worst outcome of its crash points
 * and opens (a `<details>`, keyboard operable) onto the classes it holds with an example each; then every class with
 * its count. Colours are VS Code's theme colours where the page is shown in a webview, with fallbacks for a browser.
 * Every text from the file is escaped.
 */
import { createHash } from 'node:crypto';
import { escapeMarkup } from '../timeline/escape';
import { crashPointText } from './crash-points';
import type { CaseExample, Exploration } from './explore';
import { matrixRows, type CellClass, type MatrixRow } from './matrix-rows';
import { classRank, classText, SEVERITY_ORDER } from './outcome';
import { policyText } from './policies';

/** The colour bands of the map, worst first. */
export type Severity = 'internal' | 'lost' | 'after_error' | 'duplicate' | 'divergence' | 'other' | 'clean';

const BANDS: Record<Severity, { label: string; colour: string }> = {
  internal: { label: 'internal error', colour: 'var(--vscode-errorForeground, #a1260d)' },
  lost: { label: 'lost acknowledged commit', colour: 'var(--vscode-charts-red, #d1242f)' },
  after_error: { label: 'committed after an error', colour: 'var(--vscode-charts-orange, #d18616)' },
  duplicate: { label: 'duplicate by retry', colour: 'var(--vscode-charts-purple, #8250df)' },
  divergence: { label: 'divergence', colour: 'var(--vscode-charts-yellow, #bf8700)' },
  other: { label: 'other findings', colour: 'var(--vscode-charts-blue, #0969da)' },
  clean: { label: 'clean', colour: 'var(--vscode-charts-green, #1a7f37)' },
};

/** The band of a class: its worst verdict's. */
export function severityOf(c: Parameters<typeof classRank>[0]): Severity {
  const rank = classRank(c);
  if (rank < 0) return 'internal';
  const kind = SEVERITY_ORDER[rank];
  if (kind === undefined) return 'clean';
  if (kind === 'lost_acknowledged_commit') return 'lost';
  if (kind === 'committed_after_error') return 'after_error';
  if (kind === 'duplicate_by_retry') return 'duplicate';
  if (kind === 'read_not_durable' || kind === 'divergence' || kind === 'errant_transaction') return 'divergence';
  return 'other';
}

/** The page for an exploration of `title` (the file or the scenario's title). */
export function renderExplorationHtml(result: Exploration, title: string, options: HeatmapOptions = {}): string {
  const e = escapeMarkup;
  const example = (x: CaseExample) => exampleHtml(x, options.link);
  const head = result.policies.map((p) => `<th scope="col">${e(policyText(p.settings))}</th>`).join('');
  const rows: string[] = [];
  const addRows = (list: MatrixRow[], parent: string | undefined, level: number) =>
    list.forEach((r, i) => {
      const id = `${parent ?? 'row'}-${i + 1}`;
      const label = r.level === 'state' ? r.state : r.level === 'txn' ? (r.txn ?? '') : `crash ${r.server ?? ''}`;
      const expandable = r.children.length > 0;
      const attrs = [
        `id="${id}"`,
        `class="level-${r.level}"`,
        `aria-level="${level}"`,
        `aria-posinset="${i + 1}"`,
        `aria-setsize="${list.length}"`,
        `tabindex="${rows.length === 0 ? 0 : -1}"`,
        ...(parent ? [`data-parent="${parent}"`, 'hidden'] : []),
        ...(expandable ? ['aria-expanded="false"'] : []),
      ];
      const toggle = expandable ? '<span class="toggle" aria-hidden="true"></span>' : '<span class="leaf" aria-hidden="true"></span>';
      const n = r.children.length;
      const title = r.level === 'state' ? `transaction${n === 1 ? '' : 's'}` : `crashed server${n === 1 ? '' : 's'}`;
      const hint = expandable ? ` <span class="sub">${n} ${title}</span>` : '';
      const cells = r.cells.map((c) => cell(c, options.link));
      rows.push(`<tr ${attrs.join(' ')}><th scope="row">${toggle}${e(label)}${hint}</th>${cells.join('')}</tr>`);
      addRows(r.children, id, level + 1);
    });
  addRows(matrixRows(result), undefined, 1);
  const legend = (Object.keys(BANDS) as Severity[])
    .map((s) => `<li><span class="swatch" style="background:${BANDS[s].colour}"></span>${e(BANDS[s].label)}</li>`)
    .join('');
  const classes = result.classes
    .map(
      (c) =>
        `<tr class="band-${severityOf(c)}"><td class="count">${c.count}</td><td>${e(classText(c))}</td>` +
        `<td>${example(c.example)} (case ${c.example.case}, ${e(policyText(c.example.settings))})</td></tr>`,
    )
    .join('\n');
  const properties = result.properties
    .map(
      (p) =>
        `<li class="${p.holds ? 'holds' : 'broken'}">line ${p.line + 1}: <code>expect always no ${e(p.verdict)}</code> ` +
        (p.counterexample
          ? `is broken at ${example(p.counterexample)} (case ${p.counterexample.case}, ${e(policyText(p.counterexample.settings))})`
          : 'holds at every crash point') +
        '</li>',
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crash points: ${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Crash points: ${e(title)}</h1>
<p class="totals">${result.cases} crash points, ${result.skipped} skipped (never reached, or the server already down), ${result.classes.length} outcome classes</p>
${properties ? `<ul class="properties">${properties}</ul>` : ''}
<ul class="legend">${legend}</ul>
<table class="matrix" role="treegrid" aria-label="Crash points by pipeline state, transaction and crashed server">
<caption>Worst outcome by pipeline state, transaction and crashed server: crash points with it / crash points there</caption>
<thead><tr><th scope="col">state › transaction › crashed server</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<script>${SCRIPT}</script>
<h2>Outcome classes</h2>
<table class="classes">
<thead><tr><th scope="col">cases</th><th scope="col">class</th><th scope="col">first example</th></tr></thead>
<tbody>
${classes}
</tbody>
</table>
</body>
</html>
`;
}

/** How the page is shown. */
export interface HeatmapOptions {
  /** Where an example links to (the editor: a command URI that opens the variant's timeline); none in a file. */
  link?: (example: CaseExample) => string;
}

function exampleHtml(x: CaseExample, link: HeatmapOptions['link']): string {
  const code = `<code>${escapeMarkup(crashPointText(x.crashPoint))}</code>`;
  return link ? `<a href="${escapeMarkup(link(x))}" title="Open this variant's timeline">${code}</a>` : code;
}

function cell(here: CellClass[], link: HeatmapOptions['link']): string {
  const e = escapeMarkup;
  if (here.length === 0) return '<td class="empty">–</td>';
  const total = here.reduce((n, x) => n + x.count, 0);
  const worst = severityOf(here[0].class);
  const inWorst = here.filter((x) => severityOf(x.class) === worst).reduce((n, x) => n + x.count, 0);
  const items = here
    .map(
      (x) =>
        `<li>${x.count} × ${e(classText(x.class))} <span class="example">e.g. ${exampleHtml(x.example, link)} (case ${x.example.case})</span></li>`,
    )
    .join('');
  return (
    `<td class="band-${worst}"><details><summary>${e(BANDS[worst].label)} · ${inWorst}/${total}</summary>` +
    `<ul>${items}</ul></details></td>`
  );
}

/**
 * The rows open and close as a tree grid: a click on a row's header, or on the focused row Enter or Space; ArrowRight
 * opens (or goes to the first sub-row), ArrowLeft closes (or goes to the parent row), ArrowUp/ArrowDown/Home/End move
 * between the rows shown. The only script of the page, allowed by its hash.
 */
const SCRIPT = `(() => {
  const grid = document.querySelector('.matrix');
  if (!grid) return;
  const rows = () => Array.from(grid.querySelectorAll('tbody tr'));
  const shown = () => rows().filter((r) => !r.hidden);
  const children = (row) => rows().filter((r) => r.dataset.parent === row.id);
  const setOpen = (row, open) => {
    if (!row.hasAttribute('aria-expanded')) return;
    row.setAttribute('aria-expanded', String(open));
    const show = (r, visible) => {
      for (const c of children(r)) {
        c.hidden = !visible;
        show(c, visible && c.getAttribute('aria-expanded') === 'true');
      }
    };
    show(row, open);
  };
  const focus = (row) => {
    if (!row) return;
    for (const r of rows()) r.tabIndex = r === row ? 0 : -1;
    row.focus();
  };
  grid.addEventListener('click', (ev) => {
    const th = ev.target.closest('tbody th');
    if (!th) return;
    const row = th.parentElement;
    setOpen(row, row.getAttribute('aria-expanded') === 'false');
    focus(row);
  });
  grid.addEventListener('keydown', (ev) => {
    const row = ev.target;
    if (!(row instanceof HTMLTableRowElement)) return;
    const list = shown();
    const at = list.indexOf(row);
    const expanded = row.getAttribute('aria-expanded');
    if (ev.key === 'ArrowDown') focus(list[at + 1]);
    else if (ev.key === 'ArrowUp') focus(list[at - 1]);
    else if (ev.key === 'Home') focus(list[0]);
    else if (ev.key === 'End') focus(list[list.length - 1]);
    else if (ev.key === 'ArrowRight') {
      if (expanded === 'false') setOpen(row, true);
      else if (expanded === 'true') focus(children(row)[0]);
    } else if (ev.key === 'ArrowLeft') {
      if (expanded === 'true') setOpen(row, false);
      else if (row.dataset.parent) focus(document.getElementById(row.dataset.parent));
    } else if (ev.key === 'Enter' || ev.key === ' ') setOpen(row, expanded === 'false');
    else return;
    ev.preventDefault();
  });
})();`;

const SCRIPT_HASH = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;

const STYLE = `
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #fff); margin: 1em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-panel-border, #d0d7de); padding: 4px 8px; text-align: left; vertical-align: top; }
caption { text-align: left; padding: 4px 0; opacity: 0.8; }
.matrix td { min-width: 16em; }
${(Object.keys(BANDS) as Severity[])
  .map(
    (s) =>
      `.band-${s} { border-left: 6px solid ${BANDS[s].colour}; } .matrix td.band-${s} { background: color-mix(in srgb, ${BANDS[s].colour} 18%, transparent); }`,
  )
  .join('\n')}
summary { cursor: pointer; }
.matrix tbody th { white-space: nowrap; cursor: default; }
.matrix tr[aria-expanded] > th { cursor: pointer; }
.matrix tr:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0969da); outline-offset: -2px; }
.matrix tr.level-txn > th { padding-left: 1.8em; }
.matrix tr.level-server > th { padding-left: 3.3em; font-weight: normal; }
.matrix tr.level-txn > th, .matrix tr.level-server > th { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.toggle, .leaf { display: inline-block; width: 1.1em; }
.toggle::before { content: '▸'; }
tr[aria-expanded='true'] > th > .toggle::before { content: '▾'; }
.sub { font-family: var(--vscode-font-family, system-ui, sans-serif); font-weight: normal; opacity: 0.7; font-size: 0.9em; }
a { color: var(--vscode-textLink-foreground, #0969da); }
a:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0969da); }
summary:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0969da); }
.example { opacity: 0.8; }
.count { text-align: right; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: middle; }
.properties .broken { color: var(--vscode-errorForeground, #d1242f); }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
`;
