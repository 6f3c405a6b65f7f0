import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReplScopeApi } from '../../src/extension';
import { scaleScenarioText } from '../../../server/test/helpers/scale-scenario';
import { screenshot, waitFor } from './helpers';

async function api(): Promise<ReplScopeApi> {
  const extension = vscode.extensions.getExtension<ReplScopeApi>('replscope.replscope');
  assert.ok(extension);
  return extension.activate();
}

describe('a large file', () => {
  it('a 5,000-line paste ends with the run in, the server alive, and the language status saying so', async function () {
    this.timeout(120_000);
    const { runStatusOf } = await api();
    const document = await vscode.workspace.openTextDocument({ language: 'repl', content: '' });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const text = scaleScenarioText(4_980);
    assert.ok(text.split('\n').length >= 5_000);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), text)));
    const version = document.version;

    const status = await waitFor(
      () => {
        const s = runStatusOf(document.uri);
        return s && s.version === version && (s.state === 'done' || s.state === 'too_big') ? s : undefined;
      },
      90_000,
      'the run of the pasted version',
    );
    assert.equal(status.state, 'done', status.detail);
    assert.match(status.text, /Ran in .* · [\d,]+ events/);

    // Its results are there: inlay hints after the transactions, from the run of this version.
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      document.uri,
      new vscode.Range(0, 0, 200, 0),
    );
    assert.ok(hints.length > 20, `inlay hints after the run, got ${hints.length}`);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(20, 3),
    );
    assert.ok(hover.length > 0, 'the server still answers hovers');
    await screenshot('large-file');

    // And it keeps going: an edit gives a new run of the new version.
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(document.lineCount - 1, 0), '# edited\n')));
    const next = document.version;
    await waitFor(
      () => runStatusOf(document.uri)?.version === next && runStatusOf(document.uri)?.state === 'done',
      90_000,
      'the run after an edit',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
