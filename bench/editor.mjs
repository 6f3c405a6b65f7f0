#!/usr/bin/env node
// Benchmark of the editor's keystroke path over a real JSON-RPC connection to `node dist/server.js --stdio`, on the
// generated scenarios of server/test/helpers/scale-scenario.ts (about 200 and 2,000 lines; more with an argument).
// Each keystroke types one character into a comment at the end of the file (the file stays runnable), and is timed
// to the first diagnostics of its version (parse and check) and to its verdicts (the server's replscope/runStatus
// `done` for that version, sent right after the run's diagnostics).
//   1. one key at a time: the next key once the previous one's verdicts are in (latency);
//   2. steady typing, a key every 200 ms: how many versions get verdicts (a newer version supersedes a run under way),
//      and how late the last one's verdicts are after its key.
// Prints median and p95 per file, and the server process's peak resident memory (its worker threads included).
// Usage: node bench/editor.mjs [LINES,…]      (default 200,2000). Run `node scripts/build.mjs` first.
import { readFileSync } from 'node:fs';
import { loadBundle } from './bundle.mjs';

const sizes = (process.argv[2] ?? '200,2000').split(',').map(Number);
const { TestClient, scaleScenarioText } = await loadBundle(
  'editor-bench',
  `
    export { TestClient } from './server/test/helpers/lsp-client';
    export { scaleScenarioText } from './server/test/helpers/scale-scenario';
  `,
);

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => (x === undefined ? '—' : `${x.toFixed(1)} ms`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const peakMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** A text of about `lines` lines: the generator's transactions are about one per line. */
function textOf(lines) {
  return `${scaleScenarioText(Math.max(1, lines - 25))}# typing here: `;
}

async function session(lines) {
  const client = await TestClient.start();
  const uri = `file:///bench/editor-${lines}.repl`;
  const text = textOf(lines);
  const lastLine = text.split('\n').length - 1;
  let column = text.length - text.lastIndexOf('\n') - 1;
  const done = new Map(); // version → time its verdicts came in
  const waiting = new Map();
  client.connection.onNotification('replscope/runStatus', (p) => {
    if (p.uri !== uri || (p.state !== 'done' && p.state !== 'too_big')) return;
    done.set(p.version, performance.now());
    waiting.get(p.version)?.();
  });
  const verdictsOf = (version) => (done.has(version) ? Promise.resolve() : new Promise((resolve) => waiting.set(version, resolve)));
  await client.open(uri, text);
  await verdictsOf(1);

  let version = 1;
  const key = () => {
    version++;
    const sent = performance.now();
    const diagnostics = client.change(uri, [
      { range: { start: { line: lastLine, character: column }, end: { line: lastLine, character: column } }, text: 'x' },
    ]);
    column++;
    return { version, sent, diagnostics };
  };

  // 1. One key at a time.
  const first = [];
  const verdicts = [];
  for (let i = 0; i < 40; i++) {
    const k = key();
    await k.diagnostics;
    first.push(performance.now() - k.sent);
    await verdictsOf(k.version);
    verdicts.push(done.get(k.version) - k.sent);
  }

  // 2. Steady typing.
  const keys = [];
  for (let i = 0; i < 25; i++) {
    const k = key();
    // Changes in a burst are coalesced: a version typed over may never get diagnostics of its own.
    k.diagnostics.catch(() => undefined);
    keys.push(k);
    await sleep(200);
  }
  const last = keys[keys.length - 1];
  await Promise.race([verdictsOf(last.version), sleep(30_000)]);
  const got = keys.filter((k) => done.has(k.version)).length;
  const lastLate = done.has(last.version) ? done.get(last.version) - last.sent : undefined;
  const peak = peakMb(client.process.pid);
  await client.stop();
  return { lines: lastLine + 1, first, verdicts, got, typed: keys.length, lastLate, peak };
}

console.log('editor benchmark: keystroke → diagnostics and → verdicts, over LSP (node dist/server.js --stdio)');
for (const lines of sizes) {
  const r = await session(lines);
  console.log(
    `${String(r.lines).padStart(6)} lines  first diagnostics: median ${ms(quantile(r.first, 0.5))}, p95 ${ms(quantile(r.first, 0.95))}` +
      `  verdicts: median ${ms(quantile(r.verdicts, 0.5))}, p95 ${ms(quantile(r.verdicts, 0.95))}` +
      `  steady typing (a key / 200 ms): verdicts for ${r.got} of ${r.typed} versions, the last ${ms(r.lastLate)} after its key` +
      `  server peak ${r.peak.toFixed(0)} MB`,
  );
}
