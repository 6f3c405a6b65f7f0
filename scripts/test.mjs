// `npm test`: everything, in order: type check, lint and format check, build, the unit and language-server
// tests (node's test runner), the conformance corpus on a real MariaDB, the extension's suites inside a real
// VS Code, then the packaged VSIX installed into the VS Code server. Prints one closing line
// `total: N passed, N failed`; exits non-zero when anything failed.
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
step('format', 'npx', ['prettier', '--check', '.']);
step('build', 'node', ['scripts/build.mjs']);
// Chromium (for the tests that open pages) and the VS Code server, installed once per machine.
step('install Chromium and the VS Code server', 'bash', ['scripts/setup-vscode-server.sh']);

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

/** Runs a child test script and reads its closing `N passed, N failed` line. */
function suite(title, script) {
  console.log(`\n== ${title}`);
  const r = spawnSync('node', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  const closing = [...(r.stdout ?? '').matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  const ok = r.status === 0 && closing !== undefined && Number(closing[1]) > 0;
  if (!ok) console.log(`${title} failed (exit ${r.status})`);
  // A run that failed without saying how many tests failed counts as one failure.
  return { passed: closing ? Number(closing[1]) : 0, failed: closing && Number(closing[2]) > 0 ? Number(closing[2]) : ok ? 0 : 1 };
}

// The VSIX check packages the extension (a production build into dist/), so it runs after the suites that use
// the development build.
// The conformance corpus against a real MariaDB 10.11 (installed by the script when missing): the records the unit
// test holds the engine to must still be what a real server prints.
const conformance = suite('the conformance corpus on a real MariaDB', 'scripts/test-conformance-real.mjs');
const vscode = suite('extension suites in a real VS Code', 'scripts/test-vscode.mjs');
const vsix = suite('the packaged VSIX installed into the VS Code server', 'scripts/test-vsix.mjs');

const totalPassed = passed + conformance.passed + vscode.passed + vsix.passed;
const totalFailed = failed + conformance.failed + vscode.failed + vsix.failed;
console.log(`total: ${totalPassed} passed, ${totalFailed} failed`);
process.exit(totalFailed > 0 || files.length === 0 ? 1 : 0);
