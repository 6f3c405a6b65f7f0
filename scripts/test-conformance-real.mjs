// The conformance corpus against a real MariaDB 10.11: each server/test/conformance/*.repl runs through
// `replscope verify --json`, and every value the real servers print must equal the one its FILE.real.json recorded
// (the records are what the unit test holds the engine to, so they must stay facts). Installs Debian's
// mariadb-server when mariadbd is missing. Two scenarios at a time; one line per scenario, then
// `N passed, N failed`. `--record` writes the records anew instead of checking them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const record = process.argv.includes('--record');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`], { stdio: 'ignore' }).status === 0;
}

if (!have('mariadbd') || !have('mariadb-install-db')) {
  console.log('== installing mariadb-server');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', 'mariadb-server'],
  ]) {
    const [command, ...rest] = [...sudo, ...args];
    const r = spawnSync(command, rest, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.log(`${args.join(' ')} failed (exit ${r.status})`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
}

if (spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const dir = 'server/test/conformance';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.repl') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
// One system database for the whole series, made by the first run and copied by every later one.
const work = mkdtempSync(join(tmpdir(), 'replscope-conformance-'));
const env = { ...process.env, REPLSCOPE_MARIADB_TEMPLATE: join(work, 'template') };

function verify(file) {
  return new Promise((resolve) => {
    const args = ['dist/cli.js', 'verify', join(dir, file), '--json', ...(record ? ['--record'] : [])];
    const child = spawn('node', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function check(file, { code, out, err }) {
  if (code !== 0 && code !== 1) return [`verify exited ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`];
  if (record) return [];
  const result = JSON.parse(out);
  const saved = JSON.parse(readFileSync(join(dir, file.replace(/\.repl$/, '.real.json')), 'utf8'));
  const recorded = saved.values;
  // Values a real server prints differently from one run to the next (a race between its threads), each with why.
  const varies = saved.varies ?? {};
  const problems = [];
  for (const c of result.comparisons) {
    const key = `${c.line ?? 'end'} ${c.value}`;
    if (key in varies) continue;
    if (!(key in recorded)) problems.push(`${key}: not recorded (real ${c.real})`);
    else if (recorded[key] !== c.real) problems.push(`${key}: recorded ${recorded[key]}, real now ${c.real}`);
  }
  return problems;
}

const started = Date.now();
let passed = 0;
let failed = 0;
const queue = [...files];
async function runOne(file) {
  const t0 = Date.now();
  const problems = check(file, await verify(file));
  const took = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  if (problems.length === 0) {
    passed++;
    console.log(`ok      ${file} (${took})`);
  } else {
    failed++;
    console.log(`FAILED  ${file} (${took})`);
    for (const p of problems) console.log(`          ${p}`);
  }
}
async function worker() {
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) await runOne(file);
}
// The first scenario alone makes the shared system database; then two at a time.
const first = queue.shift();
if (first !== undefined) await runOne(first);
await Promise.all([worker(), worker()]);
rmSync(work, { recursive: true, force: true });
console.log(`real MariaDB: ${files.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
