// What scripts/test-vscode.mjs and scripts/test-vsix.mjs share: the VS Code server of code-server (installed
// by scripts/setup-vscode-server.sh) on 127.0.0.1 with temporary user and server data folders, its workbench
// in headless Chromium driven by playwright-core, the run's timeout and signals, and stopping all of it.
//
// A script makes one VscodeServerRun, starts the server and the browser through it, and leaves the stopping
// to it: the browser, the server's whole process group and the temporary folder go however the run ends
// (the suite's end, a failure, the timeout, SIGINT/SIGTERM/SIGHUP, or an unexpected exit). What a script
// prints as its verdict stays in the script; this module reports through the callbacks it is given.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

/** The Chromium binary (REPLSCOPE_CHROMIUM, default /usr/bin/chromium: Debian's, which the setup installs). */
export const chromiumPath = process.env.REPLSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium's flags: no sandbox (the tests run as root in a container), no GPU, and nothing that reaches out
 * to the network on its own, so that a run depends on nothing but the local server.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The workbench's user settings for a test run: no trust prompt, no welcome page, tips, experiments,
 * update checks, recommendations, telemetry, chat or git, so that nothing but the test opens or asks.
 * A script may add its own on top (a copy: `{ ...userSettings, key: value }`).
 */
export const userSettings = {
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

/** Seconds since `since` (a Date.now() value), with one decimal: for the scripts' timing lines. */
export const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sleep that does not keep the process alive: for bounding waits in races. */
const deadline = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Reads and parses a JSON file. */
export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Writes `value` as indented JSON, creating the file's folder first. */
export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Runs scripts/setup-vscode-server.sh (idempotent; a first install takes a minute or more, hence its own
 * 20-minute bound rather than the run's timeout) and finds the VS Code server it prints.
 *
 * Returns `{ vscodeDir, serverMain, vscodeVersion }` on success, or `{ failure }`: the reason, for the
 * caller to report as it reports early failures.
 */
export function setupVscodeServer(root) {
  const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-vscode-server.sh')], {
    cwd: root,
    // stdout is the server's path (its last line); progress goes to stderr, shown as it comes.
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 20 * 60 * 1000,
  });
  const vscodeDir = setup.stdout?.trim().split('\n').pop() ?? '';
  const serverMain = path.join(vscodeDir, 'out', 'server-main.js');
  if (setup.status !== 0 || !fs.existsSync(serverMain)) {
    return { failure: `scripts/setup-vscode-server.sh failed (status ${setup.status}${setup.error ? `, ${setup.error.message}` : ''})` };
  }
  return { vscodeDir, serverMain, vscodeVersion: readJson(path.join(vscodeDir, 'package.json')).version };
}

/**
 * The workbench's URL on 127.0.0.1:`port`, opening the folder `folder` with a `payload`: options the
 * workbench reads as if they were given on the command line, each naming a file on the server
 * (`{ openFile: file }`, `{ extensionDevelopmentPath: dir, extensionTestsPath: file }`), passed as
 * `vscode-remote://` URIs in the order given.
 */
