#!/usr/bin/env node
// Runs the extension's integration suites (client/test/suite/*.test.ts, bundled to out/vscode-test/suite/)
// in a real VS Code on a headless machine: the VS Code 1.100.3 server that code-server@4.100.3 carries,
// its workbench opened in headless Debian Chromium driven by playwright-core. The same suites run under
// @vscode/test-electron with scripts/test-electron.mjs where VS Code can be downloaded.
//
// Steps: scripts/setup-vscode-server.sh (idempotent install, cached outside the clone), the build
// (`node scripts/build.mjs`), the VS Code server on 127.0.0.1 (a free port, temporary user and server data
// folders), Chromium opening the workbench with extensionDevelopmentPath = this repository and
// extensionTestsPath = out/vscode-test/suite/index.js, on a fresh temporary copy of
// client/test/fixtures/workspace/. The extension host's console output is printed here; the process exits
// with the suite's exit code; the server and the browser are always stopped. The last line printed is the
// verdict: `real VS Code (code-server 4.100.3 / VS Code 1.100.3) suite: N passing` or `...: FAILED ...`.
//
// Screenshots: when the extension host logs a line `[[screenshot:NAME]]` (client/test/suite/helpers.ts
// `screenshot(name)` does), this runner waits about 1.5 s for rendering to settle, then saves the page as
// test-results/vscode-NAME.png (NAME limited to [A-Za-z0-9._-]). The extension host gets
// REPLSCOPE_SCREENSHOT_DIR=<repo>/test-results so the helper can wait for the file before going on.
// When the suite ends (or the run times out), test-results/vscode-final.png is saved too.
// Other outputs: test-results/vscode-server.log (the server's output), test-results/vscode-logs/ (the
// workbench's log files, handed over when the suite ends) and test-results/vscode-logs/server/ (the server's
// log folder: its extension host's log, and the extension's output channels in
// */exthost1/replscope.replscope/).
//
// Environment: REPLSCOPE_VSCODE_TIMEOUT (seconds, default 240) bounds everything after setup and build;
// REPLSCOPE_CHROMIUM (default /usr/bin/chromium); REPLSCOPE_SKIP_BUILD=1 uses the existing build.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as util from 'node:util';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const timeoutSeconds = Number(process.env.REPLSCOPE_VSCODE_TIMEOUT ?? 240);
const chromiumPath = process.env.REPLSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const resultsDir = path.join(root, 'test-results');
const suiteIndex = path.join(root, 'out', 'vscode-test', 'suite', 'index.js');
const fixtureWorkspace = path.join(root, 'client', 'test', 'fixtures', 'workspace');
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const userSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
};

