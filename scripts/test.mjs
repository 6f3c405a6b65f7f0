// `npm test`: everything, in order: type check, lint, build, the unit and language-server tests
// (node's test runner), then the extension's suites inside a real VS Code. Prints one closing line
// `total: N passed, N failed` and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

function step(title, command, args) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) {
    console.log(`\n${title} failed (exit ${r.status})`);
    console.log('total: 0 passed, 1 failed');
    process.exit(1);
  }
}

step('type check', 'npx', ['tsc', '-b']);
step('lint', 'npx', ['eslint', '.']);
step('build', 'node', ['scripts/build.mjs']);

const files = existsSync('out/test')
  ? readdirSync('out/test', { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => join('out/test', f))
      .sort()
  : [];
console.log(`\n== unit and language-server tests: ${files.length} files`);
let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: 2 });
stream.on('test:pass', (e) => {
  if (e.details?.type !== 'suite') passed++;
});
stream.on('test:fail', (e) => {
  if (e.details?.type !== 'suite') failed++;
});
await new Promise((resolve, reject) => {
  stream.compose(spec).pipe(process.stdout);
  stream.on('end', resolve);
  stream.on('error', reject);
});
console.log(`unit: ${passed} passed, ${failed} failed`);

console.log('\n== extension suites in a real VS Code');
const vscode = spawnSync('node', ['scripts/test-vscode.mjs'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
process.stdout.write(vscode.stdout ?? '');
const m = /(\d+) passed, (\d+) failed/.exec([...(vscode.stdout ?? '').matchAll(/\d+ passed, \d+ failed/g)].pop()?.[0] ?? '');
const vsPassed = m ? Number(m[1]) : 0;
const vsFailed = m ? Number(m[2]) : 0;
const vscodeOk = vscode.status === 0 && m !== null && vsPassed > 0;
if (!vscodeOk) console.log(`real VS Code suite failed (exit ${vscode.status})`);

const totalFailed = failed + vsFailed + (vscodeOk ? 0 : vsFailed === 0 ? 1 : 0);
console.log(`total: ${passed + vsPassed} passed, ${totalFailed} failed`);
process.exit(totalFailed > 0 || files.length === 0 ? 1 : 0);