export function workbenchUrl(port, folder, payload) {
  const entries = Object.entries(payload).map(([key, file]) => [key, `vscode-remote://127.0.0.1:${port}${file}`]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/**
 * One run of the VS Code server and the browser, with its temporary folder (made at once):
 * `tmp`, and in it `userDataDir` and `serverDataDir`.
 *
 * Options: `root` (the repository: messages name files relative to it), `tmpPrefix` (the temporary folder's
 * name prefix), `log` (prints one of the script's own log lines), `afterStop` (runs once the browser and the
 * server are stopped and before the temporary folder goes: the place to keep or judge the server's logs).
 */
export class VscodeServerRun {
  constructor({ root, tmpPrefix, log, afterStop = () => {} }) {
    this.root = root;
    this.log = log;
    this.afterStop = afterStop;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    this.userDataDir = path.join(this.tmp, 'user-data');
    this.serverDataDir = path.join(this.tmp, 'server-data');
    /** The VS Code server's process (once started) and a promise of its `{ code, signal }` at exit. */
    this.server = undefined;
    this.serverExited = undefined;
    this.serverLogFile = undefined;
    /** The browser and its page (once launched), and a promise that rejects when the page crashes. */
    this.browser = undefined;
    this.page = undefined;
    this.crashed = undefined;
    /** The signal that interrupted the run, once one has. */
    this.interrupted = undefined;
    this.cleaning = undefined;
    this.cleanedUp = false;
  }

  /**
   * The server's folder options, shared by the server and its extension-management CLI so that both see the
   * same extensions and data: `--extensions-dir` (when given), `--user-data-dir`, `--server-data-dir`.
   */
  dirArgs(extensionsDir) {
    return [
      ...(extensionsDir ? ['--extensions-dir', extensionsDir] : []),
      '--user-data-dir',
      this.userDataDir,
      '--server-data-dir',
      this.serverDataDir,
    ];
  }

  /** Writes the workbench's user settings (see `userSettings`). */
  writeUserSettings(settings) {
    // The workbench reads its user settings from the server's --user-data-dir (code-server's patch).
    writeJson(path.join(this.userDataDir, 'User', 'settings.json'), settings);
  }

  /**
   * Starts the VS Code server (`serverMain`, i.e. out/server-main.js) on 127.0.0.1 and a port the system
   * picks, and resolves to that port; rejects when the server exits before it listens. Its output goes to
   * `logFile`. Options: `extensionsDir` (its --extensions-dir), `env` (variables added to this process's
   * environment, which the extension host inherits).
   */
  startServer({ serverMain, logFile, extensionsDir, env }) {
    this.serverLogFile = logFile;
    const serverLog = fs.createWriteStream(logFile);
    const server = spawn(
      process.execPath,
      [
        serverMain,
        '--host',
        '127.0.0.1',
        // Port 0: the system picks a free port, and the server prints it (parsed below): no race for a port.
        '--port',
        '0',
        '--without-connection-token',
        '--accept-server-license-terms',
        '--telemetry-level',
        'off',
        ...this.dirArgs(extensionsDir),
      ],
      {
        cwd: this.tmp,
        // Its own process group, so that the extension host, the language server and every other child go
        // with it (see killServer).
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      },
    );
    this.server = server;
    this.serverExited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
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

  /**
   * Launches headless Chromium and opens a 1400×900 page, resolving to it. The page's errors are logged; see
   * `failure()` for its crash.
   */
  async launchBrowser() {
    this.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      // This run's own handlers stop the browser and the server together (Playwright's would exit first).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    this.page = page;
    page.on('pageerror', (error) => this.log(`page error: ${error.message}`));
    this.crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the page crashed'))));
    // Only ever awaited in a race: not an unhandled rejection when the run ends otherwise.
    this.crashed.catch(() => {});
    return page;
  }

  /**
   * A promise that rejects when the page crashes or the server exits (and never resolves): raced against a
   * script's own wait, so that it fails at once rather than at the timeout. Call after both have started.
   */
  failure() {
    const serverDied = this.serverExited.then(({ code, signal }) => {
      throw new Error(
        `the VS Code server exited during the run (code ${code}, signal ${signal}); see ${path.relative(this.root, this.serverLogFile)}`,
      );
    });
    serverDied.catch(() => {});
    const failed = Promise.race([this.crashed, serverDied]);
    failed.catch(() => {});
    return failed;
  }

  /**
   * Saves the page as a PNG in `file` and logs it; on failure logs `${what} failed: …` and goes on (a
   * screenshot is evidence, never the verdict). Does nothing before the page is open or after it closed.
   */
  async screenshot(file, what = 'screenshot') {
    if (!this.page || this.page.isClosed()) return;
    try {
      const png = await this.page.screenshot({ timeout: 10_000 });
      // Written under another name first: a reader waiting for the file (the suite's helper) must not see half.
      fs.writeFileSync(`${file}.tmp`, png);
      fs.renameSync(`${file}.tmp`, file);
      this.log(`screenshot: ${path.relative(this.root, file)}`);
    } catch (error) {
      this.log(`${what} failed: ${error.message}`);
    }
  }

  /**
   * Stops the browser and the server, runs `afterStop`, and removes the temporary folder. Every caller (the
   * run's end, a signal) awaits the same work, done once.
   */
  cleanup() {
    this.cleaning ??= this.stopEverything();
    return this.cleaning;
  }

  async stopEverything() {
    if (this.browser) {
      const closed = this.browser.close().catch(() => {});
      if ((await Promise.race([closed.then(() => true), deadline(5000)])) !== true) this.browser.process?.()?.kill('SIGKILL');
    }
    if (this.server && this.server.exitCode === null && this.server.signalCode === null) {
      this.killServer('SIGTERM');
      if ((await Promise.race([this.serverExited.then(() => true), deadline(3000)])) !== true) this.killServer('SIGKILL');
    }
    // The extension host and the language server may outlive the server by a moment; the group goes in any case.
    this.killServer('SIGKILL');
    await this.afterStop();
    fs.rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
    this.cleanedUp = true;
  }

  /** Sends `signal` to the server's whole process group (it was started detached, as its leader). */
  killServer(signal) {
    try {
      if (this.server?.pid) process.kill(-this.server.pid, signal);
    } catch {
      // already gone
    }
  }

  /**
   * Installs the process's exit and signal handlers. On an exit without the cleanup done, the server's
   * group is killed and the temporary folder removed (synchronously: all an exit handler can do). On
   * SIGINT, SIGTERM or SIGHUP, the run is stopped and cleaned up, `onSignal(signal)` reports (the script's
   * verdict), and the process exits with 130.
   */
  handleExitAndSignals(onSignal) {
    process.on('exit', () => {
      if (!this.cleanedUp) {
        this.killServer('SIGKILL');
        fs.rmSync(this.tmp, { recursive: true, force: true });
      }
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, async () => {
        if (this.interrupted) return;
        this.interrupted = signal;
        this.log(`${signal}: stopping`);
        await this.cleanup();
        onSignal(signal);
        process.exit(130);
      });
    }
  }

  /**
   * Runs `main` within `timeoutMs`, then cleans up (always). On the timeout `onTimeout()` reports; on
   * another error the error is printed and `onError(error)` reports; after a signal neither does (the signal
   * handler reports). Afterwards `interrupted` tells whether a signal ended the run.
   */
  async runWithin(timeoutMs, main, { onTimeout, onError }) {
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { timeout: true })), timeoutMs);
    });
    try {
      await Promise.race([main(), timedOut]);
    } catch (error) {
      if (this.interrupted) {
        // the signal handler reports
      } else if (error.timeout) {
        await onTimeout();
      } else {
        console.error(error);
        await onError(error);
      }
    } finally {
      clearTimeout(timer);
      await this.cleanup();
    }
  }
}
