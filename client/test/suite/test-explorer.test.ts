import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReplScopeApi } from '../../src/extension';
import { repoRoot, screenshot, sleep, waitFor } from './helpers';

// Expectations are tests: the Test Explorer lists every expect line of every example copied into the workspace (found
// by the file watcher as they are created), and running them gives the passes and failures `replscope test` gives.

async function api(): Promise<ReplScopeApi> {
  const extension = vscode.extensions.getExtension<ReplScopeApi>('replscope.replscope');
  assert.ok(extension);
  return extension.activate();
}

/** The 0-based lines that start with `expect`, read from the text alone (not by the parser under test). */
function expectLines(text: string): number[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, i) => (/^\s*expect\b/.test(line) ? i : -1))
    .filter((n) => n >= 0);
}

const exampleNames = fs.readdirSync(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.repl'));

const failing = `scenario "one wrong expectation"
flavor mysql-8.0
source m1 { }
replica r1 of m1 { }
table t (id int primary key, v varchar(20))
client app on m1
app: insert into t values (1, 'a')
expect r1 has t(id=2)
expect r1 has t(id=1)
`;

describe('Test Explorer', function () {
  this.timeout(120_000);
  const folder = () => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the runner opens a workspace folder');
    return vscode.Uri.joinPath(f.uri, 'tests-explorer');
  };
  const fileUri = (name: string) => vscode.Uri.joinPath(folder(), name);

  it('lists every expect line of every example, grouped by file, as the files are created', async () => {
    const tests = (await api()).expectationTests;
    for (const name of exampleNames)
      await vscode.workspace.fs.writeFile(fileUri(name), fs.readFileSync(path.join(repoRoot, 'examples', name)));
    await vscode.workspace.fs.writeFile(fileUri('failing.repl'), new TextEncoder().encode(failing));
    const expected = new Map<string, number[]>();
    for (const name of exampleNames)
      expected.set(fileUri(name).toString(), expectLines(fs.readFileSync(path.join(repoRoot, 'examples', name), 'utf8')));
    expected.set(fileUri('failing.repl').toString(), [7, 8]);
    const unlisted = () =>
      [...expected]
        .filter(([uri, lines]) => tests.files().find((f) => f.uri === uri)?.tests.length !== lines.length)
        .map(([uri]) => path.basename(vscode.Uri.parse(uri).path));
    await waitFor(
      () => {
        const missing = unlisted();
        if (missing.length > 0) throw new Error(`${missing.length} not listed: ${missing.join(', ')}`);
        return true;
      },
      30_000,
      'the Test Explorer to list every example',
    );
    for (const [uri, lines] of expected) {
      const file = tests.files().find((f) => f.uri === uri);
      assert.deepEqual(
        file?.tests.map((t) => t.line),
        lines,
        uri,
      );
      assert.ok(file?.tests.every((t) => t.label.startsWith('expect ')));
    }
  });

  // A copy makes events for the folder and, racing the watcher, perhaps for its files; a move makes one event, for the
  // folder alone: both must list every file.
  for (const [how, bringIn] of [
    ['copied in at once', (to: string) => fs.cpSync(path.join(repoRoot, 'examples'), to, { recursive: true })],
    [
      'moved in',
      (to: string) => {
        const staging = path.join(folder().fsPath, '..', '..', `staging-${process.pid}`);
        fs.cpSync(path.join(repoRoot, 'examples'), staging, { recursive: true });
        fs.renameSync(staging, to);
      },
    ],
  ] as const) {
    it(`lists the files of a folder ${how}`, async () => {
      const tests = (await api()).expectationTests;
      const brought = vscode.Uri.joinPath(folder(), '..', how.replace(/ /g, '-'));
      bringIn(brought.fsPath);
      const inFolder = () => tests.files().filter((f) => f.uri.startsWith(`${brought.toString()}/`)).length;
      try {
        await waitFor(() => inFolder() === exampleNames.length, 20_000, `the ${exampleNames.length} files ${how}`);
      } finally {
        fs.rmSync(brought.fsPath, { recursive: true, force: true });
      }
      await waitFor(() => inFolder() === 0, 10_000, 'the removed folder to leave the explorer');
    });
  }

  it('runs them from the Test Explorer, with the passes and failures of replscope test', async () => {
    const tests = (await api()).expectationTests;
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await vscode.commands.executeCommand('testing.runAll');
    const ours = () => tests.results().filter((r) => r.uri.startsWith(folder().toString()));
    const total = exampleNames.reduce(
      (n, name) => n + expectLines(fs.readFileSync(path.join(repoRoot, 'examples', name), 'utf8')).length,
      2,
    );
    await waitFor(() => ours().length === total, 60_000, `${total} outcomes`);
    const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'test', folder().fsPath, '--tap'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.equal(cli.status, 1, cli.stderr);
    const fromCli = new Map<string, boolean>();
    for (const m of cli.stdout.matchAll(/^(ok|not ok) \d+ - (.*?):(\d+): /gm))
      fromCli.set(`${vscode.Uri.file(m[2]).toString()}#${Number(m[3]) - 1}`, m[1] === 'ok');
    assert.equal(fromCli.size, total, cli.stdout);
    const fromExplorer = new Map(ours().map((r) => [`${r.uri}#${r.line}`, r.outcome === 'passed']));
    assert.deepEqual(fromExplorer, fromCli);
    const wrong = ours().filter((r) => r.outcome !== 'passed');
    assert.deepEqual(
      wrong.map((r) => [path.basename(vscode.Uri.parse(r.uri).path), r.line, r.outcome]),
      [['failing.repl', 7, 'failed']],
    );
    assert.match(wrong[0].message, /expected r1 has t\(id=2\), but it has 0 such row/);
    await vscode.commands.executeCommand('testing.showMostRecentOutput');
    await vscode.window.showTextDocument(fileUri('failing.repl'), { preview: false });
    await sleep(500);
    await screenshot('test-explorer');
  });

  it('runs one expectation from the gutter (run at the cursor), and only that one', async () => {
    const tests = (await api()).expectationTests;
    const editor = await vscode.window.showTextDocument(fileUri('s04-after-commit-crash-before-ack.repl'), { preview: false });
    const line = expectLines(editor.document.getText())[0];
    editor.selection = new vscode.Selection(line, 8, line, 8);
    const before = Math.max(...tests.results().map((r) => r.sequence));
    await vscode.commands.executeCommand('testing.runAtCursor');
    const after = await waitFor(
      () => {
        const fresh = tests.results().filter((r) => r.sequence > before);
        return fresh.length > 0 && fresh;
      },
      30_000,
      'the test at the cursor to run',
    );
    await sleep(300);
    const fresh = tests.results().filter((r) => r.sequence > before);
    assert.deepEqual(
      fresh.map((r) => [r.uri, r.line, r.outcome]),
      [[editor.document.uri.toString(), line, 'passed']],
    );
    assert.equal(after.length, 1);
  });

  it('follows edits, unsaved text included, and the deletion of a file', async () => {
    const tests = (await api()).expectationTests;
    const uri = fileUri('failing.repl');
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), 'expect r1 replication running\n'));
    await waitFor(() => tests.files().find((f) => f.uri === uri.toString())?.tests.length === 3, 10_000, 'the new expectation');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => tests.files().find((f) => f.uri === uri.toString())?.tests.length === 2, 10_000, 'the reverted text');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
    await waitFor(() => !tests.files().some((f) => f.uri === uri.toString()), 10_000, 'the deleted file to leave the explorer');
  });
});
