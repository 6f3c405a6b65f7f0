/**
 * The Get Started walkthrough's own command: `replscope.openExample` opens the example the walkthrough is about, an
 * example shipped in the extension (examples/ in the VSIX), as an untitled `.repl` document beside the walkthrough.
 * Untitled, so that nothing is written into the user's workspace and the installed example is never edited; the
 * language server, the timeline, the crash-point sweep and the Test Explorer all follow untitled documents.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** The example the walkthrough opens: semi-sync, a crash while waiting for the ACK, a failover, 15 expectations. */
export const WALKTHROUGH_EXAMPLE = 'examples/s04-after-commit-crash-before-ack.repl';

/** Opens the walkthrough's example (a new untitled copy, or the copy already open) and returns its editor. */
export async function openExample(ctx: Ctx): Promise<vscode.TextEditor | undefined> {
  const name = WALKTHROUGH_EXAMPLE.split('/').pop() ?? 'example.repl';
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && d.uri.path.endsWith(name));
  if (open) return vscode.window.showTextDocument(open, { viewColumn: vscode.ViewColumn.One, preview: false });
  let text: string;
  try {
    const source = vscode.Uri.joinPath(ctx.extension.extensionUri, WALKTHROUGH_EXAMPLE);
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  } catch (e) {
    void vscode.window.showErrorMessage(
      `ReplScope: the example is missing from the extension: ${e instanceof Error ? e.message : String(e)}`,
    );
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: name }));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text));
  if (document.languageId !== 'repl') await vscode.languages.setTextDocumentLanguage(document, 'repl');
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  return editor;
}
