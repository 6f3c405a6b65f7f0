#!/usr/bin/env node
// Checks the packaged extension the way a user gets it: `npm run package` builds replscope.vsix, the VS Code
// server's own CLI installs that VSIX into a fresh extensions folder (the real installation path, not
// extensionDevelopmentPath), and the workbench of that server, opened in headless Chromium, highlights and
// checks a `.repl` file.
//
//   node scripts/test-vsix.mjs              runs `npm run package`, then tests ./replscope.vsix
//   node scripts/test-vsix.mjs FILE.vsix    tests an existing VSIX (no packaging)
//
// Steps: scripts/setup-vscode-server.sh (idempotent, cached outside the clone; prints the server's path),
// `npm run package` (unless a VSIX is given; the VSIX is then copied to a temporary folder at once),
// `server-main.js --install-extension VSIX --extensions-dir TMP/extensions`, `--list-extensions`, the VS Code
// server on 127.0.0.1 with that --extensions-dir and temporary user and server data folders (workspace trust
// off, semantic highlighting off so that the colours come from the TextMate grammar alone), and Chromium
// opening a temporary workspace with one file, scenario.repl: examples/s07-*.repl plus one line naming an
// unknown server (`expect m9 …`), so exactly one checker error on a known line. The file is opened through
// the workbench's `payload` (`openFile`).
//
// Checks (each printed as `ok`/`not ok`): the install, the listing, the packaged CLI's verdict on the
// fixture (exactly that one error), the language mode, the TextMate tokens (keywords coloured unlike names
// and unlike plain text), the error squiggle on the bad line, the status bar's problem counts (1 error,
// 0 warnings), the Problems panel's message and position, and the extension host's log (the extension was
// activated from the temporary extensions folder; the language server started).
//
// Outputs: test-results/vsix-installed.png (the workbench with the file and the Problems panel),
// test-results/vsix-server.log (the server's output), test-results/vsix-logs/ (the server's log folder).
// The last line printed is `vsix: N passed, N failed`; the exit code is non-zero on any failure. The server,
// the browser and the temporary folder are always removed.
//
// Environment: REPLSCOPE_VSIX_TIMEOUT (seconds, default 300) bounds everything after setup (packaging
// included); REPLSCOPE_CHROMIUM (default /usr/bin/chromium).
//
// The server, the browser, the timeout, signals and cleanup are shared with scripts/test-vscode.mjs:
// scripts/lib/vscode-server.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VscodeServerRun, readJson, seconds, setupVscodeServer, sleep, userSettings, workbenchUrl } from './lib/vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const timeoutSeconds = Number(process.env.REPLSCOPE_VSIX_TIMEOUT ?? 300);
const resultsDir = path.join(root, 'test-results');
const screenshotFile = path.join(resultsDir, 'vsix-installed.png');
const serverLogFile = path.join(resultsDir, 'vsix-server.log');
const logsDir = path.join(resultsDir, 'vsix-logs');
const extensionId = 'replscope.replscope';
const settings = {
  ...userSettings,
  // The extension's language server sends semantic tokens too, keywords included: with them on, a keyword's
  // colour would not tell whether the TextMate grammar is active. Off, every colour comes from the grammar.
  'editor.semanticHighlighting.enabled': false,
};

// The fixture: a valid example plus one line with exactly one checker error, on a line that is on screen.
const exampleName = fs.readdirSync(path.join(root, 'examples')).find((f) => /^s07-.*\.repl$/.test(f));
const badLine = 'expect m9 Rpl_semi_sync_master_status = ON';
const badAfter = /^expect m1 Rpl_semi_sync_master_status = ON\s*$/; // first such line (27 in S7)
const expectedMessage = /unknown server 'm9'/;

const started = Date.now();
const log = (message) => console.log(`[test-vsix] ${message}`);

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok    ' : 'not ok'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
function closingLine() {
  return `vsix: ${passed} passed, ${failed} failed`;
}
/** Records a failure that stops the run, prints the closing line and exits. */
function failEarly(name, detail) {
  check(name, false, detail);
  fs.rmSync(run.tmp, { recursive: true, force: true, maxRetries: 3 });
  console.log(closingLine());
  process.exit(1);
}

