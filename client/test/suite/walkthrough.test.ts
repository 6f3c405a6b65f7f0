// The Get Started walkthrough in a real VS Code: it opens, and its four buttons, pressed while the walkthrough has
// the focus (so no .repl editor is active), open the shipped example as an untitled .repl document, draw its
// timeline, explore its crash points and run its expectations in the Test Explorer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Exploration } from '../../../server/src/explore/explore';
import type { TestOutcome } from '../../src/test-explorer';
import type { TimelineSnapshot } from '../../src/webview-messages';
import { repoRoot, screenshot, waitFor } from './helpers';

const example = 's04-after-commit-crash-before-ack.repl';

describe('Get Started walkthrough', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens, and its Open Example button opens the shipped example as an untitled .repl document', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'replscope.replscope#getStarted', false);
    await screenshot('walkthrough');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('replscope.openExample');
    assert.ok(editor, 'an editor');
    assert.equal(editor.document.uri.scheme, 'untitled');
    assert.ok(editor.document.uri.path.endsWith(example), editor.document.uri.toString());
    assert.equal(editor.document.languageId, 'repl');
    assert.equal(editor.document.getText(), fs.readFileSync(path.join(repoRoot, 'examples', example), 'utf8'));
    // Pressed again, it shows the same document instead of another copy.
    const again = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('replscope.openExample');
    assert.equal(again?.document.uri.toString(), editor.document.uri.toString());
  });

  it('runs, explores and tests the example from the walkthrough, the example open but not focused', async () => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && d.uri.path.endsWith(example));
    assert.ok(document);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'replscope.replscope#getStarted', true);
    await waitFor(() => vscode.window.activeTextEditor === undefined, 10_000, 'the walkthrough to have the focus');

    await vscode.commands.executeCommand('replscope.preview');
    const snapshot = await waitFor(
      async () => {
        const s = await vscode.commands.executeCommand<TimelineSnapshot | undefined>('replscope.timeline.debugSnapshot');
        return s && s.uri === document.uri.toString() && s.marks.length > 0 ? s : undefined;
      },
      30_000,
      'the timeline of the example',
    );
    assert.ok(snapshot.marks.length > 10);

    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'replscope.replscope#getStarted', true);
    const exploration = await vscode.commands.executeCommand<Exploration | undefined>('replscope.exploreCrashPoints');
    assert.ok(exploration && exploration.cases > 50, `explored ${exploration?.cases}`);

    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'replscope.replscope#getStarted', true);
    const outcomes = await vscode.commands.executeCommand<TestOutcome[] | undefined>('replscope.runExpectations');
    assert.ok(outcomes, 'outcomes');
    const expectLines = document
      .getText()
      .split('\n')
      .flatMap((l, i) => (/^expect\b/.test(l) ? [i] : []));
    assert.deepEqual(
      outcomes.map((o) => o.line),
      expectLines,
    );
    assert.deepEqual(
      outcomes.filter((o) => o.outcome !== 'passed'),
      [],
    );
    await screenshot('walkthrough-tests');
  });
});
