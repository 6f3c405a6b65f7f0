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
// DOM probes: a line `[[probe:NAME:SELECTOR]]` (helpers.ts `probeDom`) makes this runner look, for up to 10 s, in
// every frame of the page (webviews such as the Markdown preview are nested iframes) for elements matching the
// CSS SELECTOR (URI-encoded), and write test-results/probe-NAME.json: `{ count, samples, attributes }` (the first
// few elements' text and attributes), which the helper reads back. This is how a suite test sees a webview another
// extension owns, or the workbench's own pages (the walkthrough).
// Input, as a user gives it: `[[click:NAME:SELECTOR]]` (helpers.ts `clickDom`) clicks the first element matching
// SELECTOR with the mouse; `[[keys:NAME:KEYS]]` (helpers.ts `pressKeys`) presses keys (`Control+K v`) where the
// workbench has the focus. Each answers in test-results/click-NAME.json or keys-NAME.json.
// Other outputs: test-results/vscode-server.log (the server's output), test-results/vscode-logs/ (the
// workbench's log files, handed over when the suite ends) and test-results/vscode-logs/server/ (the server's
// log folder: its extension host's log, and the extension's output channels in
// */exthost1/replscope.replscope/).
//
// Environment: REPLSCOPE_VSCODE_TIMEOUT (seconds, default 240) bounds everything after setup and build;
// REPLSCOPE_CHROMIUM (default /usr/bin/chromium); REPLSCOPE_SKIP_BUILD=1 uses the existing build.
//
// The server, the browser, the timeout, signals and cleanup are shared with scripts/test-vsix.mjs:
// scripts/lib/vscode-server.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as util from 'node:util';
import { VscodeServerRun, readJson, seconds, setupVscodeServer, sleep, userSettings, workbenchUrl } from './lib/vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const timeoutSeconds = Number(process.env.REPLSCOPE_VSCODE_TIMEOUT ?? 240);
const resultsDir = path.join(root, 'test-results');
const suiteIndex = path.join(root, 'out', 'vscode-test', 'suite', 'index.js');
const fixtureWorkspace = path.join(root, 'client', 'test', 'fixtures', 'workspace');

let label = 'real VS Code (code-server) suite';
const started = Date.now();
const log = (message) => console.log(`[test-vscode] ${message}`);

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
const { vscodeDir, serverMain, vscodeVersion, failure } = setupVscodeServer(root);
if (failure) failEarly(failure);
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
const run = new VscodeServerRun({
  root,
  tmpPrefix: 'replscope-vscode-',
  log,
  // The server's own logs (its extension host's, the language client's output channels) outlive the run.
  afterStop: () => {
    try {
      const serverLogs = path.join(run.userDataDir, 'logs');
      if (fs.existsSync(serverLogs)) {
        fs.cpSync(serverLogs, path.join(resultsDir, 'vscode-logs', 'server'), { recursive: true });
      }
    } catch (error) {
      log(`could not keep the server's logs: ${error.message}`);
    }
  },
});
const workspace = path.join(run.tmp, 'workspace');

async function main() {
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  run.writeUserSettings(userSettings);

  const port = await run.startServer({
    serverMain,
    logFile: path.join(resultsDir, 'vscode-server.log'),
    // Where the suite's screenshot helper waits for the files this script saves.
    env: { REPLSCOPE_SCREENSHOT_DIR: resultsDir },
  });
  log(`VS Code server listening on 127.0.0.1:${port} (${seconds(runStarted)} s into the run)`);

  const page = await run.launchBrowser();
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
      for (const match of line.matchAll(/\[\[probe:([A-Za-z0-9._-]+):([^\]]+)\]\]/g)) {
        void probe(page, match[1], decodeSelector(match[2]));
      }
      for (const match of line.matchAll(/\[\[click:([A-Za-z0-9._-]+):([^\]]+)\]\]/g)) {
        void click(page, match[1], decodeSelector(match[2]));
      }
      for (const match of line.matchAll(/\[\[keys:([A-Za-z0-9._-]+):([^\]]+)\]\]/g)) {
        void pressKeys(page, match[1], match[2]);
      }
      for (const match of line.matchAll(/\[\[screenshot:([^\]]+)\]\]/g)) {
        const name = match[1].replace(/[^A-Za-z0-9._-]/g, '_');
        shots = shots.then(async () => {
          await sleep(1500);
          await screenshot(name);
        });
      }
    }
  });
  const failed = run.failure();

  const url = workbenchUrl(port, workspace, { extensionDevelopmentPath: root, extensionTestsPath: suiteIndex });
  log(`opening the workbench on ${workspace} (${seconds(runStarted)} s into the run)`);
  await page.goto(url);

  const { code, logs } = await Promise.race([exited, failed]);
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