// This run's outputs replace the last run's.
fs.mkdirSync(resultsDir, { recursive: true });
fs.rmSync(screenshotFile, { force: true });
fs.rmSync(serverLogFile, { force: true });
fs.rmSync(logsDir, { recursive: true, force: true });

/** Set when the workbench checks ran to their end: only then are the server's logs complete enough to judge. */
let workbenchChecked = false;
const run = new VscodeServerRun({
  root,
  tmpPrefix: 'replscope-vsix-',
  log,
  afterStop: () => {
    if (!workbenchChecked) return;
    try {
      checkServerLogs();
    } catch (error) {
      check('the extension host activated the installed copy', false, `reading the logs failed: ${error.message}`);
    }
  },
});
const extensionsDir = path.join(run.tmp, 'extensions');
const workspace = path.join(run.tmp, 'workspace');
const vsix = path.join(run.tmp, 'replscope.vsix');

// ---------------------------------------------------------------------------------------------------------
// 1. Setup (bounded on its own: a first install takes a minute or more)
// ---------------------------------------------------------------------------------------------------------
const setupStarted = Date.now();
const { vscodeDir, serverMain, vscodeVersion, failure } = setupVscodeServer(root);
if (failure) failEarly('setup', failure);
log(`setup: ${seconds(setupStarted)} s, VS Code ${vscodeVersion} server in ${vscodeDir}`);

// Everything from here on shares one deadline; synchronous steps get what is left of it.
const runStarted = Date.now();
const runDeadline = runStarted + timeoutSeconds * 1000;
const remainingMs = () => Math.max(1000, runDeadline - Date.now());

// ---------------------------------------------------------------------------------------------------------
// 2. The VSIX: packaged now, or given
// ---------------------------------------------------------------------------------------------------------
const given = process.argv[2];
if (given) {
  const source = path.resolve(given);
  if (!fs.existsSync(source)) failEarly('vsix', `${source} does not exist`);
  fs.copyFileSync(source, vsix);
  log(`testing the given VSIX ${source}`);
} else {
  const packageStarted = Date.now();
  log('npm run package');
  const pack = spawnSync('npm', ['run', 'package'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: remainingMs(),
  });
  const built = path.join(root, 'replscope.vsix');
  if (pack.status !== 0 || !fs.existsSync(built)) {
    failEarly('npm run package', `exit status ${pack.status}${pack.error ? `, ${pack.error.message}` : ''}`);
  }
  // Copied at once: the test does not depend on the working tree after this.
  fs.copyFileSync(built, vsix);
  check('npm run package', true, `${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB in ${seconds(packageStarted)} s`);
}

// ---------------------------------------------------------------------------------------------------------
// 3. Install with the server's own CLI into a fresh extensions folder, then list
// ---------------------------------------------------------------------------------------------------------
/** Runs the VS Code server's CLI (server-main.js with extension-management options) with the temp folders. */
function serverCli(args) {
  return spawnSync(process.execPath, [serverMain, ...args, ...run.dirArgs(extensionsDir), '--accept-server-license-terms'], {
    cwd: run.tmp,
    encoding: 'utf8',
    timeout: Math.min(60_000, remainingMs()),
  });
}

const installStarted = Date.now();
const install = serverCli(['--install-extension', vsix]);
const installOutput = `${install.stdout ?? ''}${install.stderr ?? ''}`.trim();
const installedDir = fs.existsSync(extensionsDir)
  ? fs.readdirSync(extensionsDir).find((f) => f.toLowerCase().startsWith(`${extensionId}-`))
  : undefined;
