#!/usr/bin/env node
// Benchmark of the engine's growth: generated scenarios of 1k, 10k and 100k transactions (the generator of
// server/test/helpers/scale-scenario.ts: mysql-8.0 with GTIDs, an AFTER_SYNC semi-sync source with a 2 s timeout and
// sync_binlog=1, two semi-sync replicas and an async one, three clients mixing autocommit inserts, two-statement
// transactions and `update … where id = k`, every tenth step `nowait`; a crash of the source at the middle, the first
// replica promoted, the others moved to it with auto_position, the old source rejoining at the end).
// Each size runs in a fresh process (so its peak memory is its own): the summary run at every size, the full trace up
// to 10k. Prints analysis and run time, events, the run's peak heap (sampled between slices of events, above the heap
// after the analysis), the process's peak resident memory, and the growth exponent of the run's CPU time between
// sizes (time ∝ n^k: k = 1 is linear; CPU time, which a busy machine disturbs less than wall-clock time).
// Usage: node bench/scale.mjs [SIZES]      (default 1000,10000,100000)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle.mjs';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [n, mode] = [Number(process.argv[3]), process.argv[4]];
  const { analyze, startRun, scaleScenarioText } = await loadBundle(
    'scale-bench',
    `
      export { analyze } from './server/src/language/analyze';
      export { startRun } from './server/src/run';
      export { scaleScenarioText } from './server/test/helpers/scale-scenario';
    `,
  );
  const heap = () => process.memoryUsage().heapUsed / (1024 * 1024);
  // Only the checked scenario is kept: the engine's memory is measured apart from the parser's.
  const { scenario, analyzeMs, lines } = (() => {
    const text = scaleScenarioText(n);
    const t0 = performance.now();
    const analysis = analyze(text);
    const analyzeMs = performance.now() - t0;
    if (!analysis.runnable) throw new Error(`the generated scenario does not check: ${analysis.diagnostics[0]?.message}`);
    return { scenario: analysis.scenario, analyzeMs, lines: text.split('\n').length };
  })();
  globalThis.gc?.();
  const before = heap();
  let runPeak = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = startRun(scenario, {}, mode);
  // The heap is sampled every slice of events (the slicing costs nothing measurable).
  while (!run.advance(20_000)) runPeak = Math.max(runPeak, heap() - before);
  const result = run.result();
  const runMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  runPeak = Math.max(runPeak, heap() - before);
  const failed = result.expectations.filter((e) => !e.passed).length;
  console.log(
    JSON.stringify({
      n,
      mode,
      lines,
      runHeapMb: runPeak,
      analyzeMs,
      runMs,
      cpuMs,
      events: result.processedEvents,
      endReason: result.endReason,
      verdicts: result.verdicts.length,
      expectations: `${result.expectations.length - failed}/${result.expectations.length}`,
      peakMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
await loadBundle('scale-bench-warm', `export {} from './server/src/run';`); // esbuild once before timing anything

function measure(n, mode) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--expose-gc', self, '--child', String(n), mode], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return { n, mode, error: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (x, d = 0) => x.toFixed(d).padStart(8);
console.log('engine scale benchmark (each row a fresh process)');
console.log(
  'mode      txns    lines  analyze ms   run ms   cpu ms    events  µs/event  run heap MB  process peak MB  verdicts  expectations  exponent',
);
for (const mode of ['summary', 'full']) {
  let previous;
  for (const n of sizes) {
    if (mode === 'full' && n > 10_000) continue;
    const m = measure(n, mode);
    if (m.error) {
      console.log(`${mode.padEnd(8)} ${String(n).padStart(6)}  failed: ${m.error}`);
      continue;
    }
    const exponent = previous ? Math.log(m.cpuMs / previous.cpuMs) / Math.log(m.n / previous.n) : undefined;
    console.log(
      `${mode.padEnd(8)} ${String(n).padStart(6)} ${String(m.lines).padStart(8)} ${fmt(m.analyzeMs, 1)}   ${fmt(m.runMs, 1)} ${fmt(m.cpuMs, 1)} ${String(m.events).padStart(9)} ${fmt((m.runMs * 1000) / m.events, 2)}     ${fmt(m.runHeapMb)}         ${fmt(m.peakMb)}  ${String(m.verdicts).padStart(8)}  ${m.expectations.padStart(12)}  ${exponent === undefined ? '' : exponent.toFixed(2)}`,
    );
    previous = m;
  }
}
