// ```repl blocks in VS Code's own Markdown preview: the built-in Markdown extension loads the plugin through
// `markdown.markdownItPlugins` and `extendMarkdownIt`; its renderer (`markdown.api.render`) draws the runbook's
// scenario as the timeline SVG and the broken block as an error box; the preview itself shows both.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReplScopeApi } from '../../src/extension';
import { fixtureUri, probeDom, screenshot, waitFor } from './helpers';

describe('Markdown preview of ```repl blocks', function () {
  this.timeout(90_000);

  it('is offered to the Markdown extension as extendMarkdownIt', async () => {
    const extension = vscode.extensions.getExtension<ReplScopeApi>('replscope.replscope');
    assert.ok(extension);
    const api = await extension.activate();
    assert.equal(typeof api.extendMarkdownIt, 'function');
    assert.equal((extension.packageJSON as { contributes: Record<string, unknown> }).contributes['markdown.markdownItPlugins'], true);
  });

  it("draws the runbook's scenario in the Markdown extension's own renderer", async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('runbook.md'));
    const html = await waitFor(
      async () => {
        const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', document.getText());
        // Each block is drawn on the worker as it comes: wait for both, the timeline and the broken block's errors.
        return typeof rendered === 'string' && rendered.includes('<svg') && rendered.includes('replscope-error') ? rendered : undefined;
      },
      30_000,
      'markdown.api.render to draw both repl blocks',
    );
    assert.match(
      html,
      /<div class="replscope-markdown code-line" data-line="4"><div class="replscope-block"[^>]*><svg [^>]*class="tl-svg tl-root"/,
    );
    assert.match(html, /Timeline of runbook: async replica behind/);
    assert.match(html, /replscope-error[\s\S]*line 3: [^<]*unknown server &#39;m9&#39;/);
    assert.match(html, /<h1[^>]*>Runbook: a lost acknowledged commit<\/h1>/);
  });

  it('shows the timeline and the error box in the preview', async () => {
    await vscode.commands.executeCommand('markdown.showPreview', fixtureUri('runbook.md'));
    const svg = await probeDom('markdown-svg', '.replscope-markdown svg.tl-root');
    if (svg === undefined) {
      // scripts/test-electron.mjs has no browser page to look into: the renderer test above is what runs there.
      console.warn('the Markdown preview DOM is observable only under scripts/test-vscode.mjs');
      return;
    }
    assert.ok(svg.count >= 1, `no timeline SVG in the preview: ${JSON.stringify(svg)}`);
    assert.match(svg.samples.join('\n'), /runbook: async replica behind/);
    const box = await probeDom('markdown-error', '.replscope-markdown .replscope-error');
    assert.ok(box?.count === 1, `expected one error box: ${JSON.stringify(box)}`);
    assert.match(box.samples[0] ?? '', /line 3: .*unknown server 'm9'/);
    await screenshot('markdown-preview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