const installedManifest = installedDir ? readJson(path.join(extensionsDir, installedDir, 'package.json')) : undefined;
const expectedVersion = readJson(path.join(root, 'package.json')).version;
if (
  !check(
    'installs with server-main.js --install-extension',
    install.status === 0 && /successfully installed/i.test(installOutput) && installedManifest !== undefined,
    `${installOutput.split('\n').pop()} (${installedDir ?? 'no extension folder'}, ${seconds(installStarted)} s)`,
  )
) {
  console.log(installOutput);
  fs.rmSync(run.tmp, { recursive: true, force: true, maxRetries: 3 });
  console.log(closingLine());
  process.exit(1);
}
const installedPath = path.join(extensionsDir, installedDir);

const list = serverCli(['--list-extensions', '--show-versions']);
const listed = (list.stdout ?? '')
  .trim()
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const listedLine = listed.find((l) => l.toLowerCase().startsWith(`${extensionId}@`));
check(
  `--list-extensions names ${extensionId}`,
  list.status === 0 && listedLine === `${extensionId}@${installedManifest.version}`,
  `listed: ${listed.join(', ') || '(nothing)'}${listedLine && installedManifest.version !== expectedVersion ? `; package.json says ${expectedVersion}` : ''}`,
);

// ---------------------------------------------------------------------------------------------------------
// 4. The workspace: S7 plus one bad line; the packaged CLI confirms it has exactly that one error
// ---------------------------------------------------------------------------------------------------------
if (!exampleName) failEarly('fixture', 'examples/s07-*.repl is missing');
const exampleLines = fs.readFileSync(path.join(root, 'examples', exampleName), 'utf8').split('\n');
const anchor = exampleLines.findIndex((l) => badAfter.test(l));
if (anchor < 0) failEarly('fixture', `examples/${exampleName} has no line matching ${badAfter}`);
const lines = [...exampleLines.slice(0, anchor + 1), badLine, ...exampleLines.slice(anchor + 1)];
const badLineNumber = anchor + 2; // 1-based
const badColumn = badLine.indexOf('m9') + 1; // 1-based
fs.mkdirSync(workspace, { recursive: true });
const scenario = path.join(workspace, 'scenario.repl');
fs.writeFileSync(scenario, lines.join('\n'));
log(`workspace: scenario.repl = examples/${exampleName} + line ${badLineNumber}: ${badLine}`);

const cli = spawnSync(process.execPath, [path.join(installedPath, 'dist', 'cli.js'), 'check', scenario], {
  cwd: workspace,
  encoding: 'utf8',
  timeout: Math.min(30_000, remainingMs()),
});
const cliLines = (cli.stdout ?? '').trim().split('\n').filter(Boolean);
check(
  'the packaged CLI finds exactly the one error in the fixture',
  cli.status === 1 &&
    cliLines.length === 1 &&
    cliLines[0].includes(`:${badLineNumber}:${badColumn}: error:`) &&
    expectedMessage.test(cliLines[0]),
  cliLines.map((l) => path.basename(l)).join(' | ') || `no output (status ${cli.status}) ${cli.stderr ?? ''}`,
);

// ---------------------------------------------------------------------------------------------------------
// 5. The workbench: server with the extensions folder, Chromium, the file
// ---------------------------------------------------------------------------------------------------------
let page;

async function main() {
  run.writeUserSettings(settings);
  const port = await run.startServer({ serverMain, logFile: serverLogFile, extensionsDir });
  log(`VS Code server listening on 127.0.0.1:${port} (${seconds(runStarted)} s into the run)`);

  page = await run.launchBrowser();
  const failed = run.failure();

  const url = workbenchUrl(port, workspace, { openFile: scenario });
  log(`opening the workbench on ${workspace} (${seconds(runStarted)} s into the run)`);
  await page.goto(url);
  await Promise.race([checkWorkbench(), failed]);
  workbenchChecked = true;
}

