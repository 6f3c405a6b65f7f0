/**
 * The extension's entry point: a thin `activate` that builds the context and tells the user when
 * activation fails (then rethrows, so VS Code records it too).
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { BlockDrawer } from './markdown-block-drawer';
import { replMarkdownItPlugin, type MarkdownItLike } from './markdown-preview';
import { runStatusOf } from './run-status';
import { expectationTestsView, type ExpectationTestsView } from './test-explorer';

/** What the extension offers other extensions (and its tests): the run state of a document, as its status item shows it, and the Test Explorer's expectations. */
export interface ReplScopeApi {
  runStatusOf: typeof runStatusOf;
  /** The Test Explorer's expectations and their latest outcomes. */
  expectationTests: ExpectationTestsView;
  /** VS Code's Markdown preview calls it (package.json: `markdown.markdownItPlugins`): ```repl blocks become timelines. */
  extendMarkdownIt: <M extends MarkdownItLike>(md: M) => M;
}

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ReplScopeApi> {
  try {
    // ```repl blocks are run on a worker thread; the preview is refreshed when a drawing is in.
    const drawer = new BlockDrawer(vscode.Uri.joinPath(context.extensionUri, 'dist', 'markdown-worker.js').fsPath, () =>
      refreshMarkdownPreview(),
    );
    context.subscriptions.push(drawer);
    ctx = await Ctx.start(context);
    return {
      runStatusOf,
      expectationTests: expectationTestsView,
      extendMarkdownIt: (md) => replMarkdownItPlugin(md, (text) => drawer.markup(text)),
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`ReplScope failed to start: ${message}`);
    throw e;
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Refreshes the Markdown previews once, after a burst of drawings. */
function refreshMarkdownPreview(): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
  }, 50);
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
