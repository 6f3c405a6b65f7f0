import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, screenshot, waitFor } from './helpers';

describe('activation', () => {
  it('opens hello.repl as the repl language', async () => {
    const editor = await openFixture('hello.repl');
    assert.equal(editor.document.languageId, 'repl');
    assert.match(editor.document.getText(), /^scenario "hello"/);
  });

  it('activates the replscope.replscope extension', async () => {
    const extension = vscode.extensions.getExtension('replscope.replscope');
    assert.ok(extension, 'extension replscope.replscope is not installed in this VS Code');
    await waitFor(() => extension.isActive, 20_000, 'replscope.replscope to be active');
    await screenshot('activation');
  });
});