async function checkWorkbench() {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await waitFor(
    'the editor showing scenario.repl',
    60_000,
    async () =>
      (
        await page
          .locator('.tab.active')
          .first()
          .textContent()
          .catch(() => '')
      )?.includes('scenario.repl') &&
      (
        await editor
          .locator('.view-lines')
          .textContent()
          .catch(() => '')
      )?.includes('scenario'),
  );
  log(`editor open (${seconds(runStarted)} s into the run)`);

  // Language mode: contributed by the VSIX's package.json (its first alias is the display name).
  const languageMode = await waitFor('the language mode in the status bar', 30_000, async () => {
    const text = (
      await page
        .locator('#status\\.editor\\.mode')
        .textContent()
        .catch(() => '')
    )?.trim();
    return text && text !== 'Plain Text' ? text : undefined;
  }).catch(() =>
    page
      .locator('#status\\.editor\\.mode')
      .textContent()
      .catch(() => '(none)'),
  );
  check('the language mode is ReplScope scenario', languageMode?.trim() === 'ReplScope scenario', `status bar: ${languageMode?.trim()}`);

  // Highlighting: the TextMate grammar tokenizes asynchronously; wait until keywords are coloured.
  let tokens;
  try {
    tokens = await waitFor('keywords coloured by the grammar', 30_000, async () => {
      const t = await readTokens();
      return t.source?.[0] && t.source[0].cls !== 'mtk1' && t.expect?.[0]?.cls !== 'mtk1' ? t : undefined;
    });
  } catch {
    tokens = await readTokens();
  }
  const cls = (line, i) => tokens[line]?.[i]?.cls ?? '?';
  const text = (line, i) => tokens[line]?.[i]?.text ?? '?';
  const summary = (line) => (tokens[line] ?? []).map((t) => `${t.text}:${t.cls}`).join(' ');
  log(`tokens of "source m1 …": ${summary('source')}`);
  log(`tokens of "${badLine}": ${summary('expect')}`);
  log(`tokens of "client app on m1": ${summary('client')}`);
  log(`tokens of a comment line: ${summary('comment')}`);
  const keywordSource = text('source', 0) === 'source' && cls('source', 0) !== 'mtk1';
  const keywordExpect = text('expect', 0) === 'expect' && cls('expect', 0) !== 'mtk1';
  // A plain name: the server name after `expect`, and the client name after `client`.
  const nameIndex = (tokens.expect ?? []).findIndex((t) => t.text === 'm9');
  const appIndex = (tokens.client ?? []).findIndex((t) => t.text === 'app');
  const namesDiffer =
    nameIndex > 0 && cls('expect', nameIndex) !== cls('expect', 0) && appIndex > 0 && cls('client', appIndex) !== cls('client', 0);
  const commentColoured = tokens.comment?.[0] && tokens.comment[0].cls !== 'mtk1';
  check(
    'highlighting: the TextMate grammar colours keywords unlike names and plain text',
    keywordSource && keywordExpect && namesDiffer && commentColoured,
    `source=${cls('source', 0)} expect=${cls('expect', 0)} m9=${cls('expect', nameIndex)} client=${cls('client', 0)} app=${cls('client', appIndex)} comment=${tokens.comment?.[0]?.cls ?? '?'} (mtk1 = default foreground)`,
  );

  // Checking: the language server (dist/server.js of the VSIX) sends the checker's diagnostic.
  const squiggle = await waitFor('an error squiggle', 60_000, async () => {
    const found = await readSquiggles();
    return found.length > 0 ? found : undefined;
  }).catch(() => []);
  const squiggleLines = await squiggleLineNumbers(squiggle);
  log(`error squiggles: ${squiggle.length} (${seconds(runStarted)} s into the run)`);
  check(
    `checking: one error squiggle, on line ${badLineNumber}`,
    squiggle.length === 1 && squiggleLines.length === 1 && squiggleLines[0] === badLineNumber,
    squiggle.length ? `squiggles on lines ${squiggleLines.join(', ')}` : 'no .squiggly-error within 60 s',
  );

  // The squiggle came from the VSIX's own language server: a process runs EXTENSIONS/<the copy>/dist/server.js.
  const serverProcesses = languageServerProcesses();
  check(
    "the language server runs from the installed copy's dist/server.js",
    serverProcesses.length === 1,
    `${serverProcesses.length} process(es) running ${path.relative(run.tmp, path.join(installedPath, 'dist', 'server.js'))}`,
  );

  const problems = page.locator('#status\\.problems');
  // Without a squiggle the diagnostic is not coming: the checks below then only read what is there.
  const settle = squiggle.length > 0 ? 20_000 : 2_000;
  const counts = await waitFor('the status bar to count 1 error', settle, async () => {
    const c = await readProblemCounts();
    return c.errors === 1 ? c : undefined;
  }).catch(() => readProblemCounts());
  check(
    'checking: the status bar counts 1 error and 0 warnings',
    counts.errors === 1 && counts.warnings === 0,
    `status bar: "${counts.label}"`,
  );

  // The Problems panel, opened from the status bar item as a user would.
  await problems.first().click();
  const row = await waitFor('a row in the Problems panel', settle, async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
    return rows.some((r) => expectedMessage.test(r)) ? rows : undefined;
  }).catch(() =>
    page
      .locator('.markers-panel .monaco-list-row')
      .allTextContents()
      .catch(() => []),
  );
  const messageRows = row.filter((r) => expectedMessage.test(r));
  check(
    'checking: the Problems panel lists the message at its position',
    messageRows.length === 1 && messageRows[0].includes(`[Ln ${badLineNumber}, Col ${badColumn}]`) && row.length === 2,
    `rows: ${row.map((r) => JSON.stringify(r)).join(' | ') || '(none)'}`,
  );

  // Selecting the problem reveals its line, so the picture shows the squiggle, the panel and the status bar.
  if (messageRows.length > 0) {
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: expectedMessage })
      .first()
      .click()
      .catch(() => {});
    await page.keyboard.press('Enter').catch(() => {});
    // Enter puts the cursor in the editor with the error's range selected; Home clears the selection.
    await sleep(300);
    await page.keyboard.press('Home').catch(() => {});
    await waitFor('the squiggle on screen again', 5_000, async () => (await readSquiggles()).length > 0).catch(() => {});
  }
  await sleep(1000);
  await screenshot();
}

