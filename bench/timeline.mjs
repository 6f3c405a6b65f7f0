#!/usr/bin/env node
// Benchmark of the timeline with a generated 10,000-event trace (server/test/timeline-fixtures.ts `bigTrace`):
//   1. in Node: the model, the layout, the first window rendered to SVG markup, and an update (a new trace of the
//      same document, as after a keystroke), plus a scroll to the middle, the status table at the time cursor and
//      the whole SVG export;
//   2. in headless Chromium (when /usr/bin/chromium is there): the real webview bundle (dist/webview.js) given the
//      trace as the extension gives it, timed from the message to the frame after it is drawn: first paint, update,
//      a scroll to the middle. Run `node scripts/build.mjs` first for dist/webview.js.
// Usage: node bench/timeline.mjs [EVENTS]     (default 10000; the median of 7 runs is printed)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadBundle, root } from './bundle.mjs';

const events = Number(process.argv[2] ?? 10_000);

// The TypeScript under test (the same modules the webview and the exporters use).
const t = await loadBundle(
  'timeline-bench',
  `
      export { bigTrace } from './server/test/timeline-fixtures';
      export { buildTimeline } from './server/src/timeline/model';
      export { layoutTimeline, rowsIn } from './server/src/timeline/layout';
      export { renderBody, renderHeader } from './server/src/timeline/render';
      export { statusTableAt, renderStatusTableHtml } from './server/src/timeline/status-table';
      export { renderTimelineFile } from './server/src/timeline/export';
      export { DIAGRAM_CSS } from './server/src/timeline/styles';
    `,
);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const RUNS = 7;
const VIEWPORT = { width: 900, height: 800 };

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

const trace = t.bigTrace(events);
// An "edited" document: the same run with one more transaction, as the next keystroke would give.
const edited = t.bigTrace(events + 12);
console.log(
  `timeline benchmark: ${trace.events.length} events, ${trace.messages.length} messages, ${trace.statusChanges.length} status changes`,
);

const node = { model: [], layout: [], render: [], first: [], update: [], scroll: [], status: [], exportSvg: [] };
for (let i = 0; i < RUNS; i++) {
  const [m, model] = time(() => t.buildTimeline(trace));
  const [l, layout] = time(() => t.layoutTimeline(model, { viewportWidth: VIEWPORT.width }));
  const [r] = time(() => t.renderHeader(layout).length + t.renderBody(layout, 0, VIEWPORT.height * 2).length);
  node.model.push(m);
  node.layout.push(l);
  node.render.push(r);
  node.first.push(m + l + r);
  const [u] = time(() => {
    const model2 = t.buildTimeline(edited);
    const layout2 = t.layoutTimeline(model2, { viewportWidth: VIEWPORT.width });
    return t.renderBody(layout2, 0, VIEWPORT.height * 2).length;
  });
  node.update.push(u);
  const mid = layout.height / 2;
  const [s] = time(() => t.renderBody(layout, mid - VIEWPORT.height, mid + 2 * VIEWPORT.height).length);
  node.scroll.push(s);
  const [st] = time(() => t.renderStatusTableHtml(t.statusTableAt(trace, trace.endTime / 2)).length);
  node.status.push(st);
  if (i < 3) node.exportSvg.push(time(() => t.renderTimelineFile(trace, 'svg').length)[0]);
}
console.log('\nNode (median of %d):', RUNS);
console.log(`  model ${ms(median(node.model))} · layout ${ms(median(node.layout))} · window render ${ms(median(node.render))}`);
console.log(`  first paint (model + layout + visible window): ${ms(median(node.first))}`);
console.log(`  update (a new trace of the same document):     ${ms(median(node.update))}`);
console.log(`  scroll to the middle (render one window):      ${ms(median(node.scroll))}`);
console.log(`  status table at the time cursor:               ${ms(median(node.status))}`);
console.log(`  whole SVG export:                              ${ms(median(node.exportSvg))}`);

// ------------------------------------------------------------------------------------------------------------
// The webview bundle in Chromium
// ------------------------------------------------------------------------------------------------------------
const chromiumPath = '/usr/bin/chromium';
const webview = join(root, 'dist', 'webview.js');
if (!existsSync(chromiumPath) || !existsSync(webview)) {
  console.log(
    `\nChromium part skipped (${!existsSync(webview) ? 'no dist/webview.js: run node scripts/build.mjs' : `no ${chromiumPath}`})`,
  );
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const dir = mkdtempSync(join(tmpdir(), 'replscope-bench-'));
const page = join(dir, 'bench.html');
writeFileSync(
  page,
  `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(root, 'dist', 'webview.css')).href}">
<style>${t.DIAGRAM_CSS}</style></head><body class="vscode-light"><div id="app"></div>
<script>window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => null, setState: () => {} });</script>
<script src="${pathToFileURL(webview).href}"></script></body></html>`,
);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const results = { first: [], update: [], scroll: [], cursor: [], frame: [], model: [], layout: [], render: [] };
  const traceJson = JSON.stringify(trace);
  const editedJson = JSON.stringify(edited);
  for (let i = 0; i < RUNS; i++) {
    const p = await browser.newPage({ viewport: VIEWPORT });
    await p.goto(pathToFileURL(page).href);
    // Timed inside the page: from posting the message (as the extension does) to the frame after the drawing.
    const timing = await p.evaluate(
      async ({ traceJson, editedJson }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const send = async (json, version) => {
          const trace = JSON.parse(json);
          const t0 = performance.now();
          window.postMessage(
            { type: 'trace', uri: 'file:///bench.repl', fileName: 'bench.repl', version, documentVersion: version, millis: 0, trace },
            '*',
          );
          await new Promise((r) => setTimeout(r, 0));
          await frame();
          return performance.now() - t0;
        };
        // What one frame costs with nothing to do (headless Chromium still waits for its 60 Hz tick).
        let t1 = performance.now();
        for (let i = 0; i < 5; i++) await frame();
        const frameBase = (performance.now() - t1) / 5;
        const first = await send(traceJson, 1);
        window.postMessage({ type: 'snapshotRequest', requestId: 1 }, '*');
        await new Promise((r) => setTimeout(r, 0));
        const own = window.__posted.find((m) => m.type === 'snapshot').snapshot.timings;
        const update = await send(editedJson, 2);
        const scroller = document.getElementById('scroller');
        let t0 = performance.now();
        scroller.scrollTop = scroller.scrollHeight / 2;
        await frame();
        const scroll = performance.now() - t0;
        t0 = performance.now();
        scroller.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        await frame();
        const cursor = performance.now() - t0;
        return { first, update, scroll, cursor, frame: frameBase, ...own, marks: document.querySelectorAll('#body .mark').length };
      },
      { traceJson, editedJson },
    );
    for (const k of Object.keys(results)) results[k].push(timing[k]);
    if (i === 0) console.log(`\nChromium (median of ${RUNS}; the window draws ${timing.marks} of ${trace.events.length} marks):`);
    await p.close();
  }
  console.log(
    `  first paint (message → drawn frame): ${ms(median(results.first))}  (model ${ms(median(results.model))}, layout ${ms(median(results.layout))}, window ${ms(median(results.render))}; the rest: message copy, DOM)`,
  );
  console.log(`  update (new trace → drawn frame):    ${ms(median(results.update))}`);
  console.log(`  scroll to the middle → drawn frame:  ${ms(median(results.scroll))}`);
  console.log(`  time cursor one event down → frame:  ${ms(median(results.cursor))}`);
  console.log(`  (an idle frame here takes ${ms(median(results.frame))}: the two measures above are frames, their work is the difference)`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
