// The keybinding that opens the timeline to the side, Ctrl+K V (Cmd+K V) in a .repl editor, like Markdown's "Open
// Preview to the Side". Under scripts/test-vscode.mjs the keys are pressed on the workbench page (Playwright's
// keyboard, where the editor has the focus), so VS Code's keybinding service resolves the chord and its `when`
// clause as it does for a user. Ctrl+Shift+V, Markdown's "Open Preview", is left alone. Under a runner without a
// browser page (scripts/test-electron.mjs) only the contributed keybindings are checked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TimelineSnapshot } from '../../src/webview-messages';
import { fixtureUri, pressKeys, sleep, waitFor } from './helpers';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

const snapshot = () => vscode.commands.executeCommand<TimelineSnapshot | undefined>('replscope.timeline.debugSnapshot');

/** The tab of the timeline panel, if one is open, and its group's column. */
function timelineTab(): { column: vscode.ViewColumn } | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('replscope.timeline'))
        return { column: group.viewColumn };
    }
  }
  return undefined;
}

/** Opens a fixture in the first column and puts the keyboard focus in its editor. */
async function focusFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  return editor;
}

describe('the Run and Preview keybinding', function () {
  this.timeout(90_000);

  const keybindings = (): Keybinding[] => {
    const extension = vscode.extensions.getExtension('replscope.replscope');
    assert.ok(extension);
    return (extension.packageJSON as { contributes: { keybindings?: Keybinding[] } }).contributes.keybindings ?? [];
  };

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is contributed as Ctrl+K V / Cmd+K V in .repl editors, and no keybinding takes Ctrl+Shift+V', () => {
    const preview = keybindings().filter((k) => k.command === 'replscope.preview');
    assert.deepEqual(preview, [{ command: 'replscope.preview', key: 'ctrl+k v', mac: 'cmd+k v', when: 'editorLangId == repl' }]);
    for (const k of keybindings()) {
      for (const key of [k.key, k.mac ?? '']) {
        assert.ok(!/^(ctrl|cmd)\+shift\+v$/i.test(key.replace(/\s+/g, '')), `${k.command} takes ${key}, Markdown's Open Preview`);
      }
    }
  });

  it('pressed in a .repl editor, opens the timeline beside it; Ctrl+Shift+V does not', async function () {
    const editor = await focusFixture('hello.repl');
    assert.equal(timelineTab(), undefined, 'no timeline open before');

    // Ctrl+Shift+V is Markdown's: in a .repl editor it must not open the timeline.
    const shift = await pressKeys('ctrl-shift-v', 'Control+Shift+V');
    if (shift === undefined) {
      console.warn('keys are pressed only under scripts/test-vscode.mjs: the keybinding is checked in package.json alone');
      this.skip();
    }
    assert.ok(shift.pressed, shift.error);
    // An absence: given a moment in which a command it ran would have opened the panel.
    await sleep(1500);
    assert.equal(timelineTab(), undefined, 'Ctrl+Shift+V opened the timeline');

    // Ctrl+K, then V: the chord, resolved by the workbench where the .repl editor has the focus.
    const chord = await pressKeys('ctrl-k-v', 'Control+K v');
    assert.ok(chord?.pressed, chord?.error);
    const snap = await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.uri === editor.document.uri.toString() && s.marks.length > 0 ? s : undefined;
      },
      30_000,
      'the timeline opened by Ctrl+K V',
    );
    assert.ok(snap.lanes.length > 0);
    const tab = timelineTab();
    assert.ok(tab, 'a timeline tab');
    assert.notEqual(tab.column, editor.viewColumn, 'the timeline opens to the side of the editor');
    // The editor keeps the focus (the panel opens with preserveFocus).
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  it('pressed in an editor of another language, does not open the timeline', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => timelineTab() === undefined, 10_000, 'the timeline to close');
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'not a scenario\n' });
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const chord = await pressKeys('ctrl-k-v-plaintext', 'Control+K v');
    if (chord === undefined) this.skip();
    assert.ok(chord.pressed, chord.error);
    await sleep(1500);
    assert.equal(timelineTab(), undefined, 'Ctrl+K V opened the timeline outside a .repl editor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