/** The rendered tokens (text and mtkN class) of a few lines of the file, by what the line starts with. */
function readTokens() {
  return page.evaluate((bad) => {
    const pick = {
      source: (t) => t.startsWith('source m1 {'),
      expect: (t) => t === bad,
      client: (t) => t.startsWith('client app on m1'),
      comment: (t) => t.startsWith('# S7'),
    };
    const out = {};
    const editor = document.querySelector('.editor-instance .monaco-editor');
    for (const line of editor?.querySelectorAll('.view-lines .view-line') ?? []) {
      const lineText = line.textContent.replace(/\u00a0/g, ' ').trimEnd();
      for (const [key, matches] of Object.entries(pick)) {
        if (out[key] || !matches(lineText)) continue;
        out[key] = [...line.querySelectorAll('span > span')]
          .map((s) => ({ text: s.textContent.replace(/\u00a0/g, ' ').trim(), cls: /mtk\d+/.exec(s.className)?.[0] ?? '' }))
          .filter((s) => s.text !== '');
      }
    }
    return out;
  }, badLine);
}

/** The error squiggles the editor renders, with their vertical position. */
function readSquiggles() {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    return [...(editor?.querySelectorAll('.view-overlays .squiggly-error') ?? [])].map((s) => s.getBoundingClientRect().top);
  });
}

/** The 1-based line numbers whose line-number gutter entries sit at the squiggles' heights. */
function squiggleLineNumbers(tops) {
  return page.evaluate((tops) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const numbers = [...(editor?.querySelectorAll('.margin-view-overlays .line-numbers') ?? [])].map((n) => {
      const r = n.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, line: Number(n.textContent.trim()) };
    });
    return tops.map((top) => numbers.find((n) => top >= n.top - 1 && top < n.bottom)?.line ?? -1);
  }, tops);
}

