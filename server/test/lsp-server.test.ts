/**
 * The language server over a real JSON-RPC connection: `node dist/server.js --stdio`, spoken to as an editor
 * would. Each request is asserted on what it answers, so that a broken feature fails here; then garbage of
 * every kind is thrown at it and it must still answer.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keywords } from '../src/language/tokens';
import { TestClient } from './helpers/lsp-client';
import { snippet } from './helpers/snippet';

const good = [
  'scenario "lsp"', // 0
  'flavor mysql-8.0', // 1
  'source m1 {', // 2
  '  semisync', // 3
  '  wait_point=after_sync', // 4
  '}', // 5
  'replica r1 of m1 { semisync }', // 6
  'table t (id int primary key, v varchar(20))', // 7
  'client app on m1', // 8
  "app: insert into t values (1, 'a')", // 9
  "app: begin; insert into t values (2, 'b'); commit as T2", // 10
  'on T2 after_sync_wait: crash m1', // 11
  'promote r1', // 12
  'expect T2 outcome lost_connection', // 13
  'expect r1 lacks t(id=2)', // 14
].join('\n');

const broken = [
  'source m1 { semisync }', // 0
  'replica r1 of m1 { semisync }', // 1
  'table t (id int primary key, v varchar(20))', // 2
  'client app on m1', // 3
  'promte r1', // 4
  'crash r2', // 5
  'app: begin', // 6
  "app: insert into t values (1, 'a')", // 7
].join('\n');

const GOOD = 'file:///work/good.repl';
const BROKEN = 'file:///work/broken.repl';

let client: TestClient;

/** The markdown of a hover, or '' for none. */
async function hover(uri: string, line: number, character: number): Promise<string> {
  const h: Hover | null = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  return h ? (h.contents as MarkupContent).value : '';
}

async function completionLabels(uri: string, line: number, character: number): Promise<string[]> {
  const r: CompletionItem[] | CompletionList | null = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: { line, character },
  });
  const items = Array.isArray(r) ? r : (r?.items ?? []);
  return items.map((i) => i.label);
}

