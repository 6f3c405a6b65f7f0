/**
 * Expectations are tests: a `TestController` whose items are the `.repl` files of the workspace (and the open ones),
 * each with its `expect` lines and `expect always` properties as children, so they run from the Test Explorer and
 * from the gutter. Discovery parses the text here (no run: cheap enough for every edit and file event); a run asks
 * the language server, whose engine worker runs the file (`replscope/expectationTests`), and reports each test
 * passed or failed with the run's message at the expectation's line.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverExpectationTests, type ExpectationTest, type ExpectationTestResult } from '../../server/src/expectation-tests';
import { ExpectationTestsRequest } from '../../server/src/protocol';
import type { Ctx } from './ctx';
import { activeReplEditor } from './timeline-panel';

/** A test item's expectation, kept beside the item (the controller's items carry no data of their own). */
const expectations = new WeakMap<vscode.TestItem, ExpectationTest>();

/** What the Test Explorer lists and what its last runs gave, for the tests (through the extension's API). */
export interface ExpectationTestsView {
  /** Every file with tests, and its tests (zero-based lines). */
  files(): { uri: string; tests: { line: number; label: string; kind: ExpectationTest['kind'] }[] }[];
  /** The latest outcome of each test that ran, by file URI and zero-based line; `sequence` counts the outcomes reported. */
  results(): TestOutcome[];
}

export interface TestOutcome {
  uri: string;
  line: number;
  outcome: ExpectationTestResult['outcome'];
  message: string;
  sequence: number;
}

let controller: vscode.TestController | undefined;
const outcomes = new Map<string, TestOutcome>();
let reported = 0;

export const expectationTestsView: ExpectationTestsView = {
  files() {
    const files: ReturnType<ExpectationTestsView['files']> = [];
    controller?.items.forEach((file) => {
      const tests: { line: number; label: string; kind: ExpectationTest['kind'] }[] = [];
      file.children.forEach((child) => {
        const e = expectations.get(child);
        if (e) tests.push({ line: e.line, label: e.label, kind: e.kind });
      });
      tests.sort((a, b) => a.line - b.line);
      files.push({ uri: file.id, tests });
    });
    return files;
  },
  results: () => [...outcomes.values()],
};

