/**
 * The extension's commands, as a table of factories `(ctx) => handler` (rust-analyzer's way): each gets the
 * context it needs when registered, and tests run them through `vscode.commands.executeCommand` like a user.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TimelineFileRequest, type TimelineFileResult } from '../../server/src/protocol';
import type { TimelineFileFormat } from '../../server/src/timeline/export';
import type { Ctx } from './ctx';
import { ExplorePanel, OPEN_CASE, exploreCrashPoints, shrinkToVerdict } from './explore-panel';
import { OPEN_COUNTEREXAMPLE, openCounterexample } from './property-diagnostics';
import { TimelinePanel, activeReplEditor, onTraceChanged } from './timeline-panel';
import type { TimelineSnapshot } from './webview-messages';
import { openExample } from './walkthrough';
import { pngFromDataUrl } from '../../server/src/timeline/png';
import { exportTargetProblem } from './webview-validate';

type Handler = (...args: unknown[]) => unknown;

/** True in development and test builds, false in the release (scripts/build.mjs). */
declare const REPLSCOPE_TEST_HOOKS: boolean;

/** A URI from a command argument: a `vscode.Uri` (editor title, explorer) or a string (CodeLens from the server). */
function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
  return undefined;
}

/** Waits for a run of `uri` (at most `timeoutMs`), for an export of a file whose run has not come yet. */
function nextRun(uri: vscode.Uri, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve();
    }, timeoutMs);
    const listener = onTraceChanged((params) => {
      if (params.uri === uri.toString() && params.runnable) {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
  });
}

/**
 * `replscope.exportTimeline [uri] [target] [format]`: writes the timeline of the document as a standalone SVG or a
 * self-contained HTML page. Without `target` it asks where, with a save dialog; the format follows the file name.
 */
async function exportTimeline(ctx: Ctx, uriArg: unknown, targetArg: unknown, formatArg: unknown): Promise<string | undefined> {
  const uri = toUri(uriArg) ?? TimelinePanel.current?.documentUri ?? activeReplEditor()?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('ReplScope: open a .repl file to export its timeline.');
    return undefined;
  }
  await vscode.workspace.openTextDocument(uri);
  // Export what the user sees in the panel: the same collapsed servers and hidden lanes. The engine worker that keeps
  // the run's trace writes the file.
  const view = TimelinePanel.current?.documentUri?.toString() === uri.toString() ? TimelinePanel.current.view : null;
  const ask = (format: TimelineFileFormat): Promise<TimelineFileResult | null> =>
    ctx.client.sendRequest(TimelineFileRequest.type, {
      uri: uri.toString(),
      format,
      collapsed: view?.collapsed ?? [],
      hidden: view?.hidden ?? [],
      scale: view?.scale ?? 'events',
    });
  const preferred: TimelineFileFormat = formatArg === 'svg' ? 'svg' : 'html';
  let result = await ask(preferred);
  if (!result?.run && !result?.refused) {
    await nextRun(uri, 15_000);
    result = await ask(preferred);
  }
  if (!result?.run) {
    void vscode.window.showWarningMessage(
      result?.refused
        ? `ReplScope: the timeline is not exported: ${result.refused}.`
        : result?.stale === 'errors'
          ? 'ReplScope: the file has errors and has not run yet; fix them to export its timeline.'
          : 'ReplScope: no run of this file yet.',
    );
    return undefined;
  }
  let target = toUri(targetArg);
  if (target) {
    // A target given as an argument (by another extension, a link, a test) is checked; the save dialog is the user's.
    const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), vscode.Uri.joinPath(uri, '..')];
    const problem = exportTargetProblem(target, uri, roots);
    if (problem) {
      void vscode.window.showErrorMessage(`ReplScope: not exported to ${target.toString()}: ${problem}.`);
      return undefined;
    }
  } else {
    const base = path.basename(uri.path).replace(/\.repl$/i, '');
    const folder = vscode.Uri.joinPath(uri, '..');
    target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, `${base}.timeline.${preferred}`),
      filters:
        preferred === 'svg'
          ? { SVG: ['svg'], 'Self-contained HTML': ['html'], 'PNG image': ['png'] }
          : { 'Self-contained HTML': ['html'], SVG: ['svg'], 'PNG image': ['png'] },
      saveLabel: 'Export Timeline',
      title: 'Export the timeline',
    });
    if (!target) return undefined;
  }
  // A picture is drawn by the panel, not written by the server.
  if (/\.png$/i.test(target.path)) return writeTimelinePng(ctx, uri, target, targetArg !== undefined);
  const format: TimelineFileFormat = /\.svg$/i.test(target.path) ? 'svg' : /\.html?$/i.test(target.path) ? 'html' : preferred;
  // The name chose the other format: the same run in that one.
  if (format !== preferred) result = await ask(format);
  const run = result?.run;
  if (!run) return undefined;
  const content = run.text;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  ctx.log.info(`timeline of ${uri.toString()} (version ${run.version}) exported to ${target.toString()}`);
  if (targetArg === undefined) {
    void vscode.window.showInformationMessage(`Timeline exported to ${path.basename(target.path)}`);
  }
  return target.toString();
}

