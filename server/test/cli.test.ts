// The command line: strict arguments, distinct exit codes (0 ok, 1 failed expectations or file errors, 2 usage or
// input/output), `--summary`, JSON streamed in pieces, no control character reaching the terminal, a closed or full
// output ending with 2, and input past the size limit refused.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { main } from '../src/cli';
import { jsonPieces } from '../src/cli/json-stream';
import { terminalSafe } from '../src/cli/terminal';
import { analyze } from '../src/language/analyze';
import { maxInputBytes } from '../src/language/limits';
import { runScenario } from '../src/run';
import { scaleScenarioText } from './helpers/scale-scenario';
import { cli } from './helpers/cli';

const root = join(__dirname, '..', '..');
const cliJs = join(root, 'dist', 'cli.js');
const example = join(root, 'examples', 's01-async-happy-path.repl');
const tmp = mkdtempSync(join(tmpdir(), 'replscope-cli-'));

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

void test('unknown flags, a missing file argument and malformed seeds are usage errors (exit 2)', async () => {
  for (const argv of [
    ['run', example, '--bogus'],
    ['run'],
    ['run', example, example],
    ['run', example, '--seed', ''],
    ['run', example, '--seed', '0x10'],
    ['run', example, '--seed', '1e3'],
    ['run', example, '--seed', '-1'],
    ['run', example, '--seed', '4294967296'],
    ['run', example, '--html'],
    ['run', example, '--time-limit', '-1'],
    ['run', example, '--time-limit', '1.5'],
    ['run', example, '--memory-limit', ''],
    ['run', example, '--summary', '--svg', join(tmp, 'x.svg')],
    ['run', example, '--time-scale'],
    ['check'],
    ['check', example, '--json'],
    ['frobnicate', example],
    [],
  ]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /usage: replscope/, argv.join(' '));
  }
});

void test('--help and --version answer on stdout with exit 0', async () => {
  const help = await cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /check/);
  assert.match(help.out, /run/);
  const runHelp = await cli('run', '--help');
  assert.equal(runHelp.code, 0);
  assert.match(runHelp.out, /--summary/);
  const version = await cli('--version');
  assert.equal(version.code, 0);
  assert.match(version.out, /^replscope \d+\.\d+\.\d+\n$/);
});

void test('exit 1 for a file with errors or a failed expectation, 0 when all holds', async () => {
  assert.equal((await cli('run', example)).code, 0);
  assert.equal((await cli('check', example)).code, 0);
  const broken = file('broken.repl', 'source m1 { }\nreplica r1 of nowhere { }\n');
  assert.equal((await cli('check', broken)).code, 1);
  assert.equal((await cli('run', broken)).code, 1);
  const failing = file(
    'failing.repl',
    'source m1 { }\ntable t (id int primary key)\nclient a on m1\na: insert into t values (1)\nexpect m1 lacks t(id=1)\n',
  );
  assert.equal((await cli('run', failing)).code, 1);
  assert.equal((await cli('run', failing, '--summary')).code, 1);
  assert.equal((await cli('check', join(tmp, 'does-not-exist.repl'))).code, 2);
});

void test('run --summary prints the expectations and verdicts exactly as the full run ends', async () => {
  const full = await cli('run', example);
  const summary = await cli('run', example, '--summary');
  assert.equal(summary.code, 0);
  assert.ok(summary.out.startsWith('expectations:\n'), summary.out.slice(0, 80));
  assert.ok(full.out.endsWith(`\n${summary.out}`), 'the summary is the tail of the full report');
  const json = JSON.parse((await cli('run', example, '--summary', '--json')).out) as { mode: string; events?: unknown };
  assert.equal(json.mode, 'summary');
  assert.equal(json.events, undefined);
});

