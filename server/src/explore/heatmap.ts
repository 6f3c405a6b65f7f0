/**
 * The exploration as a heat map: a self-contained HTML page (no script, no network) with the matrix of pipeline states ×
 * policies, each cell coloured by the worst outcome of the crash points at that state and opening (a `<details>`,
 * keyboard operable) onto the classes it holds with an example each; then every class with its count. Colours are VS
 * Code's theme colours where the page is shown in a webview, with fallbacks for a browser. Every text from the file is
 * escaped.
 */
import { TXN_STATES } from '../model/states';
import { escapeMarkup } from '../timeline/escape';
import { crashPointText } from './crash-points';
import type { CaseExample, Exploration, PolicyClassCount } from './explore';
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
  const states = TXN_STATES.filter((s) => result.policies.some((p) => p.classes.some((c) => (c.byState[s.name] ?? 0) > 0)));
  const head = result.policies.map((p) => `<th scope="col">${e(policyText(p.settings))}</th>`).join('');
  const rows = states.map((state) => {
    const cells = result.policies.map((p) => cell(p.classes, state.name, options.link));
    return `<tr><th scope="row">${e(state.name)}</th>${cells.join('')}</tr>`;
  });
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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crash points: ${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Crash points: ${e(title)}</h1>
<p class="totals">${result.cases} crash points, ${result.skipped} skipped (never reached, or the server already down), ${result.classes.length} outcome classes</p>
${properties ? `<ul class="properties">${properties}</ul>` : ''}
<ul class="legend">${legend}</ul>
<table class="matrix">
<caption>Worst outcome by pipeline state: crash points with it / crash points at that state</caption>
<thead><tr><th scope="col">state</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
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

function cell(classes: PolicyClassCount[], state: string, link: HeatmapOptions['link']): string {
  const e = escapeMarkup;
  const here = classes
    .map((c) => ({ c, n: c.byState[state as keyof typeof c.byState] ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => classRank(a.c) - classRank(b.c) || b.n - a.n);
  if (here.length === 0) return '<td class="empty">–</td>';
  const total = here.reduce((n, x) => n + x.n, 0);
  const worst = severityOf(here[0].c);
  const inWorst = here.filter((x) => severityOf(x.c) === worst).reduce((n, x) => n + x.n, 0);
  const items = here
    .map((x) => {
      const example = x.c.examples[state as keyof typeof x.c.examples] ?? x.c.example;
      return `<li>${x.n} × ${e(classText(x.c))} <span class="example">e.g. ${exampleHtml(example, link)} (case ${example.case})</span></li>`;
    })
    .join('');
  return (
    `<td class="band-${worst}"><details><summary>${e(BANDS[worst].label)} · ${inWorst}/${total}</summary>` +
    `<ul>${items}</ul></details></td>`
  );
}

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
