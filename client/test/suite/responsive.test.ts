// Opening a preview never makes the extension host wait for a run. The timeline's run is made by the language
// server's engine workers and the panel asks for it; a ```repl block in the Markdown preview is drawn on a worker
// thread of the extension host (markdown-block-drawer.ts) while the preview shows a note. Each test starts a
// scenario that takes seconds to run, and checks the order of what happens: the command returns, the extension host
// and the language server answer other requests, and only then does the drawing arrive. No durations are compared.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReplScopeApi } from '../../src/extension';
import type { TimelineSnapshot } from '../../src/webview-messages';
import { scaleScenarioText } from '../../../server/test/helpers/scale-scenario';
import { waitFor } from './helpers';

const snapshot = () => vscode.commands.executeCommand<TimelineSnapshot | undefined>('replscope.timeline.debugSnapshot');

async function api(): Promise<ReplScopeApi> {
  const extension = vscode.extensions.getExtension<ReplScopeApi>('replscope.replscope');
  assert.ok(extension);
  return extension.activate();
}

describe('previews do not block the extension host', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Run and Preview of a large file returns, and the server answers, before it is drawn', async () => {
    const { runStatusOf } = await api();
    const document = await vscode.workspace.openTextDocument({ language: 'repl', content: '' });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // About 2,000 transactions: a run of seconds in the engine worker.
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), scaleScenarioText(2_000))));
    const version = document.version;
    const ranThisVersion = () => {
      const s = runStatusOf(document.uri);
      return s?.version === version && s.state !== 'running';
    };
    const events: string[] = [];

    await vscode.commands.executeCommand('replscope.preview');
    events.push(`preview returned${ranThisVersion() ? ' after the run' : ''}`);

    // The language server's thread answers a hover: its engine works on another thread. Whether the quick summary run
    // of the verdicts is over by then is a race; the preview's full run is not over before the drawing arrives.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(3, 2),
    );
    assert.ok(hovers.length > 0, 'a hover from the server');
    events.push('hover answered');

    const drawn = await waitFor(
      async () => {
        const s = await snapshot();
        return s && s.uri === document.uri.toString() && s.version === version && s.marks.length > 0 ? s : undefined;
      },
      150_000,
      'the timeline of the large file',
    );
    events.push('drawn');
    assert.deepEqual(events, ['preview returned', 'hover answered', 'drawn']);
    assert.equal(runStatusOf(document.uri)?.state, 'done', runStatusOf(document.uri)?.detail);
    assert.ok(drawn.rowCount > 1000, `rows: ${drawn.rowCount}`);

    // Still answering once the drawing is in.
    const after = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(3, 2),
    );
    assert.ok(after.length > 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a large ```repl block in Markdown renders at once as a note, the host answers while it is drawn, then it is drawn', async () => {
    const block = scaleScenarioText(1_000);
    assert.ok(block.length < 64 * 1024, 'under the size a block may have');
    const markdown = `# Runbook\n\n\`\`\`repl\n${block}\`\`\`\n`;
    const render = () => vscode.commands.executeCommand<string>('markdown.api.render', markdown);

    // The Markdown extension renders in this extension host; the first render does not wait for the run.
    const first = await render();
    assert.match(first, /class="replscope-block replscope-pending"/);
    assert.match(first, /ReplScope: running &ldquo;generated: 1000 transactions&rdquo;/);
    assert.ok(!first.includes('<svg'), 'no drawing yet');

    // Meanwhile the extension host answers: another document renders, and a .repl command runs.
    const other = await vscode.commands.executeCommand<string>('markdown.api.render', '# Other\n\nText.\n');
    assert.match(other, /<h1[^>]*>Other<\/h1>/);
    const second = await render();
    assert.match(second, /replscope-pending/, 'still being drawn while the host answered');

    const drawn = await waitFor(
      async () => {
        const html = await render();
        return html.includes('replscope-pending') ? undefined : html;
      },
      120_000,
      'the block to be drawn',
    );
    // Drawn, or a box saying why not (a run stopped at a limit still draws what happened).
    assert.match(drawn, /<svg |replscope-error/);
  });
});
