// The long fuzz run of the hostile-input generators (issue 8): the same seeded generators as `npm test`, many
// times more cases, and the 100,000-transaction scenario through `replscope run --summary`.
//
//   node scripts/fuzz.mjs [--scale N] [--seed S] [--no-big]
//
//   --scale N   how many times the bounded count of `npm test` (default 50: a few minutes on two cores)
//   --seed S    the first seed (default: the time, printed so that a failure can be replayed with --seed)
//   --no-big    skip the 100,000-transaction run
//
// Exits non-zero when a generator found a failure; its message names the file, line and payload.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const { values } = parseArgs({
  options: { scale: { type: 'string', default: '50' }, seed: { type: 'string' }, 'no-big': { type: 'boolean', default: false } },
  strict: true,
});
const scale = Number(values.scale);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
if (!Number.isInteger(scale) || scale < 1 || !Number.isInteger(seed)) {
  console.error('usage: node scripts/fuzz.mjs [--scale N] [--seed S] [--no-big]');
  process.exit(2);
}

const run = (title, command, args, env = {}) => {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`== ${title}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
};

let ok = run('build', 'node', ['scripts/build.mjs']);
console.log(`\nseed ${seed}, scale ${scale}`);
ok &&= run(
  'generators',
  'node',
  [
    '--test',
    '--test-concurrency=1',
    'out/test/hardening-fuzz.test.js',
    'out/test/line-endings.test.js',
    'out/test/hover-injection.test.js',
    'out/test/lsp-hostile.test.js',
    'out/test/client/webview-validate.test.js',
  ],
  { REPLSCOPE_FUZZ_SCALE: String(scale), REPLSCOPE_FUZZ_SEED: String(seed) },
);

if (!values['no-big']) {
  // The generated scale scenario (server/test/helpers/scale-scenario.ts), bundled on the fly.
  const bundled = await esbuild.build({
    entryPoints: ['server/test/helpers/scale-scenario.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
  });
  const { scaleScenarioText } = await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0].text)}`);
  const file = join(mkdtempSync(join(tmpdir(), 'replscope-fuzz-')), 'scale-100000.repl');
  writeFileSync(file, scaleScenarioText(100_000));
  ok = run('replscope run --summary on 100,000 transactions', 'node', ['dist/cli.js', 'run', file, '--summary']) && ok;
}
console.log(ok ? '\nfuzz: no failure' : '\nfuzz: FAILED');
process.exit(ok ? 0 : 1);