let label = 'real VS Code (code-server) suite';
const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const log = (message) => console.log(`[test-vscode] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A sleep that does not keep the process alive: for bounding waits in races. */
const deadline = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

let closing;
/** Records the closing verdict line (printed last) and the exit code. */
function verdict(code, detail) {
  closing = `${label}: ${detail}`;
  process.exitCode = code;
}
/** Prints the verdict now and exits: for failures before the run starts. */
function failEarly(detail) {
  verdict(1, `FAILED: ${detail}`);
  console.log(closing);
  process.exit();
}

// This run's outputs replace the last run's: no stale screenshot or log is left to mislead.
fs.mkdirSync(resultsDir, { recursive: true });
for (const f of fs.readdirSync(resultsDir)) {
  if (/^vscode-.*\.png$/.test(f)) fs.rmSync(path.join(resultsDir, f), { force: true });
}
fs.rmSync(path.join(resultsDir, 'vscode-logs'), { recursive: true, force: true });
fs.rmSync(path.join(resultsDir, 'vscode-server.log'), { force: true });

// ---------------------------------------------------------------------------------------------------------
// 1. Setup and build (outside the run's timeout: a first install takes a minute or more)
// ---------------------------------------------------------------------------------------------------------
const setupStarted = Date.now();
const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-vscode-server.sh')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  timeout: 20 * 60 * 1000,
});
const vscodeDir = setup.stdout?.trim().split('\n').pop() ?? '';
if (setup.status !== 0 || !fs.existsSync(path.join(vscodeDir, 'out', 'server-main.js'))) {
  failEarly(`scripts/setup-vscode-server.sh failed (status ${setup.status}${setup.error ? `, ${setup.error.message}` : ''})`);
}
const vscodeVersion = readJson(path.join(vscodeDir, 'package.json')).version;
const codeServerVersion = readJson(path.join(vscodeDir, '..', '..', 'package.json')).version;
label = `real VS Code (code-server ${codeServerVersion} / VS Code ${vscodeVersion}) suite`;
log(`setup: ${seconds(setupStarted)} s, VS Code server in ${vscodeDir}`);

if (process.env.REPLSCOPE_SKIP_BUILD !== '1') {
  const buildStarted = Date.now();
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    failEarly(`the build (node scripts/build.mjs) failed with status ${build.status}`);
  }
  log(`build: ${seconds(buildStarted)} s`);
}
if (!fs.existsSync(suiteIndex)) {
  failEarly(`${path.relative(root, suiteIndex)} is missing (no client/test/suite/*.test.ts built?)`);
}

// ---------------------------------------------------------------------------------------------------------
// 2. The run: server, browser, suite
// ---------------------------------------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'replscope-vscode-'));
const userDataDir = path.join(tmp, 'user-data');
const serverDataDir = path.join(tmp, 'server-data');
const workspace = path.join(tmp, 'workspace');
let server;
let serverExited;
let browser;
let page;
let cleaning;
let cleanedUp = false;
let interrupted;

async function main() {
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  // The workbench reads its user settings from the server's --user-data-dir (code-server's patch).
  writeJson(path.join(userDataDir, 'User', 'settings.json'), userSettings);

  const port = await startServer();
  log(`VS Code server listening on 127.0.0.1:${port} (${seconds(runStarted)} s into the run)`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    // This script's own handlers stop the browser and the server together (Playwright's would exit first).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();

  let summary;
  let shots = Promise.resolve();
  let onExit;
  const exited = new Promise((resolve) => (onExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code, logs) => onExit({ code, logs }));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = formatArgs(Array.isArray(args) ? args : [args]);
    for (const line of text.split('\n')) {
      console.log(type === 'info' || type === 'log' ? line : `[${type}] ${line}`);
      const counts = /^(\d+) passed, (\d+) failed\b/.exec(line.trim());
      if (counts) summary = { passed: Number(counts[1]), failed: Number(counts[2]) };
      for (const match of line.matchAll(/\[\[screenshot:([^\]]+)\]\]/g)) {
        const name = match[1].replace(/[^A-Za-z0-9._-]/g, '_');
        shots = shots.then(async () => {
          await sleep(1500);
          await screenshot(name);
        });
      }
    }
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the page crashed'))));
  crashed.catch(() => {});

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suiteIndex)],
  ]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  log(`opening the workbench on ${workspace} (${seconds(runStarted)} s into the run)`);
  await page.goto(url);

  const serverDied = serverExited.then(({ code, signal }) => {
    throw new Error(`the VS Code server exited during the run (code ${code}, signal ${signal}); see test-results/vscode-server.log`);
  });
  serverDied.catch(() => {});
  const { code, logs } = await Promise.race([exited, crashed, serverDied]);
  log(`the suite ended with exit code ${code} (${seconds(runStarted)} s into the run)`);
  await shots;
  await sleep(500);
  await screenshot('final');
  saveLogs(logs);

  const counts = summary ? `${summary.failed} failing, ${summary.passed} passing` : 'no "N passed, N failed" line seen';
  if (code === 0) {
    verdict(0, summary ? `${summary.passed} passing` : `passed (exit code 0; ${counts})`);
  } else {
    verdict(typeof code === 'number' && code !== 0 ? code : 1, `FAILED (${counts}, exit code ${code})`);
  }
}

/** Starts the VS Code server and resolves to the port it listens on. */
function startServer() {
  const serverLog = fs.createWriteStream(path.join(resultsDir, 'vscode-server.log'));
  server = spawn(
    process.execPath,
    [
      path.join(vscodeDir, 'out', 'server-main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--telemetry-level',
      'off',
      '--user-data-dir',
      userDataDir,
      '--server-data-dir',
      serverDataDir,
    ],
    {
      cwd: tmp,
      // Its own process group, so that the extension host and every other child go with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REPLSCOPE_SCREENSHOT_DIR: resultsDir },
    },
  );
  serverExited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      serverLog.write(chunk);
      if (output !== null) {
        output += chunk.toString();
        const m = /Extension host agent listening on (\d+)/.exec(output);
        if (m) {
          output = null;
          resolve(Number(m[1]));
        }
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', reject);
    server.on('exit', (code, signal) => {
      if (output !== null) reject(new Error(`the VS Code server exited (code ${code}, signal ${signal}) before listening:\n${output}`));
    });
  });
}

async function screenshot(name) {
  if (!page || page.isClosed()) return;
  const file = path.join(resultsDir, `vscode-${name}.png`);
  try {
    const png = await page.screenshot({ timeout: 10_000 });
    // Written under another name first: the suite's helper waits for this file and must not see half of it.
    fs.writeFileSync(`${file}.tmp`, png);
    fs.renameSync(`${file}.tmp`, file);
    log(`screenshot: ${path.relative(root, file)}`);
  } catch (error) {
    log(`screenshot ${name} failed: ${error.message}`);
  }
}

function saveLogs(logs) {
  if (!Array.isArray(logs)) return;
  const dir = path.join(resultsDir, 'vscode-logs');
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}

/** Stops the browser and the server and removes the temporary folder; every caller awaits the same work. */
function cleanup() {
  cleaning ??= stopEverything();
  return cleaning;
}

async function stopEverything() {
  if (browser) {
    const closed = browser.close().catch(() => {});
    if ((await Promise.race([closed.then(() => true), deadline(5000)])) !== true) browser.process?.()?.kill('SIGKILL');
  }
  if (server && server.exitCode === null && server.signalCode === null) {
    killServer('SIGTERM');
    if ((await Promise.race([serverExited.then(() => true), deadline(3000)])) !== true) killServer('SIGKILL');
  }
  // The extension host may outlive the server by a moment; the group goes in any case.
  killServer('SIGKILL');
  // The server's own logs (its extension host's, the language client's output channels) outlive the run.
  try {
    const serverLogs = path.join(userDataDir, 'logs');
    if (fs.existsSync(serverLogs)) {
      fs.cpSync(serverLogs, path.join(resultsDir, 'vscode-logs', 'server'), { recursive: true });
    }
  } catch (error) {
    log(`could not keep the server's logs: ${error.message}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  cleanedUp = true;
}

function killServer(signal) {
  try {
    if (server?.pid) process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
}

/** Formats console arguments as Node's console does (Mocha's reporter logs printf-style: '%s (%dms)'). */
function formatArgs(args) {
  return util.format(...args.map((arg) => (arg !== null && typeof arg === 'object' ? safeJson(arg) : arg)));
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

process.on('exit', () => {
  if (!cleanedUp) killServer('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal}: stopping`);
    await cleanup();
    verdict(130, `FAILED: interrupted by ${signal}`);
    console.log(closing);
    process.exit(130);
  });
}

const runStarted = Date.now();
let timer;
const timedOut = new Promise((_, reject) => {
  timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { timeout: true })), timeoutSeconds * 1000);
});
try {
  await Promise.race([main(), timedOut]);
} catch (error) {
  if (interrupted) {
    // the signal handler reports
  } else if (error.timeout) {
    await screenshot('final');
    verdict(
      1,
      `FAILED: timed out after ${timeoutSeconds} s (REPLSCOPE_VSCODE_TIMEOUT); see test-results/vscode-final.png and test-results/vscode-server.log`,
    );
  } else {
    console.error(error);
    verdict(1, `FAILED: ${error.message.split('\n')[0]}`);
  }
} finally {
  clearTimeout(timer);
  await cleanup();
}
if (!interrupted) {
  log(`run: ${seconds(runStarted)} s, total ${seconds(started)} s`);
  // The verdict line is the last line printed.
  console.log(closing);
}
