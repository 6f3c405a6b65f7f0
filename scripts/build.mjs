// Bundles every output with esbuild: the extension (client), the language server, the command line,
// and the test bundles. `--production` minifies the shipped bundles; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Test files below `dir` whose names end in `.test.ts`. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const node = {
  bundle: true,
  // `replscope --version` (server/src/cli.ts).
  // REPLSCOPE_TEST_HOOKS: the `replscope.timeline.debug*` commands and the webview's test hooks, not in the release.
  define: { REPLSCOPE_VERSION: JSON.stringify(version), REPLSCOPE_TEST_HOOKS: String(!production) },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // chevrotain ships ESM only; bundling it into CommonJS is what esbuild is for.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...node, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // Also the npm package's `replscope-language-server` executable (hence the #! line).
  { ...node, entryPoints: { server: 'server/src/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The engine runs in a worker thread of the language server (run-scheduler.ts).
  { ...node, entryPoints: { 'engine-worker': 'server/src/engine-worker.ts' }, outdir: 'dist' },
  // The crash-point sweep runs its variants on a pool of worker threads (explore/pool.ts).
  { ...node, entryPoints: { 'explore-worker': 'server/src/explore-worker.ts' }, outdir: 'dist' },
  // The Markdown preview's ```repl blocks are drawn on a worker thread of the extension host (markdown-block-drawer.ts).
  { ...node, entryPoints: { 'markdown-worker': 'client/src/markdown-worker.ts' }, outdir: 'dist' },
  {
    ...node,
    entryPoints: { cli: 'server/src/bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The timeline webview: a browser script (sharing server/src/timeline with the exports) and its stylesheet.
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    define: { REPLSCOPE_TEST_HOOKS: String(!production) },
    entryPoints: { webview: 'client/webview/main.ts' },
    outdir: 'dist',
  },
  { bundle: true, minify: production, logLevel: 'warning', entryPoints: { webview: 'client/webview/timeline.css' }, outdir: 'dist' },
];
if (!production) {
  builds.push({
    ...node,
    entryPoints: testFiles('server/test'),
    outbase: 'server/test',
    outdir: 'out/test',
  });
  // The extension's pure parts (no vscode import), tested in node beside the server's tests.
  builds.push({ ...node, entryPoints: testFiles('client/test/unit'), outbase: 'client/test/unit', outdir: 'out/test/client' });
  const suites = testFiles('client/test/suite');
  if (suites.length > 0) {
    builds.push({
      ...node,
      entryPoints: ['client/test/suite/index.ts', ...suites],
      outbase: 'client/test/suite',
      outdir: 'out/vscode-test/suite',
      external: ['vscode', 'mocha'],
    });
  }
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
