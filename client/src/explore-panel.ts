/**
 * *ReplScope: Explore Crash Points*: runs the crash-point sweep of a `.repl` document on the exploration's worker pool
 * (dist/explore-worker.js) under a cancellable progress notification, then shows the heat map of its outcome classes in
 * a panel beside the editor (the page explore/heatmap.ts renders: one script allowed by its hash, theme colours,
 * every name escaped). The file's properties (`expect always no …`) get their diagnostics (property-diagnostics.ts); a
 * broken one is also said in a notification with "Open Counterexample".
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaseExample, Exploration } from '../../server/src/explore/explore';
import { renderExplorationHtml } from '../../server/src/explore/heatmap';
import { exploreInPool } from '../../server/src/explore/pool';
import { explorePolicies } from '../../server/src/explore/policies';
import { shrink } from '../../server/src/explore/shrink';
import { variantFile } from '../../server/src/explore/variant-file';
import { VERDICT_KINDS, type VerdictKind } from '../../server/src/model/scenario';
import type { Ctx } from './ctx';
import { activeReplEditor } from './timeline-panel';
import { brokenText, openCounterexample, showPropertyResults } from './property-diagnostics';

/** The one command the page's links may run: open a case's variant and its timeline. */
export const OPEN_CASE = 'replscope.explore.openCase';

/** The panel that shows the latest exploration. */
export class ExplorePanel {
  static readonly viewType = 'replscope.explore';
  private static instance: ExplorePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** The open panel, if any. */
  static get current(): ExplorePanel | undefined {
    return ExplorePanel.instance;
  }

  /** Shows `result` for `uri` (explored as `text`) in the panel (created beside the editor, or revealed). */
  static show(uri: vscode.Uri, text: string, result: Exploration): ExplorePanel {
    const title = `Crash points: ${path.basename(uri.path)}`;
    if (!ExplorePanel.instance) {
      const panel = vscode.window.createWebviewPanel(ExplorePanel.viewType, title, vscode.ViewColumn.Beside, {
        // The page's one script (allowed by its hash) opens and closes the rows; an example is a link that runs this
        // one command (it opens the variant's timeline).
        enableScripts: true,
        enableCommandUris: [OPEN_CASE],
        localResourceRoots: [],
      });
      ExplorePanel.instance = new ExplorePanel(panel);
    }
    const instance = ExplorePanel.instance;
    instance.panel.title = title;
    instance.result = result;
    instance.text = text;
    instance.examples = new Map();
    for (const c of result.classes) instance.examples.set(c.example.case, c.example);
    for (const p of result.policies)
      for (const c of p.classes) {
        for (const x of Object.values(c.examples)) if (x) instance.examples.set(x.case, x);
        for (const x of c.byPoint) instance.examples.set(x.example.case, x.example);
      }
    for (const p of result.properties) if (p.counterexample) instance.examples.set(p.counterexample.case, p.counterexample);
    instance.panel.webview.html = renderExplorationHtml(result, path.basename(uri.path), {
      link: (x) => `command:${OPEN_CASE}?${encodeURIComponent(JSON.stringify([x.case]))}`,
    });
    instance.panel.reveal(vscode.ViewColumn.Beside, true);
    return instance;
  }

  result: Exploration | undefined;
  /** The document's text the exploration ran on, and every example the page shows, by case number. */
  private text = '';
  private examples = new Map<number, CaseExample>();

  /** Opens case `n` of the page as a `.repl` document of its own (which can be saved as a new file) and its timeline. */
  async openCase(n: number): Promise<vscode.TextDocument | undefined> {
    const example = this.examples.get(n);
    if (!example) return undefined;
    const document = await vscode.workspace.openTextDocument({ language: 'repl', content: variantFile(this.text, example) });
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('replscope.preview', document.uri);
    return document;
  }

  private constructor(readonly panel: vscode.WebviewPanel) {
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  dispose(): void {
    if (ExplorePanel.instance === this) ExplorePanel.instance = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** `replscope.exploreCrashPoints [uri]`: explores the document and shows the result; resolves to it (tests read it). */
export async function exploreCrashPoints(ctx: Ctx, uri: vscode.Uri | undefined): Promise<Exploration | undefined> {
  // The active editor, or a visible one when the focus is elsewhere (the walkthrough, a panel).
  const target = uri ?? activeReplEditor()?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('ReplScope: open a .repl file to explore its crash points.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const text = document.getText();
  const setup = explorePolicies(text);
  if (setup.errors.length > 0) {
    void vscode.window.showWarningMessage(`ReplScope: cannot explore ${path.basename(target.path)}: ${setup.errors[0]}`);
    return undefined;
  }
  const workerPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'explore-worker.js').fsPath;
  const started = Date.now();
  let result: Exploration;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ReplScope: exploring crash points', cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
        let reported = 0;
        return exploreInPool(setup.policies, setup.properties, {
          workerPath,
          signal: controller.signal,
          // Partial results are drawn as they come.
          onPartial: (partial) => ExplorePanel.show(target, text, partial),
          onProgress: (done, total) => {
            const percent = Math.floor((done / total) * 100);
            progress.report({ increment: percent - reported, message: `${done} of ${total} crash points` });
            reported = percent;
          },
        });
      },
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.log.info(`exploration of ${target.toString()} stopped: ${message}`);
    if (message !== 'cancelled') void vscode.window.showErrorMessage(`ReplScope: the exploration failed: ${message}`);
    return undefined;
  }
  ctx.log.info(
    `explored ${result.cases} crash points of ${target.toString()} in ${Date.now() - started} ms: ${result.classes.length} classes`,
  );
  ExplorePanel.show(target, text, result);
  showPropertyResults(document, text, result);
  const broken = result.properties.find((p) => !p.holds && p.counterexample);
  if (broken?.counterexample) {
    void vscode.window
      .showErrorMessage(`ReplScope: line ${broken.line + 1}: ${brokenText(broken.verdict, broken.counterexample)}.`, 'Open Counterexample')
      .then((choice) => (choice === 'Open Counterexample' ? openCounterexample(target.toString(), broken.line) : undefined));
  }
  return result;
}

/**
 * `replscope.shrink [uri] [verdict]` (the quick fix on a verdict diagnostic): the smallest file that still shows the
 * verdict, opened as a new `.repl` document; resolves to its text (tests read it).
 */
export async function shrinkToVerdict(ctx: Ctx, uri: vscode.Uri | undefined, verdict: unknown): Promise<string | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || typeof verdict !== 'string' || !(VERDICT_KINDS as readonly string[]).includes(verdict)) return undefined;
  const document = await vscode.workspace.openTextDocument(target);
  const source = path.basename(target.path);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ReplScope: shrinking ${source} for ${verdict}` },
    // The runs are small and few (delta debugging), but give the notification a moment to show first.
    () =>
      new Promise<ReturnType<typeof shrink>>((resolve) =>
        setTimeout(() => resolve(shrink(document.getText(), verdict as VerdictKind, { source, maxTests: 2000 })), 50),
      ),
  );
  if ('error' in result) {
    void vscode.window.showWarningMessage(`ReplScope: cannot shrink ${source} for ${verdict}: ${result.error}`);
    return undefined;
  }
  ctx.log.info(`shrank ${target.toString()} for ${verdict} in ${result.tests} runs: ${JSON.stringify(result.removed)}`);
  const shrunk = await vscode.workspace.openTextDocument({ language: 'repl', content: result.text });
  await vscode.window.showTextDocument(shrunk, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return result.text;
}