/** Documents the Test Explorer follows: `.repl` files on disk and unsaved ones. */
function followed(document: vscode.TextDocument): boolean {
  return document.languageId === 'repl' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

export function registerTestExplorer(ctx: Ctx): void {
  const tests = vscode.tests.createTestController('replscope.expectations', 'ReplScope expectations');
  controller = tests;
  ctx.extension.subscriptions.push(tests, { dispose: () => (controller = undefined) });

  const openDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

  /** Lists the tests of `uri` as they are in `text` (an open document's text wins over the disk's). */
  const update = (uri: vscode.Uri, text: string) => {
    const found = discoverExpectationTests(text);
    if (found.length === 0) {
      tests.items.delete(uri.toString());
      return;
    }
    let file = tests.items.get(uri.toString());
    if (!file) {
      const label = uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri, false) : path.basename(uri.path);
      file = tests.createTestItem(uri.toString(), label, uri);
      tests.items.add(file);
    }
    const children = found.map((e) => {
      const item = tests.createTestItem(`${uri.toString()}#${e.line}`, e.label, uri);
      item.range = new vscode.Range(e.line, e.start, e.line, e.end);
      // The line number orders the children as the file does (labels alone would sort them alphabetically).
      item.sortText = String(e.line).padStart(8, '0');
      if (e.kind === 'property') item.description = 'every crash point';
      expectations.set(item, e);
      return item;
    });
    file.children.replace(children);
  };

  /** Reads a file from disk, unless it is open (then its editor's text is what counts). */
  const refreshFromDisk = async (uri: vscode.Uri) => {
    const open = openDocument(uri);
    if (open) return update(uri, open.getText());
    try {
      update(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      tests.items.delete(uri.toString());
    }
  };

  const discoverWorkspace = async () => {
    for (const uri of await vscode.workspace.findFiles('**/*.repl', '**/node_modules/**')) await refreshFromDisk(uri);
    for (const d of vscode.workspace.textDocuments) if (followed(d)) update(d.uri, d.getText());
  };
  tests.resolveHandler = async (item) => {
    if (!item) await discoverWorkspace();
  };
  tests.refreshHandler = () => discoverWorkspace();
  // Listed at once, so the gutter's run buttons and the explorer's tree are there before anyone opens the view.
  void discoverWorkspace();

  // A file can be read while the program creating it is still writing it (a checkout, a copy): a created file is
  // read again once the burst is over, whatever events the watcher merged.
  const rereads = new Map<string, NodeJS.Timeout>();
  const rereadSoon = (uri: vscode.Uri) => {
    clearTimeout(rereads.get(uri.toString()));
    rereads.set(
      uri.toString(),
      setTimeout(() => {
        rereads.delete(uri.toString());
        void refreshFromDisk(uri);
      }, 1000),
    );
  };
  ctx.extension.subscriptions.push({ dispose: () => rereads.forEach((t) => clearTimeout(t)) });

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.repl');
  // A folder copied or moved in may make one event, for the folder, and none for the files it holds (they can be
  // written before the watcher watches the new folder); a deleted folder makes none for its files either. So created
  // folders are searched once the copy is over, and any deletion removes the files under it.
  const folders = vscode.workspace.createFileSystemWatcher('**', false, true, false);
  const forgetUnder = (uri: vscode.Uri) => {
    const prefix = `${uri.toString()}/`;
    const gone: string[] = [];
    tests.items.forEach((file) => void (file.id.startsWith(prefix) && gone.push(file.id)));
    for (const id of gone) tests.items.delete(id);
  };
  // Created paths are gathered until the burst is over (a copy, a checkout, an install make thousands), then each
  // created folder not inside another one is searched once.
  const created = new Set<string>();
  let searchTimer: NodeJS.Timeout | undefined;
  const searchCreatedFolders = async () => {
    const paths = [...created].sort();
    created.clear();
    const outermost = paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(`${q}/`)));
    for (const p of outermost) {
      const uri = vscode.Uri.parse(p);
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
      const pattern = new vscode.RelativePattern(uri, '**/*.repl');
      for (const file of await vscode.workspace.findFiles(pattern, '**/node_modules/**')) await refreshFromDisk(file);
    }
  };
  const noteCreated = (uri: vscode.Uri) => {
    if (uri.path.endsWith('.repl') || /\/(node_modules|\.git)(\/|$)/.test(uri.path)) return;
    created.add(uri.toString());
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void searchCreatedFolders(), 500);
  };
  ctx.extension.subscriptions.push(
    watcher,
    folders,
    folders.onDidCreate(noteCreated),
    { dispose: () => clearTimeout(searchTimer) },
    folders.onDidDelete(forgetUnder),
    watcher.onDidCreate((uri) => {
      void refreshFromDisk(uri);
      rereadSoon(uri);
    }),
    watcher.onDidChange((uri) => void refreshFromDisk(uri)),
    watcher.onDidDelete((uri) => void tests.items.delete(uri.toString())),
    vscode.workspace.onDidOpenTextDocument((d) => followed(d) && update(d.uri, d.getText())),
    vscode.workspace.onDidChangeTextDocument((e) => followed(e.document) && update(e.document.uri, e.document.getText())),
    // A closed document's unsaved text is gone: the file on disk is what is left (an untitled one is gone altogether).
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.languageId !== 'repl') return;
      if (d.uri.scheme === 'untitled') tests.items.delete(d.uri.toString());
      else if (d.uri.scheme === 'file') void refreshFromDisk(d.uri);
    }),
  );

  tests.createRunProfile(
    'Run',
    vscode.TestRunProfileKind.Run,
    async (request, token) => {
      // Running everything lists the workspace again first, so a file whose creation the watcher missed still runs.
      if (!request.include) await discoverWorkspace();
      await runTests(ctx, tests, update, request, token);
    },
    true,
  );

  // `replscope.runExpectations [uri]`: the expectations of one file (the active or visible .repl editor's) as a run of
  // the Test Explorer, which it then shows; the walkthrough's last step. Resolves to the outcomes of that file.
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('replscope.runExpectations', async (arg?: unknown) => {
      const uri =
        arg instanceof vscode.Uri ? arg : typeof arg === 'string' && arg ? vscode.Uri.parse(arg) : activeReplEditor()?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('ReplScope: open a .repl file to run its expectations as tests.');
        return undefined;
      }
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) update(uri, document.getText());
      else await refreshFromDisk(uri);
      const file = tests.items.get(uri.toString());
      if (!file) {
        void vscode.window.showInformationMessage(`ReplScope: ${path.basename(uri.path)} has no expect lines to run.`);
        return [];
      }
      void vscode.commands.executeCommand('workbench.view.testing.focus');
      const cancel = new vscode.CancellationTokenSource();
      try {
        await runTests(ctx, tests, update, new vscode.TestRunRequest([file]), cancel.token);
      } finally {
        cancel.dispose();
      }
      return [...outcomes.values()].filter((o) => o.uri === uri.toString()).sort((a, b) => a.line - b.line);
    }),
  );
}