void describe('the language server over JSON-RPC', () => {
  before(async () => {
    client = await TestClient.start();
  });
  after(async () => {
    await client?.stop();
  });

  void test('initialize announces every feature', () => {
    const c = client.initialized.capabilities;
    assert.ok(c.hoverProvider);
    assert.ok(c.completionProvider?.triggerCharacters?.includes(':'));
    assert.ok(c.definitionProvider);
    assert.ok(c.referencesProvider);
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
    assert.ok(c.documentSymbolProvider);
    assert.ok(c.foldingRangeProvider);
    assert.ok(c.semanticTokensProvider?.legend.tokenTypes.includes('server'));
    assert.ok(c.documentFormattingProvider);
    assert.ok(c.codeActionProvider);
  });

  void test('publishDiagnostics: a clean file, then a broken one with codes and suggestions', async () => {
    const clean = await client.open(GOOD, good);
    assert.deepEqual(
      clean.diagnostics.filter((d) => d.severity === 1),
      [],
    );
    const bad = await client.open(BROKEN, broken);
    const summary = bad.diagnostics.map(
      (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.severity}`,
    );
    assert.deepEqual(summary, ['4:0 syntax 1', '5:6 unknown-name 1', '6:5 transaction-structure 2']);
    const unknown = bad.diagnostics.find((d) => d.code === 'unknown-name');
    assert.deepEqual(unknown?.data, { suggestion: 'r1' });
    assert.equal(unknown?.source, 'replscope');
  });

  void test('hover: a keyword, a setting with its MySQL name and default, a state, a name with its declaration', async () => {
    assert.match(await hover(GOOD, 11, 24), /\*\*keyword\*\* `crash`/);
    const setting = await hover(GOOD, 4, 4);
    assert.match(setting, /rpl_semi_sync_master_wait_point/);
    assert.match(setting, /Default \(mysql-8\.0\): `after_sync`/);
    assert.match(await hover(GOOD, 11, 8), /\*\*state\*\* `after_sync_wait`/);
    const txn = await hover(GOOD, 13, 8);
    assert.match(txn, /\*\*transaction\*\* `T2`/);
    assert.match(txn, /app: commit/);
    assert.equal(await hover(GOOD, 5, 5), '');
  });

  void test('completion: states after `on T2 `, tables after `into`, on an incomplete line', async () => {
    await client.change(GOOD, [{ range: { start: { line: 14, character: 23 }, end: { line: 14, character: 23 } }, text: '\non T2 ' }]);
    const states = await completionLabels(GOOD, 15, 6);
    assert.ok(states.includes('engine_committed') && states.includes('relay_logged'), JSON.stringify(states));
    await client.change(GOOD, [
      { range: { start: { line: 15, character: 0 }, end: { line: 15, character: 6 } }, text: 'app: insert into ' },
    ]);
    assert.deepEqual(await completionLabels(GOOD, 15, 17), ['t']);
    const back = await client.change(GOOD, [{ range: { start: { line: 14, character: 23 }, end: { line: 15, character: 17 } }, text: '' }]);
    assert.deepEqual(
      back.diagnostics.filter((d) => d.severity === 1),
      [],
    );
  });

  void test('definition and references', async () => {
    const def: Location | null = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: GOOD },
      position: { line: 12, character: 9 },
    })) as Location | null;
    assert.deepEqual(def, { uri: GOOD, range: { start: { line: 6, character: 8 }, end: { line: 6, character: 10 } } });
    const refs = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: GOOD },
      position: { line: 2, character: 8 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs?.map((r) => r.range.start.line),
      [6, 8, 11],
    );
    const withDeclaration = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: GOOD },
      position: { line: 2, character: 8 },
      context: { includeDeclaration: true },
    });
    assert.equal(withDeclaration?.length, 4);
  });

  void test('rename: refused on a keyword with a message, done on a name', async () => {
    await assert.rejects(
      client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: GOOD }, position: { line: 12, character: 2 } }),
      (e: unknown) => e instanceof ResponseError && /keyword/.test(e.message),
    );
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: GOOD },
      position: { line: 12, character: 9 },
    });
    assert.deepEqual(prepared, { range: { start: { line: 12, character: 8 }, end: { line: 12, character: 10 } }, placeholder: 'r1' });
    const edit = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: GOOD },
      position: { line: 12, character: 9 },
      newName: 'standby',
    });
    const edits = edit?.changes?.[GOOD] ?? [];
    assert.deepEqual(
      edits.map((e) => e.range.start.line),
      [6, 12, 14],
    );
    assert.ok(edits.every((e) => e.newText === 'standby'));
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: GOOD },
        position: { line: 12, character: 9 },
        newName: 'm1',
      }),
      (e: unknown) => e instanceof ResponseError && /already/.test(e.message),
    );
  });

  void test('document symbols, folding ranges, semantic tokens', async () => {
    const answer = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: GOOD } });
    // The client announced hierarchical support: the answer is DocumentSymbol[], not SymbolInformation[].
    const symbols = (answer ?? []) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['scenario "lsp"', 'flavor mysql-8.0', 'm1', 'r1', 't', 'app', 'script', 'at the end'],
    );
    assert.deepEqual(
      symbols[2]?.children?.map((c) => c.name),
      ['semisync', 'wait_point'],
    );
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: GOOD } });
    assert.ok(folds?.some((f) => f.startLine === 2 && f.endLine === 4));
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: GOOD } });
    const legend = client.initialized.capabilities.semanticTokensProvider?.legend.tokenTypes ?? [];
    // The first token is `scenario` (a keyword), the one at 2:7 is the server m1.
    assert.equal(legend[tokens?.data[3] ?? -1], 'keyword');
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    const data = tokens?.data ?? [];
    for (let i = 0; i < data.length; i += 5) {
      line += data[i] ?? 0;
      character = data[i] === 0 ? character + (data[i + 1] ?? 0) : (data[i + 1] ?? 0);
      decoded.push(`${line}:${character} ${legend[data[i + 3] ?? -1] ?? '?'}`);
    }
    assert.ok(decoded.includes('2:7 server'));
    assert.ok(decoded.includes('3:2 setting'));
    assert.ok(decoded.includes('11:6 state'));
    assert.ok(decoded.includes('13:7 transaction'));
  });

  void test('formatting: edits that give the tidy text', async () => {
    const uri = 'file:///work/messy.repl';
    const messy = 'source m1{semisync}\nclient  app on m1\napp:insert into t values(1,2)\n';
    await client.open(uri, messy);
    const edits: TextEdit[] | null = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'repl', 1, messy), edits ?? []);
    assert.equal(formatted, 'source m1 { semisync }\nclient app on m1\napp: insert into t values (1, 2)\n');
  });

  void test('code actions: quick fixes for the broken file', async () => {
    const bad = await client.diagnosticsFor(BROKEN, 1);
    const titles = async (line: number) => {
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: BROKEN },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: bad.diagnostics.filter((d) => d.range.start.line === line), only: ['quickfix'] },
      });
      return (actions ?? []).map((a) => a.title);
    };
    assert.deepEqual(await titles(4), ["Change 'promte' to 'promote'"]);
    assert.deepEqual(await titles(5), ["Change 'r2' to 'r1'"]);
    assert.deepEqual(await titles(6), ["Commit it: add 'app: commit' after the client's last step"]);
    const refactors = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: BROKEN },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    assert.deepEqual(refactors, []);
  });

  void test('diagnostics follow edits: fixing the file clears its errors', async () => {
    const fixed = await client.change(BROKEN, [
      { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 8 } }, text: 'promote r1\ncrash r1' },
      { range: { start: { line: 7, character: 34 }, end: { line: 7, character: 34 } }, text: '\napp: commit' },
    ]);
    assert.deepEqual(fixed.diagnostics, []);
  });

  void test('a malformed request (a null position) answers empty without an error to log; the server lives on', async () => {
    const answer: unknown = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: GOOD }, position: null });
    assert.equal(answer, null);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(!client.logs.some((l) => /hover failed/.test(l)), JSON.stringify(client.logs));
    assert.match(await hover(GOOD, 11, 24), /\*\*keyword\*\* `crash`/);
  });
});

void describe('garbage in, answers out', () => {
  before(async () => {
    client = await TestClient.start();
    await client.open(GOOD, good);
  });
  after(async () => {
    await client?.stop();
  });

  /** Every kind of request at a few positions of a document; none may fail. */
  async function everything(uri: string, text: string): Promise<void> {
    const lines = text.split('\n');
    const positions = [
      { line: 0, character: 0 },
      { line: Math.floor(lines.length / 2), character: 3 },
      { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length },
      { line: lines.length + 5, character: 1000 },
    ];
    const doc = { textDocument: { uri } };
    await Promise.all([
      client.connection.sendRequest(DocumentSymbolRequest.type, doc),
      client.connection.sendRequest(FoldingRangeRequest.type, doc),
      client.connection.sendRequest(SemanticTokensRequest.type, doc),
      client.connection.sendRequest(DocumentFormattingRequest.type, { ...doc, options: { tabSize: 2, insertSpaces: true } }),
      ...positions.flatMap((position) => [
        client.connection.sendRequest(HoverRequest.type, { ...doc, position }),
        client.connection.sendRequest(CompletionRequest.type, { ...doc, position }),
        client.connection.sendRequest(DefinitionRequest.type, { ...doc, position }),
        client.connection.sendRequest(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } }),
        client.connection.sendRequest(CodeActionRequest.type, {
          ...doc,
          range: { start: position, end: position },
          context: { diagnostics: [] },
        }),
        client.connection.sendRequest(PrepareRenameRequest.type, { ...doc, position }).catch((e: unknown) => e),
      ]),
    ]);
  }

  const stillAlive = async () => assert.match(await hover(GOOD, 11, 24), /\*\*keyword\*\* `crash`/);

  void test('random bytes', async () => {
    const text = randomBytes(20_000).toString('latin1');
    await client.open('file:///work/random.repl', text);
    await everything('file:///work/random.repl', text);
    await stillAlive();
  });

  // How quickly is bench/editor.mjs's business (tests do not time things); here: every request is answered.
  void test('a 5,000-line file is answered', async () => {
    const block = snippet(good).text.split('\n').slice(9, 15);
    const lines: string[] = snippet(good).text.split('\n').slice(0, 9);
    for (let i = 0; lines.length < 5000; i++) {
      lines.push(...block.map((l) => l.replace(/\bT2\b/g, `T2_${i}`)));
    }
    const text = lines.join('\n');
    const published = await client.open('file:///work/long.repl', text);
    assert.ok(Array.isArray(published.diagnostics));
    await everything('file:///work/long.repl', text);
    await stillAlive();
  });

  void test('unbalanced brackets', async () => {
    const text =
      'source m1 {{{ semisync ((( }\ntable t (id int, (((\n)))))))\n}}}}\nclient app on m1 {\non T2 ( engine_committed: crash m1\nexpect m1 has t(id=1\n';
    await client.open('file:///work/brackets.repl', text);
    await everything('file:///work/brackets.repl', text);
    await stillAlive();
  });

  void test('every keyword alone on its line', async () => {
    const text = Object.keys(keywords).join('\n');
    const published = await client.open('file:///work/keywords.repl', text);
    assert.ok(published.diagnostics.length > 0);
    await everything('file:///work/keywords.repl', text);
    await stillAlive();
  });

  void test('an empty file, and requests for a document that was never opened', async () => {
    await client.open('file:///work/empty.repl', '');
    await everything('file:///work/empty.repl', '');
    await everything('file:///work/never-opened.repl', 'x');
    await stillAlive();
  });
});
