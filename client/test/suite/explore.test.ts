import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Exploration } from '../../../server/src/explore/explore';
import { repoRoot, screenshot, waitFor } from './helpers';

/** A copy of an example in the workspace folder the runner made (with `extra` lines appended). */
async function openCopy(example: string, name: string, extra = ''): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'replscope-')));
  const uri = vscode.Uri.joinPath(folder, name);
  const text = fs.readFileSync(path.join(repoRoot, 'examples', example), 'utf8') + extra;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

describe('Explore Crash Points', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is offered as a CodeLens, runs the sweep with progress and shows the heat map beside the editor', async () => {
    const editor = await openCopy('s04-after-commit-crash-before-ack.repl', 'explore-s04.repl');
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        return found?.some((l) => l.command?.command === 'replscope.exploreCrashPoints') ? found : undefined;
      },
      20_000,
      'the Explore Crash Points CodeLens',
    );
    assert.match(lenses.find((l) => l.command?.command === 'replscope.exploreCrashPoints')?.command?.title ?? '', /Explore Crash Points/);
    const result = await vscode.commands.executeCommand<Exploration | undefined>('replscope.exploreCrashPoints', editor.document.uri);
    assert.ok(result && result.cases > 50, `explored ${result?.cases}`);
    assert.equal(
      result.classes.reduce((n, c) => n + c.count, 0),
      result.cases,
    );
    const html = await waitFor(
      async () => await vscode.commands.executeCommand<string | undefined>('replscope.explore.debugHtml'),
      10_000,
      'the panel',
    );
    assert.match(html, /<h1>Crash points: explore-s04\.repl<\/h1>/);
    assert.match(html, /<table class="matrix" role="treegrid"/);
    assert.match(html, /default-src 'none'/);
    await screenshot('explore-s04');
    // An example is a link (a command URI, the page has no script) that opens the variant and its timeline.
    const link = /href="command:replscope\.explore\.openCase\?([^"]+)"/.exec(html);
    assert.ok(link, 'an example link');
    const [n] = JSON.parse(decodeURIComponent(link[1].replace(/&quot;/g, '"'))) as [number];
    const variant = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('replscope.explore.openCase', n);
    assert.ok(variant);
    assert.match(variant.getText(), new RegExp(`# Crash point ${n} of replscope explore`));
    await waitFor(
      async () => {
        const snap = await vscode.commands.executeCommand<{ rowCount: number } | undefined>('replscope.timeline.debugSnapshot');
        return snap && snap.rowCount > 0;
      },
      60_000,
      "the variant's timeline",
    );
  });

  it('a broken property is an error on its line naming the counterexample, whose quick fix opens it', async () => {
    const extra = '\nexpect always no lost_acknowledged_commit\nexpect always no duplicate_by_retry\n';
    const editor = await openCopy('s02-async-replica-link-dead.repl', 'explore-s02.repl', extra);
    const uri = editor.document.uri;
    const line = editor.document.lineCount - 3;
    assert.equal(editor.document.lineAt(line).text, 'expect always no lost_acknowledged_commit');
    const result = await vscode.commands.executeCommand<Exploration | undefined>('replscope.exploreCrashPoints', uri);
    const broken = result?.properties.find((p) => p.line === line);
    assert.equal(broken?.holds, false);
    const example = broken?.counterexample;
    assert.ok(example?.crashPoint.txn);
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'replscope explore');
    const error = ours().find((d) => d.range.start.line === line);
    assert.equal(error?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(
      error?.message ?? '',
      new RegExp(
        `^expect always no lost_acknowledged_commit is broken by \`on ${example.crashPoint.txn} ${example.crashPoint.state}.*: crash ${example.crashPoint.server}`,
      ),
    );
    // The other property: what the exploration found, whichever it is, on its own line.
    const other = result?.properties.find((p) => p.line === line + 1);
    const second = ours().find((d) => d.range.start.line === line + 1);
    assert.equal(second?.severity, other?.holds ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Error);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range);
    const open = actions.find((a) => a.title === 'Open counterexample');
    assert.ok(open?.command, actions.map((a) => a.title).join(', '));
    const variant = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      open.command.command,
      ...((open.command.arguments ?? []) as unknown[]),
    );
    assert.match(variant?.getText() ?? '', new RegExp(`# Crash point ${example.case} of replscope explore`));
    // An edit makes them stale: they leave with it.
    await vscode.window.showTextDocument(editor.document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitFor(() => ours().length === 0, 5_000, 'the explored diagnostics to leave with the edit');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the quick fix on a verdict shrinks the file into a new document that still shows it', async () => {
    const editor = await openCopy('s02-async-replica-link-dead.repl', 'shrink-s02.repl');
    const fixes = await waitFor(
      async () => {
        const lost = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.message.startsWith('lost acknowledged commit'));
        if (!lost) return undefined;
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          editor.document.uri,
          lost.range,
        );
        return actions?.filter((a) => a.command?.command === 'replscope.shrink');
      },
      30_000,
      'the shrink quick fix',
    );
    const action = fixes.find((a) => a.title.endsWith('lost_acknowledged_commit'));
    assert.ok(action?.command);
    const args = (action.command.arguments ?? []) as unknown[];
    const text = await vscode.commands.executeCommand<string | undefined>(action.command.command, ...args);
    assert.match(text ?? '', /^# Shrunk by replscope shrink --verdict lost_acknowledged_commit from shrink-s02\.repl/);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), text);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'repl');
  });
});