/** How long a PNG export waits for the panel to draw the document's run. */
const PNG_WAIT_MS = 20_000;

/**
 * `replscope.exportTimelinePng [uri] [target]`: the timeline as a PNG image, for a ticket. A browser is what turns
 * the SVG into pixels, so the panel draws it (the exported SVG on a canvas, the panel's scale, collapsed servers and
 * hidden lanes) and sends the picture back; the panel is opened on the document when it shows another one. Without
 * `target` a save dialog asks where.
 */
async function exportTimelinePng(ctx: Ctx, uriArg: unknown, targetArg: unknown): Promise<string | undefined> {
  const uri = toUri(uriArg) ?? TimelinePanel.current?.documentUri ?? activeReplEditor()?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('ReplScope: open a .repl file to export its timeline.');
    return undefined;
  }
  const target = toUri(targetArg);
  if (target) {
    // As for the other formats: a target given as an argument is checked, the save dialog's is the user's choice.
    const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), vscode.Uri.joinPath(uri, '..')];
    const problem =
      exportTargetProblem(target, uri, roots) ?? (/\.png$/i.test(target.path) ? undefined : 'a PNG export is written to a .png file');
    if (problem) {
      void vscode.window.showErrorMessage(`ReplScope: not exported to ${target.toString()}: ${problem}.`);
      return undefined;
    }
  }
  return writeTimelinePng(ctx, uri, target, target !== undefined);
}

/** Has the panel draw the timeline of `uri` as a PNG and writes it to `target` (else where a save dialog says). */
async function writeTimelinePng(ctx: Ctx, uri: vscode.Uri, target: vscode.Uri | undefined, quiet: boolean): Promise<string | undefined> {
  const panel = TimelinePanel.createOrShow(ctx, uri);
  if (!panel) return undefined;
  // The panel draws the run once it has it: ask again while it says it has not.
  const deadline = Date.now() + PNG_WAIT_MS;
  let answer = await panel.renderPng();
  while ('error' in answer && answer.pending && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await panel.renderPng();
  }
  if ('error' in answer) {
    void vscode.window.showWarningMessage(`ReplScope: the timeline is not exported as PNG: ${answer.error}.`);
    return undefined;
  }
  const bytes = pngFromDataUrl(answer.dataUrl);
  if (!bytes) {
    void vscode.window.showErrorMessage('ReplScope: the timeline panel sent no PNG image.');
    return undefined;
  }
  if (!target) {
    const base = path.basename(uri.path).replace(/\.repl$/i, '');
    target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(uri, '..', `${base}.timeline.png`),
      filters: { 'PNG image': ['png'] },
      saveLabel: 'Export Timeline',
      title: 'Export the timeline as PNG',
    });
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  ctx.log.info(`timeline of ${uri.toString()} exported as PNG to ${target.toString()}`);
  if (!quiet) void vscode.window.showInformationMessage(`Timeline exported to ${path.basename(target.path)}`);
  return target.toString();
}

let verifyChannel: vscode.OutputChannel | undefined;

/**
 * `replscope.verify [uri]`: runs the document's scenario on real MariaDB 10.11 servers through the command line
 * (`replscope verify FILE`, shipped as dist/cli.js) and shows its table of engine and real values in an output
 * channel. Resolves to the command line's exit code and output (0: every value matches, 1: a mismatch, 2: not run).
 */
