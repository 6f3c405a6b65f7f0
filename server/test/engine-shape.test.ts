// The engine's shape: its files import each other without a cycle (messages and timers are data delivered through one
// table, engine/deliveries.ts), and it knows nothing of the verdicts or of who composes a run (run.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers/snippet';

const engineDir = join(repoRoot, 'server', 'src', 'engine');

/**
 * Each engine file's imports that load code (module specifiers as written). Type-only imports are left out: the world's
 * type names the delivery table's type, which names the world's, and that costs nothing at run time.
 */
function imports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(engineDir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(engineDir, file), 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)(?!\s+type\b)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]);
    graph.set(file.replace(/\.ts$/, ''), specifiers);
  }
  return graph;
}

void test('the engine folder has no import cycle', () => {
  const graph = imports();
  assert.ok(graph.size > 20, `found the engine's files (${graph.size})`);
  const local = (specifier: string) => (specifier.startsWith('./') ? specifier.slice(2) : undefined);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'visiting');
    path.push(file);
    for (const next of (graph.get(file) ?? []).map(local)) if (next && graph.has(next)) visit(next);
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file);
  assert.deepEqual(cycles, []);
});

void test('the engine imports neither the verdicts nor the composing run', () => {
  const offending: string[] = [];
  for (const [file, specifiers] of imports())
    for (const s of specifiers) if (/^\.\.\/(verdicts|run|features|timeline|server)\b/.test(s)) offending.push(`${file} imports ${s}`);
  assert.deepEqual(offending, []);
});
