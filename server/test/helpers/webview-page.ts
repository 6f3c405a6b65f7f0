/**
 * The timeline webview bundle (dist/webview.js and dist/webview.css, built by scripts/build.mjs) on a page of headless
 * Chromium, under the kind of Content-Security-Policy the panel gives it (nonce-only scripts and styles, data: images
 * for the PNG export's canvas), with a stand-in for VS Code's webview API that records what the page posts and
 * answers its `statusAt` requests as the extension does (from the server's trace).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Trace } from '../../src/trace/trace';
import { timelinePayload } from '../../src/timeline/payload';
import { statusTableAt } from '../../src/timeline/status-table';
import { DIAGRAM_CSS } from '../../src/timeline/styles';

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
export const dist = join(repoRoot(), 'dist');

/**
 * The variables VS Code gives a webview, with the values of its Light Modern theme and its default fonts on Linux:
 * without them the page falls back to the browser's serif and its layout is not the panel's.
 */
const LIGHT_THEME: Record<string, string> = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  foreground: '#3b3b3b',
  descriptionForeground: '#616161',
  disabledForeground: '#61616180',
  errorForeground: '#f85149',
  focusBorder: '#005fb8',
  'textLink-foreground': '#005fb8',
  'editor-background': '#ffffff',
  'editor-foreground': '#3b3b3b',
  'editor-inactiveSelectionBackground': '#e5ebf1',
  'editor-selectionHighlightBackground': '#add6ff80',
  'editor-findRangeHighlightBackground': '#b4b4b44d',
  'editor-lineHighlightBackground': '#0000000a',
  'editorIndentGuide-background1': '#d3d3d3',
  'editorWarning-foreground': '#bf8803',
  'editorWidget-background': '#f8f8f8',
  'editorGroupHeader-tabsBackground': '#f8f8f8',
  'editorHoverWidget-background': '#f8f8f8',
  'editorHoverWidget-border': '#c8c8c8',
  'editorHoverWidget-foreground': '#3b3b3b',
  'badge-background': '#cccccc',
  'button-background': '#005fb8',
  'button-foreground': '#ffffff',
  'button-border': '#0000001a',
  'button-secondaryBackground': '#e5e5e5',
  'button-secondaryForeground': '#3b3b3b',
  'button-secondaryHoverBackground': '#cccccc',
  'input-background': '#ffffff',
  'input-border': '#cecece',
  'input-foreground': '#3b3b3b',
  'menu-background': '#ffffff',
  'menu-border': '#cecece',
  'menu-foreground': '#3b3b3b',
  'panel-border': '#e5e5e5',
  'widget-border': '#e5e5e5',
  'widget-shadow': '#00000029',
  'toolbar-hoverBackground': '#b8b8b850',
  'charts-red': '#e51400',
  'charts-blue': '#1a85ff',
  'charts-yellow': '#bf8803',
  'charts-orange': '#d18616',
  'charts-green': '#388a34',
  'charts-purple': '#652d90',
  'debugTokenExpression-number': '#098658',
};
const themeStyle = Object.entries(LIGHT_THEME)
  .map(([name, value]) => `--vscode-${name}: ${value};`)
  .join(' ');

/** Writes the page into `dir` and returns its file. */
export function writeWebviewPage(dir: string, nonce = 'dGltZWxpbmUtdGVzdA'): string {
  assert.ok(existsSync(join(dist, 'webview.js')), 'dist/webview.js is missing: run `node scripts/build.mjs`');
  const html = join(dir, 'webview.html');
  // The stylesheet inline (a file: URL is no `cspSource`).
  writeFileSync(
    html,
    `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<style nonce="${nonce}">:root { ${themeStyle} }</style>
<style nonce="${nonce}">${readFileSync(join(dist, 'webview.css'), 'utf8')}</style><style nonce="${nonce}">${DIAGRAM_CSS}</style></head>
<body class="vscode-light"><div id="app"></div>
<script nonce="${nonce}">
window.__posted = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.__violations = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => {
    window.__posted.push(m);
    if (m.type === 'statusAt') void window.__statusAt(m).then((reply) => window.postMessage(reply, '*'));
  },
  getState: () => null,
  setState: () => {},
});
</script>
<script nonce="${nonce}">${readFileSync(join(dist, 'webview.js'), 'utf8').replace(/<\/script/gi, '<\\/script')}</script>
</body></html>`,
  );
  return html;
}

/** A page showing `trace` as the panel of `fileName` would, `width` × `height` pixels. */
export async function openTimeline(
  browser: Browser,
  dir: string,
  trace: Trace,
  fileName: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const html = writeWebviewPage(dir);
  const page = await browser.newPage({ viewport });
  await page.exposeFunction('__statusAt', (m: { requestId: number; version: number; time: number }) => ({
    type: 'status',
    requestId: m.requestId,
    version: m.version,
    time: m.time,
    table: statusTableAt(trace, m.time),
  }));
  await page.goto(pathToFileURL(html).href);
  const message = { type: 'timeline', uri: `file:///${fileName}`, fileName, version: 1, documentVersion: 1, millis: 1 };
  await page.evaluate(`window.postMessage(${JSON.stringify({ ...message, ...timelinePayload(trace, {}) })}, '*')`);
  await page.waitForSelector('#body .mark');
  return page;
}

/** Two animation frames: the drawing follows a change on the next one. */
export function nextFrame(page: Page): Promise<unknown> {
  return page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}
