// A flood of changes is coalesced: the server analyses (and publishes diagnostics for) the newest version when the
// changes pause, not every version in between, so a request sent after the flood is answered without waiting for a
// thousand analyses.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver/node';
import { TestClient } from './helpers/lsp-client';

const base = ['source m1 { }', 'replica r1 of m1 { }', 'table t (id int primary key)', 'client app on m1', 'app: insert into t values (1)'];

void test('1,000 changes sent at once give diagnostics for far fewer versions (the last among them) than one per change', async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///flood.repl';
    await client.open(uri, `${base.join('\n')}\n#`);
    const before = client.diagnostics.length;
    const flood: Promise<void>[] = [];
    for (let version = 2; version <= 1001; version++)
      flood.push(
        client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: 5, character: version - 1 }, end: { line: 5, character: version - 1 } }, text: 'x' }],
        }),
      );
    await Promise.all(flood);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.ok(hover, 'the hover after the flood is answered');
    const last = await client.diagnosticsFor(uri, 1001, 30_000);
    assert.equal(last.version, 1001);
    const published = client.diagnostics.slice(before).filter((d) => d.uri === uri);
    assert.ok(published.length < 500, `diagnostics were published for ${published.length} of 1,000 versions`);
  } finally {
    await client.stop();
  }
});
