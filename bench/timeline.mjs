#!/usr/bin/env node
// Benchmark of the timeline panel on a trace of about EVENTS events:
//   real       (default) a real engine trace: the generated scale scenario (server/test/helpers/scale-scenario.ts)
//              run by the engine (server/src/run.ts), with as many transactions as give about EVENTS events;
//   synthetic  the generated trace of server/test/timeline-fixtures.ts `bigTrace` (no engine run).
// 1. In Node, what the engine worker does (`timelinePayload`: the panel's data, its build time and JSON size), and
//    the worker's other timeline queries: the status table at the time cursor, the whole SVG export.
// 2. In headless Chromium (when /usr/bin/chromium is there): the real webview bundle (dist/webview.js) given the
//    payload as the extension gives it (a JSON message), timed from the message's text to the frame after the
//    drawing: first paint, an update (the next run of the same document), a scroll to the middle, the time cursor.
//    Run `node scripts/build.mjs` first for dist/webview.js.
// Usage: node bench/timeline.mjs [real|synthetic] [EVENTS]     (default: real 10000; medians are printed)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadBundle, root } from './bundle.mjs';

const source = process.argv[2] === 'synthetic' ? 'synthetic' : 'real';
const events = Number(process.argv[source === process.argv[2] ? 3 : 2] ?? 10_000);

// The TypeScript under test (the same modules the worker, the webview and the exporters use).
const t = await loadBundle(
  'timeline-bench',
  `
      export { bigTrace } from './server/test/timeline-fixtures';
      export { scaleScenarioText } from './server/test/helpers/scale-scenario';
      export { analyze } from './server/src/language/analyze';
      export { runScenario } from './server/src/run';
      export { payloadOf, timelinePayload } from './server/src/timeline/payload';
      export { buildTimeline } from './server/src/timeline/model';
      export { statusTableAt, renderStatusTableHtml } from './server/src/timeline/status-table';
      export { renderTimelineFile } from './server/src/timeline/export';
      export { DIAGRAM_CSS } from './server/src/timeline/styles';
    `,
);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const RUNS = events > 50_000 ? 3 : 7;
const VIEWPORT = { width: 900, height: 800 };

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

// The scale scenario makes about 27 events per transaction.
const EVENTS_PER_TRANSACTION = 27.3;
function realTrace(transactions) {
  const analysis = t.analyze(t.scaleScenarioText(transactions));
  if (!analysis.scenario) throw new Error('the generated scenario does not check');
  return t.runScenario(analysis.scenario);
}
const transactions = Math.max(3, Math.round(events / EVENTS_PER_TRANSACTION));
const [runMillis, trace] = time(() => (source === 'real' ? realTrace(transactions) : t.bigTrace(events)));
// An "edited" document: the same run with a little more, as the next keystroke would give.
const edited = source === 'real' ? realTrace(transactions + 1) : t.bigTrace(events + 12);
console.log(
  `timeline benchmark, ${source} trace${source === 'real' ? ` (scale scenario, ${transactions} transactions, engine run ${ms(runMillis)})` : ''}: ` +
    `${trace.events.length} events, ${trace.messages.length} messages, ${trace.statusChanges.length} status changes`,
);

const node = { payload: [], json: [], status: [], exportSvg: [] };
let payloadJson = '';
for (let i = 0; i < RUNS; i++) {
  // What `timelinePayload` makes for a run the first time it is asked (it keeps it for the next asks).
  const [p, payload] = time(() => t.payloadOf(t.buildTimeline(trace)));
  node.payload.push(p);
  const [j, json] = time(() => JSON.stringify(payload));
  node.json.push(j);
  payloadJson = json;
  const [st] = time(() => t.renderStatusTableHtml(t.statusTableAt(trace, trace.endTime / 2)).length);
  node.status.push(st);
  if (i < Math.min(RUNS, 2)) node.exportSvg.push(time(() => t.renderTimelineFile(trace, 'svg').length)[0]);
}
const editedJson = JSON.stringify(t.timelinePayload(edited, {}));
const traceBytes = JSON.stringify(trace).length;
console.log('\nWorker side, in Node (median of %d):', RUNS);
console.log(
  `  the panel's data (timelinePayload):   ${ms(median(node.payload))}; the message ${mb(payloadJson.length)} (the trace as JSON: ${mb(traceBytes)}), stringified in ${ms(median(node.json))}`,
);
console.log(`  status table at the time cursor:      ${ms(median(node.status))}`);
console.log(`  whole SVG export:                     ${ms(median(node.exportSvg))}`);

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
<script>window.addEventListener('message', () => (window.__received = performance.now())); window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => null, setState: () => {} });</script>
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
  const results = {
    first: [],
    parse: [],
    copy: [],
    wireParse: [],
    update: [],
    scroll: [],
    cursor: [],
    frame: [],
    model: [],
    layout: [],
    render: [],
  };
  for (let i = 0; i < RUNS; i++) {
    const p = await browser.newPage({ viewport: VIEWPORT });
    await p.goto(pathToFileURL(page).href);
    // Timed inside the page: from the message's JSON text (VS Code hands a webview its messages as JSON) through
    // parsing it and posting it (as the extension does) to the frame after the drawing.
    const timing = await p.evaluate(
      async ({ payloadJson, editedJson }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        let parse = 0;
        let copy = 0;
        const send = async (json, version) => {
          const t0 = performance.now();
          const payload = JSON.parse(json);
          parse = performance.now() - t0;
          const posted = performance.now();
          window.postMessage(
            {
              type: 'timeline',
              uri: 'file:///bench.repl',
              fileName: 'bench.repl',
              version,
              documentVersion: version,
              millis: 0,
              ...payload,
            },
            '*',
          );
          await new Promise((r) => setTimeout(r, 0));
          copy = window.__received - posted;
          await frame();
          return performance.now() - t0;
        };
        // What one frame costs with nothing to do (headless Chromium still waits for its 60 Hz tick).
        let t1 = performance.now();
        for (let i = 0; i < 5; i++) await frame();
        const frameBase = (performance.now() - t1) / 5;
        const first = await send(payloadJson, 1);
        const firstParse = parse;
        const firstCopy = copy;
        window.postMessage({ type: 'snapshotRequest', requestId: 1 }, '*');
        await new Promise((r) => setTimeout(r, 50));
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
        return {
          first,
          update,
          scroll,
          cursor,
          frame: frameBase,
          ...own,
          wireParse: own.parse,
          parse: firstParse,
          copy: firstCopy,
          marks: document.querySelectorAll('#body .mark').length,
        };
      },
      { payloadJson, editedJson },
    );
    for (const k of Object.keys(results)) results[k].push(timing[k]);
    if (i === 0) console.log(`\nChromium (median of ${RUNS}; the window draws ${timing.marks} of ${trace.events.length} marks):`);
    await p.close();
  }
  console.log(
    `  first paint (message → drawn frame): ${ms(median(results.first))}  (message JSON.parse ${ms(median(results.parse))}, postMessage copy ${ms(median(results.copy))}, timeline JSON.parse ${ms(median(results.wireParse))}, model ${ms(median(results.model))}, layout ${ms(median(results.layout))}, window ${ms(median(results.render))}; the rest: DOM, frames)`,
  );
  console.log(`  update (next run → drawn frame):     ${ms(median(results.update))}`);
  console.log(`  scroll to the middle → drawn frame:  ${ms(median(results.scroll))}`);
  console.log(`  time cursor one event down → frame:  ${ms(median(results.cursor))}`);
  console.log(`  (an idle frame here takes ${ms(median(results.frame))}: the two measures above are frames, their work is the difference)`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
