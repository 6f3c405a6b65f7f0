#!/usr/bin/env node
// Benchmark of the cost per event against the number of servers: a source with N-1 semi-sync replicas takes one
// commit and crashes; for the rest of the scenario every replica's I/O thread retries its connection every minute
// (MySQL's MASTER_CONNECT_RETRY), so the run is almost only background events spread over many servers. The wait is
// sized so that every size processes about the same number of events (EVENTS, default 1,000,000): a cost that grows
// with the number of servers shows as a growing µs/event. Each size runs in a fresh process, as a summary run and as
// a full trace.
// Usage: node bench/servers.mjs [SIZES] [EVENTS]      (default 10,50,500 and 1000000)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle.mjs';

const self = fileURLToPath(import.meta.url);

/** The scenario of `servers` servers whose retries make about `events` events. */
function scenarioText(servers, events) {
  const lines = ['source m1 { semisync wait_point=after_sync timeout=2s }'];
  for (let i = 1; i < servers; i++) lines.push(`replica r${i} of m1 { semisync }`);
  lines.push('table t (id int primary key)', 'client app on m1', 'app: insert into t values (1)', 'crash m1');
  // Each retry is about three events (the connect message, its check, the next retry), one per minute per replica.
  let seconds = Math.round((events * 60) / 3 / (servers - 1));
  for (; seconds > 0; seconds -= 1_000_000) lines.push(`wait ${Math.min(seconds, 1_000_000)}s`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[2] === '--child') {
  const [servers, events, mode] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
  const { analyze, startRun } = await loadBundle(
    'servers-bench',
    `
      export { analyze } from './server/src/language/analyze';
      export { startRun } from './server/src/run';
    `,
  );
  const analysis = analyze(scenarioText(servers, events));
  if (!analysis.runnable) throw new Error(`the generated scenario does not check: ${analysis.diagnostics[0]?.message}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = startRun(analysis.scenario, {}, mode);
  run.advance(Number.POSITIVE_INFINITY);
  const result = run.result();
  const runMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      runMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      events: result.processedEvents,
      endReason: result.endReason,
      peakMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '10,50,500').split(',').map(Number);
const events = Number(process.argv[3] ?? 1_000_000);
await loadBundle('servers-bench-warm', `export {} from './server/src/run';`); // esbuild once before timing anything

const fmt = (x, d = 0) => x.toFixed(d).padStart(9);
console.log(`cost per event against the number of servers (about ${events} events each; each row a fresh process)`);
console.log('mode     servers   run ms   cpu ms    events  cpu µs/event  process peak MB  ended');
for (const mode of ['summary', 'full']) {
  for (const servers of sizes) {
    const r = spawnSync(process.execPath, [self, '--child', String(servers), String(events), mode], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`${mode.padEnd(8)} ${String(servers).padStart(7)}  failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
      continue;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(
      `${mode.padEnd(8)} ${String(servers).padStart(7)} ${fmt(m.runMs)} ${fmt(m.cpuMs)} ${String(m.events).padStart(9)} ${fmt((m.cpuMs * 1000) / m.events, 2)}     ${fmt(m.peakMb)}        ${m.endReason}`,
    );
  }
}
