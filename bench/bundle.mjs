// The benchmarks measure the project's TypeScript as it ships: this bundles the modules a benchmark names into
// out/bench/NAME.cjs with esbuild and loads them.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `exportsSource` (lines like `export { x } from './server/src/…'`, relative to the root) and returns its exports. */
export async function loadBundle(name, exportsSource) {
  const outDir = join(root, 'out', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.cjs`);
  await esbuild.build({
    stdin: { contents: exportsSource, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // chevrotain ships ESM only; bundling it into CommonJS is what esbuild is for.
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}
