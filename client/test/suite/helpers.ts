// Helpers shared by the integration suites (client/test/suite/*.test.ts). They run inside a real VS Code's
// extension host, started either by scripts/test-vscode.mjs (the VS Code server in headless Chromium) or by
// scripts/test-electron.mjs (@vscode/test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The repository root: this file is bundled to out/vscode-test/suite/*.js. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The fixture workspace in the repository (the runners open a fresh temporary copy of it). */
export const fixtureWorkspace = path.join(repoRoot, 'client', 'test', 'fixtures', 'workspace');

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The URI of a file of the fixture workspace: in the workspace folder the runner opened (a copy of
 * client/test/fixtures/workspace), or in the repository's fixture folder when no folder is open.
 */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) return vscode.Uri.joinPath(folder.uri, ...name.split('/'));
  return vscode.Uri.file(path.join(fixtureWorkspace, name));
}

/** Opens a file of the fixture workspace in an editor (not a preview tab) and returns that editor. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Polls `predicate` every 50 ms until it returns a truthy value, and resolves to that value. Rejects after
 * `timeoutMs` with a message naming `what`, or with the last error the predicate threw.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(50);
  }
}

/**
 * Asks the runner for a screenshot of the workbench as it is now, saved as test-results/vscode-NAME.png.
 *
 * Convention (see scripts/test-vscode.mjs): the extension host logs a line `[[screenshot:NAME]]`; the runner
 * sees it among the logs, waits about 1.5 s for rendering to settle, and saves the screenshot. The runner
 * sets REPLSCOPE_SCREENSHOT_DIR for the extension host; when it is set, this waits until the file has been
 * written (at most 15 s) so the suite does not change the screen before the shot. Under a runner that takes
 * no screenshots (test-electron), only the marker is logged.
 */
export async function screenshot(name: string): Promise<void> {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  const requested = Date.now();
  console.log(`[[screenshot:${safe}]]`);
  const dir = process.env.REPLSCOPE_SCREENSHOT_DIR;
  if (!dir) return;
  const file = path.join(dir, `vscode-${safe}.png`);
  try {
    await waitFor(
      () => {
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        return stat !== undefined && stat.mtimeMs >= requested - 1000;
      },
      15_000,
      `screenshot ${file}`,
    );
  } catch (error) {
    // A missing screenshot is the runner's problem to report, not a failure of the suite.
    console.warn(String(error));
  }
}

/** What a DOM probe found: how many elements matched, the text of the first few and their attributes. */
export interface DomProbe {
  count: number;
  samples: string[];
  attributes: Record<string, string>[];
}

/**
 * Asks the browser runner (scripts/test-vscode.mjs) to look in every frame of the workbench, webviews included,
 * for elements matching `selector`, and returns what it found; undefined under a runner that has no browser
 * page to look in (scripts/test-electron.mjs), which the caller must report.
 */
export async function probeDom(name: string, selector: string): Promise<DomProbe | undefined> {
  const dir = process.env.REPLSCOPE_SCREENSHOT_DIR;
  if (!dir) return undefined;
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return askRunner<DomProbe>(dir, `probe-${safe}`, `[[probe:${safe}:${encodeURIComponent(selector)}]]`, `DOM probe ${safe}`);
}

/** Logs a marker for the browser runner and waits (at most 30 s) for its answer, test-results/FILE.json. */
async function askRunner<T>(dir: string, file: string, marker: string, what: string): Promise<T> {
  const answer = path.join(dir, `${file}.json`);
  fs.rmSync(answer, { force: true });
  console.log(marker);
  const text = await waitFor(() => fs.existsSync(answer) && fs.readFileSync(answer, 'utf8'), 30_000, what);
  return JSON.parse(text) as T;
}

/**
 * Has the browser runner click, with the mouse, the first element matching `selector` in any frame of the workbench
 * (waiting up to 10 s for one). Resolves to whether it clicked; undefined under a runner without a browser page.
 */
export async function clickDom(name: string, selector: string): Promise<{ clicked: boolean; error?: string } | undefined> {
  const dir = process.env.REPLSCOPE_SCREENSHOT_DIR;
  if (!dir) return undefined;
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return askRunner(dir, `click-${safe}`, `[[click:${safe}:${encodeURIComponent(selector)}]]`, `click ${safe}`);
}

/**
 * Has the browser runner press `keys` on the page's keyboard where the workbench has the focus, as a user does:
 * space-separated chords in Playwright's key names (`Control+K v`: Ctrl+K, then V). The workbench's keybinding
 * service resolves them, `when` clauses and chords included. Undefined under a runner without a browser page.
 */
export async function pressKeys(name: string, keys: string): Promise<{ pressed: boolean; error?: string } | undefined> {
  const dir = process.env.REPLSCOPE_SCREENSHOT_DIR;
  if (!dir) return undefined;
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  if (!/^[A-Za-z0-9+ ]+$/.test(keys)) throw new Error(`keys ${JSON.stringify(keys)}: letters, digits, + and spaces only`);
  return askRunner(dir, `keys-${safe}`, `[[keys:${safe}:${keys}]]`, `keys ${safe}`);
}