/** A selector as the suite writes it in a marker: URI-encoded (helpers.ts), so that it may hold `[`, `]` and `:`. */
function decodeSelector(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Writes test-results/NAME.json for the suite's helper to read (written whole, then renamed). */
function answer(name, result) {
  const file = path.join(resultsDir, `${name}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * Looks for SELECTOR in every frame of the page until found or 10 s passed; writes test-results/probe-NAME.json:
 * the count, the first few elements' text (`samples`) and attributes (`attributes`).
 */
async function probe(page, name, selector) {
  const deadline = Date.now() + 10_000;
  let result = { count: 0, samples: [], attributes: [], errors: [] };
  for (;;) {
    result = { count: 0, samples: [], attributes: [], errors: [] };
    for (const frame of page.frames()) {
      try {
        const found = await frame.$$eval(selector, (elements) =>
          elements.map((e) => ({
            text: (e.textContent ?? '').slice(0, 300),
            attributes: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value.slice(0, 300)])),
          })),
        );
        result.count += found.length;
        result.samples.push(...found.slice(0, 3).map((f) => f.text));
        result.attributes.push(...found.slice(0, 20).map((f) => f.attributes));
      } catch (error) {
        if (result.errors.length < 3) result.errors.push(String(error.message ?? error).split('\n')[0]);
      }
    }
    if (result.count > 0 || Date.now() >= deadline) break;
    await sleep(250);
  }
  answer(`probe-${name}`, result);
  log(`probe ${name} (${selector}): ${result.count} found`);
}

/**
 * Clicks, as a user does (the mouse, at the element), the first element matching SELECTOR in any frame, waiting up
 * to 10 s for one; writes test-results/click-NAME.json: `{ clicked, error? }`.
 */
async function click(page, name, selector) {
  const deadline = Date.now() + 10_000;
  let error = 'no element matches';
  for (;;) {
    for (const frame of page.frames()) {
      try {
        const element = await frame.$(selector);
        if (!element) continue;
        await element.click({ timeout: 5_000 });
        answer(`click-${name}`, { clicked: true });
        log(`click ${name} (${selector})`);
        return;
      } catch (e) {
        error = String(e.message ?? e).split('\n')[0];
      }
    }
    if (Date.now() >= deadline) break;
    await sleep(250);
  }
  answer(`click-${name}`, { clicked: false, error });
  log(`click ${name} (${selector}): ${error}`);
}

/**
 * Presses KEYS on the keyboard of the page, as a user does: space-separated chords in Playwright's names
 * (`Control+K v` is Ctrl+K, then V), each a key down and up that the workbench's keybinding service sees where the
 * focus is. Writes test-results/keys-NAME.json: `{ pressed, error? }`.
 */
async function pressKeys(page, name, keys) {
  try {
    for (const chord of keys.trim().split(/\s+/)) await page.keyboard.press(chord);
    answer(`keys-${name}`, { pressed: true });
    log(`keys ${name}: ${keys}`);
  } catch (e) {
    answer(`keys-${name}`, { pressed: false, error: String(e.message ?? e).split('\n')[0] });
  }
}

/** Saves the page as test-results/vscode-NAME.png. */
function screenshot(name) {
  return run.screenshot(path.join(resultsDir, `vscode-${name}.png`), `screenshot ${name}`);
}

/** Keeps the workbench's log files, handed over with the suite's exit, in test-results/vscode-logs/. */
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

run.handleExitAndSignals((signal) => {
  verdict(130, `FAILED: interrupted by ${signal}`);
  console.log(closing);
});

const runStarted = Date.now();
await run.runWithin(timeoutSeconds * 1000, main, {
  onTimeout: async () => {
    await screenshot('final');
    verdict(
      1,
      `FAILED: timed out after ${timeoutSeconds} s (REPLSCOPE_VSCODE_TIMEOUT); see test-results/vscode-final.png and test-results/vscode-server.log`,
    );
  },
  onError: (error) => verdict(1, `FAILED: ${error.message.split('\n')[0]}`),
});
if (!run.interrupted) {
  log(`run: ${seconds(runStarted)} s, total ${seconds(started)} s`);
  // The verdict line is the last line printed.
  console.log(closing);
}