// The 100,000-transaction run is scripts/fuzz.mjs --scale (about a minute); here a smaller one of the same shape.
void test('run --summary on a generated scale scenario', async () => {
  const big = file('scale.repl', scaleScenarioText(3000));
  const r = await cli('run', big, '--summary');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^expectations:\n {2}pass {2}line \d+: r2 replication running/);
});

void test('a run that would go on for long ends at its time or memory budget, says so, and fails what it never checked', async () => {
  // Fifty servers whose source is gone for a long time: every replica retries its connection every minute, some
  // twenty million events in all (the engine's cap), far more than a one-second budget lets through.
  const servers = Array.from({ length: 49 }, (_, i) => `replica r${i + 1} of m1 { semisync }`);
  const text = [
    'source m1 { semisync wait_point=after_sync timeout=2s }',
    ...servers,
    'table t (id int primary key)',
    'client app on m1',
    'app: insert into t values (1)',
    'crash m1',
    ...Array.from({ length: 9 }, () => 'wait 1000000s'),
    'expect r1 has t(id=1)',
    '',
  ].join('\n');
  const path = file('fifty.repl', text);
  for (const [flags, stopped] of [
    [['--summary', '--time-limit', '1'], /^stopped: the run took more than 1 s \(its time budget\) and stopped after \d+ events/m],
    [['--time-limit', '1'], /^  stopped: the run took more than 1 s \(its time budget\)/m],
    [['--summary', '--memory-limit', '1'], /^stopped: the run used more than 1 MB \(its memory budget\)/m],
  ] as const) {
    const r = await cli('run', path, ...flags);
    assert.equal(r.code, 1, flags.join(' '));
    assert.match(r.out, stopped, flags.join(' '));
    assert.match(r.out, /FAIL {2}line 64: never checked: the run ended at /, flags.join(' '));
    assert.match(r.out, /still_waiting .*\(the run reached its budget\)/, flags.join(' '));
  }
  const unlimited = await cli('run', example, '--time-limit', '0', '--memory-limit', '0');
  assert.equal(unlimited.code, 0, unlimited.out);
  assert.doesNotMatch(unlimited.out, /stopped:/);
});

void test('an exported timeline of more events than a page can hold is refused with exit 2 and the reason', async () => {
  // Nine replicas retrying every minute for two days: some 80,000 events, past what an exported page draws.
  const replicas = Array.from({ length: 9 }, (_, i) => `replica r${i + 1} of m1 { }`);
  const path = file('retrying.repl', ['source m1 { }', ...replicas, 'crash m1', 'wait 180000s', ''].join('\n'));
  const target = join(tmp, 'retrying.html');
  const r = await cli('run', path, '--html', target);
  assert.equal(r.code, 2);
  assert.match(r.err, /retrying\.html: not written: the run has \d+ events and an exported timeline draws at most 50000/);
  assert.throws(() => readFileSync(target));
  const small = await cli('run', example, '--html', target);
  assert.equal(small.code, 0, small.err);
  assert.match(readFileSync(target, 'utf8'), /^<!DOCTYPE html>/i);
});

void test('run --svg --time-scale draws the file to scale: its long pauses are breaks', async () => {
  // S1 waits 15 ms: a gap band in rows of events, a break of a compressed pause to scale.
  const rows = join(tmp, 'rows.svg');
  const scaled = join(tmp, 'scaled.svg');
  assert.equal((await cli('run', example, '--svg', rows)).code, 0);
  const r = await cli('run', example, '--svg', scaled, '--time-scale');
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(readFileSync(rows, 'utf8'), /class="gap-break"/);
  assert.match(readFileSync(scaled, 'utf8'), /class="gap-break"/);
});