async function verifyAgainstRealServer(ctx: Ctx, uriArg: unknown): Promise<{ code: number; output: string } | undefined> {
  const uri = toUri(uriArg) ?? activeReplEditor()?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('ReplScope: open a .repl file saved on disk to verify it against a real server.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  if (!verifyChannel) {
    verifyChannel = vscode.window.createOutputChannel('ReplScope Verify');
    ctx.extension.subscriptions.push(verifyChannel);
  }
  const channel = verifyChannel;
  channel.clear();
  channel.show(true);
  const cli = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'cli.js').fsPath;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ReplScope: verifying ${path.basename(uri.fsPath)} on real MariaDB servers…` },
    () =>
      new Promise<{ code: number; output: string }>((resolve) => {
        // The extension host's own Node.js runs the command line.
        const child = spawn(process.execPath, [cli, 'verify', uri.fsPath], {
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const take = (d: Buffer) => {
          output += d.toString();
          channel.append(d.toString());
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('error', (e) => resolve({ code: 2, output: `${output}${e.message}\n` }));
        child.on('close', (code) => resolve({ code: code ?? 2, output }));
      }),
  );
  ctx.log.info(`verify ${uri.toString()}: exit ${result.code}`);
  if (result.code === 0) void vscode.window.showInformationMessage('ReplScope: every value matches the real server.');
  else if (result.code === 1) void vscode.window.showWarningMessage('ReplScope: the real server differs; see the ReplScope Verify output.');
  else void vscode.window.showErrorMessage('ReplScope: could not verify against a real server; see the ReplScope Verify output.');
  return result;
}

/**
 * Test hooks (not in the command palette): the webview is an iframe the extension host cannot read, so it answers
 * for itself. Left out of the release build.
 */
const testHooks: Record<string, (ctx: Ctx) => Handler> = {
  // The page the exploration panel shows (its script only opens and closes rows; it posts nothing back).
  'replscope.explore.debugHtml': () => (): string | undefined => ExplorePanel.current?.panel.webview.html,
  'replscope.timeline.debugSnapshot': () => (): Promise<TimelineSnapshot | undefined> =>
    TimelinePanel.current?.snapshot() ?? Promise.resolve(undefined),
  'replscope.timeline.debugClick':
    () =>
    (text?: unknown): Promise<boolean> =>
      TimelinePanel.current && typeof text === 'string' ? TimelinePanel.current.simulateClick(text) : Promise.resolve(false),
  'replscope.timeline.debugKey':
    () =>
    (key?: unknown): Promise<void> =>
      TimelinePanel.current && typeof key === 'string' ? TimelinePanel.current.simulateKey(key) : Promise.resolve(),
};

/** Every command of the extension. */
export const commands: Record<string, (ctx: Ctx) => Handler> = {
  'replscope.preview': (ctx) => (uri?: unknown) => {
    TimelinePanel.createOrShow(ctx, toUri(uri));
  },
  'replscope.exportTimeline': (ctx) => (uri?: unknown, target?: unknown, format?: unknown) => exportTimeline(ctx, uri, target, format),
  'replscope.exportTimelinePng': (ctx) => (uri?: unknown, target?: unknown) => exportTimelinePng(ctx, uri, target),
  'replscope.exploreCrashPoints': (ctx) => (uri?: unknown) => exploreCrashPoints(ctx, toUri(uri)),
  'replscope.shrink': (ctx) => (uri?: unknown, verdict?: unknown) => shrinkToVerdict(ctx, toUri(uri), verdict),
  // The heat map's links (command URIs): a case's variant as a document, and its timeline.
  [OPEN_CASE]: () => (n?: unknown) => (typeof n === 'number' ? ExplorePanel.current?.openCase(n) : undefined),
  [OPEN_COUNTEREXAMPLE]: () => (uri?: unknown, line?: unknown) => openCounterexample(uri, line),
  'replscope.verify': (ctx) => (uri?: unknown) => verifyAgainstRealServer(ctx, uri),
  'replscope.openExample': (ctx) => () => openExample(ctx),
  // The test hooks, in development builds only (scripts/build.mjs defines REPLSCOPE_TEST_HOOKS false for the release).
  ...(REPLSCOPE_TEST_HOOKS ? testHooks : {}),
};

/** Registers every command of the table. */
export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commands)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
