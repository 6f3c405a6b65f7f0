import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pngSize } from '../../../server/src/timeline/png';
import type { TimelineSnapshot } from '../../src/webview-messages';
import { repoRoot, screenshot, sleep, waitFor } from './helpers';

// The webview is an iframe the extension host cannot read: the panel asks it for a snapshot of its DOM
// (`replscope.timeline.debugSnapshot`), and clicks and keys go through the webview's own handlers.
const snapshot = () => vscode.commands.executeCommand<TimelineSnapshot | undefined>('replscope.timeline.debugSnapshot');

const EXAMPLE = 's04-after-commit-crash-before-ack.repl';

/** A copy of the example in the workspace folder the runner made, so that edits never touch the repository. */
async function openExample(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'replscope-')));
  const uri = vscode.Uri.joinPath(folder, EXAMPLE);
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(repoRoot, 'examples', EXAMPLE)));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

function lineOf(editor: vscode.TextEditor, pattern: RegExp): number {
  for (let i = 0; i < editor.document.lineCount; i++) if (pattern.test(editor.document.lineAt(i).text)) return i;
  throw new Error(`no line matches ${String(pattern)}`);
}

describe('timeline webview (Run and Preview)', function () {
  this.timeout(120_000);
  let editor: vscode.TextEditor;

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The window as a user opens it: no side bar or panel left by earlier suites (the Test Explorer's view, a task's
    // terminal) narrowing the editor area, and with it the timeline's lanes and the labels they can hold.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    editor = await openExample();
  });

  it('offers Run and Preview as a CodeLens on the scenario line', async () => {
    const scenario = lineOf(editor, /^scenario /);
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        return found?.some((l) => l.command?.command === 'replscope.preview') ? found : undefined;
      },
      20_000,
      'the CodeLens',
    );
    const lens = lenses.find((l) => l.command?.command === 'replscope.preview');
    assert.equal(lens?.range.start.line, scenario);
    assert.match(lens?.command?.title ?? '', /Run and Preview/);
  });

  it('opens beside the editor and shows the lanes and the positions of the example', async () => {
    await vscode.commands.executeCommand('replscope.preview');
    const snap = await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.rowCount > 0 && s.positions.length > 0 ? s : undefined;
      },
      60_000,
      'the timeline to draw the run of s04',
    );
    assert.match(snap.uri ?? '', /s04-after-commit-crash-before-ack\.repl$/);
    assert.ok(snap.groups.some((g) => /\bm1\b/.test(g)) && snap.groups.some((g) => /\br1\b/.test(g)), `groups: ${snap.groups.join(' | ')}`);
    assert.ok(
      snap.lanes.some((l) => /engine/.test(l)) && snap.lanes.some((l) => /dump/.test(l)) && snap.lanes.some((l) => /SQL thread/.test(l)),
      `lanes: ${snap.lanes.join(' | ')}`,
    );
    // T1 is written to m1's binlog, shipped, relay-logged on r1 and applied: its positions are on the marks.
    assert.ok(
      snap.positions.some((p) => /^mysql-bin\.000001:107→\d+$/.test(p)),
      `positions: ${snap.positions.join(' | ')}`,
    );
    assert.ok(
      snap.positions.some((p) => /^relay-bin\.000002:\d+→\d+$/.test(p)),
      `positions: ${snap.positions.join(' | ')}`,
    );
    assert.ok(
      snap.positions.some((p) => /^Exec \d+$/.test(p)),
      `positions: ${snap.positions.join(' | ')}`,
    );
    assert.equal(snap.imgCount, 0);
    // The run in words above the diagram: the conclusion, then the moments.
    assert.match(
      snap.story[0] ?? '',
      /^At the end r1 is the source\. Verdicts: committed after error \(T2\)/,
      `story: ${snap.story.join(' | ')}`,
    );
    assert.ok(
      snap.story.some((s) => /m1 crashed while T2 waited for the ACK after committing/.test(s)),
      `story: ${snap.story.join(' | ')}`,
    );
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(
      tabs.some((t) => /^Timeline: s04/.test(t)),
      `tabs: ${tabs.join(', ')}`,
    );
  });

  it('redraws after an edit in the editor', async () => {
    // The time cursor on the last event: it stays on it across the update.
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'End');
    const before = await snapshot();
    assert.ok(before?.cursor);
    // A longer value makes T1's events longer: every later position moves.
    const line = lineOf(editor, /^app: insert into t values \(1, 'a'\)/);
    const range = editor.document.lineAt(line).range;
    const original = editor.document.lineAt(line).text;
    const ok = await editor.edit((e) =>
      e.replace(range, editor.document.lineAt(line).text.replace("(1, 'a')", "(1, 'a much longer value')")),
    );
    assert.ok(ok);
    const after = await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.version !== before.version && s.positions.join() !== before.positions.join() ? s : undefined;
      },
      60_000,
      'the timeline to follow the edit',
    );
    assert.ok(
      after.marks.some((m) => /a much longer value/.test(m)),
      'the new statement text is drawn',
    );
    assert.ok(after.cursor, 'the time cursor is kept');
    assert.ok(
      after.marks.some((m) => /SQL error 1062/.test(m)),
      'the view stays where it was (at the end)',
    );
    // Back to the example as written (an edit, not `undo`: the focus may be in the webview).
    const edited = editor.document.lineAt(line).range;
    assert.ok(await editor.edit((e) => e.replace(edited, original)));
    await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.version !== after.version && !s.marks.some((m) => /a much longer value/.test(m)) ? s : undefined;
      },
      60_000,
      'the timeline to follow the edit back',
    );
  });

  it('the editor line highlights its events; clicking an event selects its line', async () => {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    const t2 = lineOf(editor, /^app: begin; insert into t values \(2, 'b'\); commit as T2/);
    editor.selection = new vscode.Selection(t2, 0, t2, 0);
    const lit = await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.highlighted.length > 0 ? s : undefined;
      },
      20_000,
      "the T2 line's events to be highlighted",
    );
    assert.ok(
      lit.highlighted.every((m) => /T2/.test(m)),
      `highlighted: ${lit.highlighted.join(' | ')}`,
    );
    assert.ok(
      lit.highlighted.some((m) => /T2 binlog write mysql-bin\.000001:\d+→\d+/.test(m)),
      `highlighted: ${lit.highlighted.join(' | ')}`,
    );

    const restart = lineOf(editor, /^restart m1 as replica of r1/);
    assert.equal(await vscode.commands.executeCommand('replscope.timeline.debugClick', 'SQL error 1062'), true);
    await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.toString() === editor.document.uri.toString() &&
        vscode.window.activeTextEditor.selection.active.line === restart,
      20_000,
      `the editor selection to move to line ${restart + 1}`,
    );
    const selection = vscode.window.activeTextEditor?.selection;
    assert.equal(selection?.start.line, restart);
    assert.equal(selection?.end.character, editor.document.lineAt(restart).text.length, 'the whole line is selected');
    const clicked = await snapshot();
    assert.match(clicked?.cursor ?? '', /ms/, 'the time cursor is on the clicked event');
    assert.ok(
      clicked?.highlighted.some((m) => /SQL error 1062/.test(m)),
      'the clicked line’s events are highlighted',
    );
  });

  it('is usable from the keyboard: the time cursor moves and the details show every server at that instant', async () => {
    const at = await snapshot();
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'ArrowUp');
    const up = await snapshot();
    assert.notEqual(up?.cursor, null);
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'ArrowDown');
    const down = await snapshot();
    assert.equal(down?.cursor, at?.cursor);
    if (!down?.details) await vscode.commands.executeCommand('replscope.timeline.debugKey', 'd');
    const details = await waitFor(
      async () => {
        const s = await snapshot();
        return s?.details && /Last_SQL_Errno/.test(s.status) ? s : undefined;
      },
      10_000,
      'the status table at the cursor',
    );
    assert.match(details.status, /SHOW SLAVE STATUS/);
    assert.match(details.status, /Exec_Master_Log_Pos/);
    assert.match(details.status, /1062/);
    assert.ok(
      details.verdicts.some((v) => /replication stopped/i.test(v)),
      `verdicts: ${details.verdicts.join(' | ')}`,
    );
    // The picture without the details, as it first opens beside an editor.
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'd');
    // c collapses the server of the event at the cursor (m1) into one lane, and back.
    const lanes = details.lanes.length;
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'c');
    const collapsed = await snapshot();
    assert.ok(collapsed && collapsed.lanes.length < lanes, `lanes: ${collapsed?.lanes.join(' | ')}`);
    assert.ok(collapsed.groups.some((g) => /▸ m1/.test(g)));
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'c');
    assert.equal((await snapshot())?.lanes.length, lanes);
  });

  it('exports the timeline as self-contained HTML and SVG', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    for (const ext of ['html', 'svg']) {
      const target = vscode.Uri.joinPath(folder, `s04.timeline.${ext}`);
      const written = await vscode.commands.executeCommand<string | undefined>('replscope.exportTimeline', editor.document.uri, target);
      assert.equal(written, target.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(text, ext === 'html' ? /^<!DOCTYPE html>/ : /^<\?xml/);
      assert.match(text, /Duplicate entry &#39;2&#39; for key &#39;PRIMARY&#39;/);
    }
  });

  it('exports the timeline as a PNG image that the panel draws', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    // The PNG command, and the export command given a .png name, both write what the panel drew on its canvas.
    for (const [command, name] of [
      ['replscope.exportTimelinePng', 's04.timeline.png'],
      ['replscope.exportTimeline', 's04.picture.png'],
    ] as const) {
      const target = vscode.Uri.joinPath(folder, name);
      const written = await vscode.commands.executeCommand<string | undefined>(command, editor.document.uri, target);
      assert.equal(written, target.toString(), command);
      const size = pngSize(await vscode.workspace.fs.readFile(target));
      assert.ok(size && size.width > 600 && size.height > 600, `${command}: ${JSON.stringify(size)}`);
    }
  });

  it('follows the active .repl editor, and comes back to where it was', async () => {
    const before = await snapshot();
    const hello = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(editor.document.uri, '..', 'hello.repl'));
    await vscode.window.showTextDocument(hello, { viewColumn: editor.viewColumn, preview: false });
    const followed = await waitFor(
      async () => {
        const s = await snapshot();
        return s && /hello\.repl$/.test(s.uri ?? '') && s.rowCount > 0 ? s : undefined;
      },
      30_000,
      'the timeline to follow hello.repl',
    );
    assert.ok(followed.groups.some((g) => /\bm1\b/.test(g)));
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
    const back = await waitFor(
      async () => {
        const s = await snapshot();
        // The cursor's row is drawn once the screens around the first one are (a frame after the first paint).
        return s && /s04-after-commit-crash-before-ack\.repl$/.test(s.uri ?? '') && s.rowCount > 0 && s.cursor !== null ? s : undefined;
      },
      30_000,
      'the timeline to come back to s04, its time cursor drawn',
    );
    assert.equal(back.cursor, before?.cursor, 'the time cursor of s04 is where it was');
  });

  it('looks right beside the editor (screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.4 }, { size: 0.6 }] });
    const restart = lineOf(editor, /^restart m1 as replica of r1/);
    await vscode.window.showTextDocument(editor.document, {
      viewColumn: editor.viewColumn,
      selection: new vscode.Range(restart, 0, restart, 0),
      preserveFocus: false,
    });
    await sleep(300);
    assert.equal(await vscode.commands.executeCommand('replscope.timeline.debugClick', 'SQL error 1062'), true);
    await sleep(800);
    await screenshot('timeline-s04');
    // With the details: every server's SHOW MASTER / SLAVE STATUS at the time cursor (the 1062).
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'd');
    await waitFor(async () => (await snapshot())?.details, 5000, 'the details panel');
    await sleep(500);
    await screenshot('timeline-s04-details');
    await vscode.commands.executeCommand('replscope.timeline.debugKey', 'd');
  });

  it('follows the colour theme (dark)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previous = workbench.inspect<string>('colorTheme')?.globalValue;
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    try {
      await sleep(1500);
      await screenshot('timeline-s04-dark');
      const snap = await snapshot();
      assert.ok(snap && snap.renderedMarks > 0);
    } finally {
      await workbench.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });
});