void test('run --json is the trace as JSON.stringify writes it, in bounded pieces', async () => {
  const trace = runScenario(analyze(readFileSync(example, 'utf8')).scenario);
  const r = await cli('run', example, '--json');
  assert.equal(r.out, `${JSON.stringify(trace, null, 1)}\n`);
  const pieces = [...jsonPieces(trace, 1)];
  assert.equal(pieces.join(''), JSON.stringify(trace, null, 1));
  const longest = Math.max(...pieces.map((p) => p.length));
  assert.ok(longest < 4000, `no piece holds much more than one event (longest ${longest})`);
  // Odd values stringify as JSON.stringify does: undefined members left out, undefined items as null, empty containers.
  const odd = { a: undefined, b: [undefined, 1, [], {}], c: { d: [{ e: 'x' }] }, f: null, g: 'é\u0085' };
  assert.equal([...jsonPieces(odd, 1)].join(''), JSON.stringify(odd, null, 1));
});

void test('no control character of a user string reaches the terminal; JSON reads back to the same strings', async () => {
  // (No CR or LF: a string cannot hold a line break; terminalSafe shows a CR from elsewhere as `\r`.)
  const payload = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil\u0008';
  assert.equal(terminalSafe('a\rb\u001b[0m\tc\n'), 'a\\rb\\x1b[0m\tc\n');
  const hostile = file(
    'hostile.repl',
    `scenario "${payload}"\nsource m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key)\nclient a on m1\na: insert into t values (1)\nrestart r1 as replica of m1 from binlog '${payload}':4\nexpect r1 Master_Log_File = '${payload}x'\n`,
  );
  const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  for (const argv of [
    ['check', hostile],
    ['run', hostile],
  ]) {
    const r = await cli(...argv);
    assert.doesNotMatch(r.out + r.err, unsafe, argv.join(' '));
    if (argv[0] === 'run') assert.match(r.out + r.err, /\\x1b\]0;owned/, `${argv.join(' ')}: the escape is shown, not sent`);
  }
  const ok = file('hostile-ok.repl', `scenario "${payload}"\nsource m1 { }\n`);
  for (const argv of [
    ['run', ok],
    ['run', ok, '--json'],
    ['run', ok, '--summary', '--json'],
  ]) {
    const r = await cli(...argv);
    assert.doesNotMatch(r.out + r.err, unsafe, argv.join(' '));
  }
  const json = JSON.parse((await cli('run', ok, '--json')).out) as { title: string };
  assert.equal(json.title, payload);
});

void test('a file past the size limit, /dev/zero and a directory are refused with exit 2', async () => {
  const big = join(tmp, 'big.repl');
  writeFileSync(big, `# ${'x'.repeat(maxInputBytes)}\n`);
  for (const path of [big, '/dev/zero', tmp]) {
    const r = await cli('check', path);
    assert.equal(r.code, 2, path);
    assert.match(r.err, new RegExp(`${path.replace(/[/.]/g, '\\$&')}: (too large|cannot read)`));
  }
});

void test('a closed stdout (EPIPE) and a full disk end the run with exit 2, no unhandled error', async () => {
  const big = file('epipe.repl', scaleScenarioText(600));
  const child = spawn(process.execPath, [cliJs, 'run', big, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2, err);
  assert.match(err, /cannot write the output: .*EPIPE/);
  assert.doesNotMatch(err, /Unhandled|at .*\.js:\d+/);

  const full = openSync('/dev/full', 'w');
  const r = spawnSync(process.execPath, [cliJs, 'run', example], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
  closeSync(full);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /ENOSPC/);
});

void test('standard output and standard error keep the order they were written in', async () => {
  const both = new PassThrough();
  let text = '';
  both.on('data', (d: Buffer) => (text += d.toString()));
  const broken = file('order.repl', 'source m1 { }\nreplica r1 of m9 { }\n');
  const code = await main(['check', broken, join(tmp, 'missing.repl'), broken], { stdout: both, stderr: both });
  assert.equal(code, 2);
  assert.deepEqual(
    text.split('\n').map((l) => (l.includes('cannot read') ? 'unreadable' : l.includes("unknown server 'm9'") ? 'error' : l)),
    ['error', 'unreadable', 'error', ''],
  );
});