/**
 * The status bar's problem counts. Its accessible label names the non-zero kinds ("Errors: 1", "Errors: 1,
 * Warnings: 2", "No Problems"); its text shows the numbers next to their icons ("1 0").
 */
async function readProblemCounts() {
  const item = page.locator('#status\\.problems').first();
  const label =
    (await item
      .locator('a')
      .first()
      .getAttribute('aria-label')
      .catch(() => null)) ??
    (await item.getAttribute('aria-label').catch(() => null)) ??
    '';
  const text = ((await item.textContent().catch(() => '')) ?? '').trim();
  const shown = (text.match(/\d+/g) ?? []).map(Number);
  const named = (kind) => {
    const m = new RegExp(`${kind}s?:\\s*(\\d+)`, 'i').exec(label);
    return m ? Number(m[1]) : label ? 0 : undefined;
  };
  const errors = named('error');
  const warnings = named('warning');
  // Both sources must agree: the label's counts and the first two numbers shown (errors, warnings).
  const agree = shown[0] === errors && shown[1] === warnings;
  return { errors: agree ? errors : undefined, warnings: agree ? warnings : undefined, label: `label "${label}", text "${text}"` };
}

/**
 * The command lines of the running processes that execute the installed copy's language server
 * (EXTENSIONS/replscope.replscope-VERSION/dist/server.js), read from /proc.
 */
function languageServerProcesses() {
  const script = path.join(installedPath, 'dist', 'server.js');
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes(script)) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Polls `predicate` every 200 ms until it returns a truthy value; rejects after `timeoutMs`. */
async function waitFor(what, timeoutMs, predicate) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate().catch(() => undefined);
    if (value) return value;
    if (Date.now() >= until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

/** Saves the page as test-results/vsix-installed.png. */
function screenshot() {
  return run.screenshot(screenshotFile);
}

/**
 * After the server has stopped: its logs show which copy of the extension the extension host activated and
 * whether the language server started. Kept in test-results/vsix-logs/.
 */
function checkServerLogs() {
  const serverLogs = path.join(run.userDataDir, 'logs');
  if (!fs.existsSync(serverLogs)) {
    check('the extension host activated the installed copy', false, `no log folder ${serverLogs}`);
    return;
  }
  fs.cpSync(serverLogs, logsDir, { recursive: true });
  const files = fs.readdirSync(logsDir, { recursive: true }).map(String);
  const read = (pattern) =>
    files
      .filter((f) => pattern.test(f))
      .map((f) => fs.readFileSync(path.join(logsDir, f), 'utf8'))
      .join('\n');
  const exthost = read(/remoteexthost\.log$/);
  const activated = /ExtensionService#_doActivateExtension replscope\.replscope\b/.test(exthost);
  // The extension's output channel (a log channel named ReplScope) lives under exthostN/replscope.replscope/.
  const channel = read(new RegExp(`${extensionId.replace('.', '\\.')}[\\\\/].*\\.log$`));
  const started = /ReplScope language server started/.test(channel);
  check(
    'the extension host activated the installed copy and its language server started',
    activated && started && !/extensionDevelopmentPath/.test(exthost),
    `activated (remoteexthost.log): ${activated}, "ReplScope language server started" (its output channel): ${started}`,
  );
}

run.handleExitAndSignals((signal) => {
  check('run', false, `interrupted by ${signal}`);
  console.log(closingLine());
});

await run.runWithin(remainingMs(), main, {
  onTimeout: async () => {
    await screenshot();
    check(
      'run',
      false,
      `timed out after ${timeoutSeconds} s (REPLSCOPE_VSIX_TIMEOUT); see test-results/vsix-installed.png and vsix-server.log`,
    );
  },
  onError: async (error) => {
    await screenshot();
    check('run', false, error.message.split('\n')[0]);
  },
});
if (!run.interrupted) {
  log(`run: ${seconds(runStarted)} s, total ${seconds(started)} s`);
  console.log(closingLine());
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}