/** The selected tests, by file: a file item stands for all its children. */
function selection(
  tests: vscode.TestController,
  request: vscode.TestRunRequest,
): Map<string, { file: vscode.TestItem; lines: Set<number> | 'all' }> {
  const excluded = new Set((request.exclude ?? []).map((i) => i.id));
  const byFile = new Map<string, { file: vscode.TestItem; lines: Set<number> | 'all' }>();
  const include: vscode.TestItem[] = [];
  if (request.include) for (const i of request.include) include.push(i);
  else tests.items.forEach((i) => void include.push(i));
  for (const item of include) {
    if (excluded.has(item.id)) continue;
    const e = expectations.get(item);
    if (!e) {
      byFile.set(item.id, { file: item, lines: 'all' });
      continue;
    }
    const file = item.parent;
    if (!file || excluded.has(file.id)) continue;
    const entry = byFile.get(file.id) ?? { file, lines: new Set<number>() };
    if (entry.lines !== 'all') entry.lines.add(e.line);
    byFile.set(file.id, entry);
  }
  return byFile;
}

async function runTests(
  ctx: Ctx,
  tests: vscode.TestController,
  update: (uri: vscode.Uri, text: string) => void,
  request: vscode.TestRunRequest,
  token: vscode.CancellationToken,
): Promise<void> {
  const run = tests.createTestRun(request);
  try {
    for (const { file, lines } of selection(tests, request).values()) {
      const uri = file.uri;
      if (!uri) continue;
      const chosen = () => {
        const items: vscode.TestItem[] = [];
        file.children.forEach((child) => {
          const e = expectations.get(child);
          if (e && !(request.exclude ?? []).some((x) => x.id === child.id) && (lines === 'all' || lines.has(e.line))) items.push(child);
        });
        return items;
      };
      if (token.isCancellationRequested) {
        for (const item of chosen()) run.skipped(item);
        continue;
      }
      for (const item of chosen()) run.enqueued(item);
      let text: string;
      try {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (e) {
        const message = new vscode.TestMessage(`cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
        for (const item of chosen()) run.errored(item, message);
        continue;
      }
      // The items follow the text that runs, so that each result lands on the line it is about.
      update(uri, text);
      const items = chosen();
      for (const item of items) run.started(item);
      const started = Date.now();
      const results = await ctx.client.sendRequest(ExpectationTestsRequest.type, { uri: uri.toString(), text }, token);
      const millis = Date.now() - started;
      if (!results) {
        const message = new vscode.TestMessage('the language server could not run this file (see ReplScope: Show Output)');
        for (const item of items) run.errored(item, message);
        continue;
      }
      const byLine = new Map(results.map((r) => [r.line, r]));
      for (const item of items) {
        const e = expectations.get(item);
        const result = e ? byLine.get(e.line) : undefined;
        if (!e || !result) {
          run.errored(item, new vscode.TestMessage('not checked: the run gave no result for this line'));
          continue;
        }
        outcomes.set(`${uri.toString()}#${e.line}`, {
          uri: uri.toString(),
          line: e.line,
          outcome: result.outcome,
          message: result.message,
          sequence: ++reported,
        });
        if (result.outcome === 'passed') {
          run.passed(item, millis);
          continue;
        }
        const message = new vscode.TestMessage(result.message);
        const at = result.at ?? { line: e.line, character: e.start };
        message.location = new vscode.Location(uri, new vscode.Position(at.line, at.character));
        // The Test Results panel's terminal shows the failures too, each line linked to its expectation.
        run.appendOutput(
          `${vscode.workspace.asRelativePath(uri, false)}:${at.line + 1}: ${result.outcome === 'failed' ? 'FAIL' : 'NOT RUN'} ${e.label}: ${result.message}\r\n`,
          message.location,
          item,
        );
        if (result.outcome === 'failed') run.failed(item, message, millis);
        else run.errored(item, message, millis);
      }
      ctx.log.info(
        `tests of ${uri.toString()}: ${results.filter((r) => r.outcome === 'passed').length} of ${results.length} passed in ${millis} ms`,
      );
    }
  } finally {
    run.end();
  }
}
