import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openFixture, repoRoot, screenshot, waitFor } from './helpers';

function errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('the language server in VS Code', () => {
  it('reports a misspelled state on its line, and clears it when fixed', async () => {
    const editor = await openFixture('broken.repl');
    const uri = editor.document.uri;
    const [error] = await waitFor(() => (errorsOf(uri).length > 0 ? errorsOf(uri) : undefined), 20_000, 'diagnostics for broken.repl');
    assert.equal(errorsOf(uri).length, 1);
    assert.equal(error?.range.start.line, 7);
    assert.match(error?.message ?? '', /unknown state 'engine_commited'; did you mean 'engine_committed'/);
    await screenshot('diagnostics');

    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range);
    const fix = fixes.find((f) => f.title.includes('engine_committed'));
    assert.ok(fix?.edit, `a quick fix to engine_committed, got: ${fixes.map((f) => f.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor(() => errorsOf(uri).length === 0, 20_000, 'the error to clear after the fix');
    assert.match(editor.document.lineAt(7).text, /on T1 engine_committed: crash m1/);
  });

  it('answers hover and completion', async () => {
    const editor = await openFixture('hello.repl');
    const uri = editor.document.uri;
    await waitFor(() => vscode.extensions.getExtension('replscope.replscope')?.isActive, 20_000, 'activation');
    // `replica r1 of m1`: hovering the keyword `replica` explains it in MySQL's words.
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('replica'));
    const hovers = await waitFor(
      async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2));
        return h.length > 0 ? h : undefined;
      },
      20_000,
      'a hover on `replica`',
    );
    assert.match(hoverText(hovers), /I\/O thread|relay log/i);

    const edit = new vscode.WorkspaceEdit();
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    edit.insert(uri, end, '\non T1 ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const position = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('engine_committed'), `states after "on T1": ${labels.join(', ')}`);
    assert.ok(labels.includes('after_sync_wait'));
  });

  it('runs an example: verdicts as diagnostics, positions in hovers, inlay hints', async () => {
    const file = path.join(repoRoot, 'examples', 's04-after-commit-crash-before-ack.repl');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const uri = document.uri;
    const verdicts = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'verdict');
        return found.length > 0 ? found : undefined;
      },
      30_000,
      'verdict diagnostics of s04',
    );
    assert.ok(
      verdicts.some((d) => /committed after error/.test(d.message)),
      verdicts.map((d) => d.message).join('\n'),
    );
    assert.equal(
      errorsOf(uri).length,
      0,
      errorsOf(uri)
        .map((d) => d.message)
        .join('\n'),
    );

    const text = document.getText().split('\n');
    const t1 = text.findIndex((l) => l.startsWith("app: insert into t values (1, 'a')"));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(t1, 1));
    assert.match(hoverText(hovers), /mysql-bin\.000001:\d+→\d+/);

    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      uri,
      new vscode.Range(0, 0, document.lineCount, 0),
    );
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(
      labels.some((l) => /^T1: on m1, r1 · acked by r1 · mysql-bin\.000001:\d+→\d+/.test(l)),
      labels.join('\n'),
    );
    editor.revealRange(new vscode.Range(t1, 0, t1 + 20, 0), vscode.TextEditorRevealType.AtTop);
    await screenshot('example-s04');
  });
});
